import type { Kysely } from "kysely";
import type {
  Database,
  MeetingAgendaItemTable,
  MeetingAttendeeTable,
  MeetingCorrectionTable,
  MeetingMinutesItemTable,
  MeetingTable,
  MinutesItemKind,
} from "../../db/schema.ts";

type Db = Kysely<Database>;

export type MeetingRow = MeetingTable;

export function meetingById(db: Db, id: string) {
  return db.selectFrom("meetings").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertMeeting(db: Db, row: MeetingTable): Promise<void> {
  await db.insertInto("meetings").values(row).execute();
}

export async function updateMeeting(db: Db, id: string, changes: Partial<MeetingTable>): Promise<void> {
  await db.updateTable("meetings").set(changes).where("id", "=", id).execute();
}

/** A space's meetings starting in [from, to), soonest first, with how many said they come. */
export function meetingsBetween(db: Db, spaceId: string, from: string, to: string, order: "asc" | "desc") {
  return db
    .selectFrom("meetings as m")
    .select([
      "m.id",
      "m.title",
      "m.starts_at",
      "m.ends_at",
      "m.status",
      "m.address",
      "m.online_link",
      "m.rrule",
      (eb) =>
        eb
          .selectFrom("meeting_attendees as a")
          .select((a) => a.fn.countAll<number>().as("n"))
          .whereRef("a.meeting_id", "=", "m.id")
          .where("a.answer", "=", "yes")
          .as("coming"),
    ])
    .where("m.space_id", "=", spaceId)
    .where("m.starts_at", ">=", from)
    .where("m.starts_at", "<", to)
    .orderBy("m.starts_at", order)
    .orderBy("m.id", order)
    .limit(500)
    .execute();
}

/** Recurring meetings of a space that started before `before`: their next occurrences may be ahead. */
export function recurringBefore(db: Db, spaceId: string, before: string) {
  return db
    .selectFrom("meetings")
    .select(["id", "title", "starts_at", "ends_at", "status", "address", "online_link", "rrule", "exdates"])
    .where("space_id", "=", spaceId)
    .where("rrule", "is not", null)
    .where("status", "!=", "cancelled")
    .where("starts_at", "<", before)
    .orderBy("starts_at")
    .limit(500)
    .execute();
}

/** The years a space held meetings in, newest first. */
export async function meetingYears(db: Db, spaceId: string): Promise<number[]> {
  const rows = await db
    .selectFrom("meetings")
    .select("starts_at")
    .where("space_id", "=", spaceId)
    .orderBy("starts_at", "desc")
    .execute();
  return [...new Set(rows.map((r) => new Date(r.starts_at).getUTCFullYear()))];
}

/** What a calendar entry shows of a meeting (not its pad, which may weigh megabytes over a feed). */
export const CALENDAR_COLUMNS = [
  "id",
  "title",
  "starts_at",
  "ends_at",
  "status",
  "cancel_reason",
  "summary",
  "address",
  "lat",
  "lon",
  "online_link",
  "rrule",
  "exdates",
  "sequence",
  "created_at",
  "updated_at",
] as const;

/** Every meeting of a space, for its calendar feed. */
export function meetingsOf(db: Db, spaceId: string, limit: number) {
  return db
    .selectFrom("meetings")
    .select(CALENDAR_COLUMNS)
    .where("space_id", "=", spaceId)
    .orderBy("starts_at", "desc")
    .limit(limit)
    .execute();
}

export function agendaOf(db: Db, meetingId: string) {
  return db
    .selectFrom("meeting_agenda_items")
    .selectAll()
    .where("meeting_id", "=", meetingId)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
}

/** The agenda of several meetings at once (a calendar feed). */
export function agendasOf(db: Db, meetingIds: string[]) {
  if (meetingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("meeting_agenda_items")
    .select(["meeting_id", "title", "minutes", "status"])
    .where("meeting_id", "in", meetingIds)
    .where("status", "in", ["proposed", "ordered"])
    .orderBy("position")
    .execute();
}

export function agendaItem(db: Db, meetingId: string, id: string) {
  return db
    .selectFrom("meeting_agenda_items")
    .selectAll()
    .where("meeting_id", "=", meetingId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertAgendaItem(db: Db, row: MeetingAgendaItemTable): Promise<void> {
  await db.insertInto("meeting_agenda_items").values(row).execute();
}

export async function updateAgendaItem(
  db: Db,
  id: string,
  changes: Partial<MeetingAgendaItemTable>,
): Promise<void> {
  await db.updateTable("meeting_agenda_items").set(changes).where("id", "=", id).execute();
}

export async function nextPosition(
  db: Db,
  table: "meeting_agenda_items" | "meeting_minutes_items" | "meeting_attendees",
  meetingId: string,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number>("position").as("last"))
    .where("meeting_id", "=", meetingId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export function attendeesOf(db: Db, meetingId: string) {
  return db
    .selectFrom("meeting_attendees")
    .selectAll()
    .where("meeting_id", "=", meetingId)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
}

export function attendeeOf(db: Db, meetingId: string, personId: string) {
  return db
    .selectFrom("meeting_attendees")
    .selectAll()
    .where("meeting_id", "=", meetingId)
    .where("person_id", "=", personId)
    .executeTakeFirst();
}

export async function insertAttendee(db: Db, row: MeetingAttendeeTable): Promise<void> {
  await db.insertInto("meeting_attendees").values(row).execute();
}

export async function updateAttendee(
  db: Db,
  id: string,
  changes: Partial<MeetingAttendeeTable>,
): Promise<void> {
  await db.updateTable("meeting_attendees").set(changes).where("id", "=", id).execute();
}

/** Ticks who came: those listed are present, the others of the meeting are not. */
export async function setPresent(db: Db, meetingId: string, presentIds: string[]): Promise<void> {
  await db.updateTable("meeting_attendees").set({ present: 0 }).where("meeting_id", "=", meetingId).execute();
  if (presentIds.length > 0)
    await db
      .updateTable("meeting_attendees")
      .set({ present: 1 })
      .where("meeting_id", "=", meetingId)
      .where("id", "in", presentIds)
      .execute();
}

export function minutesOf(db: Db, meetingId: string) {
  return db
    .selectFrom("meeting_minutes_items")
    .selectAll()
    .where("meeting_id", "=", meetingId)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
}

export function minutesItem(db: Db, meetingId: string, id: string) {
  return db
    .selectFrom("meeting_minutes_items")
    .selectAll()
    .where("meeting_id", "=", meetingId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertMinutesItems(db: Db, rows: MeetingMinutesItemTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto("meeting_minutes_items").values(rows).execute();
}

export async function updateMinutesItem(
  db: Db,
  id: string,
  changes: Partial<MeetingMinutesItemTable>,
): Promise<void> {
  await db.updateTable("meeting_minutes_items").set(changes).where("id", "=", id).execute();
}

export async function deleteMinutesItem(db: Db, id: string): Promise<void> {
  await db.deleteFrom("meeting_minutes_items").where("id", "=", id).execute();
}

/** Replaces a meeting's minutes items of these kinds (a pad imported again). */
export async function deleteMinutesOfKinds(
  db: Db,
  meetingId: string,
  kinds: MinutesItemKind[],
): Promise<void> {
  await db
    .deleteFrom("meeting_minutes_items")
    .where("meeting_id", "=", meetingId)
    .where("kind", "in", kinds)
    .where("task_id", "is", null)
    .execute();
}

export function correctionsOf(db: Db, meetingId: string) {
  return db
    .selectFrom("meeting_corrections as c")
    .leftJoin("persons as p", "p.id", "c.author_id")
    .select(["c.id", "c.text", "c.created_at", "p.display_name as authorName"])
    .where("c.meeting_id", "=", meetingId)
    .orderBy("c.created_at")
    .execute();
}

export async function insertCorrection(db: Db, row: MeetingCorrectionTable): Promise<void> {
  await db.insertInto("meeting_corrections").values(row).execute();
}

/** The people of a space's members, by id, to name volunteers who have an account. */
export function memberNames(db: Db, spaceId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("persons as p", "p.id", "m.person_id")
    .select(["p.id", "p.display_name as name"])
    .where("m.space_id", "=", spaceId)
    .where("m.status", "=", "active")
    .execute();
}

/** A commons of a directory, by its slug, to place a meeting there. */
export function commonsPlace(db: Db, assemblyId: string, slug: string) {
  return db
    .selectFrom("commons as c")
    .leftJoin("commons_places as p", "p.commons_id", "c.id")
    .select(["c.id", "c.slug", "c.name", "p.street", "p.postcode", "p.commune", "p.latitude", "p.longitude"])
    .where("c.space_id", "=", assemblyId)
    .where("c.slug", "=", slug)
    .orderBy("p.position")
    .executeTakeFirst();
}

/** The commons a meeting takes place at, with its directory's space for the link. */
export function commonsById(db: Db, id: string) {
  return db
    .selectFrom("commons as c")
    .innerJoin("spaces as s", "s.id", "c.space_id")
    .select(["c.id", "c.slug", "c.name", "s.slug as spaceSlug"])
    .where("c.id", "=", id)
    .executeTakeFirst();
}

export async function personName(db: Db, personId: string): Promise<string> {
  const row = await db
    .selectFrom("persons")
    .select("display_name")
    .where("id", "=", personId)
    .executeTakeFirst();
  return row?.display_name ?? "";
}

/** Those who said they come or were ticked present, with an account: they hear of the minutes. */
export async function attendingPeople(db: Db, meetingId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("meeting_attendees")
    .select("person_id")
    .where("meeting_id", "=", meetingId)
    .where("person_id", "is not", null)
    .where((eb) => eb.or([eb("present", "=", 1), eb("answer", "=", "yes")]))
    .execute();
  return rows.flatMap((r) => (r.person_id ? [r.person_id] : []));
}

/** Per space, themes still waiting to be ordered in meetings that have not taken place. */
export function themesToOrder(db: Db, spaceIds: string[], now: string) {
  return db
    .selectFrom("meeting_agenda_items as i")
    .innerJoin("meetings as m", "m.id", "i.meeting_id")
    .select(["m.space_id as spaceId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("m.space_id", "in", spaceIds)
    .where("m.status", "=", "planned")
    .where("m.starts_at", ">", now)
    .where("i.status", "=", "proposed")
    .groupBy("m.space_id")
    .execute();
}

/** Per space, meetings that took place and whose minutes are not published yet. */
export function minutesToPublish(db: Db, spaceIds: string[], now: string) {
  return db
    .selectFrom("meetings")
    .select(["space_id as spaceId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("space_id", "in", spaceIds)
    .where((eb) =>
      eb.or([eb("status", "=", "held"), eb.and([eb("status", "=", "planned"), eb("ends_at", "<", now)])]),
    )
    .groupBy("space_id")
    .execute();
}
