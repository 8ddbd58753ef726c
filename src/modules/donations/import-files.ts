import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { DomainError } from "../../core/errors.ts";
import type { BankMapping, DonationFileSource } from "./formats/index.ts";

/** An uploaded file not confirmed (or a report not read) within a day is removed. */
const KEPT_MS = 24 * 60 * 60 * 1000;
const UPLOAD_ID = /^[0-9a-f-]{36}$/;

/** What a previewed file is, kept beside it until the import is confirmed. */
export interface UploadMeta {
  space: string;
  personId: string;
  source: DonationFileSource;
  mapping: BankMapping;
  filename: string;
}

/** The report of a confirmed import, kept for the page that follows. */
export interface StoredReport<Report> {
  space: string;
  personId: string;
  filename: string;
  report: Report;
}

function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

function readJson<T>(file: string): Promise<T | undefined> {
  return readFile(file, "utf8")
    .then((text) => JSON.parse(text) as T)
    .catch(() => undefined);
}

/**
 * The files of donation imports between the preview and the report, in the data folder's
 * `donation-imports/`: the uploaded file (`<id>`) with what it is (`<id>.json`) while it waits for
 * confirmation, the file claimed by its confirmation (`<id>.claimed`) while it is booked, then the
 * report (`<id>.report.json`). Named by the upload's id, which the preview's form carries.
 */
export function importFiles<Report>(dataDir: string) {
  const folder = path.join(dataDir, "donation-imports");

  /** The files of an import, by the id a page was given (anything else is no import). */
  function of(id: string) {
    if (!UPLOAD_ID.test(id)) throw new DomainError("IMPORT_NOT_FOUND");
    const file = path.join(folder, id);
    return {
      file,
      meta: `${file}.json`,
      claimed: `${file}.claimed`,
      report: `${file}.report.json`,
    };
  }

  /** Files and reports of earlier imports left for more than a day are removed. */
  async function sweep() {
    const names = await readdir(folder).catch(() => [] as string[]);
    const now = Date.now();
    for (const name of names) {
      const file = path.join(folder, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now - info.mtimeMs > KEPT_MS) await rm(file, { force: true });
    }
  }

  return {
    of,

    /** Moves an uploaded file in (after clearing out old ones); its id is the upload's. */
    async keep(uploaded: string): Promise<string> {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await sweep();
      const id = path.basename(uploaded);
      await rename(uploaded, of(id).file);
      return id;
    },

    async remember(id: string, meta: UploadMeta): Promise<void> {
      await writeFile(of(id).meta, JSON.stringify(meta), { mode: 0o600 });
    },

    async forget(id: string): Promise<void> {
      await rm(of(id).file, { force: true });
    },

    meta: (id: string) => readJson<UploadMeta>(of(id).meta),
    storedReport: (id: string) => readJson<StoredReport<Report>>(of(id).report),
    reported: (id: string) => exists(of(id).report),
    running: (id: string) => exists(of(id).claimed),

    /**
     * Claims the file for its confirmed import by renaming it: a second click finds nothing to claim.
     * False when it was claimed already.
     */
    async claim(id: string): Promise<boolean> {
      const files = of(id);
      try {
        await rename(files.file, files.claimed);
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },

    /** Puts a claimed file back, when its import failed. */
    async release(id: string): Promise<void> {
      const files = of(id);
      await rename(files.claimed, files.file).catch(() => undefined);
    },

    /** Keeps the report and removes the file and what it was. */
    async finish(id: string, stored: StoredReport<Report>): Promise<void> {
      const files = of(id);
      await writeFile(files.report, JSON.stringify(stored), { mode: 0o600 });
      await rm(files.claimed, { force: true });
      await rm(files.meta, { force: true });
    },
  };
}
