import { type ExpressionBuilder, type InsertObject, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import {
  type CommonsInput,
  type CommonsStatus,
  DEFAULT_KINDS,
  fold,
  type GeoProvenance,
  type LinkType,
  type PlaceInput,
} from "../../core/commons.ts";
import { newId } from "../../core/ids.ts";
import { slugify } from "../../core/spaces.ts";
import type { DialectName } from "../../db/connection.ts";
import type { CommonsPlaceTable, CommonsTable, Database } from "../../db/schema.ts";

type Db = Kysely<Database>;
export type CommonsRow = CommonsTable;

/** What the list, the map and the exports can filter on; every filter lives in the page's URL. */
export interface CommonsFilter {
  text?: string;
  tag?: string;
  kind?: string;
  commune?: string;
  status?: CommonsStatus;
  /** south, west, north, east */
  bbox?: [number, number, number, number];
}

export type CommonsSort = "relevance" | "name" | "recent";

/** An assembly's kinds of resource: the default list until its facilitators edit it. */
export async function listKinds(db: Db, spaceId: string): Promise<{ slug: string; label: string }[]> {
  const kinds = await db
    .selectFrom("commons_kinds")
    .select(["slug", "label"])
    .where("space_id", "=", spaceId)
    .orderBy("position")
    .execute();
  return kinds.length > 0 ? kinds : [...DEFAULT_KINDS];
}

export async function saveKinds(db: Db, spaceId: string, kinds: { slug: string; label: string }[]) {
  await db.deleteFrom("commons_kinds").where("space_id", "=", spaceId).execute();
  if (kinds.length > 0)
    await db
      .insertInto("commons_kinds")
      .values(kinds.map((k, position) => ({ space_id: spaceId, ...k, position })))
      .execute();
}

/** The folded text full-text search reads: the name apart (ranked higher), then everything else. */
export function searchColumns(record: CommonsInput) {
  return {
    search_name: fold(record.name),
    search_text: fold(
      [record.summary, record.description, ...record.tags, ...record.places.map((p) => p.commune)].join(" "),
    ),
  };
}

function searchTerms(text: string): string[] {
  return fold(text)
    .split(" ")
    .filter((t) => t !== "")
    .slice(0, 12);
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

/** Every term as a prefix ("jardin" finds "jardins"); terms are folded to letters and digits. */
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
  let query = base.selectAll("c");
  if (page.sort === "relevance" && terms.length > 0) {
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
  query = query.orderBy("c.name").orderBy("c.id");
  const [rows, count] = await Promise.all([
    query.limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Ids of every record matching the filter, in name order (exports read them in batches). */
export function matchingIds(db: Db, dialect: DialectName, spaceId: string, filter: CommonsFilter) {
  return applyFilter(db.selectFrom("commons as c"), dialect, filter, spaceId)
    .select("c.id")
    .orderBy("c.name")
    .orderBy("c.id")
    .execute();
}

/** Points for the map: one per place with coordinates, within the viewport when one is given. */
export function mapPoints(db: Db, dialect: DialectName, spaceId: string, filter: CommonsFilter) {
  let query = applyFilter(db.selectFrom("commons as c"), dialect, filter, spaceId)
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
  if (filter.bbox) {
    const [south, west, north, east] = filter.bbox;
    query = query
      .where("p.latitude", ">=", south)
      .where("p.latitude", "<=", north)
      .where("p.longitude", ">=", west)
      .where("p.longitude", "<=", east);
  }
  return query.execute();
}

export function findCommonsBySlug(db: Db, spaceId: string, slug: string) {
  return db
    .selectFrom("commons")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("slug", "=", slug)
    .executeTakeFirst();
}

export function findCommonsById(db: Db, id: string) {
  return db.selectFrom("commons").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function slugTaken(db: Db, spaceId: string, slug: string, exceptId?: string) {
  let query = db.selectFrom("commons").select("id").where("space_id", "=", spaceId).where("slug", "=", slug);
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Slugs that the directory's own pages use (`/communs/nouveau`, `/communs/import`…). */
const RESERVED_SLUGS = new Set(["nouveau", "import", "export", "adresses", "carte-json", "types"]);

/** A free slug made from the name: "jardin", then "jardin-2", "jardin-3"… */
export async function freeSlug(db: Db, spaceId: string, wanted: string, exceptId?: string) {
  const base = slugify(wanted).slice(0, 60) || "commun";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base.slice(0, 55)}-${n}`;
    if (!RESERVED_SLUGS.has(slug) && !(await slugTaken(db, spaceId, slug, exceptId))) return slug;
  }
}

export interface Children {
  places: (PlaceInput & { id: string; geo: GeoProvenance | null; geoFailed: string | null })[];
  links: { type: LinkType; url: string; label: string }[];
  tags: { slug: string; label: string; governed: boolean }[];
  origins: { source: string; id: string; revision: string | null }[];
}

function placeOf(row: CommonsPlaceTable): Children["places"][number] {
  return {
    id: row.id,
    label: row.label,
    street: row.street,
    postcode: row.postcode,
    commune: row.commune,
    inseeCode: row.insee_code,
    country: row.country,
    latitude: row.latitude,
    longitude: row.longitude,
    coarse: row.coarse === 1,
    geo:
      row.geo_source && row.geo_at
        ? { source: row.geo_source as GeoProvenance["source"], score: row.geo_score, at: row.geo_at }
        : null,
    geoFailed: row.geo_failed,
  };
}

/** Places, links, tags and origins of many records at once (four queries, whatever their number). */
export async function childrenOf(db: Db, ids: string[]): Promise<Map<string, Children>> {
  const result = new Map<string, Children>(
    ids.map((id) => [id, { places: [], links: [], tags: [], origins: [] }]),
  );
  if (ids.length === 0) return result;
  const [places, links, tags, origins] = await Promise.all([
    db
      .selectFrom("commons_places")
      .selectAll()
      .where("commons_id", "in", ids)
      .orderBy("commons_id")
      .orderBy("position")
      .execute(),
    db
      .selectFrom("commons_links")
      .selectAll()
      .where("commons_id", "in", ids)
      .orderBy("commons_id")
      .orderBy("position")
      .execute(),
    db
      .selectFrom("commons_tags as ct")
      .innerJoin("tags as t", "t.id", "ct.tag_id")
      .select(["ct.commons_id", "t.slug", "t.label", "t.governed"])
      .where("ct.commons_id", "in", ids)
      .orderBy("t.label")
      .execute(),
    db
      .selectFrom("commons_origins")
      .select(["commons_id", "source", "external_id", "revision"])
      .where("commons_id", "in", ids)
      .orderBy("imported_at")
      .execute(),
  ]);
  for (const p of places) result.get(p.commons_id)?.places.push(placeOf(p));
  for (const l of links)
    result.get(l.commons_id)?.links.push({ type: l.type as LinkType, url: l.url, label: l.label });
  for (const t of tags)
    result.get(t.commons_id)?.tags.push({ slug: t.slug, label: t.label, governed: t.governed === 1 });
  for (const o of origins)
    result.get(o.commons_id)?.origins.push({ source: o.source, id: o.external_id, revision: o.revision });
  return result;
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

export function rowsByIds(db: Db, ids: string[]) {
  return ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom("commons").selectAll().where("id", "in", ids).execute();
}

/**
 * Tag ids for labels as typed: a tag or synonym with the same folded label is reused; anything else
 * becomes a free tag of the assembly.
 */
export async function resolveTags(
  db: Db,
  spaceId: string,
  labels: string[],
  cache = new Map<string, string>(),
): Promise<string[]> {
  const ids: string[] = [];
  for (const label of labels) {
    const folded = fold(label);
    const cached = cache.get(folded);
    if (cached) {
      if (!ids.includes(cached)) ids.push(cached);
      continue;
    }
    const tag = await db
      .selectFrom("tags")
      .select("id")
      .where("space_id", "=", spaceId)
      .where("folded", "=", folded)
      .executeTakeFirst();
    const synonym = tag
      ? undefined
      : await db
          .selectFrom("tag_synonyms")
          .select("tag_id as id")
          .where("space_id", "=", spaceId)
          .where("folded", "=", folded)
          .executeTakeFirst();
    const id = tag?.id ?? synonym?.id ?? (await insertFreeTag(db, spaceId, label, folded));
    cache.set(folded, id);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

async function insertFreeTag(db: Db, spaceId: string, label: string, folded: string): Promise<string> {
  const id = newId();
  const base = slugify(label).slice(0, 50) || "tag";
  let slug = base;
  for (let n = 2; await tagSlugTaken(db, spaceId, slug); n++) slug = `${base}-${n}`;
  await db
    .insertInto("tags")
    .values({ id, space_id: spaceId, family_id: null, slug, label, folded, governed: 0, description: "" })
    .execute();
  return id;
}

async function tagSlugTaken(db: Db, spaceId: string, slug: string) {
  const row = await db
    .selectFrom("tags")
    .select("id")
    .where("space_id", "=", spaceId)
    .where("slug", "=", slug)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateCommons(db: Db, id: string, changes: Partial<CommonsRow>): Promise<void> {
  await db.updateTable("commons").set(changes).where("id", "=", id).execute();
}

export async function deleteCommons(db: Db, id: string): Promise<void> {
  await db.deleteFrom("commons").where("id", "=", id).execute();
}

type SavedPlace = PlaceInput & { geoFailed?: string | null };

/** The rows of a record's places and links, in their order. */
function childRows(commonsId: string, places: SavedPlace[], links: CommonsInput["links"]) {
  return {
    places: places.map((p, position) => ({
      id: newId(),
      commons_id: commonsId,
      position,
      label: p.label,
      street: p.street,
      postcode: p.postcode,
      commune: p.commune,
      commune_folded: fold(p.commune),
      insee_code: p.inseeCode,
      country: p.country,
      latitude: p.latitude,
      longitude: p.longitude,
      coarse: p.coarse ? (1 as const) : (0 as const),
      geo_source: p.geo?.source ?? null,
      geo_score: p.geo?.score ?? null,
      geo_at: p.geo?.at ?? null,
      geo_failed: p.geoFailed ?? null,
    })),
    links: links.map((l, position) => ({ id: newId(), commons_id: commonsId, position, ...l })),
  };
}

/** Inserts in slices, so that no statement carries more parameters than a driver takes. */
async function insertInSlices<T extends keyof Database & string>(
  db: Db,
  table: T,
  rows: InsertObject<Database, T>[],
  size = 200,
) {
  for (let i = 0; i < rows.length; i += size)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute();
}

/** Replaces places, links and tags of a record with the given ones. */
export async function replaceChildren(
  db: Db,
  commonsId: string,
  places: SavedPlace[],
  links: CommonsInput["links"],
  tagIds: string[],
): Promise<void> {
  await db.deleteFrom("commons_places").where("commons_id", "=", commonsId).execute();
  await db.deleteFrom("commons_links").where("commons_id", "=", commonsId).execute();
  await db.deleteFrom("commons_tags").where("commons_id", "=", commonsId).execute();
  const rows = childRows(commonsId, places, links);
  await insertInSlices(db, "commons_places", rows.places);
  await insertInSlices(db, "commons_links", rows.links);
  await insertInSlices(
    db,
    "commons_tags",
    tagIds.map((tag_id) => ({ commons_id: commonsId, tag_id })),
  );
}

export interface NewRecord {
  row: CommonsRow;
  places: SavedPlace[];
  links: CommonsInput["links"];
  tagIds: string[];
  origin: { source: string; id: string; revision?: string | null } | null;
}

/** Inserts many new records with a few multi-row statements (imports write thousands at once). */
export async function insertRecords(db: Db, records: NewRecord[]): Promise<void> {
  if (records.length === 0) return;
  const now = new Date().toISOString();
  const children = records.map((r) => childRows(r.row.id, r.places, r.links));
  await insertInSlices(
    db,
    "commons",
    records.map((r) => r.row),
    100,
  );
  await insertInSlices(
    db,
    "commons_places",
    children.flatMap((c) => c.places),
    100,
  );
  await insertInSlices(
    db,
    "commons_links",
    children.flatMap((c) => c.links),
  );
  await insertInSlices(
    db,
    "commons_tags",
    records.flatMap((r) => r.tagIds.map((tag_id) => ({ commons_id: r.row.id, tag_id }))),
    500,
  );
  await insertInSlices(
    db,
    "commons_origins",
    records.flatMap((r) =>
      r.origin
        ? [
            {
              id: newId(),
              space_id: r.row.space_id,
              commons_id: r.row.id,
              source: r.origin.source,
              external_id: r.origin.id,
              revision: r.origin.revision ?? null,
              imported_at: now,
            },
          ]
        : [],
    ),
  );
}

/** Which of these origins (source, id) a directory already knows, and for which record. */
export async function recordsByOrigin(db: Db, spaceId: string, origins: { source: string; id: string }[]) {
  const found = new Map<string, string>();
  if (origins.length === 0) return found;
  const rows = await db
    .selectFrom("commons_origins")
    .select(["source", "external_id", "commons_id"])
    .where("space_id", "=", spaceId)
    .where("external_id", "in", [...new Set(origins.map((o) => o.id))])
    .execute();
  for (const row of rows) found.set(originKey(row.source, row.external_id), row.commons_id);
  return found;
}

export function originKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

export async function slugsOf(db: Db, spaceId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("commons").select("slug").where("space_id", "=", spaceId).execute();
  return new Set(rows.map((r) => r.slug));
}

/** A slug not in `taken` (nor reserved), made from `wanted`; it is added to `taken`. */
export function claimSlug(taken: Set<string>, wanted: string): string {
  const base = slugify(wanted).slice(0, 60) || "commun";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base.slice(0, 55)}-${n}`;
    if (!RESERVED_SLUGS.has(slug) && !taken.has(slug)) {
      taken.add(slug);
      return slug;
    }
  }
}

export async function addOrigin(
  db: Db,
  spaceId: string,
  commonsId: string,
  origin: { source: string; id: string; revision?: string | null },
): Promise<void> {
  await db
    .insertInto("commons_origins")
    .values({
      id: newId(),
      space_id: spaceId,
      commons_id: commonsId,
      source: origin.source,
      external_id: origin.id,
      revision: origin.revision ?? null,
      imported_at: new Date().toISOString(),
    })
    .onConflict((oc) =>
      oc
        .columns(["space_id", "source", "external_id"])
        .doUpdateSet({ revision: origin.revision ?? null, commons_id: commonsId }),
    )
    .execute();
}

export async function setPlaceGeo(
  db: Db,
  placeId: string,
  geo:
    | { latitude: number; longitude: number; source: string; score: number | null; inseeCode?: string }
    | { failed: string },
): Promise<void> {
  const at = new Date().toISOString();
  if ("failed" in geo) {
    await db
      .updateTable("commons_places")
      .set({ geo_failed: geo.failed })
      .where("id", "=", placeId)
      .execute();
    return;
  }
  await db
    .updateTable("commons_places")
    .set({
      latitude: geo.latitude,
      longitude: geo.longitude,
      geo_source: geo.source,
      geo_score: geo.score,
      geo_at: at,
      geo_failed: null,
      ...(geo.inseeCode ? { insee_code: geo.inseeCode } : {}),
    })
    .where("id", "=", placeId)
    .execute();
}

/** Places of an assembly still to geocode: an address but no coordinates. */
export function placesToGeocode(db: Db, spaceId: string, retryFailed: boolean) {
  let query = db
    .selectFrom("commons_places as p")
    .innerJoin("commons as c", "c.id", "p.commons_id")
    .select(["p.id", "p.street", "p.postcode", "p.commune", "p.country", "c.id as commonsId"])
    .where("c.space_id", "=", spaceId)
    .where("p.latitude", "is", null)
    .where((eb) => eb.or([eb("p.postcode", "!=", ""), eb("p.commune", "!=", "")]));
  if (!retryFailed) query = query.where("p.geo_failed", "is", null);
  return query.orderBy("p.id").execute();
}

export function relatedOf(db: Db, id: string) {
  const other = (eb: ExpressionBuilder<Database, "commons_relations">) =>
    eb.case().when("commons_a", "=", id).then(eb.ref("commons_b")).else(eb.ref("commons_a")).end();
  return db
    .selectFrom("commons as c")
    .select(["c.id", "c.slug", "c.name", "c.summary"])
    .where("c.id", "in", (eb) =>
      eb
        .selectFrom("commons_relations")
        .select((r) => other(r).as("other"))
        .where((r) => r.or([r("commons_a", "=", id), r("commons_b", "=", id)])),
    )
    .orderBy("c.name")
    .execute();
}

/** Related commons are stored once per pair, the smaller id first: the relation is symmetric. */
export function pairOf(a: string, b: string) {
  return a < b ? { commons_a: a, commons_b: b } : { commons_a: b, commons_b: a };
}

export async function relate(db: Db, a: string, b: string): Promise<void> {
  await db
    .insertInto("commons_relations")
    .values({ ...pairOf(a, b), created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["commons_a", "commons_b"]).doNothing())
    .execute();
}

export async function unrelate(db: Db, a: string, b: string): Promise<void> {
  const pair = pairOf(a, b);
  await db
    .deleteFrom("commons_relations")
    .where("commons_a", "=", pair.commons_a)
    .where("commons_b", "=", pair.commons_b)
    .execute();
}

export function commonersOf(db: Db, id: string) {
  return db
    .selectFrom("commons_commoners as cc")
    .innerJoin("persons as p", "p.id", "cc.person_id")
    .select(["p.id as personId", "p.display_name as displayName", "cc.role"])
    .where("cc.commons_id", "=", id)
    .orderBy("p.display_name")
    .execute();
}

export async function isCommoner(db: Db, commonsId: string, personId: string) {
  const row = await db
    .selectFrom("commons_commoners")
    .select("person_id")
    .where("commons_id", "=", commonsId)
    .where("person_id", "=", personId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function declareCommoner(db: Db, commonsId: string, personId: string, role: string) {
  await db
    .insertInto("commons_commoners")
    .values({ commons_id: commonsId, person_id: personId, role, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["commons_id", "person_id"]).doUpdateSet({ role }))
    .execute();
}

export async function withdrawCommoner(db: Db, commonsId: string, personId: string) {
  await db
    .deleteFrom("commons_commoners")
    .where("commons_id", "=", commonsId)
    .where("person_id", "=", personId)
    .execute();
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
  const words = [...new Set(fold(record.name).split(" "))].filter((w) => w.length >= 4).slice(0, 8);
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

export function placeRowsOf(db: Db, commonsId: string) {
  return db.selectFrom("commons_places").selectAll().where("commons_id", "=", commonsId).execute();
}

export async function lockCommons(db: Db, dialect: DialectName, id: string): Promise<void> {
  if (dialect === "postgres")
    await db.selectFrom("commons").select("id").where("id", "=", id).forUpdate().execute();
}

export async function spaceOf(db: Db, spaceId: string) {
  return db.selectFrom("spaces").selectAll().where("id", "=", spaceId).executeTakeFirstOrThrow();
}

export async function usedKinds(db: Db, spaceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("commons")
    .select("kind")
    .distinct()
    .where("space_id", "=", spaceId)
    .execute();
  return rows.map((r) => r.kind);
}

export function chambersOf(db: Db, commonsId: string) {
  return db
    .selectFrom("chamber_commons as cc")
    .innerJoin("spaces as s", "s.id", "cc.space_id")
    .select(["s.slug", "s.name"])
    .where("cc.commons_id", "=", commonsId)
    .orderBy("s.name")
    .execute();
}

export async function linkChamber(db: Db, chamberId: string, commonsId: string) {
  await db
    .insertInto("chamber_commons")
    .values({ space_id: chamberId, commons_id: commonsId, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["space_id", "commons_id"]).doNothing())
    .execute();
}

export async function unlinkChamber(db: Db, chamberId: string, commonsId: string) {
  await db
    .deleteFrom("chamber_commons")
    .where("space_id", "=", chamberId)
    .where("commons_id", "=", commonsId)
    .execute();
}

/** The record's history: its audit events, newest first. */
export function historyOf(db: Db, commonsId: string) {
  return db
    .selectFrom("audit_events as e")
    .leftJoin("persons as p", "p.id", "e.actor_id")
    .select(["e.id", "e.at", "e.action", "e.before", "e.after", "p.display_name as actorName"])
    .where("e.subject_type", "=", "commons")
    .where("e.subject_id", "=", commonsId)
    .orderBy("e.id", "desc")
    .limit(100)
    .execute();
}

/** Recomputes the folded search columns from what is stored (after a merge changed the children). */
export async function refreshSearch(db: Db, id: string): Promise<void> {
  const row = await db.selectFrom("commons").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const children = (await childrenOf(db, [id])).get(id);
  await db
    .updateTable("commons")
    .set(
      searchColumns({
        ...row,
        tags: (children?.tags ?? []).map((t) => t.label),
        places: children?.places ?? [],
        links: [],
      }),
    )
    .where("id", "=", id)
    .execute();
}

/**
 * Moves everything of `dropId` onto `keepId` and deletes it: origins, places (appended), links not
 * already there, tags, relations, commoners and chamber links (duplicates of a pair kept once).
 */
export async function mergeInto(db: Db, keepId: string, dropId: string): Promise<void> {
  await db
    .updateTable("commons_origins")
    .set({ commons_id: keepId })
    .where("commons_id", "=", dropId)
    .execute();
  const keptPlaces = await placeRowsOf(db, keepId);
  const dropPlaces = await placeRowsOf(db, dropId);
  for (const [i, place] of dropPlaces.entries())
    await db
      .updateTable("commons_places")
      .set({ commons_id: keepId, position: keptPlaces.length + i })
      .where("id", "=", place.id)
      .execute();
  const keptUrls = new Set(
    (await db.selectFrom("commons_links").select("url").where("commons_id", "=", keepId).execute()).map(
      (l) => l.url,
    ),
  );
  const dropLinks = await db
    .selectFrom("commons_links")
    .selectAll()
    .where("commons_id", "=", dropId)
    .execute();
  for (const link of dropLinks.filter((l) => !keptUrls.has(l.url)))
    await db
      .updateTable("commons_links")
      .set({ commons_id: keepId, position: 1000 + link.position })
      .where("id", "=", link.id)
      .execute();
  const tagIds = (
    await db.selectFrom("commons_tags").select("tag_id").where("commons_id", "=", dropId).execute()
  ).map((t) => t.tag_id);
  for (const tagId of tagIds)
    await db
      .insertInto("commons_tags")
      .values({ commons_id: keepId, tag_id: tagId })
      .onConflict((oc) => oc.columns(["commons_id", "tag_id"]).doNothing())
      .execute();
  for (const other of await relatedOf(db, dropId))
    if (other.id !== keepId) await relate(db, keepId, other.id);
  const commoners = await db
    .selectFrom("commons_commoners")
    .selectAll()
    .where("commons_id", "=", dropId)
    .execute();
  for (const c of commoners)
    await db
      .insertInto("commons_commoners")
      .values({ ...c, commons_id: keepId })
      .onConflict((oc) => oc.columns(["commons_id", "person_id"]).doNothing())
      .execute();
  const chambers = await db
    .selectFrom("chamber_commons")
    .select("space_id")
    .where("commons_id", "=", dropId)
    .execute();
  for (const c of chambers) await linkChamber(db, c.space_id, keepId);
  await deleteCommons(db, dropId);
}

/** Names and postcodes/communes of every record of a directory, for duplicate warnings on import. */
export async function directoryIndex(db: Db, spaceId: string) {
  const rows = await db
    .selectFrom("commons as c")
    .leftJoin("commons_places as p", "p.commons_id", "c.id")
    .select(["c.id", "c.slug", "c.name", "p.postcode", "p.commune"])
    .where("c.space_id", "=", spaceId)
    .execute();
  const records = new Map<
    string,
    { id: string; slug: string; name: string; places: { postcode: string; commune: string }[] }
  >();
  for (const r of rows) {
    const record = records.get(r.id) ?? { id: r.id, slug: r.slug, name: r.name, places: [] };
    if (r.postcode !== null || r.commune !== null)
      record.places.push({ postcode: r.postcode ?? "", commune: r.commune ?? "" });
    records.set(r.id, record);
  }
  return [...records.values()];
}

export function tagsInUse(db: Db, spaceId: string) {
  return db
    .selectFrom("tags as t")
    .select(["t.slug", "t.label"])
    .where("t.space_id", "=", spaceId)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom("commons_tags as ct").select("ct.tag_id").whereRef("ct.tag_id", "=", "t.id")),
    )
    .orderBy("t.label")
    .execute();
}

/** Every place of a directory with its record, for the address completeness dashboard. */
export function placesOfDirectory(db: Db, spaceId: string) {
  return db
    .selectFrom("commons_places as p")
    .innerJoin("commons as c", "c.id", "p.commons_id")
    .select([
      "c.slug",
      "c.name",
      "p.position",
      "p.street",
      "p.postcode",
      "p.commune",
      "p.latitude",
      "p.longitude",
      "p.geo_score as geoScore",
      "p.geo_source as geoSource",
      "p.geo_failed as geoFailed",
    ])
    .where("c.space_id", "=", spaceId)
    .orderBy("c.name")
    .orderBy("p.position")
    .execute();
}

/** Records of a directory that have no place at all. */
export function commonsWithoutPlace(db: Db, spaceId: string) {
  return db
    .selectFrom("commons as c")
    .select(["c.slug", "c.name"])
    .where("c.space_id", "=", spaceId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("commons_places as p").select("p.id").whereRef("p.commons_id", "=", "c.id"))),
    )
    .orderBy("c.name")
    .execute();
}

export function imagesOf(db: Db, commonsId: string) {
  return db
    .selectFrom("commons_images")
    .select(["id", "alt", "width", "height"])
    .where("commons_id", "=", commonsId)
    .orderBy("position")
    .execute();
}

/** The chambers a person facilitates (every chamber for an instance administrator). */
export function chambersCuratedBy(db: Db, actor: { id: string; isAdmin: boolean }) {
  let query = db.selectFrom("spaces as s").select(["s.slug", "s.name"]).where("s.kind", "=", "chamber");
  if (!actor.isAdmin)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("memberships as m")
          .select("m.id")
          .whereRef("m.space_id", "=", "s.id")
          .where("m.person_id", "=", actor.id)
          .where("m.status", "=", "active")
          .where("m.role", "=", "facilitator"),
      ),
    );
  return query.orderBy("s.name").execute();
}

/**
 * Refreshes the planner's statistics on the directory's tables: after thousands of rows arrive at
 * once, PostgreSQL would otherwise guess a space holds a few dozen records and plan searches badly.
 */
export async function analyzeDirectory(db: Db): Promise<void> {
  for (const table of ["commons", "commons_places", "commons_tags", "tags", "commons_origins"])
    await sql`analyze ${sql.table(table)}`.execute(db);
}

export function commonsOfChamber(db: Db, chamberId: string) {
  return db
    .selectFrom("chamber_commons as cc")
    .innerJoin("commons as c", "c.id", "cc.commons_id")
    .innerJoin("spaces as s", "s.id", "c.space_id")
    .select(["c.slug", "c.name", "c.summary", "s.slug as spaceSlug"])
    .where("cc.space_id", "=", chamberId)
    .orderBy("c.name")
    .execute();
}
