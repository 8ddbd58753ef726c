import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { DomainError, type ErrorCode } from "../core/errors.ts";
import type { Upload } from "./uploads.ts";

/** Who a file was uploaded by, where, and its name: only they see its preview, import and report. */
export interface Owned {
  space: string;
  personId: string;
  filename: string;
}

/** The report of a confirmed import, kept for the page that follows; null when it failed unexpectedly. */
export interface StoredReport<Report> extends Owned {
  report: Report | null;
}

/** Where an upload is: its preview being made, shown, its import running, or done (report or failure). */
export type ImportState<Report> =
  | { step: "previewing"; filename: string; percent: number }
  | { step: "preview"; filename: string; report: Report; kept: boolean }
  | { step: "importing"; filename: string; percent: number }
  | { step: "done"; filename: string; report: Report | null };

/** What the flow needs of the jobs service (src/modules/jobs, which web/ may not import). */
export interface FlowJobs {
  register(
    kind: string,
    handler: (
      payload: ImportJob,
      run: { progress(done: number, total: number): Promise<void> },
    ) => Promise<void>,
  ): void;
  enqueue(kind: string, payload: ImportJob, options?: { key?: string }): Promise<string>;
  get(id: string): Promise<FlowJob | undefined>;
  latest(key: string): Promise<FlowJob | undefined>;
}

interface FlowJob {
  status: "pending" | "running" | "done" | "failed";
  attempts: number;
  progressDone: number | null;
  progressTotal: number | null;
}

type ImportJob = { upload: string; step: "preview" | "import" };

type Preview<Report> = { report: Report; kept: boolean } | { refused: ErrorCode };

/** The meta file: what the upload is, its preview once made, whether its import was asked for. */
type Stored<Meta, Report> = Meta & { preview?: Preview<Report>; importing?: true };

const UPLOAD_ID = /^[0-9a-f-]{36}$/;
const HOUR_MS = 60 * 60 * 1000;
/** Progress is written at most this often: a file is read in many small chunks. */
const PROGRESS_EVERY_MS = 250;

function readJson<T>(file: string): Promise<T | undefined> {
  return readFile(file, "utf8")
    .then((text) => JSON.parse(text) as T)
    .catch(() => undefined);
}

/** Written whole or not at all: a page never reads half of it. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(value), { mode: 0o600 });
  await rename(temporary, file);
}

function owns(meta: Owned | undefined, owner: { space: string; personId: string }): boolean {
  return meta?.space === owner.space && meta.personId === owner.personId;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one upload → preview (dry run) → confirm → report flow of every import. Both long steps, the
 * preview and the import, are durable jobs of `kind` (a restart loses neither), with their progress in
 * the job. On disk, in a folder of the data folder: the uploaded file (`<id>`) and what it is, its jobs
 * and its preview (`<id>.json`), then the import's report (`<id>.report.json`). A file is removed when
 * its import ends, when it is cancelled, once a preview with nothing to import has been shown, and
 * anything left longer than the TTL is swept at each upload and at start. Pages wait for a step within
 * the request when this process runs jobs (`waitMs`), and otherwise show it under way.
 */
