/**
 * The archive's pages asked of the application as an anonymous visitor would, in this process or in
 * worker threads that each build the application over the same database: the pages are the work (each
 * an old revision rendered, a diff, a listing), and one thread per core shares it out.
 */
import os from "node:os";
import { isMainThread, parentPort, type Worker, workerData } from "node:worker_threads";
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.ts";
import { openDatabase } from "../db/connection.ts";
import type { Fetched, Fetcher } from "../modules/archive/service.ts";
import { startWorker } from "../worker-threads.ts";

const HEADERS = { accept: "text/html,application/xhtml+xml,*/*;q=0.8", "accept-language": "fr" };
/** Threads past this many cores bring little: the crawl itself, on the main thread, needs one too. */
const MAX_WORKERS = 4;

/** The application as the archive reads it: no page cache, no jobs run. */
export function archivedConfig(config: Config): Config {
  return { ...config, pageCacheMs: 0, jobs: { ...config.jobs, inServer: false } };
}

/** The site's answers, asked of the application in this process as an anonymous visitor. */
export function injectFetcher(app: FastifyInstance): Fetcher {
  return async (address) => {
    const answer = await app.inject({ method: "GET", url: address, headers: HEADERS });
    return { status: answer.statusCode, headers: answer.headers, body: answer.rawPayload };
  };
}

type Request = { id: number; address: string };
type Answer =
  | { id: number; status: number; headers: Fetched["headers"]; body: Uint8Array }
  | { id: number; error: string };

/** A thread's first message: ready, or why it could not build the application. */
type Ready = "ready" | { failed: string };

export interface WorkerFetcher {
  fetch: Fetcher;
  threads: number;
  close: () => Promise<void>;
}

/**
 * A fetcher over one worker per core (up to four), each with its own application and database
 * connection; each address goes to the worker with the fewest in flight. Null on a single core, where
 * threads would only take turns with the crawl.
 */
export async function workerFetcher(config: Config): Promise<WorkerFetcher | null> {
  const count = Math.min(MAX_WORKERS, os.availableParallelism());
  if (count < 2) return null;
  const pending = new Map<number, { resolve: (fetched: Fetched) => void; reject: (error: Error) => void }>();
  const workers = Array.from({ length: count }, () =>
    startWorker("archive-worker", { workerData: { config } }),
  );
  const inFlight = new Map<Worker, number>(workers.map((worker) => [worker, 0]));
  let failure: Error | undefined;
  let closing = false;
  const fail = (error: Error) => {
    failure ??= error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  const close = async () => {
    closing = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
  };
  for (const worker of workers) {
    worker.on("message", (answer: Answer | Ready) => {
      if (answer === "ready" || "failed" in answer) return;
      inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
      const waiting = pending.get(answer.id);
      pending.delete(answer.id);
      if ("error" in answer) waiting?.reject(new Error(answer.error));
      else {
        const body = Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength);
        waiting?.resolve({ status: answer.status, headers: answer.headers, body });
      }
    });
    worker.on("error", fail);
    // A thread that stops (out of memory, killed) leaves no address waiting for ever.
    worker.on("exit", () => closing || fail(new Error("an archive worker thread stopped")));
  }
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once("message", (first: Answer | Ready) =>
              first === "ready" ? resolve() : reject(new Error("failed" in first ? first.failed : "")),
            );
            worker.once("error", reject);
            worker.once("exit", () => reject(failure ?? new Error("an archive worker thread stopped")));
          }),
      ),
    );
  } catch (error) {
    await close();
    throw error;
  }
  let next = 0;
  const fetch: Fetcher = (address) =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      const worker = workers.reduce((best, w) =>
        (inFlight.get(w) ?? 0) < (inFlight.get(best) ?? 0) ? w : best,
      );
      next += 1;
      pending.set(next, { resolve, reject });
      inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
      worker.postMessage({ id: next, address } satisfies Request);
    });
  return {
    fetch,
    threads: count,
    close,
  };
}

/** The worker's side: builds the application, says it is ready, then answers each address asked. */
export async function serveFetches(): Promise<void> {
  if (isMainThread || !parentPort) throw new Error("serveFetches runs in a worker thread");
  const port = parentPort;
  const { config } = workerData as { config: Config };
  let app: FastifyInstance;
  try {
    const { buildApp } = await import("../app.ts");
    app = await buildApp({ config: archivedConfig(config), db: openDatabase(config) });
    await app.ready();
  } catch (error) {
    port.postMessage({ failed: String((error as Error).message ?? error) } satisfies Ready);
    return;
  }
  const inject = injectFetcher(app);
  port.on("message", ({ id, address }: Request) => {
    inject(address).then(
      ({ status, headers, body }) => {
        const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
        // A buffer of its own is moved, not copied; one cut from Node's shared pool is copied.
        const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
        port.postMessage(
          { id, status, headers, body: bytes } satisfies Answer,
          whole ? [bytes.buffer as ArrayBuffer] : [],
        );
      },
      (error: unknown) =>
        port.postMessage({ id, error: String((error as Error).stack ?? error) } satisfies Answer),
    );
  });
  port.postMessage("ready" satisfies Ready);
}
