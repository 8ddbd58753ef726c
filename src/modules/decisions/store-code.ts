import type { Kysely } from "kysely";
import { newId } from "../../core/ids.ts";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

// A space's social code with the decisions that published it, and the lineage of forked chambers.

const VERSION_COLUMNS = [
  "v.number",
  "v.text",
  "v.proposal_id",
  "v.adopted_at",
  "p.number as proposal_number",
  "p.title as proposal_title",
] as const;

/** One version of a space's social code (the newest when no number is given), with its decision. */
export function socialCodeWithDecision(db: Db, spaceId: string, number?: number) {
  let query = db
    .selectFrom("social_code_versions as v")
    .leftJoin("proposals as p", "p.id", "v.proposal_id")
    .select(VERSION_COLUMNS)
    .where("v.space_id", "=", spaceId);
  query =
    number === undefined ? query.orderBy("v.number", "desc").limit(1) : query.where("v.number", "=", number);
  return query.executeTakeFirst();
}

/** Every version of a space's social code, newest first, without their texts. */
export function socialCodeHistory(db: Db, spaceId: string) {
  return db
    .selectFrom("social_code_versions as v")
    .leftJoin("proposals as p", "p.id", "v.proposal_id")
    .select([
      "v.number",
      "v.proposal_id",
      "v.adopted_at",
      "p.number as proposal_number",
      "p.title as proposal_title",
    ])
    .where("v.space_id", "=", spaceId)
    .orderBy("v.number", "desc")
    .execute();
}

/** What the proposer says a version changes, written on the proposal's first version. */
export async function setFirstVersionNote(db: Db, proposalId: string, note: string): Promise<void> {
  await db
    .updateTable("proposal_versions")
    .set({ note })
    .where("proposal_id", "=", proposalId)
    .where("number", "=", 1)
    .execute();
}

// Lineage

const NODE_COLUMNS = ["id", "slug", "name", "forked_from", "forked_at_version", "created_at"] as const;

export function spaceNode(db: Db, id: string) {
  return db.selectFrom("spaces").select(NODE_COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** The chambers forked from these, oldest first. */
export function forksOf(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("spaces")
    .select(NODE_COLUMNS)
    .where("forked_from", "in", ids)
    .orderBy("created_at")
    .orderBy("name")
    .execute();
}

/**
 * A space's tag vocabulary copied to another: its families, tags and synonyms, with new ids. The tags of
 * its commons (commons_tags) stay behind: they link the parent's own records.
 */
export async function copyTagVocabulary(db: Db, fromSpace: string, toSpace: string): Promise<number> {
  const families = await db
    .selectFrom("tag_families")
    .selectAll()
    .where("space_id", "=", fromSpace)
    .execute();
  const familyIds = new Map(families.map((f) => [f.id, newId()]));
  for (const family of families)
    await db
      .insertInto("tag_families")
      .values({ ...family, id: familyIds.get(family.id) ?? newId(), space_id: toSpace })
      .execute();
  const tags = await db.selectFrom("tags").selectAll().where("space_id", "=", fromSpace).execute();
  const tagIds = new Map(tags.map((t) => [t.id, newId()]));
  for (const tag of tags)
    await db
      .insertInto("tags")
      .values({
        ...tag,
        id: tagIds.get(tag.id) ?? newId(),
        space_id: toSpace,
        family_id: tag.family_id ? (familyIds.get(tag.family_id) ?? null) : null,
      })
      .execute();
  const synonyms = await db
    .selectFrom("tag_synonyms")
    .selectAll()
    .where("space_id", "=", fromSpace)
    .execute();
  for (const synonym of synonyms) {
    const tagId = tagIds.get(synonym.tag_id);
    if (tagId)
      await db
        .insertInto("tag_synonyms")
        .values({ ...synonym, id: newId(), space_id: toSpace, tag_id: tagId })
        .execute();
  }
  return families.length + tags.length + synonyms.length;
}
