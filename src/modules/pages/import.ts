/**
 * Importing a whole MediaWiki (an XML export of schema 0.10 or 0.11, plain, gzipped or bzip2ed) into a
 * space's wiki: every revision with its MediaWiki ids, the uploads' bytes, the log items. Streamed
 * (memory stays flat in the dump's size), written in batches of whole revisions, idempotent by
 * revision id. A dump that breaks off keeps everything whole before the break and says where it stopped.
 */
import type { Readable } from "node:stream";
import type { Kysely } from "kysely";
import { newId } from "../../core/ids.ts";
import type { ImportMessage } from "../../core/import-loop.ts";
import { NS_FILE } from "../../core/wikitext/titles.ts";
import type { Database } from "../../db/schema.ts";
import {
  type DumpItem,
  DumpReader,
  type HistoryRevision,
  ImportFileError,
  mediawikiBytes,
  type PageHead,
  type Upload,
} from "../commons/service.ts";
import { ImportBatch } from "./import-batch.ts";
import { fileInFolder, keepBytes, mediaTypeOf } from "./import-files.ts";
import {
  author,
  isoTime,
  logRow,
  pageKey,
  redirectOf,
  revisionRow,
  type WikiImportProblem,
} from "./import-rows.ts";

export type { WikiImportProblem } from "./import-rows.ts";

export interface WikiImportProgress {
  /** Bytes of XML read (after decompression). */
  bytes: number;
  pages: number;
  revisions: number;
}

export interface WikiImportOptions {
  spaceId: string;
  /** The instance's data folder: uploaded files go under its `wiki/`. */
  dataDir: string;
  /** A folder holding the files the dump names but does not include (`--files`). */
  filesDir?: string;
  /** Revisions (and files, log items) per transaction. */
  batchSize?: number;
  onProgress?: (progress: WikiImportProgress) => void;
  /** Brings the links, categories and search text of pages that got new revisions up to date. */
  refresh?: (pageIds: string[]) => Promise<void>;
}

export interface WikiImportReport {
  schema: string;
  pages: number;
  revisions: { read: number; created: number; existing: number };
  redirects: number;
  files: { read: number; created: number };
  logEvents: { read: number; created: number };
  /** The first problems met (sha1 or size mismatches, unreadable items…), at most MAX_PROBLEMS. */
  problems: WikiImportProblem[];
  /** Problems beyond those listed. */
  moreProblems: number;
  /** Where and why reading stopped before the end; null when the whole file was read. */
  stopped: { line: number; page: string | null; message: ImportMessage } | null;
  changedPages: number;
}

const MAX_PROBLEMS = 200;
const DEFAULT_BATCH = 500;

/** What the page being read needs until its end: its newest revision's text, its first revision. */
interface CurrentPage {
  head: PageHead;
  key: { ns: number; title: string } | null;
  first: HistoryRevision | null;
  newest: { text: string; timestamp: string; number: number } | null;
  uploaded: boolean;
}

