/**
 * The records of an assembly's directory: their rows, the places, links, tags and origins hanging off
 * them, and their slugs. Search, places, relations, kinds, tags, images and imports have their own stores.
 */
import type { InsertObject, Kysely } from "kysely";
import {
  type CommonsInput,
  fold,
  type GeoProvenance,
  type LinkType,
  type PlaceInput,
} from "../../core/commons.ts";
import { newId } from "../../core/ids.ts";
import { stemmed } from "../../core/search.ts";
import { slugify } from "../../core/spaces.ts";
import type { DialectName } from "../../db/connection.ts";
import type { CommonsPlaceTable, CommonsTable, Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

export type CommonsRow = CommonsTable;

/** The stemmed text full-text search reads: the name apart (ranked higher), then everything else. */
export function searchColumns(record: CommonsInput) {
  return {
    search_name: stemmed(record.name),
    search_text: stemmed(
      [record.summary, record.description, ...record.tags, ...record.places.map((p) => p.commune)].join(" "),
    ),
  };
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

export async function slugsOf(db: Db, spaceId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("commons").select("slug").where("space_id", "=", spaceId).execute();
  return new Set(rows.map((r) => r.slug));
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

export function rowsByIds(db: Db, ids: string[]) {
  return ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom("commons").selectAll().where("id", "in", ids).execute();
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

export async function lockCommons(db: Db, dialect: DialectName, id: string): Promise<void> {
  if (dialect === "postgres")
    await db.selectFrom("commons").select("id").where("id", "=", id).forUpdate().execute();
}

export async function spaceOf(db: Db, spaceId: string) {
  return db.selectFrom("spaces").selectAll().where("id", "=", spaceId).executeTakeFirstOrThrow();
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
