import { type Kysely, sql } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * Registration is confirmed by a mailed link, so that it answers the same whether or not an address
 * has an account. Reset and confirmation links share one table; people already there are confirmed.
 */
export async function emailConfirmation(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .createTable("email_links")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("person_id", "text", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('reset', 'confirm')`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("expires_at", timestamp, (c) => c.notNull())
    .addColumn("used_at", timestamp)
    .execute();
  await sql`insert into email_links (id, person_id, purpose, token_hash, created_at, expires_at, used_at)
    select id, person_id, 'reset', token_hash, created_at, expires_at, used_at from password_resets`.execute(
    db,
  );
  await db.schema.dropTable("password_resets").execute();
  await db.schema.alterTable("persons").addColumn("confirmed_at", timestamp).execute();
  await sql`update persons set confirmed_at = created_at`.execute(db);
}