export async function importWiki(
  db: Kysely<Database>,
  input: Readable,
  options: WikiImportOptions,
): Promise<WikiImportReport> {
  const report: WikiImportReport = {
    schema: "",
    pages: 0,
    revisions: { read: 0, created: 0, existing: 0 },
    redirects: 0,
    files: { read: 0, created: 0 },
    logEvents: { read: 0, created: 0 },
    problems: [],
    moreProblems: 0,
    stopped: null,
    changedPages: 0,
  };
  const problem = (found: WikiImportProblem) => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(found);
    else report.moreProblems += 1;
  };
  const reader = new DumpReader({ history: true });
  let batch = new ImportBatch(options.spaceId, problem);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const changed = new Set<string>();
  let current: CurrentPage | null = null;
  let read = 0;
  /** The batch being written while the next one is read: at most one, each after the one before. */
  let writing: Promise<void> = Promise.resolve();

  async function writeBatch(full: ImportBatch): Promise<void> {
    const result = await full.write(db, reader.site.namespaces);
    report.revisions.created += result.created;
    report.revisions.existing += result.existing;
    report.files.created += result.files;
    report.logEvents.created += result.logEvents;
    for (const id of result.changedPages) changed.add(id);
  }

  /** Starts writing the batch once the previous one is written, and goes on reading meanwhile. */
  async function write(): Promise<void> {
    if (batch.size === 0) return;
    const full = batch;
    batch = new ImportBatch(options.spaceId, problem);
    await writing;
    writing = writeBatch(full);
    // Awaited before the next batch, or at the end; this only keeps a failure from being "unhandled".
    writing.catch(() => undefined);
  }

  function endPage(page: CurrentPage): void {
    report.pages += 1;
    const newest = page.newest;
    if (newest && redirectOf(newest.text, page.head.redirect, reader.site.namespaces)) report.redirects += 1;
  }

  function pageOf(head: PageHead): CurrentPage {
    if (current?.head === head) return current;
    if (current) endPage(current);
    current = {
      head,
      key: pageKey(head, reader.site.namespaces),
      first: null,
      newest: null,
      uploaded: false,
    };
    if (!current.key || head.id === null)
      problem({ line: head.line, message: { key: "wikiImport.pageInvalid", params: { line: head.line } } });
    return current;
  }

  async function revision(page: CurrentPage, revision: HistoryRevision): Promise<void> {
    report.revisions.read += 1;
    const timestamp = isoTime(revision.timestamp);
    if (!page.key || page.head.id === null) return;
    if (revision.id === null || timestamp === null) {
      problem({
        line: revision.line,
        message: { key: "wikiImport.revisionInvalid", params: { line: revision.line } },
      });
      return;
    }
    const found: WikiImportProblem[] = [];
    const row = revisionRow(options.spaceId, { ...revision, id: revision.id }, timestamp, found);
    for (const each of found) problem(each);
    page.first ??= revision;
    const newest = page.newest;
    if (
      !newest ||
      timestamp > newest.timestamp ||
      (timestamp === newest.timestamp && revision.id > newest.number)
    )
      page.newest = { text: revision.text, timestamp, number: revision.id };
    batch.addRevision(
      {
        number: page.head.id,
        ns: page.key.ns,
        title: page.key.title,
        statedRedirect: page.head.redirect,
        line: page.head.line,
      },
      row,
    );
  }

  async function file(
    name: string,
    content: Buffer | null,
    meta: Omit<Upload, "filename" | "src" | "contents">,
  ): Promise<void> {
    report.files.read += 1;
    const timestamp = isoTime(meta.timestamp);
    if (!content || timestamp === null) {
      problem({ line: meta.line, message: { key: "wikiImport.fileMissing", params: { name } } });
      return;
    }
    const kept = await keepBytes(options.dataDir, content);
    if (meta.sha1base36 && meta.sha1base36.toLowerCase() !== kept.sha1base36)
      problem({
        line: meta.line,
        message: {
          key: "wikiImport.fileSha1Mismatch",
          params: { name, stated: meta.sha1base36, computed: kept.sha1 },
        },
      });
    if (meta.size !== null && meta.size !== kept.size)
      problem({
        line: meta.line,
        message: {
          key: "wikiImport.fileSizeMismatch",
          params: { name, stated: meta.size, computed: kept.size },
        },
      });
    const who = author(meta.contributor);
    batch.addFile({
      id: newId(),
      space_id: options.spaceId,
      name,
      media_type: mediaTypeOf(name),
      size: kept.size,
      sha1: kept.sha1,
      storage_key: kept.storageKey,
      timestamp,
      user_name: who.user_name ?? who.ip,
      person_id: null,
      comment: meta.comment,
    });
  }

  async function upload(page: CurrentPage, found: Upload): Promise<void> {
    page.uploaded = true;
    const name =
      reader.site.namespaces.split(found.filename.replace(/_/g, " "), NS_FILE).text || page.key?.title || "";
    let content: Buffer | null = found.contents !== null ? Buffer.from(found.contents, "base64") : null;
    if (!content && options.filesDir) content = await fileInFolder(options.filesDir, found.filename || name);
    await file(name, content, found);
  }

  /** A file description page without `<upload>`: its bytes from the files folder, if one is given. */
  async function fileFromFolder(page: CurrentPage): Promise<void> {
    if (!options.filesDir || page.uploaded || page.key?.ns !== NS_FILE || !page.first) return;
    const { first } = page;
    const content = await fileInFolder(options.filesDir, page.key.title);
    await file(page.key.title, content, {
      timestamp: first.timestamp,
      contributor: first.contributor,
      comment: first.comment,
      size: null,
      sha1base36: "",
      line: first.line,
    });
  }

  async function consume(items: DumpItem[]): Promise<void> {
    for (const item of items) {
      if (item.kind === "log") {
        report.logEvents.read += 1;
        const timestamp = isoTime(item.item.timestamp);
        if (item.item.id === null || timestamp === null)
          problem({
            line: item.item.line,
            message: { key: "wikiImport.logInvalid", params: { line: item.item.line } },
          });
        else
          batch.addLog(
            logRow(options.spaceId, { ...item.item, id: item.item.id }, timestamp, reader.site.namespaces),
          );
      } else {
        const page = pageOf(item.page);
        if (item.kind === "revision") await revision(page, item.revision);
        else if (item.kind === "upload") await upload(page, item.upload);
        else {
          await fileFromFolder(page);
          endPage(page);
          current = null;
        }
      }
      if (batch.size >= batchSize) await write();
    }
    options.onProgress?.({ bytes: read, pages: report.pages, revisions: report.revisions.read });
  }

  const decoder = new TextDecoder("utf-8");
  try {
    await readAll();
  } catch (error) {
    await writing.catch(() => undefined);
    throw error;
  }
  await writing;
  report.schema = reader.schema;
  report.changedPages = changed.size;
  if (options.refresh && changed.size > 0) await options.refresh([...changed]);
  return report;

  async function readAll(): Promise<void> {
    try {
      for await (const chunk of mediawikiBytes(input)) {
        read += chunk.length;
        reader.write(decoder.decode(chunk, { stream: true }));
        report.schema = reader.schema;
        await consume(reader.takeItems());
      }
      reader.write(decoder.decode());
      reader.end();
      await consume(reader.takeItems());
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      // What was read whole before the break is kept; the page it broke in is not counted as read.
      await consume(reader.takeItems());
      report.stopped = { line: reader.line, page: reader.pageTitle, message: error.detail };
      current = null;
    }
    if (current) endPage(current);
    await write();
  }
}
