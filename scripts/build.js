// `npm run build`, which `npm install` runs (the `prepare` script): compiles src/ into plain JavaScript
// under dist/, so that `npm start` and `npx communs` run with no TypeScript compiler in the process.
//
// One esbuild bundle of our own code from the command line’s entry, src/main.ts, and the worker threads’:
// src/import-worker.ts parses import files, src/archive-worker.ts renders the static archive’s pages. Packages stay imports
// resolved from node_modules (`packages: "external"`): native ones (better-sqlite3, sharp, argon2) and
// their files load exactly as from source, and dist/ holds only our code. Splitting at each `import()`
// keeps the entry to the command table and gives each command its own chunks, loaded when it runs.
// TSX follows tsconfig.json (preact's automatic JSX runtime); `.ts` import specifiers are resolved by
// the bundler. Static files are not copied: the code finds them from the package root (src/paths.ts).
// Set NODE_OPTIONS=--enable-source-maps for stack traces in the TypeScript sources.
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { DIST, fingerprint, ROOT, STAMP } from "./build-state.js";

function sourceFiles(folder) {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = `${folder}/${entry.name}`;
    return entry.isDirectory() ? sourceFiles(file) : [file];
  });
}

/** Besides the bundle's inputs, what shapes its output. */
const CONFIGURATION = ["tsconfig.json", "scripts/build.js"];

// Built beside dist/ and swapped in at the end: a command started meanwhile never reads half a build.
const partial = `${DIST}.partial-${process.pid}`;
// Read before compiling: a file saved during the build then differs from what dist/ records.
const before = new Map([...sourceFiles("src"), ...CONFIGURATION].map((file) => [file, fingerprint(file)]));
try {
  const { metafile } = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ["src/main.ts", "src/import-worker.ts", "src/archive-worker.ts"],
    outdir: partial,
    outbase: "src",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
  });
  const sources = Object.fromEntries(
    [...Object.keys(metafile.inputs), ...CONFIGURATION].map((file) => [file, before.get(file) ?? null]),
  );
  // Which sources each file of dist/ holds: what a command loads can be told from the files it opens.
  const chunks = Object.fromEntries(
    Object.entries(metafile.outputs)
      .filter(([file]) => file.endsWith(".js"))
      .map(([file, { inputs }]) => [path.relative(partial, path.join(ROOT, file)), Object.keys(inputs)]),
  );
  writeFileSync(
    path.join(partial, path.relative(DIST, STAMP)),
    `${JSON.stringify({ sources, chunks }, null, 1)}\n`,
  );
  if (existsSync(DIST)) rmSync(DIST, { recursive: true });
  renameSync(partial, DIST);
} finally {
  rmSync(partial, { recursive: true, force: true });
}
