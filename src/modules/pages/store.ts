/**
 * A space's wiki pages and their revisions: reading them, writing a new revision, and keeping each
 * page's rendering (links, templates, categories, search words) in step with its latest revision.
 */
import type { Kysely } from "kysely";
import { newId } from "../../core/ids.ts";
import type { DialectName } from "../../db/connection.ts";
import type { Database, WikiPageTable, WikiRevisionTable } from "../../db/schema.ts";
import { keyOf, type TitleKey } from "./render-types.ts";

type Db = Kysely<Database>;

export type PageRow = WikiPageTable;
/** A revision without its text: what histories and recent changes list. */
export type RevisionMeta = Omit<WikiRevisionTable, "text">;

export const META_COLUMNS = [
  "r.id",
  "r.space_id",
  "r.page_id",
  "r.number",
  "r.parent",
  "r.timestamp",
  "r.user_name",
  "r.user_number",
  "r.person_id",
  "r.ip",
  "r.comment",
  "r.minor",
  "r.size",
  "r.sha1",
  "r.format",
] as const;

export function pageByTitle(db: Db, spaceId: string, key: TitleKey) {
  return db
    .selectFrom("wiki_pages")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("namespace", "=", key.ns)
    .where("title", "=", key.title)
    .executeTakeFirst();
}

