import type { Kysely } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * Failed logins are throttled per (account, address) pair with a growing delay, instead of pausing an
 * account for everyone (which let anyone lock an account out with its e-mail alone). One row per pair:
 * its key is a digest of the e-mail and the address, never either of them.
 */
export async function loginThrottle(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("not_before", timestamp, (c) => c.notNull())
    .addColumn("last_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_throttle_last_at_idx").on("login_throttle").column("last_at").execute();
}
