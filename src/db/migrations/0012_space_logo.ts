import type { Kysely } from "kysely";

/** A space's logo: the name of its re-encoded image under the data folder's images/, or null. */
export async function spaceLogo(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("spaces").addColumn("logo", "text").execute();
}
