import { type Kysely, sql } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * Durable jobs: work done outside a request (sending a mail, an import, geocoding), taken by the
 * server's runner or a separate worker, retried with back-off, and kept when they fail for good. A
 * running job is locked by its worker until `locked_until`; past it (the worker crashed) it is taken
 * again. `key` makes an enqueue idempotent while a job of that key waits or runs. Outbox mails keep
 * their extra headers (List-Unsubscribe…) for the job that sends them.
 */
export async function jobs(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('pending', 'running', 'done', 'failed')`),
    )
    .addColumn("due_at", timestamp, (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("last_error", "text")
    .addColumn("lock_owner", "text")
    .addColumn("locked_until", timestamp)
    .addColumn("progress_done", "integer")
    .addColumn("progress_total", "integer")
    .addColumn("key", "text")
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("finished_at", timestamp)
    .execute();
  await db.schema.createIndex("jobs_status_due_idx").on("jobs").columns(["status", "due_at"]).execute();
  await db.schema
    .createIndex("jobs_status_locked_idx")
    .on("jobs")
    .columns(["status", "locked_until"])
    .execute();
  await db.schema
    .createIndex("jobs_waiting_key_unique")
    .on("jobs")
    .column("key")
    .unique()
    .where(sql.ref("status"), "in", [sql.lit("pending"), sql.lit("running")])
    .execute();
  await db.schema.createIndex("jobs_key_idx").on("jobs").columns(["key", "id"]).execute();
  await db.schema.alterTable("outbox").addColumn("headers", "text").execute();
}
