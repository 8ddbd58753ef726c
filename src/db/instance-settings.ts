import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/**
 * The secret that signs cookies, made once per instance and kept in the database so that every app
 * process behind a proxy shares it and a restore keeps sessions valid.
 */
export async function cookieSecret(db: Kysely<Database>): Promise<string> {
  const key = "cookie_secret";
  const found = await db
    .selectFrom("instance_settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirst();
  if (found) return found.value;
  await db
    .insertInto("instance_settings")
    .values({ key, value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("instance_settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirstOrThrow();
  return row.value;
}
