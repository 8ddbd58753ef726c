/** The local geocoding index: BAN addresses (`geo_addresses`), written in batches, read by street or point. */
import { type Kysely, sql } from "kysely";
import type { Database, GeoAddressTable } from "../../db/schema.ts";

/** Rows per insert statement: big enough to be fast, small enough for both drivers. */
const INSERT_ROWS = 500;

/** How many addresses the local index holds. */
export async function countLocalIndex(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom("geo_addresses")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Inserts BAN rows, or updates those already indexed (by the BAN id). */
export async function upsertAddresses(db: Kysely<Database>, rows: GeoAddressTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += INSERT_ROWS) {
      await trx
        .insertInto("geo_addresses")
        .values(rows.slice(start, start + INSERT_ROWS))
        .onConflict((oc) =>
          oc.column("id").doUpdateSet((eb) => ({
            number: eb.ref("excluded.number"),
            street: eb.ref("excluded.street"),
            street_folded: eb.ref("excluded.street_folded"),
            postcode: eb.ref("excluded.postcode"),
            insee_code: eb.ref("excluded.insee_code"),
            commune: eb.ref("excluded.commune"),
            commune_folded: eb.ref("excluded.commune_folded"),
            latitude: eb.ref("excluded.latitude"),
            longitude: eb.ref("excluded.longitude"),
          })),
        )
        .execute();
    }
  });
}

/** The street's rows by postcode, else by commune (a wrong postcode still finds the commune's street). */
export async function streetRows(
  db: Kysely<Database>,
  streetFolded: string,
  postcode: string,
  communeFolded: string,
): Promise<GeoAddressTable[]> {
  const street = db.selectFrom("geo_addresses").selectAll().where("street_folded", "=", streetFolded);
  if (postcode) {
    const rows = await street.where("postcode", "=", postcode).execute();
    // One postcode can serve several communes that each have a "rue de l'église".
    const inCommune = rows.filter((row) => row.commune_folded === communeFolded);
    if (rows.length > 0) return inCommune.length > 0 ? inCommune : rows;
  }
  if (!communeFolded) return [];
  return street.where("commune_folded", "=", communeFolded).execute();
}

/** The address nearest a point within a box around it (`box` degrees of latitude). */
export async function nearestInBox(
  db: Kysely<Database>,
  latitude: number,
  longitude: number,
  scale: number,
  box: number,
): Promise<GeoAddressTable | undefined> {
  const lonBox = box / Math.max(scale, 0.01);
  return db
    .selectFrom("geo_addresses")
    .selectAll()
    .where("latitude", ">=", latitude - box)
    .where("latitude", "<=", latitude + box)
    .where("longitude", ">=", longitude - lonBox)
    .where("longitude", "<=", longitude + lonBox)
    .orderBy(
      sql`(latitude - ${latitude}) * (latitude - ${latitude}) + (longitude - ${longitude}) * (longitude - ${longitude}) * ${scale * scale}`,
    )
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

/** Whether a local index was built: one row is enough (counting millions of rows is not cheap). */
export async function hasLocalIndex(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("geo_addresses").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The geocoder's own instance settings: when it last answered, its last failure, when the index was built. */
export type GeocoderSetting = "geocoder.answered_at" | "geocoder.failure" | "geocoder.index_built_at";

export async function readGeocoderSettings(
  db: Kysely<Database>,
): Promise<Partial<Record<GeocoderSetting, string>>> {
  const rows = await db
    .selectFrom("instance_settings")
    .select(["key", "value"])
    .where("key", "in", ["geocoder.answered_at", "geocoder.failure", "geocoder.index_built_at"])
    .execute();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

export async function writeGeocoderSetting(
  db: Kysely<Database>,
  key: GeocoderSetting,
  value: string,
): Promise<void> {
  await db
    .insertInto("instance_settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}
