/**
 * Finding records: the list's filters and full-text search (FTS5 on SQLite, tsvector on PostgreSQL),
 * the map's points, the exports' ids and the candidates of a duplicate warning.
 */
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { type CommonsStatus, fold } from "../../core/commons.ts";
import { stems } from "../../core/search.ts";
import type { DialectName } from "../../db/connection.ts";
import type { CommonsTable, Database } from "../../db/schema.ts";
import { childrenOf, rowsByIds } from "./store.ts";

type Db = Kysely<Database>;

/** What the list, the map and the exports can filter on; every filter lives in the page's URL. */
export interface CommonsFilter {
  text?: string;
  tag?: string;
  kind?: string;
  commune?: string;
  status?: CommonsStatus;
}

export type CommonsSort = "relevance" | "name" | "recent";

/** A query's words as the search columns hold them (stems), at most twelve. */
function searchTerms(text: string): string[] {
  return [...new Set(stems(text))].slice(0, 12);
}

type CommonsQuery = SelectQueryBuilder<Database & { c: CommonsTable }, "c", object>;

function applyFilter(
  query: CommonsQuery,
  dialect: DialectName,
  filter: CommonsFilter,
  spaceId: string,
): CommonsQuery {
  let q = query.where("c.space_id", "=", spaceId);
  if (filter.status) q = q.where("c.status", "=", filter.status);
  if (filter.kind) q = q.where("c.kind", "=", filter.kind);
  if (filter.tag) {
    const tag = filter.tag;
    q = q.where("c.id", "in", (eb) =>
      eb
        .selectFrom("commons_tags as ct")
        .select("ct.commons_id")
        .where("ct.tag_id", "=", (t) =>
          t
            .selectFrom("tags as t")
            .select("t.id")
            .where("t.space_id", "=", spaceId)
            .where("t.slug", "=", tag),
        ),
    );
  }
  if (filter.commune) {
    const commune = fold(filter.commune);
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("commons_places as p")
          .select("p.id")
          .whereRef("p.commons_id", "=", "c.id")
          .where("p.commune_folded", "=", commune),
      ),
    );
  }
  const terms = filter.text ? searchTerms(filter.text) : [];
  if (terms.length > 0) q = q.where(matches(dialect, terms));
  return q;
}

function matches(dialect: DialectName, terms: string[]) {
  if (dialect === "postgres")
    return sql<boolean>`(setweight(to_tsvector('simple', c.search_name), 'A') || setweight(to_tsvector('simple', c.search_text), 'B')) @@ to_tsquery('simple', ${tsQuery(terms)})`;
  return sql<boolean>`c.rowid in (select rowid from commons_fts where commons_fts match ${ftsQuery(terms)})`;
}

/** PostgreSQL ranks each matching row; SQLite's ranks come from a join with the FTS table (below). */
function rank(terms: string[]) {
  return sql`ts_rank(setweight(to_tsvector('simple', c.search_name), 'A') || setweight(to_tsvector('simple', c.search_text), 'B'), to_tsquery('simple', ${tsQuery(terms)})) desc`;
}

/** Every stem as a prefix ("velo" finds "vélomobile"); stems are folded to letters and digits. */
function ftsQuery(terms: string[]): string {
  return terms.map((t) => `"${t}"*`).join(" ");
}

function tsQuery(terms: string[]): string {
  return terms.map((t) => `${t}:*`).join(" & ");
}

