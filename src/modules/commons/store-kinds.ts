/**
 * The kinds of resource an assembly's records choose from.
 */
import type { Kysely } from "kysely";
import { DEFAULT_KINDS } from "../../core/commons.ts";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

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

export async function usedKinds(db: Db, spaceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("commons")
    .select("kind")
    .distinct()
    .where("space_id", "=", spaceId)
    .execute();
  return rows.map((r) => r.kind);
}
