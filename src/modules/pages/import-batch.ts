/**
 * A batch of an import: the revisions (with their pages), files and log items read since the last
 * one, written in one transaction. A kill -9 leaves whole batches only; a re-run inserts what is
 * missing (`on conflict do nothing`), and a page's latest revision only ever moves to a newer one.
 */
import type { Kysely } from "kysely";
import type { Namespaces } from "../../core/wikitext/titles.ts";
import type { Database, WikiFileTable, WikiLogEventTable, WikiPageTable } from "../../db/schema.ts";
import { type RevisionRow, redirectOf, type WikiImportProblem } from "./import-rows.ts";
import { newPageRow } from "./store.ts";
import {
  insertFiles,
  insertLogEvents,
  insertPages,
  insertRevisions,
  type LatestRevision,
  latestOf,
  pagesByNumber,
  type StoredPage,
  setCreated,
  setLatest,
} from "./store-import.ts";

interface PendingPage {
  number: number;
  ns: number;
  title: string;
  /** The dump's `<redirect title>`: the fallback when the wikitext's redirect cannot be read. */
  statedRedirect: string | null;
  line: number;
}

export interface BatchResult {
  created: number;
  existing: number;
  files: number;
  logEvents: number;
  /** Pages that got new revisions. */
  changedPages: string[];
}

function newer(a: { timestamp: string; number: number }, b: { timestamp: string; number: number }): boolean {
  return a.timestamp > b.timestamp || (a.timestamp === b.timestamp && a.number > b.number);
}

export class ImportBatch {
  private pages = new Map<number, PendingPage>();
  private revisions: { page: number; row: RevisionRow }[] = [];
  private files: WikiFileTable[] = [];
  private logs: WikiLogEventTable[] = [];

  constructor(
    private readonly spaceId: string,
    private readonly problems: (problem: WikiImportProblem) => void,
  ) {}

  get size(): number {
    return this.revisions.length + this.files.length + this.logs.length;
  }

  addRevision(page: PendingPage, row: RevisionRow): void {
    if (!this.pages.has(page.number)) this.pages.set(page.number, page);
    this.revisions.push({ page: page.number, row });
  }

  addFile(row: WikiFileTable): void {
    this.files.push(row);
  }

  addLog(row: WikiLogEventTable): void {
    this.logs.push(row);
  }

  async write(db: Kysely<Database>, namespaces: Namespaces): Promise<BatchResult> {
    const result = await db.transaction().execute((trx) => this.writeIn(trx, namespaces));
    this.pages = new Map();
    this.revisions = [];
    this.files = [];
    this.logs = [];
    return result;
  }

  private async writeIn(trx: Kysely<Database>, namespaces: Namespaces): Promise<BatchResult> {
    const stored = await this.storedPages(trx);
    const rows: RevisionRow[] = [];
    for (const { page, row } of this.revisions) {
      const found = stored.get(page);
      if (found) rows.push({ ...row, page_id: found.id });
    }
    const created = rows.length > 0 ? await insertRevisions(trx, rows) : new Set<number>();
    const newest = new Map<string, RevisionRow>();
    for (const row of rows) {
      if (!created.has(row.number)) continue;
      const before = newest.get(row.page_id);
      if (!before || newer(row, before)) newest.set(row.page_id, row);
    }
    const earliestOf = new Map<string, string>();
    for (const row of rows) {
      const time = earliestOf.get(row.page_id);
      if (created.has(row.number) && (time === undefined || row.timestamp < time))
        earliestOf.set(row.page_id, row.timestamp);
    }
    const current = await latestOf(trx, [...newest.keys()]);
    const byId = new Map([...stored.values()].map((page) => [page.id, page.number]));
    const moved: LatestRevision[] = [];
    for (const [pageId, row] of newest) {
      const now = current.get(pageId);
      const earliest = earliestOf.get(pageId) ?? row.timestamp;
      if (now && !newer(row, now)) {
        if (earliest < now.createdAt) await setCreated(trx, pageId, earliest);
        continue;
      }
      const pending = this.pages.get(byId.get(pageId) ?? -1);
      const redirect = redirectOf(row.text, pending?.statedRedirect ?? null, namespaces);
      moved.push({
        id: pageId,
        latest: row.number,
        length: row.size,
        redirect_namespace: redirect?.ns ?? null,
        redirect_title: redirect?.title ?? null,
        redirect_fragment: redirect?.fragment ?? null,
        touched_at: row.timestamp,
        created_at: now && earliest >= now.createdAt ? null : earliest,
      });
    }
    await setLatest(trx, moved);
    const files = this.files.length > 0 ? await insertFiles(trx, this.files) : 0;
    const logEvents = this.logs.length > 0 ? await insertLogEvents(trx, this.logs) : 0;
    return {
      created: created.size,
      existing: rows.length - created.size,
      files,
      logEvents,
      changedPages: [...newest.keys()],
    };
  }

  /** The batch's pages as stored, inserting those not there; a title another page holds is a problem. */
  private async storedPages(trx: Kysely<Database>): Promise<Map<number, StoredPage>> {
    const numbers = [...this.pages.keys()];
    const stored = new Map((await pagesByNumber(trx, this.spaceId, numbers)).map((p) => [p.number, p]));
    const missing = numbers.filter((number) => !stored.has(number));
    if (missing.length === 0) return stored;
    const firstTime = new Map<number, string>();
    for (const { page, row } of this.revisions) {
      const time = firstTime.get(page);
      if (time === undefined || row.timestamp < time) firstTime.set(page, row.timestamp);
    }
    const rows: WikiPageTable[] = missing.flatMap((number) => {
      const page = this.pages.get(number);
      const time = firstTime.get(number);
      if (!page || time === undefined) return [];
      return [newPageRow({ space_id: this.spaceId, number, namespace: page.ns, title: page.title }, time)];
    });
    await insertPages(trx, rows);
    for (const page of await pagesByNumber(trx, this.spaceId, missing)) stored.set(page.number, page);
    for (const number of missing) {
      const page = this.pages.get(number);
      if (page && !stored.has(number))
        this.problems({
          line: page.line,
          message: { key: "wikiImport.titleTaken", params: { title: page.title, page: number } },
        });
    }
    return stored;
  }
}
