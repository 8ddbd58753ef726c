import type { Kysely } from "kysely";
import { prepared } from "../../db/connection.ts";
import type {
  Database,
  MembershipRole,
  NotificationSettingTable,
  NotificationTable,
  NotificationUnsubscribeTable,
} from "../../db/schema.ts";

type Db = Kysely<Database>;

/** Who is told: their address, language and name. */
export function recipients(db: Db, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("persons")
    .select(["id", "email", "language", "display_name as displayName"])
    .where("id", "in", personIds)
    .execute();
}

/** The active members of a space with one of these roles. */
export async function withRole(db: Db, spaceId: string, roles: MembershipRole[]): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships")
    .select("person_id")
    .where("space_id", "=", spaceId)
    .where("status", "=", "active")
    .where("role", "in", roles)
    .orderBy("person_id")
    .execute();
  return rows.map((r) => r.person_id);
}

/** The choices of these people for one space and kind. */
export function settingsFor(db: Db, personIds: string[], spaceId: string, kind: string) {
  return db
    .selectFrom("notification_settings")
    .select(["person_id", "channel"])
    .where("person_id", "in", personIds)
    .where("space_id", "=", spaceId)
    .where("kind", "=", kind)
    .execute();
}

export function settingsOf(db: Db, personId: string) {
  return db
    .selectFrom("notification_settings")
    .select(["space_id", "kind", "channel"])
    .where("person_id", "=", personId)
    .execute();
}

export async function saveSetting(db: Db, row: NotificationSettingTable): Promise<void> {
  await db
    .insertInto("notification_settings")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["person_id", "space_id", "kind"])
        .doUpdateSet({ channel: row.channel, updated_at: row.updated_at }),
    )
    .execute();
}

/** The spaces a person belongs to (or asked to), for the settings page. */
export function spacesOf(db: Db, personId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("spaces as s", "s.id", "m.space_id")
    .select(["s.id", "s.slug", "s.name", "s.kind"])
    .where("m.person_id", "=", personId)
    .where("m.status", "in", ["active", "pending"])
    .orderBy("s.name")
    .execute();
}

export function spaceBySlug(db: Db, slug: string) {
  return db.selectFrom("spaces").select(["id", "name"]).where("slug", "=", slug).executeTakeFirst();
}

export function spaceById(db: Db, id: string) {
  return db
    .selectFrom("spaces")
    .select(["id", "slug", "name", "kind"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertNotifications(db: Db, rows: NotificationTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto("notifications").values(rows).execute();
}

export async function unreadCount(db: Db, personId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("person_id", "=", personId)
    .where("read_at", "is", null)
    .modifyFront(prepared)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of a person's notifications, newest first, with the name of their space. */
export function page(db: Db, personId: string, offset: number, size: number) {
  return db
    .selectFrom("notifications as n")
    .leftJoin("spaces as s", "s.id", "n.space_id")
    .select(["n.id", "n.kind", "n.params", "n.link", "n.created_at", "n.read_at", "s.name as spaceName"])
    .where("n.person_id", "=", personId)
    .orderBy("n.id", "desc")
    .offset(offset)
    .limit(size)
    .execute();
}

export async function markRead(db: Db, personId: string, at: string, id?: string) {
  let query = db
    .updateTable("notifications")
    .set({ read_at: at })
    .where("person_id", "=", personId)
    .where("read_at", "is", null);
  if (id) query = query.where("id", "=", id);
  await query.execute();
}

export function linkOf(db: Db, personId: string, id: string) {
  return db
    .selectFrom("notifications")
    .select("link")
    .where("person_id", "=", personId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Notifications waiting for their digest, made before `until`, by person. */
export function waitingForDigest(db: Db, until: string) {
  return db
    .selectFrom("notifications")
    .select(["id", "person_id", "space_id", "kind", "params", "link"])
    .where("in_digest", "=", 1)
    .where("digested_at", "is", null)
    .where("created_at", "<=", until)
    .orderBy("person_id")
    .orderBy("id")
    .execute();
}

export async function markDigested(db: Db, ids: string[], at: string): Promise<void> {
  if (ids.length > 0)
    await db.updateTable("notifications").set({ digested_at: at }).where("id", "in", ids).execute();
}

export async function insertUnsubscribe(db: Db, row: NotificationUnsubscribeTable): Promise<void> {
  await db.insertInto("notification_unsubscribes").values(row).execute();
}

export function unsubscribeByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom("notification_unsubscribes")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
}

export async function markUnsubscribeUsed(db: Db, tokenHash: string, at: string): Promise<void> {
  await db
    .updateTable("notification_unsubscribes")
    .set({ used_at: at })
    .where("token_hash", "=", tokenHash)
    .execute();
}

export async function optOut(db: Db, email: string, spaceId: string, kind: string, at: string) {
  await db
    .insertInto("notification_optouts")
    .values({ email, space_id: spaceId, kind, created_at: at })
    .onConflict((oc) => oc.columns(["email", "space_id", "kind"]).doNothing())
    .execute();
}

export async function isOptedOut(db: Db, email: string, spaceId: string, kind: string): Promise<boolean> {
  const row = await db
    .selectFrom("notification_optouts")
    .select("email")
    .where("email", "=", email)
    .where("space_id", "=", spaceId)
    .where("kind", "=", kind)
    .executeTakeFirst();
  return row !== undefined;
}
