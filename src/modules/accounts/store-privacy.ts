/**
 * What the instance holds about one person (the download of their data), and what deleting their
 * account changes. The person's row stays, anonymised: claims, ledger entries and the log keep
 * pointing at it, so nothing the books or the audit rely on is removed.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

function memberships(db: Db, personId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("spaces as s", "s.id", "m.space_id")
    .select(["s.name as space", "s.slug", "m.role", "m.status", "m.introduction", "m.created_at as since"])
    .where("m.person_id", "=", personId)
    .orderBy("m.created_at")
    .execute();
}

function commonsCreated(db: Db, personId: string) {
  return db
    .selectFrom("commons as c")
    .innerJoin("spaces as s", "s.id", "c.space_id")
    .select(["c.name", "c.slug", "s.slug as space", "c.created_at as createdAt"])
    .where("c.created_by", "=", personId)
    .orderBy("c.created_at")
    .execute();
}

function commonsDeclared(db: Db, personId: string) {
  return db
    .selectFrom("commons_commoners as k")
    .innerJoin("commons as c", "c.id", "k.commons_id")
    .select(["c.name", "c.slug", "k.role", "k.created_at as declaredAt", "k.confirmed_at as confirmedAt"])
    .where("k.person_id", "=", personId)
    .execute();
}

function claims(db: Db, personId: string) {
  return db
    .selectFrom("expense_claims as e")
    .innerJoin("spaces as s", "s.id", "e.space_id")
    .select([
      "s.slug as space",
      "e.title",
      "e.amount",
      "e.date",
      "e.status",
      "e.reason",
      "e.created_at as createdAt",
    ])
    .where("e.author_id", "=", personId)
    .orderBy("e.created_at")
    .execute();
}

function donations(db: Db, email: string) {
  return db
    .selectFrom("donations as d")
    .innerJoin("spaces as s", "s.id", "d.space_id")
    .select([
      "s.slug as space",
      "d.amount",
      "d.date",
      "d.method",
      "d.donor_name as name",
      "d.display",
      "d.pseudonym",
    ])
    .where((eb) => eb(eb.fn("lower", ["d.donor_email"]), "=", email))
    .orderBy("d.date")
    .execute();
}

function tokens(db: Db, personId: string) {
  return db
    .selectFrom("api_tokens")
    .select(["name", "created_at as createdAt", "last_used_at as lastUsedAt", "revoked_at as revokedAt"])
    .where("person_id", "=", personId)
    .execute();
}

/** The log's events the person caused or that are about them (their account). */
function events(db: Db, personId: string) {
  return db
    .selectFrom("audit_events")
    .select(["at", "action", "subject_type as subjectType", "before", "after"])
    .where((eb) =>
      eb.or([
        eb("actor_id", "=", personId),
        eb.and([eb("subject_type", "=", "person"), eb("subject_id", "=", personId)]),
      ]),
    )
    .orderBy("id")
    .execute();
}

/** How the person chose to hear of each kind of event, per space, and what they were told. */
async function notifications(db: Db, personId: string) {
  return {
    settings: await db
      .selectFrom("notification_settings as n")
      .innerJoin("spaces as s", "s.id", "n.space_id")
      .select(["s.name as space", "n.kind", "n.channel", "n.updated_at as updatedAt"])
      .where("n.person_id", "=", personId)
      .execute(),
    received: await db
      .selectFrom("notifications")
      .selectAll()
      .where("person_id", "=", personId)
      .orderBy("id")
      .execute(),
  };
}

/** Meetings they answered or came to (with their introduction), themes they proposed, tasks they hold. */
async function meetingsAndTasks(db: Db, personId: string) {
  return {
    attendances: await db
      .selectFrom("meeting_attendees as a")
      .innerJoin("meetings as m", "m.id", "a.meeting_id")
      .select([
        "m.title as meeting",
        "m.starts_at as startsAt",
        "a.answer",
        "a.intro",
        "a.intro_public as introPublic",
        "a.present",
      ])
      .where("a.person_id", "=", personId)
      .orderBy("m.starts_at")
      .execute(),
    themesProposed: await db
      .selectFrom("meeting_agenda_items as i")
      .innerJoin("meetings as m", "m.id", "i.meeting_id")
      .select(["m.title as meeting", "i.title", "i.description", "i.created_at as createdAt"])
      .where("i.proposed_by", "=", personId)
      .orderBy("i.created_at")
      .execute(),
    tasks: await db
      .selectFrom("task_volunteers as v")
      .innerJoin("tasks as t", "t.id", "v.task_id")
      .select(["t.title", "t.state", "t.due_date as dueDate", "v.created_at as since"])
      .where("v.person_id", "=", personId)
      .orderBy("v.created_at")
      .execute(),
  };
}

/** Everything above, read in one go for the download. */
export async function personalRecords(db: Db, personId: string, email: string) {
  return {
    memberships: await memberships(db, personId),
    commonsCreated: await commonsCreated(db, personId),
    commonsDeclared: await commonsDeclared(db, personId),
    claims: await claims(db, personId),
    donations: await donations(db, email),
    apiTokens: await tokens(db, personId),
    events: await events(db, personId),
    notifications: await notifications(db, personId),
    ...(await meetingsAndTasks(db, personId)),
  };
}

export async function countOtherAdmins(db: Db, personId: string): Promise<number> {
  const row = await db
    .selectFrom("persons")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("is_admin", "=", 1)
    .where("id", "!=", personId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function makeAdmin(db: Db, personId: string): Promise<void> {
  await db.updateTable("persons").set({ is_admin: 1 }).where("id", "=", personId).execute();
}

/**
 * The account made anonymous: the shown name only, no address, no password, no session, token, link
 * or membership; as a donor, the chosen name in place of theirs and no address.
 */
export async function anonymise(
  db: Db,
  person: { id: string; email: string },
  shownName: string,
  now: string,
): Promise<void> {
  await db
    .updateTable("persons")
    .set({
      display_name: shownName,
      // The column is unique and required: an address that can receive no mail and match no login.
      email: `supprime-${person.id}@invalid`,
      introduction: "",
      password_hash: "",
      is_admin: 0,
      confirmed_at: null,
      updated_at: now,
    })
    .where("id", "=", person.id)
    .execute();
  const owned = [
    "sessions",
    "api_tokens",
    "email_links",
    "memberships",
    "commons_commoners",
    "notifications",
    "notification_settings",
    "notification_unsubscribes",
  ] as const;
  for (const table of owned) await db.deleteFrom(table).where("person_id", "=", person.id).execute();
  // Minutes and task boards keep what was done, under the shown name, without the introduction.
  await db
    .updateTable("meeting_attendees")
    .set({ name: shownName, intro: "" })
    .where("person_id", "=", person.id)
    .execute();
  await db
    .updateTable("task_volunteers")
    .set({ name: shownName })
    .where("person_id", "=", person.id)
    .execute();
  await db
    .updateTable("meeting_agenda_items")
    .set({ proposer_name: shownName })
    .where("proposed_by", "=", person.id)
    .execute();
  await db
    .updateTable("donations")
    .set({ donor_name: shownName, donor_email: "" })
    .where((eb) => eb(eb.fn("lower", ["donor_email"]), "=", person.email))
    .execute();
  await db.deleteFrom("outbox").where("to_address", "=", person.email).execute();
}