export function importFlow<Meta extends Owned, Report>(options: {
  dataDir: string;
  folder: string;
  ttlHours: number;
  jobs: FlowJobs;
  kind: string;
  waitMs: number;
  dryRun: (meta: Meta, file: string, onBytes: (bytes: number) => void) => Promise<Report>;
  run: (meta: Meta, file: string, onBytes: (bytes: number) => void) => Promise<Report>;
  worthConfirming: (report: Report) => boolean;
}) {
  const { jobs, kind } = options;
  const folder = path.join(options.dataDir, options.folder);

  /** Each step's job is found by its key: written before the job, no id needs writing after it. */
  const keyOf = (id: string, step: ImportJob["step"]) => `${kind}:${step}:${id}`;

  /** The files of an import, by the id a page was given (anything else is no import). */
  function of(id: string) {
    if (!UPLOAD_ID.test(id)) throw new DomainError("IMPORT_NOT_FOUND");
    const file = path.join(folder, id);
    return { file, meta: `${file}.json`, report: `${file}.report.json` };
  }

  const readMeta = (id: string) => readJson<Stored<Meta, Report>>(of(id).meta);

  async function sweep(): Promise<void> {
    const names = await readdir(folder).catch(() => [] as string[]);
    const oldest = Date.now() - options.ttlHours * HOUR_MS;
    for (const name of names) {
      const file = path.join(folder, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < oldest) await rm(file, { force: true });
    }
  }

  async function forget(id: string): Promise<void> {
    const files = of(id);
    await rm(files.file, { force: true });
    await rm(files.meta, { force: true });
  }

  /** Reports how far a file of `size` bytes is read, through the job, now and then. */
  function reader(size: number, progress: (done: number, total: number) => Promise<void>) {
    let last = 0;
    return (bytes: number) => {
      if (Date.now() - last < PROGRESS_EVERY_MS) return;
      last = Date.now();
      progress(Math.min(bytes, size), size).catch(() => undefined);
    };
  }

  async function makePreview(id: string, meta: Stored<Meta, Report>, onBytes: (bytes: number) => void) {
    let preview: Preview<Report>;
    try {
      const report = await options.dryRun(meta, of(id).file, onBytes);
      preview = { report, kept: options.worthConfirming(report) };
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500) throw error;
      preview = { refused: error.code };
    }
    await writeJson(of(id).meta, { ...meta, preview });
    if (!("kept" in preview && preview.kept)) await rm(of(id).file, { force: true });
  }

  async function importFile(id: string, meta: Stored<Meta, Report>, onBytes: (bytes: number) => void) {
    let report: Report | null;
    try {
      report = await options.run(meta, of(id).file, onBytes);
    } catch (error) {
      // A refusal (a conflict, a right withdrawn) would be the same on a retry: reported as a failure.
      if (!(error instanceof DomainError) || error.status >= 500) throw error;
      report = null;
    }
    const stored: StoredReport<Report> = {
      space: meta.space,
      personId: meta.personId,
      filename: meta.filename,
      report,
    };
    await writeJson(of(id).report, stored);
    await forget(id);
  }

  jobs.register(kind, async ({ upload, step }, run) => {
    const files = of(upload);
    const meta = await readMeta(upload);
    const file = await stat(files.file).catch(() => undefined);
    // Cancelled, swept, or done by an earlier run whose end was not recorded: nothing left to do.
    if (!meta || !file || (await stat(files.report).catch(() => undefined))) return;
    if (step === "preview" && meta.preview) return;
    const onBytes = reader(Math.max(1, file.size), run.progress);
    if (step === "preview") await makePreview(upload, meta, onBytes);
    else await importFile(upload, meta, onBytes);
  });

  /** Waits, when this process runs jobs, until a job ended or failed once (its retry comes later). */
  async function settle(jobId: string): Promise<void> {
    const deadline = Date.now() + options.waitMs;
    for (let pause = 10; Date.now() < deadline; pause = Math.min(250, pause * 2)) {
      const job = await jobs.get(jobId);
      if (!job || job.status === "done" || job.status === "failed") return;
      if (job.status === "pending" && job.attempts > 0) return;
      await sleep(pause);
    }
  }

  const percentOf = (job: { progressDone: number | null; progressTotal: number | null } | undefined) =>
    job?.progressTotal ? Math.min(100, Math.round(((job.progressDone ?? 0) / job.progressTotal) * 100)) : 0;

  /** Where an upload is; a preview with nothing to import is shown once, then its files are removed. */
  async function status(
    id: string,
    owner: { space: string; personId: string },
  ): Promise<ImportState<Report>> {
    const files = of(id);
    // In this order: an import that ends meanwhile has written its report before removing the rest.
    const meta = await readMeta(id);
    const stored = await readJson<StoredReport<Report>>(files.report);
    if (stored && owns(stored, owner))
      return { step: "done", filename: stored.filename, report: stored.report };
    if (!meta || !owns(meta, owner)) throw new DomainError("IMPORT_NOT_FOUND");
    const { filename } = meta;
    if (meta.importing) {
      const job = await jobs.latest(keyOf(id, "import"));
      if (job?.status === "failed") return { step: "done", filename, report: null };
      return { step: "importing", filename, percent: percentOf(job) };
    }
    if (!meta.preview) {
      const job = await jobs.latest(keyOf(id, "preview"));
      if (job?.status === "failed") return { step: "done", filename, report: null };
      return { step: "previewing", filename, percent: percentOf(job) };
    }
    if (!("kept" in meta.preview)) {
      await forget(id);
      throw new DomainError(meta.preview.refused);
    }
    if (!meta.preview.kept) await forget(id);
    return { step: "preview", filename, ...meta.preview };
  }

  return {
    sweep,
    status,

    /** Moves an upload in and has its preview made (a dry run); answers where it is. */
    async preview(upload: Upload, meta: Meta): Promise<{ id: string; state: ImportState<Report> }> {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await sweep();
      const id = path.basename(upload.file);
      await rename(upload.file, of(id).file);
      await writeJson(of(id).meta, meta);
      await settle(await jobs.enqueue(kind, { upload: id, step: "preview" }, { key: keyOf(id, "preview") }));
      return { id, state: await status(id, meta) };
    },

    /**
     * Has a previewed file imported, once: a second click finds its import started or done. With
     * `wait`, answers once it ended (when this process runs jobs).
     */
    async confirm(id: string, owner: { space: string; personId: string }, wait = false): Promise<void> {
      const stored = await readJson<StoredReport<Report>>(of(id).report);
      if (stored && owns(stored, owner)) return;
      const meta = await readMeta(id);
      const kept = meta?.preview && "kept" in meta.preview && meta.preview.kept;
      if (!meta || !owns(meta, owner) || !kept) throw new DomainError("IMPORT_NOT_FOUND");
      if (!meta.importing) await writeJson(of(id).meta, { ...meta, importing: true });
      // Two clicks at once enqueue the same job: its key holds while it waits or runs.
      const job = await jobs.enqueue(kind, { upload: id, step: "import" }, { key: keyOf(id, "import") });
      if (wait) await settle(job);
    },

    /** Cancels a previewed file: it is removed. */
    async cancel(id: string, owner: { space: string; personId: string }): Promise<void> {
      const meta = await readMeta(id);
      if (!meta || !owns(meta, owner) || meta.importing) throw new DomainError("IMPORT_NOT_FOUND");
      await forget(id);
    },
  };
}

export type ImportFlow<Meta extends Owned, Report> = ReturnType<typeof importFlow<Meta, Report>>;
