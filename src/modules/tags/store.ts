import type { Kysely } from "kysely";
import { slugify } from "../../core/spaces.ts";
import type { DialectName } from "../../db/connection.ts";
import type { Database, TagFamilyTable, TagTable } from "../../db/schema.ts";

type Db = Kysely<Database>;
export type TagRow = TagTable;
export type FamilyRow = TagFamilyTable;

/**
 * Slugs a tag may not take: `/espaces/:slug/etiquettes/familles` is the families' form. (A free tag
 * made elsewhere may still be called so; the routes tell the two apart by the form's fields.)
 */
const RESERVED_TAG_SLUGS = new Set(["familles"]);

export function listFamilies(db: Db, spaceId: string) {
  return db
    .selectFrom("tag_families")
    .selectAll()
    .where("space_id", "=", spaceId)
    .orderBy("position")
    .orderBy("name")
    .execute();
}

export function findFamily(db: Db, spaceId: string, id: string) {
  return db
    .selectFrom("tag_families")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertFamily(db: Db, family: FamilyRow): Promise<void> {
  await db.insertInto("tag_families").values(family).execute();
}

export async function renameFamily(db: Db, id: string, name: string): Promise<void> {
  await db.updateTable("tag_families").set({ name }).where("id", "=", id).execute();
}

/** Positions 0, 1, 2… in the given order; only rows whose position changes are written. */
export async function reorderFamilies(db: Db, families: FamilyRow[], orderedIds: string[]): Promise<void> {
  const current = new Map(families.map((f) => [f.id, f.position]));
  for (const [position, id] of orderedIds.entries())
    if (current.get(id) !== position)
      await db.updateTable("tag_families").set({ position }).where("id", "=", id).execute();
}

/** Every tag of an assembly with the number of records carrying it. */
export async function tagsWithCounts(db: Db, spaceId: string) {
  const rows = await db
    .selectFrom("tags as t")
    .select([
      "t.id",
      "t.slug",
      "t.label",
      "t.governed",
      "t.family_id",
      (eb) =>
        eb
          .selectFrom("commons_tags as ct")
          .select((c) => c.fn.countAll<number>().as("n"))
          .whereRef("ct.tag_id", "=", "t.id")
          .as("count"),
    ])
    .where("t.space_id", "=", spaceId)
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count ?? 0) }));
}

export function synonymsOfSpace(db: Db, spaceId: string) {
  return db.selectFrom("tag_synonyms").select(["tag_id", "label"]).where("space_id", "=", spaceId).execute();
}

export async function synonymsOf(db: Db, tagId: string): Promise<string[]> {
  const rows = await db.selectFrom("tag_synonyms").select("label").where("tag_id", "=", tagId).execute();
  return rows.map((r) => r.label);
}

export function findTag(db: Db, spaceId: string, slug: string) {
  return db
    .selectFrom("tags")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("slug", "=", slug)
    .executeTakeFirst();
}

