/**
 * The places of a directory: their coordinates as geocoding finds them, and the address dashboard.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

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

/**
 * Places of an assembly still to geocode: an address but no coordinates, never tried or tried while the
 * geocoder was unavailable; with `retryNotFound`, also those the geocoder did not find.
 */
export function placesToGeocode(db: Db, spaceId: string, retryNotFound: boolean) {
  let query = db
    .selectFrom("commons_places as p")
    .innerJoin("commons as c", "c.id", "p.commons_id")
    .select(["p.id", "p.street", "p.postcode", "p.commune", "p.country", "c.id as commonsId"])
    .where("c.space_id", "=", spaceId)
    .where("p.latitude", "is", null)
    .where((eb) => eb.or([eb("p.postcode", "!=", ""), eb("p.commune", "!=", "")]));
  if (!retryNotFound) {
    query = query.where((eb) =>
      eb.or([eb("p.geo_failed", "is", null), eb("p.geo_failed", "=", "geocode.unavailable")]),
    );
  }
  return query.orderBy("p.id").execute();
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

export function placeRowsOf(db: Db, commonsId: string) {
  return db.selectFrom("commons_places").selectAll().where("commons_id", "=", commonsId).execute();
}

/** Places without coordinates, counted per directory. */
export function unplacedBySpace(db: Db, spaceIds: string[]) {
  return db
    .selectFrom("commons_places as p")
    .innerJoin("commons as c", "c.id", "p.commons_id")
    .select(["c.space_id as spaceId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("c.space_id", "in", spaceIds)
    .where("p.latitude", "is", null)
    .groupBy("c.space_id")
    .execute();
}
