/**
 * The SQL of importing a MediaWiki export into a space's wiki and of exporting it back: rows are
 * inserted with `on conflict do nothing` (a re-import adds nothing), a page's latest revision is moved
 * only forward, and the export reads pages and revisions in pages of rows.
 */
import { CompiledQuery, type Kysely, sql } from "kysely";
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

const REVISION_COLUMNS = [
  "id",
  "space_id",
  "page_id",
  "number",
  "parent",
  "timestamp",
  "user_name",
  "user_number",
  "ip",
  "person_id",
  "comment",
  "minor",
  "size",
  "sha1",
  "format",
  "text",
] as const satisfies readonly (keyof WikiRevisionTable)[];

/** Revisions per insert: 16 columns, under both dialects' bound on parameters (SQLite 32 766). */
const REVISIONS_PER_INSERT = 1000;

/** The placeholders' style of a database: `$1` (PostgreSQL) or `?` (SQLite). */
const numbered = new WeakMap<Db, boolean>();
function numberedPlaceholders(db: Db): boolean {
  let found = numbered.get(db);
  if (found === undefined) {
    found = db.selectFrom("wiki_pages").select("id").where("id", "=", "").compile().sql.includes("$1");
    numbered.set(db, found);
  }
  return found;
}

/** `insert … values (…), (…) on conflict do nothing returning number` for `rows` rows, written once. */
const insertTexts = new Map<string, string>();
function insertText(rows: number, dollars: boolean): string {
  const key = `${rows}:${dollars}`;
  let text = insertTexts.get(key);
  if (!text) {
    const width = REVISION_COLUMNS.length;
    const tuples = Array.from(
      { length: rows },
      (_, r) => `(${REVISION_COLUMNS.map((_, c) => (dollars ? `$${r * width + c + 1}` : "?")).join(", ")})`,
    );
    text = `insert into "wiki_revisions" (${REVISION_COLUMNS.map((c) => `"${c}"`).join(", ")}) values ${tuples.join(", ")} on conflict do nothing returning "number"`;
    insertTexts.set(key, text);
  }
  return text;
}

/**
 * Inserts the revisions not there yet; returns the numbers of those inserted. The statement is written
 * by hand (once per number of rows) rather than built by Kysely: a batch's thousands of values made
 * as many query nodes, the import's largest cost after the database's own.
 */
export async function insertRevisions(db: Db, revisions: WikiRevisionTable[]): Promise<Set<number>> {
  const created = new Set<number>();
  const dollars = numberedPlaceholders(db);
  for (const part of chunks(revisions, REVISIONS_PER_INSERT)) {
    const parameters: unknown[] = [];
    for (const row of part) for (const column of REVISION_COLUMNS) parameters.push(row[column]);
    const result = await db.executeQuery<{ number: number | bigint }>(
      CompiledQuery.raw(insertText(part.length, dollars), parameters),
    );
    for (const row of result.rows) created.add(Number(row.number));
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
> & { id: string; created_at: string | null };

/**
 * Moves pages to their new latest revision, in one statement: `created_at` only when given (null
 * keeps it). PostgreSQL types a `values` list by its contents, hence the casts there.
 */
export async function setLatest(db: Db, pages: LatestRevision[]): Promise<void> {
  if (pages.length === 0) return;
  const pg = numberedPlaceholders(db);
  const as = (type: string) => sql.raw(pg ? `::${type}` : "");
  for (const part of chunks(pages, 500)) {
    const values = part.map(
      (p) =>
        sql`(${p.id}${as("text")}, ${p.latest}${as("integer")}, ${p.length}${as("integer")}, ${p.redirect_namespace}${as("integer")}, ${p.redirect_title}${as("text")}, ${p.redirect_fragment}${as("text")}, ${p.touched_at}${as("timestamptz")}, ${p.created_at}${as("timestamptz")})`,
    );
    await sql`with v (id, latest, length, redirect_namespace, redirect_title, redirect_fragment, touched_at, created_at)
      as (values ${sql.join(values)})
      update wiki_pages set latest = v.latest, length = v.length, redirect_namespace = v.redirect_namespace,
        redirect_title = v.redirect_title, redirect_fragment = v.redirect_fragment, touched_at = v.touched_at,
        created_at = coalesce(v.created_at, wiki_pages.created_at)
      from v where wiki_pages.id = v.id`.execute(db);
  }
}

/** A page's creation time, when a revision older than its first one comes in. */
export async function setCreated(db: Db, pageId: string, createdAt: string): Promise<void> {
  await db.updateTable("wiki_pages").set({ created_at: createdAt }).where("id", "=", pageId).execute();
}

/** Inserts the rows not there yet (by their unique key); returns how many were. */
async function insertNew<T extends "wiki_files" | "wiki_log_events">(
  db: Db,
  table: T,
  rows: Database[T][],
): Promise<number> {
  let created = 0;
  for (const part of chunks(rows)) {
    const inserted = await db
      .insertInto(table)
      .values(part as never)
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();
    created += inserted.length;
  }
  return created;
}

/** Inserts the files not there yet (by name and time); returns how many were. */
export function insertFiles(db: Db, files: WikiFileTable[]): Promise<number> {
  return insertNew(db, "wiki_files", files);
}

/** Inserts the log events not there yet (by number); returns how many were. */
export function insertLogEvents(db: Db, events: WikiLogEventTable[]): Promise<number> {
  return insertNew(db, "wiki_log_events", events);
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