/** Tags (other than `exceptId`) whose folded label is one of `folded`. */
export function tagsFolded(db: Db, spaceId: string, folded: string[], exceptId?: string) {
  if (folded.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom("tags")
    .select(["id", "folded"])
    .where("space_id", "=", spaceId)
    .where("folded", "in", folded);
  if (exceptId) query = query.where("id", "!=", exceptId);
  return query.execute();
}

/** Synonyms of other tags than `exceptTagId` whose folded form is one of `folded`. */
export function synonymsFolded(db: Db, spaceId: string, folded: string[], exceptTagId?: string) {
  if (folded.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom("tag_synonyms")
    .select(["tag_id", "folded"])
    .where("space_id", "=", spaceId)
    .where("folded", "in", folded);
  if (exceptTagId) query = query.where("tag_id", "!=", exceptTagId);
  return query.execute();
}

async function tagSlugTaken(db: Db, spaceId: string, slug: string): Promise<boolean> {
  if (RESERVED_TAG_SLUGS.has(slug)) return true;
  return (await findTag(db, spaceId, slug)) !== undefined;
}

/** A slug made from the label that no tag of the assembly has: "jardin", then "jardin-2"… */
export async function freeTagSlug(db: Db, spaceId: string, label: string): Promise<string> {
  const base = slugify(label).slice(0, 50) || "etiquette";
  let slug = base;
  for (let n = 2; await tagSlugTaken(db, spaceId, slug); n++) slug = `${base}-${n}`;
  return slug;
}

export async function insertTag(db: Db, tag: TagRow): Promise<void> {
  await db.insertInto("tags").values(tag).execute();
}

export async function updateTag(
  db: Db,
  id: string,
  changes: Partial<Omit<TagRow, "id" | "space_id">>,
): Promise<void> {
  await db.updateTable("tags").set(changes).where("id", "=", id).execute();
}

/** Deletes a tag; its synonyms and the records' links to it go with it (foreign keys cascade). */
export async function deleteTag(db: Db, id: string): Promise<void> {
  await db.deleteFrom("tags").where("id", "=", id).execute();
}

export async function replaceSynonyms(
  db: Db,
  spaceId: string,
  tagId: string,
  synonyms: { id: string; label: string; folded: string }[],
): Promise<void> {
  await db.deleteFrom("tag_synonyms").where("tag_id", "=", tagId).execute();
  if (synonyms.length > 0)
    await db
      .insertInto("tag_synonyms")
      .values(synonyms.map((s) => ({ ...s, space_id: spaceId, tag_id: tagId })))
      .execute();
}

/** Hands the synonyms of one tag to another; one equal to the receiving tag's own label is dropped. */
export async function moveSynonyms(db: Db, fromId: string, to: { id: string; folded: string }) {
  await db.deleteFrom("tag_synonyms").where("tag_id", "=", fromId).where("folded", "=", to.folded).execute();
  await db.updateTable("tag_synonyms").set({ tag_id: to.id }).where("tag_id", "=", fromId).execute();
}

export async function addSynonym(
  db: Db,
  synonym: { id: string; space_id: string; tag_id: string; label: string; folded: string },
): Promise<void> {
  await db.insertInto("tag_synonyms").values(synonym).execute();
}

/**
 * Puts every record of `fromId` on `toId`. A record carrying both keeps its one link to `toId`; its
 * link to `fromId` stays behind and goes when that tag is deleted.
 */
export async function moveCarriers(db: Db, fromId: string, toId: string): Promise<void> {
  await db
    .updateTable("commons_tags")
    .set({ tag_id: toId })
    .where("tag_id", "=", fromId)
    .where("commons_id", "not in", (eb) =>
      eb.selectFrom("commons_tags as kept").select("kept.commons_id").where("kept.tag_id", "=", toId),
    )
    .execute();
}

export async function carrierIds(db: Db, tagId: string): Promise<string[]> {
  const rows = await db.selectFrom("commons_tags").select("commons_id").where("tag_id", "=", tagId).execute();
  return rows.map((r) => r.commons_id);
}

export async function countCarriers(db: Db, tagId: string): Promise<number> {
  const row = await db
    .selectFrom("commons_tags")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("tag_id", "=", tagId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The records carrying a tag, by name, at most `limit`. */
export function carriers(db: Db, tagId: string, limit: number) {
  return db
    .selectFrom("commons as c")
    .innerJoin("commons_tags as ct", "ct.commons_id", "c.id")
    .select(["c.id", "c.slug", "c.name", "c.summary"])
    .where("ct.tag_id", "=", tagId)
    .orderBy("c.name")
    .orderBy("c.id")
    .limit(limit)
    .execute();
}

/**
 * Makes two changes of the same tags wait for each other (PostgreSQL; SQLite runs one write
 * transaction at a time anyway): two merges crossing each other cannot lose records.
 */
export async function lockTags(db: Db, dialect: DialectName, ids: string[]): Promise<void> {
  if (dialect === "postgres" && ids.length > 0)
    await db.selectFrom("tags").select("id").where("id", "in", ids).orderBy("id").forUpdate().execute();
}
