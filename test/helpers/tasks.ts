/**
 * Test data for the task board: a meeting row for tasks made of action items (the meetings module
 * will have its own factory; until then a row as its migration defines it), and a space's task rule.
 */
import { newId } from "../../src/core/ids.ts";
import type { Db } from "../../src/db/connection.ts";

/** A meeting of a space, held yesterday, for tasks that come from its action items. */
export async function insertMeeting(
  db: Db,
  spaceId: string,
  title = "Plénière de printemps",
): Promise<string> {
  const id = newId();
  const now = new Date();
  const yesterday = new Date(now.getTime() - 24 * 3600 * 1000);
  await db.kysely
    .insertInto("meetings")
    .values({
      id,
      space_id: spaceId,
      title,
      starts_at: yesterday.toISOString(),
      ends_at: new Date(yesterday.getTime() + 3 * 3600 * 1000).toISOString(),
      status: "held",
      cancel_reason: "",
      summary: "",
      commons_id: null,
      address: "",
      lat: null,
      lon: null,
      online_link: "",
      announcements: "[]",
      rrule: null,
      exdates: "[]",
      sequence: 0,
      pad_url: "",
      pad_text: null,
      pad_sha256: null,
      pad_fetched_at: null,
      published_at: null,
      corrections_until: null,
      approved_at: null,
      created_by: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .execute();
  return id;
}

/** Who runs a chamber's tasks, as a decision of the chamber would set it. */
export async function setTasksRule(db: Db, slug: string, rule: "members" | "facilitators"): Promise<void> {
  await db.kysely.updateTable("spaces").set({ tasks_rule: rule }).where("slug", "=", slug).execute();
}

/** A space's do-ocracy cap, in cents. */
export async function setDoocracyCap(db: Db, slug: string, cents: number): Promise<void> {
  await db.kysely.updateTable("spaces").set({ doocracy_cap: cents }).where("slug", "=", slug).execute();
}
