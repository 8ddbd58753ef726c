/**
 * Tags as records carry them: labels typed on a record become tags of the assembly (see modules/tags
 * for the vocabulary itself).
 */
import type { Kysely } from "kysely";
import { fold } from "../../core/commons.ts";
import { newId } from "../../core/ids.ts";
import { slugify } from "../../core/spaces.ts";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

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
