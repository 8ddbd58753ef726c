/**
 * Import files are parsed in a worker thread, never on the event loop that answers requests: a parser
 * busy with a big or hostile file (a gzip bomb, a dump of 300 000 pages) holds only its own thread.
 * The worker posts what it reads in batches and waits for each to be taken before reading on, so memory
 * stays bounded; it stops at the limits on decompressed bytes, entries and time. Both sides live here.
 * The whole file is parsed, into a spool file, before the first item is handed over: an import opens
 * its transaction (on SQLite, the one connection every request shares) only for the writing.
 */
import { createReadStream } from "node:fs";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { deserialize, serialize } from "node:v8";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { createGunzip } from "node:zlib";
import type { ImportMessage } from "../core/import-loop.ts";
import { startWorker } from "../worker-threads.ts";

export interface ImportLimits {
  /** Bytes of the file once decompressed. */
  maxBytes: number;
  /** Items read (records, skipped and invalid ones). */
  maxEntries: number;
  maxSeconds: number;
}

/** What a worker is asked: which parser reads which file, with its options. */
export interface ParseJob {
  parser: string;
  file: string;
  options: unknown;
  limits: ImportLimits;
}

/** A parser of a module: its items, or an error with a `detail` message when the file is unreadable. */
export type Parser = (input: Readable, options: never) => AsyncIterable<unknown>;

type FromWorker =
  | { items: unknown[]; bytes: number }
  | { done: true }
  | { failure: ImportMessage }
  | { crash: string };

const BATCH = 200;
/** Old-generation heap of a worker: a file that needs more is refused, the server keeps its memory. */
const WORKER_HEAP_MB = 512;
const PARSER_NICENESS = 10;

/**
 * The items a module's parser reads from a file, parsed in a worker. A file it cannot read, or one past
 * a limit, throws `fileError(message)` (the module's own error class) at the first item, before any
 * is handed over; `onBytes` follows the reading.
 */
export async function* parsedInWorker<Item>(
  job: ParseJob,
  fileError: (detail: ImportMessage) => Error,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<Item> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "communs-import-"));
  const spool = path.join(folder, "items");
  try {
    const batches = await spooled(job, spool, fileError, onBytes);
    const file = await open(spool, "r");
    try {
      for (let i = 0; i < batches; i++) yield* deserialize(await readRecord(file)) as Item[];
    } finally {
      await file.close();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Each batch as its length (4 bytes) and its structured-clone bytes, as the worker posted it. */
async function readRecord(file: FileHandle): Promise<Buffer> {
  const length = Buffer.alloc(4);
  await file.read(length, 0, 4);
  const record = Buffer.alloc(length.readUInt32BE(0));
  await file.read(record, 0, record.length);
  return record;
}

/** Parses the whole file in a worker into the spool (mode 0600: it may hold donors' names); its batches. */
async function spooled(
  job: ParseJob,
  spool: string,
  fileError: (detail: ImportMessage) => Error,
  onBytes?: (bytes: number) => void,
): Promise<number> {
  const out = await open(spool, "w", 0o600);
  const worker = startWorker("import-worker", {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const inbox: FromWorker[] = [];
  let wake: (() => void) | undefined;
  const receive = (message: FromWorker) => {
    inbox.push(message);
    wake?.();
  };
  worker.on("message", receive);
  worker.on("error", (error: NodeJS.ErrnoException) =>
    receive(
      error.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? { failure: { key: "imports.tooLarge", params: { max: megabytes(job.limits.maxBytes) } } }
        : { crash: String(error.stack ?? error) },
    ),
  );
  worker.on("exit", () => receive({ crash: "the import worker stopped" }));
  const timer = setTimeout(
    () => receive({ failure: { key: "imports.tooLong", params: { max: job.limits.maxSeconds } } }),
    job.limits.maxSeconds * 1000,
  );
  try {
    for (let batches = 0; ; batches++) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift() as FromWorker;
      if ("done" in message) return batches;
      if ("failure" in message) throw fileError(message.failure);
      if ("crash" in message) throw new Error(message.crash);
      // Asked before these are written: the worker reads the next batch meanwhile, never more.
      worker.postMessage("more");
      onBytes?.(message.bytes);
      const bytes = serialize(message.items);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length, 0);
      await out.write(Buffer.concat([length, bytes]));
    }
  } finally {
    clearTimeout(timer);
    worker.removeAllListeners();
    await worker.terminate();
    await out.close();
  }
}

function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

/** Why a worker stopped reading early: the parser may wrap the stream's error, this is not lost. */
let stopped: ImportMessage | undefined;

function stop(detail: ImportMessage): Error {
  stopped ??= detail;
  return new Error(detail.key);
}

/** Counts bytes going through, and stops the stream past the limit. */
function counter(limit: number, onBytes: (bytes: number) => void) {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      onBytes(total);
      if (total > limit) callback(stop({ key: "imports.tooLarge", params: { max: megabytes(limit) } }));
      else callback(null, chunk);
    },
  });
}

/** The file's bytes, gunzipped when they start with gzip's magic bytes, counted against the limit. */
async function* contentOf(job: ParseJob, onRead: (bytes: number) => void): AsyncGenerator<Buffer> {
  const raw = createReadStream(job.file).pipe(counter(Number.MAX_SAFE_INTEGER, onRead));
  const chunks = raw[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return;
  const head = first.value as Buffer;
  const all = (async function* () {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
  })();
  const limited = counter(job.limits.maxBytes, () => undefined);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const gunzip = createGunzip().on("error", () => stop({ key: "imports.gzipBroken" }));
  const steps = gzipped ? [gunzip, limited] : [limited];
  // Its error reaches the parser through `limited`, and `stopped` says what it was.
  pipeline(Readable.from(all), ...(steps as [Transform])).catch(() => undefined);
  for await (const chunk of limited) yield chunk as Buffer;
}

function waitForMore(): Promise<void> {
  return new Promise((resolve) => parentPort?.once("message", () => resolve()));
}

/** The worker's side: reads the file with the parser named in the job and posts its items in batches. */
export async function serveParsers(parsers: Record<string, Parser>): Promise<void> {
  if (isMainThread || !parentPort) throw new Error("serveParsers runs in a worker thread");
  const port = parentPort;
  const job = workerData as ParseJob;
  const parse = parsers[job.parser];
  if (!parse) throw new Error(`no parser ${job.parser}`);
  // On Linux a thread has its own niceness: when the CPUs are busy, requests go before the parsing.
  try {
    os.setPriority(PARSER_NICENESS);
  } catch {
    // Not allowed here (some containers): the parsing still runs beside the requests.
  }
  let bytes = 0;
  let batch: unknown[] = [];
  let entries = 0;
  const send = async () => {
    port.postMessage({ items: batch, bytes } satisfies FromWorker);
    batch = [];
    await waitForMore();
  };
  try {
    const input = Readable.from(
      contentOf(job, (read) => {
        bytes = read;
      }),
      { objectMode: false },
    );
    for await (const item of parse(input, job.options as never)) {
      if (++entries > job.limits.maxEntries)
        throw stop({ key: "imports.tooManyEntries", params: { max: job.limits.maxEntries } });
      batch.push(item);
      if (batch.length >= BATCH) await send();
    }
    if (batch.length > 0) await send();
    port.postMessage({ done: true } satisfies FromWorker);
  } catch (error) {
    const detail = stopped ?? (error as { detail?: ImportMessage }).detail;
    port.postMessage(
      (detail?.key
        ? { failure: detail }
        : { crash: String((error as Error).stack ?? error) }) satisfies FromWorker,
    );
  }
}
