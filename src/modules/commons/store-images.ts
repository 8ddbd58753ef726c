/**
 * The images of a record (their files live under the data folder, named after the image's id).
 */
import type { Insertable, Kysely } from "kysely";
import type { CommonsImageTable, Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

export function imagesOf(db: Db, commonsId: string) {
  return db
    .selectFrom("commons_images")
    .select(["id", "alt", "width", "height"])
    .where("commons_id", "=", commonsId)
    .orderBy("position")
    .execute();
}

export async function countImages(db: Db, commonsId: string): Promise<number> {
  const row = await db
    .selectFrom("commons_images")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("commons_id", "=", commonsId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertImage(db: Db, image: Insertable<CommonsImageTable>): Promise<void> {
  await db.insertInto("commons_images").values(image).execute();
}

/** Deletes an image of this record; false when the record has no such image. */
export async function deleteImage(db: Db, commonsId: string, id: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom("commons_images")
    .where("id", "=", id)
    .where("commons_id", "=", commonsId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

export async function imageExists(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom("commons_images").select("id").where("id", "=", id).executeTakeFirst();
  return row !== undefined;
}

/** The first image of each of these records (the one cards show), by record id. */
export async function coversOf(
  db: Db,
  commonsIds: string[],
): Promise<Map<string, { id: string; alt: string }>> {
  const covers = new Map<string, { id: string; alt: string }>();
  if (commonsIds.length === 0) return covers;
  const rows = await db
    .selectFrom("commons_images")
    .select(["commons_id", "id", "alt"])
    .where("commons_id", "in", commonsIds)
    .orderBy("commons_id")
    .orderBy("position")
    .execute();
  for (const row of rows)
    if (!covers.has(row.commons_id)) covers.set(row.commons_id, { id: row.id, alt: row.alt });
  return covers;
}
