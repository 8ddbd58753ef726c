/**
 * What links a record to others: related commons, commoners, the chambers it is linked to, and the
 * merge of a duplicate that moves all of it.
 */
import type { ExpressionBuilder, Kysely } from "kysely";
import { prepared } from "../../db/connection.ts";
import type { Database } from "../../db/schema.ts";
import { deleteCommons } from "./store.ts";
import { placeRowsOf } from "./store-places.ts";

type Db = Kysely<Database>;

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

/** Everyone who said they contribute to a record: confirmed by an editor (`confirmedAt`), or waiting. */
export function commonersOf(db: Db, id: string) {
  return db
    .selectFrom("commons_commoners as cc")
    .innerJoin("persons as p", "p.id", "cc.person_id")
    .select([
      "p.id as personId",
      "p.display_name as displayName",
      "cc.role",
      "cc.confirmed_at as confirmedAt",
    ])
    .where("cc.commons_id", "=", id)
    .orderBy("p.display_name")
    .execute();
}

/** Whether an editor confirmed this person as a commoner of the record: what gives them its edition. */
export async function isConfirmedCommoner(db: Db, commonsId: string, personId: string) {
  const row = await db
    .selectFrom("commons_commoners")
    .select("person_id")
    .where("commons_id", "=", commonsId)
    .where("person_id", "=", personId)
    .where("confirmed_at", "is not", null)
    .modifyFront(prepared)
    .executeTakeFirst();
  return row !== undefined;
}

/** A declaration, new and waiting for an editor; declared again, only its role changes. */
export async function declareCommoner(db: Db, commonsId: string, personId: string, role: string) {
  await db
    .insertInto("commons_commoners")
    .values({
      commons_id: commonsId,
      person_id: personId,
      role,
      created_at: new Date().toISOString(),
      confirmed_by: null,
      confirmed_at: null,
    })
    .onConflict((oc) => oc.columns(["commons_id", "person_id"]).doUpdateSet({ role }))
    .execute();
}

/** Confirms a waiting declaration; false when there is none (never made, withdrawn or already confirmed). */
export async function confirmCommoner(db: Db, commonsId: string, personId: string, confirmedBy: string) {
  const result = await db
    .updateTable("commons_commoners")
    .set({ confirmed_by: confirmedBy, confirmed_at: new Date().toISOString() })
    .where("commons_id", "=", commonsId)
    .where("person_id", "=", personId)
    .where("confirmed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Removes a waiting declaration; false when there is none. */
export async function refuseCommoner(db: Db, commonsId: string, personId: string) {
  const result = await db
    .deleteFrom("commons_commoners")
    .where("commons_id", "=", commonsId)
    .where("person_id", "=", personId)
    .where("confirmed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function withdrawCommoner(db: Db, commonsId: string, personId: string) {
  await db
    .deleteFrom("commons_commoners")
    .where("commons_id", "=", commonsId)
    .where("person_id", "=", personId)
    .execute();
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
  return query.orderBy("s.name").modifyFront(prepared).execute();
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

/**
 * Moves everything of `dropId` onto `keepId` and deletes it: origins, places (appended, but for its
 * `repeatedPlaces`, which go with it), links not already there, tags, relations, commoners and chamber
 * links (duplicates of a pair kept once), images.
 */
export async function mergeInto(
  db: Db,
  keepId: string,
  dropId: string,
  repeatedPlaces: string[],
): Promise<void> {
  await db
    .updateTable("commons_origins")
    .set({ commons_id: keepId })
    .where("commons_id", "=", dropId)
    .execute();
  const keptPlaces = await placeRowsOf(db, keepId);
  const dropPlaces = (await placeRowsOf(db, dropId)).filter((p) => !repeatedPlaces.includes(p.id));
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
  await db
    .updateTable("commons_images")
    .set((eb) => ({ commons_id: keepId, position: eb("position", "+", 1000) }))
    .where("commons_id", "=", dropId)
    .execute();
  await deleteCommons(db, dropId);
}