export function pageById(db: Db, id: string) {
  return db.selectFrom("wiki_pages").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The row lock that makes two saves of one page take turns (SQLite's writes already do). */
export async function lockPage(db: Db, dialect: DialectName, id: string): Promise<void> {
  if (dialect === "postgres")
    await db.selectFrom("wiki_pages").select("id").where("id", "=", id).forUpdate().execute();
}

export function revision(db: Db, spaceId: string, number: number) {
  return db
    .selectFrom("wiki_revisions")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("number", "=", number)
    .executeTakeFirst();
}

/** A page's revisions, newest first, without their texts. */
export function revisionsOf(db: Db, pageId: string, page: { before?: number; limit: number }) {
  let query = db.selectFrom("wiki_revisions as r").select(META_COLUMNS).where("r.page_id", "=", pageId);
  if (page.before !== undefined) query = query.where("r.number", "<", page.before);
  return query.orderBy("r.number", "desc").limit(page.limit).execute();
}

/** The next free page and revision numbers of a space (the caller holds the space's lock). */
export async function nextNumbers(db: Db, spaceId: string): Promise<{ page: number; revision: number }> {
  const [page, rev] = await Promise.all([
    db
      .selectFrom("wiki_pages")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("space_id", "=", spaceId)
      .executeTakeFirst(),
    db
      .selectFrom("wiki_revisions")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("space_id", "=", spaceId)
      .executeTakeFirst(),
  ]);
  return { page: Number(page?.n ?? 0) + 1, revision: Number(rev?.n ?? 0) + 1 };
}

/** A page not yet written, with no revision yet: the first one's time as its creation. */
export function newPageRow(
  row: Pick<WikiPageTable, "space_id" | "number" | "namespace" | "title">,
  now: string,
): PageRow {
  return {
    id: newId(),
    ...row,
    latest: null,
    redirect_namespace: null,
    redirect_title: null,
    redirect_fragment: null,
    length: 0,
    html: null,
    sort_key: null,
    rendered_at: null,
    search_title: "",
    search_text: "",
    created_at: now,
    touched_at: now,
  };
}

export async function insertPage(
  db: Db,
  row: Pick<WikiPageTable, "space_id" | "number" | "namespace" | "title">,
  now: string,
): Promise<PageRow> {
  const page = newPageRow(row, now);
  await db.insertInto("wiki_pages").values(page).execute();
  return page;
}

/** A new revision, made the page's latest. */
export async function insertRevision(db: Db, row: Omit<WikiRevisionTable, "id">): Promise<void> {
  await db
    .insertInto("wiki_revisions")
    .values({ id: newId(), ...row })
    .execute();
  await db
    .updateTable("wiki_pages")
    .set({ latest: row.number, length: row.size, touched_at: row.timestamp })
    .where("id", "=", row.page_id)
    .execute();
}

export async function renameTitle(db: Db, pageId: string, key: TitleKey): Promise<void> {
  await db
    .updateTable("wiki_pages")
    .set({ namespace: key.ns, title: key.title })
    .where("id", "=", pageId)
    .execute();
}

/**
 * Titles grouped by namespace, in parts of at most 500: asked with `namespace = ? and title in (…)`,
 * which both databases answer from the (space, namespace, title) index. A chain of `or`s was read as a
 * scan of the space's pages, a cost that grew with the wiki.
 */
function titlesByNamespace(keys: TitleKey[]): { ns: number; titles: string[] }[] {
  const titles = new Map<number, Set<string>>();
  for (const key of keys) {
    const set = titles.get(key.ns) ?? new Set<string>();
    set.add(key.title);
    titles.set(key.ns, set);
  }
  return [...titles].flatMap(([ns, set]) => chunks([...set], 500).map((part) => ({ ns, titles: part })));
}

/** The latest texts of the pages asked for that exist, keyed `${ns}:${title}`. */
export async function latestTexts(db: Db, spaceId: string, keys: TitleKey[]) {
  const found = new Map<string, { text: string; format: WikiRevisionTable["format"] }>();
  for (const { ns, titles } of titlesByNamespace(keys)) {
    const rows = await db
      .selectFrom("wiki_pages as p")
      .innerJoin("wiki_revisions as r", (join) =>
        join.onRef("r.page_id", "=", "p.id").onRef("r.number", "=", "p.latest"),
      )
      .select(["p.title", "r.text", "r.format"])
      .where("p.space_id", "=", spaceId)
      .where("p.namespace", "=", ns)
      .where("p.title", "in", titles)
      .execute();
    for (const row of rows)
      found.set(keyOf({ ns, title: row.title }), { text: row.text, format: row.format });
  }
  return found;
}

/** Which of these titles have a page. */
export async function existing(db: Db, spaceId: string, keys: TitleKey[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const { ns, titles } of titlesByNamespace(keys)) {
    const rows = await db
      .selectFrom("wiki_pages")
      .select("title")
      .where("space_id", "=", spaceId)
      .where("namespace", "=", ns)
      .where("title", "in", titles)
      .execute();
    for (const row of rows) found.add(keyOf({ ns, title: row.title }));
  }
  return found;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The latest revision's text and format of each of these pages. */
export function latestOf(db: Db, pageIds: string[]) {
  return db
    .selectFrom("wiki_pages as p")
    .innerJoin("wiki_revisions as r", (join) =>
      join.onRef("r.page_id", "=", "p.id").onRef("r.number", "=", "p.latest"),
    )
    .select(["p.id", "p.space_id", "p.namespace", "p.title", "r.text", "r.format"])
    .where("p.id", "in", pageIds)
    .execute();
}

export interface RenderedRow {
  html: string;
  sortKey: string | null;
  searchTitle: string;
  searchText: string;
  redirect: (TitleKey & { fragment: string | null }) | null;
  links: TitleKey[];
  templates: TitleKey[];
  categories: { name: string; sortKey: string }[];
}

/** A page's rendering and what it links to, replacing what its previous revision had. */
export async function writeRendered(
  db: Db,
  page: { id: string; space_id: string },
  rendered: RenderedRow,
  now: string,
): Promise<void> {
  await db
    .updateTable("wiki_pages")
    .set({
      html: rendered.html,
      sort_key: rendered.sortKey,
      search_title: rendered.searchTitle,
      search_text: rendered.searchText,
      redirect_namespace: rendered.redirect?.ns ?? null,
      redirect_title: rendered.redirect?.title ?? null,
      redirect_fragment: rendered.redirect?.fragment ?? null,
      rendered_at: now,
    })
    .where("id", "=", page.id)
    .execute();
  for (const table of ["wiki_links", "wiki_templates"] as const) {
    await db.deleteFrom(table).where("page_id", "=", page.id).execute();
    const keys = unique(table === "wiki_links" ? rendered.links : rendered.templates);
    if (keys.length > 0)
      await db
        .insertInto(table)
        .values(
          keys.map((k) => ({
            id: newId(),
            page_id: page.id,
            space_id: page.space_id,
            namespace: k.ns,
            title: k.title,
          })),
        )
        .execute();
  }
  await db.deleteFrom("wiki_categories").where("page_id", "=", page.id).execute();
  const categories = [...new Map(rendered.categories.map((c) => [c.name, c])).values()];
  if (categories.length > 0)
    await db
      .insertInto("wiki_categories")
      .values(
        categories.map((c) => ({
          id: newId(),
          page_id: page.id,
          space_id: page.space_id,
          category: c.name,
          sort_key: c.sortKey,
        })),
      )
      .execute();
}

function unique(keys: TitleKey[]): TitleKey[] {
  return [...new Map(keys.map((k) => [keyOf(k), k])).values()];
}

/** The pages that link to, or transclude, a title: rendered again when it is created, moved or edited. */
export async function dependents(db: Db, spaceId: string, key: TitleKey): Promise<string[]> {
  const rows = await db
    .selectFrom("wiki_links")
    .select("page_id")
    .where("space_id", "=", spaceId)
    .where("namespace", "=", key.ns)
    .where("title", "=", key.title)
    .union(
      db
        .selectFrom("wiki_templates")
        .select("page_id")
        .where("space_id", "=", spaceId)
        .where("namespace", "=", key.ns)
        .where("title", "=", key.title),
    )
    .execute();
  return rows.map((r) => r.page_id);
}

export async function pageIdsOf(db: Db, spaceId: string, after: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("wiki_pages")
    .select("id")
    .where("space_id", "=", spaceId)
    .where("id", ">", after)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The space chosen as the instance's wiki (answering at `/wiki`), if any. */
export async function wikiSpaceId(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom("instance_settings")
    .select("value")
    .where("key", "=", "wiki_space")
    .executeTakeFirst();
  return row?.value ?? null;
}

export async function setWikiSpace(db: Db, spaceId: string): Promise<void> {
  await db
    .insertInto("instance_settings")
    .values({ key: "wiki_space", value: spaceId })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: spaceId }))
    .execute();
}

export async function personName(db: Db, personId: string): Promise<string> {
  const row = await db
    .selectFrom("persons")
    .select("display_name")
    .where("id", "=", personId)
    .executeTakeFirst();
  return row?.display_name ?? "";
}

/** No space is the instance's wiki any more: `/wiki` answers nothing. */
export async function clearWikiSpace(db: Db): Promise<void> {
  await db.deleteFrom("instance_settings").where("key", "=", "wiki_space").execute();
}
