/**
 * The two long steps of a MediaWiki import from the web, each run as a job of the import flow: the
 * preview, one streaming pass over the dump that counts what it holds and writes nothing, then the
 * import itself (importWiki), which records how many pages and revisions it has read for the progress
 * page.
 */
import { createReadStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { type DumpItem, DumpReader, ImportFileError, mediawikiBytes } from "../commons/service.ts";
import { importWiki, type WikiImportReport } from "./import.ts";
import { isoTime, pageKey, redirectOf, revisionRow, type WikiImportProblem } from "./import-rows.ts";
import { refreshPages } from "./refresh.ts";
import { wikiSpaceId } from "./store.ts";

/** What a dump holds, read without writing anything: the preview of an upload. */
export interface WikiDumpPreview {
  sitename: string;
  schema: string;
  pages: number;
  revisions: number;
  redirects: number;
  files: number;
  logEvents: number;
  /** The first problems met (sha1 or size mismatches, unreadable items). */
  problems: WikiImportProblem[];
  moreProblems: number;
  stopped: WikiImportReport["stopped"];
}

/** Pages and revisions read so far by an import under way. */
export interface WikiImportCount {
  pages: number;
  revisions: number;
}

const PREVIEW_PROBLEMS = 20;
/** The import's count is written at most this often. */
const COUNT_EVERY_MS = 250;

/** The file's bytes as they are read from disk, `onBytes` told how far (the upload's size is on disk). */
function counted(file: string, onBytes: (bytes: number) => void): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let read = 0;
    for await (const chunk of createReadStream(file)) {
      read += (chunk as Buffer).length;
      onBytes(read);
      yield chunk as Buffer;
    }
  }
  return Readable.from(chunks());
}

/** One pass over a dump (plain, gzipped or bzip2ed): what an import of it would read. */
export async function previewDump(file: string, onBytes: (bytes: number) => void): Promise<WikiDumpPreview> {
  const preview: WikiDumpPreview = {
    sitename: "",
    schema: "",
    pages: 0,
    revisions: 0,
    redirects: 0,
    files: 0,
    logEvents: 0,
    problems: [],
    moreProblems: 0,
    stopped: null,
  };
  const problem = (found: WikiImportProblem) => {
    if (preview.problems.length < PREVIEW_PROBLEMS) preview.problems.push(found);
    else preview.moreProblems += 1;
  };
  const reader = new DumpReader({ history: true });
  /** The newest text of the page being read, to tell whether it ends as a redirect. */
  let newest: { text: string; timestamp: string } | null = null;

  function take(items: DumpItem[]): void {
    for (const item of items) {
      if (item.kind === "log") {
        preview.logEvents += 1;
        if (item.item.id === null || isoTime(item.item.timestamp) === null)
          problem({
            line: item.item.line,
            message: { key: "wikiImport.logInvalid", params: { line: item.item.line } },
          });
      } else if (item.kind === "upload") preview.files += 1;
      else if (item.kind === "revision") {
        const { revision } = item;
        preview.revisions += 1;
        const timestamp = isoTime(revision.timestamp);
        if (revision.id === null || timestamp === null) {
          problem({
            line: revision.line,
            message: { key: "wikiImport.revisionInvalid", params: { line: revision.line } },
          });
          continue;
        }
        const found: WikiImportProblem[] = [];
        revisionRow("", { ...revision, id: revision.id }, timestamp, found);
        for (const each of found) problem(each);
        if (!newest || timestamp >= newest.timestamp) newest = { text: revision.text, timestamp };
      } else {
        preview.pages += 1;
        if (item.page.id === null || !pageKey(item.page, reader.site.namespaces))
          problem({
            line: item.page.line,
            message: { key: "wikiImport.pageInvalid", params: { line: item.page.line } },
          });
        if (newest && redirectOf(newest.text, item.page.redirect, reader.site.namespaces))
          preview.redirects += 1;
        newest = null;
      }
    }
  }

  const decoder = new TextDecoder("utf-8");
  try {
    for await (const chunk of mediawikiBytes(counted(file, onBytes))) {
      reader.write(decoder.decode(chunk, { stream: true }));
      take(reader.takeItems());
    }
    reader.write(decoder.decode());
    reader.end();
    take(reader.takeItems());
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    take(reader.takeItems());
    preview.stopped = { line: reader.line, page: reader.pageTitle, message: error.detail };
  }
  preview.sitename = reader.site.sitename;
  preview.schema = reader.schema;
  return preview;
}

/** Whether a preview shows anything to import (a file that is no dump shows nothing). */
export function worthImporting(preview: WikiDumpPreview): boolean {
  return preview.schema !== "" && preview.revisions + preview.files + preview.logEvents > 0;
}

/** Where an import under way writes how far it has got: beside its upload, in the flow's folder. */
export function countFile(folder: string, id: string): string {
  return `${folder}/${id}.count.json`;
}

/**
 * Imports an uploaded dump into a space's wiki, then renders the pages that got new revisions at the
 * wiki's address as it is when the import ends (the instance's `/wiki`, or under the space).
 */
export async function runImportFile(
  db: Kysely<Database>,
  options: { file: string; spaceId: string; slug: string; dataDir: string; countFile: string },
  onBytes: (bytes: number) => void,
): Promise<WikiImportReport> {
  let last = 0;
  let writing: Promise<void> = Promise.resolve();
  const count = (done: WikiImportCount) => {
    if (Date.now() - last < COUNT_EVERY_MS) return;
    last = Date.now();
    writing = writing.then(() => writeFile(options.countFile, JSON.stringify(done)).catch(() => undefined));
  };
  try {
    return await importWiki(db, counted(options.file, onBytes), {
      spaceId: options.spaceId,
      dataDir: options.dataDir,
      onProgress: ({ pages, revisions }) => count({ pages, revisions }),
      refresh: async (pageIds) => {
        const atRoot = (await wikiSpaceId(db)) === options.spaceId;
        await refreshPages(
          db,
          { spaceId: options.spaceId, root: urls.wikiRoot(options.slug, atRoot) },
          pageIds,
        );
      },
    });
  } finally {
    await writing;
    await rm(options.countFile, { force: true });
  }
}
