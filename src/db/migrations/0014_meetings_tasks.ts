import type { Kysely } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * Meetings (agenda, attendance, minutes, a pinned copy of their pad) and the do-ocracy task board.
 * A meeting's times are UTC instants; its recurrence is an RFC 5545 RRULE with its exceptions.
 * Volunteers and attendees may be people without an account: a name, and a person only when there is one.
 */
export async function meetingsTasks(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await spaceSettings(db);
  // A mail may carry small text attachments (a meeting's .ics): a JSON list of {filename, contentType, content}.
  await db.schema.alterTable("outbox").addColumn("attachments", "text").execute();
  await db.schema
    .createTable("meetings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("starts_at", timestamp, (c) => c.notNull())
    .addColumn("ends_at", timestamp, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("cancel_reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("commons_id", "text", (c) => c.references("commons.id").onDelete("set null"))
    .addColumn("address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("lat", "real")
    .addColumn("lon", "real")
    .addColumn("online_link", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("announcements", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("rrule", "text")
    .addColumn("exdates", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("sequence", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("pad_url", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("pad_text", "text")
    .addColumn("pad_sha256", "text")
    .addColumn("pad_fetched_at", timestamp)
    .addColumn("published_at", timestamp)
    .addColumn("corrections_until", timestamp)
    .addColumn("approved_at", timestamp)
    .addColumn("created_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("meetings_space_start")
    .on("meetings")
    .columns(["space_id", "starts_at"])
    .execute();
  await meetingParts(db, timestamp);
  await tasks(db, timestamp);
}

/** A space's own settings for meetings and tasks. */
async function spaceSettings(db: Kysely<unknown>): Promise<void> {
  // Days attendees have to propose corrections to published minutes before they are approved.
  await db.schema
    .alterTable("spaces")
    .addColumn("corrections_days", "integer", (c) => c.notNull().defaultTo(7))
    .execute();
  // The do-ocracy cap, in cents: a task's expected expense under it is claimed in one step.
  await db.schema
    .alterTable("spaces")
    .addColumn("doocracy_cap", "integer", (c) => c.notNull().defaultTo(5000))
    .execute();
  // Who may create, take and close tasks in a chamber: `members` or `facilitators`.
  await db.schema
    .alterTable("spaces")
    .addColumn("tasks_rule", "text", (c) => c.notNull().defaultTo("members"))
    .execute();
}

type TimestampType = ReturnType<typeof types>["timestamp"];

async function meetingParts(db: Kysely<unknown>, timestamp: TimestampType): Promise<void> {
  await db.schema
    .createTable("meeting_agenda_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("minutes", "integer")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("merged_into", "text")
    .addColumn("proposed_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("proposer_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("meeting_agenda_meeting")
    .on("meeting_agenda_items")
    .columns(["meeting_id", "position"])
    .execute();
  await db.schema
    .createTable("meeting_attendees")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("person_id", "text", (c) => c.references("persons.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("intro", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("intro_public", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("answer", "text", (c) => c.notNull())
    .addColumn("present", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("meeting_attendees_person", ["meeting_id", "person_id"])
    .execute();
  await db.schema
    .createTable("meeting_minutes_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    // `entry` (a timestamped line), `decision`, `workshop` or `action`
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("time", "text")
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("facilitator", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("participants", "text", (c) => c.notNull().defaultTo(""))
    // An action item's volunteers: a JSON list of {name, personId}.
    .addColumn("volunteers", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("due_date", "text")
    .addColumn("task_id", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("meeting_minutes_meeting")
    .on("meeting_minutes_items")
    .columns(["meeting_id", "kind", "position"])
    .execute();
  await db.schema
    .createTable("meeting_corrections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .execute();
}

async function tasks(db: Kysely<unknown>, timestamp: TimestampType): Promise<void> {
  await db.schema
    .createTable("task_groups")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("task_groups_name", ["space_id", "name"])
    .execute();
  await db.schema
    .createTable("tasks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    .addColumn("group_id", "text", (c) => c.references("task_groups.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("due_date", "text")
    // open → taken → done, or dropped with a reason
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("drop_reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("meeting_id", "text", (c) => c.references("meetings.id").onDelete("set null"))
    .addColumn("action_item_id", "text")
    // The expense it is expected to need, in cents, and the claim filed for it.
    .addColumn("expected_expense", "integer")
    .addColumn("claim_id", "text", (c) => c.references("expense_claims.id").onDelete("set null"))
    .addColumn("created_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    // The board reads a space's tasks by state, and the done ones by when they changed (the last 30 days).
    .createIndex("tasks_space_state")
    .on("tasks")
    .columns(["space_id", "state", "updated_at"])
    .execute();
  await db.schema
    .createTable("task_volunteers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id").onDelete("cascade"))
    .addColumn("person_id", "text", (c) => c.references("persons.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("task_volunteers_person", ["task_id", "person_id"])
    .execute();
  await db.schema
    .createIndex("task_volunteers_person_idx")
    .on("task_volunteers")
    .column("person_id")
    .execute();
}
