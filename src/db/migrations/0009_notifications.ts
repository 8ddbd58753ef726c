import type { Kysely } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * Notifications: what happened for each person (shown on the site, read or not, and waiting for the
 * daily digest when the person asked for one), each person's choice per space and kind of event, the
 * links that unsubscribe from a mail without signing in (kept as digests), and the opt-outs of mail
 * addresses that have no account (a donor thanked for a gift).
 */
export async function notifications(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("person_id", "text", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("space_id", "text", (c) => c.references("spaces.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull())
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("read_at", timestamp)
    .addColumn("in_digest", "integer", (c) => c.notNull())
    .addColumn("digested_at", timestamp)
    .execute();
  // The header's unread count and the list, newest first, read through the same index.
  await db.schema
    .createIndex("notifications_person_idx")
    .on("notifications")
    .columns(["person_id", "read_at", "id"])
    .execute();
  await db.schema
    .createIndex("notifications_digest_idx")
    .on("notifications")
    .columns(["in_digest", "digested_at"])
    .execute();

  await db.schema
    .createTable("notification_settings")
    .addColumn("person_id", "text", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_settings_pk", ["person_id", "space_id", "kind"])
    .execute();

  await db.schema
    .createTable("notification_unsubscribes")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("person_id", "text", (c) => c.references("persons.id").onDelete("cascade"))
    .addColumn("email", "text")
    /** JSON: the [space id, kind] pairs the mail was about. */
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("used_at", timestamp)
    .execute();

  await db.schema
    .createTable("notification_optouts")
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_optouts_pk", ["email", "space_id", "kind"])
    .execute();
}
