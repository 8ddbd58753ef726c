/**
 * The SQL of importing a MediaWiki export into a space's wiki and of exporting it back: rows are
 * inserted with `on conflict do nothing` (a re-import adds nothing), a page's latest revision is moved
 * only forward, and the export reads pages and revisions in pages of rows.
 */
import type { Kysely } from "kysely";
import type {
  Database,
  WikiFileTable,
  WikiLogEventTable,
  WikiPageTable,
  WikiRevisionTable,
} from "../../db/schema.ts";

type Db = Kysely<Database>;

/** Rows per insert: well under SQLite's 32 766 bound parameters with 17 columns. */
const ROWS_PER_INSERT = 400;

function chunks<T>(rows: T[], size = ROWS_PER_INSERT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export interface StoredPage {
  id: string;
  number: number;
  namespace: number;
  title: string;
}

export async function pagesByNumber(db: Db, spaceId: string, numbers: number[]): Promise<StoredPage[]> {
  const found: StoredPage[] = [];
  for (const part of chunks(numbers, 500)) {
    const rows = await db
      .selectFrom("wiki_pages")
      .select(["id", "number", "namespace", "title"])
      .where("space_id", "=", spaceId)
      .where("number", "in", part)
      .execute();
    found.push(...rows);
  }
  return found;
}

/** Inserts the pages not there yet (by number or by title); the caller reads back which were. */
export async function insertPages(db: Db, pages: WikiPageTable[]): Promise<void> {
  for (const part of chunks(pages)) {
    await db
      .insertInto("wiki_pages")
      .values(part)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Inserts the revisions not there yet; returns the numbers of those inserted. */
export async function insertRevisions(db: Db, revisions: WikiRevisionTable[]): Promise<Set<number>> {
  const created = new Set<number>();
  for (const part of chunks(revisions)) {
    const rows = await db
      .insertInto("wiki_revisions")
      .values(part)
      .onConflict((oc) => oc.doNothing())
      .returning("number")
      .execute();
    for (const row of rows) created.add(Number(row.number));
  }
  return created;
}

/** Each page's latest revision as stored: its number and time. */
export async function latestOf(
  db: Db,
  pageIds: string[],
): Promise<Map<string, { number: number; timestamp: string; createdAt: string }>> {
  const latest = new Map<string, { number: number; timestamp: string; createdAt: string }>();
  for (const part of chunks(pageIds, 500)) {
    const rows = await db
      .selectFrom("wiki_pages as p")
      .innerJoin("wiki_revisions as r", (join) =>
        join.onRef("r.space_id", "=", "p.space_id").onRef("r.number", "=", "p.latest"),
      )
      .select(["p.id", "r.number", "r.timestamp", "p.created_at"])
      .where("p.id", "in", part)
      .execute();
    for (const row of rows)
      latest.set(row.id, {
        number: Number(row.number),
        timestamp: new Date(row.timestamp).toISOString(),
        createdAt: new Date(row.created_at).toISOString(),
      });
  }
  return latest;
}

export type LatestRevision = Pick<
  WikiPageTable,
  "latest" | "length" | "redirect_namespace" | "redirect_title" | "redirect_fragment" | "touched_at"
>;

export async function setLatest(
  db: Db,
  pageId: string,
  latest: LatestRevision & { created_at?: string },
): Promise<void> {
  await db.updateTable("wiki_pages").set(latest).where("id", "=", pageId).execute();
}

/** A page's creation time, when a revision older than its first one comes in. */
export async function setCreated(db: Db, pageId: string, createdAt: string): Promise<void> {
  await db.updateTable("wiki_pages").set({ created_at: createdAt }).where("id", "=", pageId).execute();
}

/** Inserts the files not there yet (by name and time); returns how many were. */
export async function insertFiles(db: Db, files: WikiFileTable[]): Promise<number> {
  let created = 0;
  for (const part of chunks(files)) {
    const rows = await db
      .insertInto("wiki_files")
      .values(part)
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();
    created += rows.length;
  }
  return created;
}

/** Inserts the log events not there yet (by number); returns how many were. */
export async function insertLogEvents(db: Db, events: WikiLogEventTable[]): Promise<number> {
  let created = 0;
  for (const part of chunks(events)) {
    const rows = await db
      .insertInto("wiki_log_events")
      .values(part)
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();
    created += rows.length;
  }
  return created;
}

// ---------------------------------------------------------------------------------------------------
// The export: pages by number, each page's revisions by number, a bounded number of rows at a time

export type ExportedPage = Pick<
  WikiPageTable,
  "id" | "number" | "namespace" | "title" | "redirect_namespace" | "redirect_title" | "redirect_fragment"
>;

export function pagesAfter(db: Db, spaceId: string, after: number, limit: number): Promise<ExportedPage[]> {
  return db
    .selectFrom("wiki_pages")
    .select([
      "id",
      "number",
      "namespace",
      "title",
      "redirect_namespace",
      "redirect_title",
      "redirect_fragment",
    ])
    .where("space_id", "=", spaceId)
    .where("number", ">", after)
    .orderBy("number")
    .limit(limit)
    .execute();
}

export type ExportedRevision = Omit<WikiRevisionTable, "id" | "space_id" | "page_id" | "person_id">;

export function revisionsAfter(
  db: Db,
  pageId: string,
  after: number,
  limit: number,
): Promise<ExportedRevision[]> {
  return db
    .selectFrom("wiki_revisions")
    .select([
      "number",
      "parent",
      "timestamp",
      "user_name",
      "user_number",
      "ip",
      "comment",
      "minor",
      "size",
      "sha1",
      "format",
      "text",
    ])
    .where("page_id", "=", pageId)
    .where("number", ">", after)
    .orderBy("number")
    .limit(limit)
    .execute();
}