export async function listCommons(
  db: Db,
  dialect: DialectName,
  spaceId: string,
  filter: CommonsFilter,
  page: { sort: CommonsSort; limit: number; offset: number },
) {
  const base = applyFilter(db.selectFrom("commons as c"), dialect, filter, spaceId);
  const terms = filter.text ? searchTerms(filter.text) : [];
  if (terms.length === 0) {
    // Without a text the count reads an index alone: cheaper apart than as a window over every row.
    let query = base.selectAll("c");
    if (page.sort === "recent") query = query.orderBy("c.updated_at", "desc");
    const [rows, count] = await Promise.all([
      query.orderBy("c.name").orderBy("c.id").limit(page.limit).offset(page.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }
  return searched(dialect, base, terms, page);
}

/** A text search: the full-text match runs once, for the page's rows and their count (a window). */
async function searched(
  dialect: DialectName,
  base: CommonsQuery,
  terms: string[],
  page: { sort: CommonsSort; limit: number; offset: number },
) {
  let query = base.selectAll("c").select(sql<number>`count(*) over ()`.as("matches"));
  if (page.sort === "relevance") {
    // bm25 asked once for all matches, not once per row (a hundred times faster on 10 000 records).
    if (dialect === "sqlite")
      query = query
        .innerJoin(
          sql<{
            fts_rowid: number;
            fts_rank: number;
          }>`(select rowid as fts_rowid, bm25(commons_fts, 10.0, 1.0) as fts_rank from commons_fts where commons_fts match ${ftsQuery(terms)})`.as(
            "f",
          ),
          (join) => join.on(sql<boolean>`f.fts_rowid = c.rowid`),
        )
        .orderBy(sql`f.fts_rank`);
    else query = query.orderBy(rank(terms));
  } else if (page.sort === "recent") query = query.orderBy("c.updated_at", "desc");
  const found = await query.orderBy("c.name").orderBy("c.id").limit(page.limit).offset(page.offset).execute();
  const total =
    found.length > 0 || page.offset === 0
      ? Number(found[0]?.matches ?? 0)
      : // A page past the last match has no row to carry the count.
        Number((await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { rows: found.map(({ matches: _m, ...row }) => row), total };
}

/** Ids of every record matching the filter, in name order (exports read them in batches). */
export function matchingIds(db: Db, dialect: DialectName, spaceId: string, filter: CommonsFilter) {
  return applyFilter(db.selectFrom("commons as c"), dialect, filter, spaceId)
    .select("c.id")
    .orderBy("c.name")
    .orderBy("c.id")
    .execute();
}

/** Points for the map: one per place with coordinates (the map's index clusters them). */
export function mapPoints(db: Db, dialect: DialectName, spaceId: string, filter: CommonsFilter) {
  const query = applyFilter(db.selectFrom("commons as c"), dialect, filter, spaceId)
    .innerJoin("commons_places as p", "p.commons_id", "c.id")
    .where("p.latitude", "is not", null)
    .select([
      "c.id",
      "c.slug",
      "c.name",
      "c.summary",
      "c.kind",
      "c.status",
      "p.latitude",
      "p.longitude",
      "p.coarse",
      "p.commune",
    ]);
  return query.execute();
}

/** What a list shows of each record beyond its row: its tags and its communes (two queries). */
export async function summariesOf(db: Db, ids: string[]) {
  const tags = new Map<string, { slug: string; label: string }[]>();
  const communes = new Map<string, string[]>();
  if (ids.length === 0) return { tags, communes };
  const [tagRows, placeRows] = await Promise.all([
    db
      .selectFrom("commons_tags as ct")
      .innerJoin("tags as t", "t.id", "ct.tag_id")
      .select(["ct.commons_id", "t.slug", "t.label"])
      .where("ct.commons_id", "in", ids)
      .orderBy("t.label")
      .execute(),
    db
      .selectFrom("commons_places")
      .select(["commons_id", "commune"])
      .where("commons_id", "in", ids)
      .where("commune", "!=", "")
      .orderBy("position")
      .execute(),
  ]);
  for (const t of tagRows)
    tags.set(t.commons_id, [...(tags.get(t.commons_id) ?? []), { slug: t.slug, label: t.label }]);
  for (const p of placeRows) {
    const list = communes.get(p.commons_id) ?? [];
    if (!list.includes(p.commune)) communes.set(p.commons_id, [...list, p.commune]);
  }
  return { tags, communes };
}

/**
 * Possible duplicates of a record, to be scored by `duplicateScore`: records at the same postcode or
 * commune, and records whose name shares a word of four letters or more with it.
 */
export async function duplicateCandidates(
  db: Db,
  dialect: DialectName,
  spaceId: string,
  record: { name: string; places: { postcode: string; commune: string }[] },
  exceptId?: string,
) {
  const postcodes = record.places.map((p) => p.postcode).filter((p) => p !== "");
  const communes = record.places.map((p) => fold(p.commune)).filter((c) => c !== "");
  const words = [...new Set(stems(record.name))].filter((w) => w.length >= 4).slice(0, 8);
  const base = () => {
    const q = db.selectFrom("commons as c").select("c.id").where("c.space_id", "=", spaceId);
    return exceptId ? q.where("c.id", "!=", exceptId) : q;
  };
  const byPlace =
    postcodes.length + communes.length === 0
      ? []
      : await base()
          .innerJoin("commons_places as p", "p.commons_id", "c.id")
          .where((w) =>
            w.or([
              ...(postcodes.length ? [w("p.postcode", "in", postcodes)] : []),
              ...(communes.length ? [w("p.commune_folded", "in", communes)] : []),
            ]),
          )
          .limit(500)
          .execute();
  const byName =
    words.length === 0 ? [] : await base().where(nameMatchesAny(dialect, words)).limit(50).execute();
  const ids = [...new Set([...byPlace, ...byName].map((r) => r.id))];
  const [rows, children] = await Promise.all([rowsByIds(db, ids), childrenOf(db, ids)]);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    places: (children.get(row.id)?.places ?? []).map((p) => ({ postcode: p.postcode, commune: p.commune })),
  }));
}

function nameMatchesAny(dialect: DialectName, words: string[]) {
  if (dialect === "postgres")
    return sql<boolean>`to_tsvector('simple', c.search_name) @@ to_tsquery('simple', ${words.map((w) => `${w}:*`).join(" | ")})`;
  return sql<boolean>`c.rowid in (select rowid from commons_fts where commons_fts match ${`search_name : (${words.map((w) => `"${w}"*`).join(" OR ")})`})`;
}
