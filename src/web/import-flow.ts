import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { DomainError } from "../core/errors.ts";
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

export type ImportStatus<Report> =
  | { running: true; filename: string; percent: number }
  | { running: false; filename: string; report: Report | null };

const UPLOAD_ID = /^[0-9a-f-]{36}$/;
const HOUR_MS = 60 * 60 * 1000;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

function readJson<T>(file: string): Promise<T | undefined> {
  return readFile(file, "utf8")
    .then((text) => JSON.parse(text) as T)
    .catch(() => undefined);
}

function owns(meta: Owned | undefined, owner: { space: string; personId: string }): boolean {
  return meta?.space === owner.space && meta.personId === owner.personId;
}

/**
 * The one upload → preview (dry run) → confirm → report flow of every import, on disk in a folder of the
 * data folder: the uploaded file (`<id>`) with what it is (`<id>.json`) while it waits for confirmation,
 * the file claimed by its confirmation (`<id>.claimed`) while it is imported, then its report
 * (`<id>.report.json`). A file is removed when its import ends, when it is cancelled, when its preview
 * finds nothing to import, and anything left longer than the TTL is swept at each upload and at start.
 */
export function importFlow<Meta extends Owned, Report>(options: {
  dataDir: string;
  folder: string;
  ttlHours: number;
}) {
  const folder = path.join(options.dataDir, options.folder);
  /** How far running imports have read their file, in this process. */
  const progress = new Map<string, { bytes: number; size: number }>();

  /** The files of an import, by the id a page was given (anything else is no import). */
  function of(id: string) {
    if (!UPLOAD_ID.test(id)) throw new DomainError("IMPORT_NOT_FOUND");
    const file = path.join(folder, id);
    return { file, meta: `${file}.json`, claimed: `${file}.claimed`, report: `${file}.report.json` };
  }

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

  async function finish(id: string, meta: Meta, report: Report | null): Promise<void> {
    const files = of(id);
    const stored: StoredReport<Report> = {
      space: meta.space,
      personId: meta.personId,
      filename: meta.filename,
      report,
    };
    await writeFile(files.report, JSON.stringify(stored), { mode: 0o600 });
    await rm(files.claimed, { force: true });
    await rm(files.meta, { force: true });
    progress.delete(id);
  }

  /** Claims the file by renaming it: a second click finds nothing to claim. */
  async function claim(id: string): Promise<boolean> {
    const files = of(id);
    try {
      await rename(files.file, files.claimed);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  return {
    sweep,

    /**
     * Moves an upload in and runs its dry run; the file is kept, with what it is, only when the report
     * has something to import, and removed at once otherwise.
     */
    async preview(
      upload: Upload,
      meta: Meta,
      dryRun: (file: string) => Promise<Report>,
      worthConfirming: (report: Report) => boolean,
    ): Promise<{ id: string; report: Report; kept: boolean }> {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await sweep();
      const id = path.basename(upload.file);
      await rename(upload.file, of(id).file);
      let report: Report;
      try {
        report = await dryRun(of(id).file);
      } catch (error) {
        await forget(id);
        throw error;
      }
      const kept = worthConfirming(report);
      if (kept) await writeFile(of(id).meta, JSON.stringify(meta), { mode: 0o600 });
      else await forget(id);
      return { id, report, kept };
    },

    /**
     * Claims a previewed file for its import and starts it; `done` ends with it. Undefined when it was
     * confirmed already (a second click). The file is removed when the import ends, however it ends.
     */
    async confirm(
      id: string,
      owner: { space: string; personId: string },
      run: (meta: Meta, file: string, onBytes: (bytes: number) => void) => Promise<Report>,
    ): Promise<{ done: Promise<void> } | undefined> {
      const files = of(id);
      const stored = await readJson<StoredReport<Report>>(files.report);
      if (stored && owns(stored, owner)) return undefined;
      const meta = await readJson<Meta>(files.meta);
      if (!meta || !owns(meta, owner)) throw new DomainError("IMPORT_NOT_FOUND");
      if (!(await claim(id))) return undefined;
      const size = Math.max(1, (await stat(files.claimed)).size);
      const reading = { bytes: 0, size };
      progress.set(id, reading);
      const done = run(meta, files.claimed, (bytes) => {
        reading.bytes = bytes;
      }).then(
        (report) => finish(id, meta, report),
        async (error: unknown) => {
          await finish(id, meta, null);
          throw error;
        },
      );
      // Wrapped: a promise returned as such would be awaited by the caller's `await`.
      return { done };
    },

    /** Cancels a previewed file: it is removed. */
    async cancel(id: string, owner: { space: string; personId: string }): Promise<void> {
      const meta = await readJson<Meta>(of(id).meta);
      if (!meta || !owns(meta, owner)) throw new DomainError("IMPORT_NOT_FOUND");
      await forget(id);
    },

    /** How a confirmed import is going, or what it did. */
    async status(id: string, owner: { space: string; personId: string }): Promise<ImportStatus<Report>> {
      const files = of(id);
      // In this order: an import that ends meanwhile has written its report before removing the rest.
      const meta = await readJson<Meta>(files.meta);
      const claimed = await stat(files.claimed).then(
        () => true,
        () => false,
      );
      const stored = await readJson<StoredReport<Report>>(files.report);
      if (stored && owns(stored, owner))
        return { running: false, filename: stored.filename, report: stored.report };
      if (!meta || !owns(meta, owner) || !claimed) throw new DomainError("IMPORT_NOT_FOUND");
      const reading = progress.get(id);
      const percent = reading ? Math.min(100, Math.round((reading.bytes / reading.size) * 100)) : 0;
      return { running: true, filename: meta.filename, percent };
    },
  };
}

export type ImportFlow<Meta extends Owned, Report> = ReturnType<typeof importFlow<Meta, Report>>;
