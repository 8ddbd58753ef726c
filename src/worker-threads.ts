/**
 * Starts one of the program's worker-thread entries (`src/<entry>.ts`, bundled as `dist/<entry>.js`).
 * Under tests the sources are TypeScript, loaded through tsx; `npm start` runs the compiled entry.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { ROOT } from "./paths.ts";

export type WorkerEntry = "import-worker" | "archive-worker";

export function startWorker(entry: WorkerEntry, options: WorkerOptions): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(path.join(ROOT, `dist/${entry}.js`), options);
  const source = JSON.stringify(pathToFileURL(path.join(ROOT, `src/${entry}.ts`)).href);
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${source}); })`;
  return new Worker(boot, { ...options, eval: true });
}
