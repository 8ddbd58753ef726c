/**
 * A wiki's listings: what links to a page, a category's members, every category, every page (A–Z),
 * recent changes, a random page, full-text search (FTS5 on SQLite, PostgreSQL's `french` tsvector),
 * and uploaded files.
 */
import { type Kysely, sql } from "kysely";
import { stems } from "../../core/search.ts";
import type { DialectName } from "../../db/connection.ts";
import type { Database, WikiFileTable } from "../../db/schema.ts";
import type { TitleKey } from "./render-types.ts";
import { META_COLUMNS } from "./store.ts";

type Db = Kysely<Database>;

const LISTED = ["p.id", "p.namespace", "p.title", "p.redirect_title", "p.length", "p.touched_at"] as const;

/** The pages that link to a title, by title, from `from` on. */
export function backlinks(db: Db, spaceId: string, key: TitleKey, page: { limit: number; offset: number }) {
  return db
    .selectFrom("wiki_links as l")
    .innerJoin("wiki_pages as p", "p.id", "l.page_id")
    .select(LISTED)
    .where("l.space_id", "=", spaceId)
    .where("l.namespace", "=", key.ns)
    .where("l.title", "=", key.title)
    .orderBy("p.namespace")
    .orderBy("p.title")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** A category's members in sort-key order, after a sort key (keyset paging: complete at any size). */
export function categoryMembers(
  db: Db,
  spaceId: string,
  category: string,
  page: { after: string; limit: number },
) {
  return db
    .selectFrom("wiki_categories as c")
    .innerJoin("wiki_pages as p", "p.id", "c.page_id")
    .select([...LISTED, "c.sort_key"])
    .where("c.space_id", "=", spaceId)
    .where("c.category", "=", category)
    .where("c.sort_key", ">", page.after)
    .orderBy("c.sort_key")
    .limit(page.limit)
    .execute();
}

export async function categoryCount(db: Db, spaceId: string, category: string): Promise<number> {
  const row = await db
    .selectFrom("wiki_categories")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("space_id", "=", spaceId)
    .where("category", "=", category)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A page's categories, by name. */
export async function categoriesOf(db: Db, pageId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("wiki_categories")
    .select("category")
    .where("page_id", "=", pageId)
    .orderBy("category")
    .execute();
  return rows.map((r) => r.category);
}

/** Every category with members, and how many. */
export function categories(db: Db, spaceId: string) {
  return db
    .selectFrom("wiki_categories")
    .select(["category", (eb) => eb.fn.countAll<number>().as("members")])
    .where("space_id", "=", spaceId)
    .groupBy("category")
    .orderBy("category")
    .execute();
}

/** Pages by namespace then title, from a title on (keyset paging). */
export function allPages(db: Db, spaceId: string, page: { ns: number; from: string; limit: number }) {
  return db
    .selectFrom("wiki_pages as p")
    .select(LISTED)
    .where("p.space_id", "=", spaceId)
    .where("p.namespace", "=", page.ns)
    .where("p.title", ">=", page.from)
    .orderBy("p.title")
    .limit(page.limit)
    .execute();
}

/** The newest revisions of the space with their pages' titles. */
export function recentChanges(db: Db, spaceId: string, page: { limit: number; before?: number }) {
  let query = db
    .selectFrom("wiki_revisions as r")
    .innerJoin("wiki_pages as p", "p.id", "r.page_id")
    .select([...META_COLUMNS, "p.namespace", "p.title"])
    .where("r.space_id", "=", spaceId);
  if (page.before !== undefined) query = query.where("r.number", "<", page.before);
  return query.orderBy("r.timestamp", "desc").orderBy("r.number", "desc").limit(page.limit).execute();
}

export function randomPage(db: Db, spaceId: string) {
  return db
    .selectFrom("wiki_pages")
    .select(["namespace", "title"])
    .where("space_id", "=", spaceId)
    .where("namespace", "=", 0)
    .where("redirect_title", "is", null)
    .orderBy(sql`random()`)
    .limit(1)
    .executeTakeFirst();
}

function searchTerms(text: string): string[] {
  return [...new Set(stems(text))].slice(0, 12);
}

/**
 * Pages whose title or text has every word of the query (as stems, accents folded, each word also a
 * prefix), best first: the title weighs ten times the text. Redirects are left out.
 */
export async function searchPages(
  db: Db,
  dialect: DialectName,
  spaceId: string,
  text: string,
  page: { limit: number; offset: number },
) {
  const terms = searchTerms(text);
  if (terms.length === 0) return { rows: [], total: 0 };
  const base = db
    .selectFrom("wiki_pages as p")
    .select([...LISTED, "p.search_text", sql<number>`count(*) over ()`.as("matches")])
    .where("p.space_id", "=", spaceId)
    .where("p.redirect_title", "is", null);
  const query =
    dialect === "postgres"
      ? base
          .where(sql<boolean>`${vector} @@ to_tsquery('french', ${tsQuery(terms)})`)
          .orderBy(sql`ts_rank(${vector}, to_tsquery('french', ${tsQuery(terms)})) desc`)
      : base
          .innerJoin(
            sql<{
              fts_rowid: number;
              fts_rank: number;
            }>`(select rowid as fts_rowid, bm25(wiki_pages_fts, 10.0, 1.0) as fts_rank from wiki_pages_fts where wiki_pages_fts match ${ftsQuery(terms)})`.as(
              "f",
            ),
            (join) => join.on(sql<boolean>`f.fts_rowid = p.rowid`),
          )
          .orderBy(sql`f.fts_rank`);
  const rows = await query.orderBy("p.title").limit(page.limit).offset(page.offset).execute();
  return { rows, total: Number(rows[0]?.matches ?? 0) };
}

const vector = sql`(setweight(to_tsvector('french', p.search_title), 'A') || setweight(to_tsvector('french', p.search_text), 'B'))`;

function ftsQuery(terms: string[]): string {
  return terms.map((t) => `"${t}"*`).join(" ");
}

function tsQuery(terms: string[]): string {
  return terms.map((t) => `${t}:*`).join(" & ");
}

/** A file's latest version. */
export function fileByName(db: Db, spaceId: string, name: string) {
  return db
    .selectFrom("wiki_files")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("name", "=", name)
    .orderBy("timestamp", "desc")
    .limit(1)
    .executeTakeFirst();
}

export function fileVersions(db: Db, spaceId: string, name: string) {
  return db
    .selectFrom("wiki_files")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("name", "=", name)
    .orderBy("timestamp", "desc")
    .execute();
}

export async function insertFile(db: Db, row: WikiFileTable): Promise<void> {
  await db.insertInto("wiki_files").values(row).execute();
}

/** A page's internal link targets, by namespace and title. */
export function linksOf(db: Db, pageId: string) {
  return db
    .selectFrom("wiki_links")
    .select(["namespace", "title"])
    .where("page_id", "=", pageId)
    .orderBy("namespace")
    .orderBy("title")
    .execute();
}

/** Every revision of a page, oldest first, without texts. */
export function allRevisionsOf(db: Db, pageId: string) {
  return db
    .selectFrom("wiki_revisions as r")
    .select(META_COLUMNS)
    .where("r.page_id", "=", pageId)
    .orderBy("r.number")
    .execute();
}

/** Titles of every page, by namespace and title, a page at a time. */
export function titles(db: Db, spaceId: string, page: { limit: number; offset: number }) {
  return db
    .selectFrom("wiki_pages")
    .select(["namespace", "title", "latest", "redirect_title"])
    .where("space_id", "=", spaceId)
    .orderBy("namespace")
    .orderBy("title")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
