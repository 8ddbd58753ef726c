import { type Kysely, sql } from "kysely";
import { prepared } from "../../db/connection.ts";
import type { Database, EmailLinkPurpose, PersonTable } from "../../db/schema.ts";

type Db = Kysely<Database>;

export type PersonRow = PersonTable;

export function findPersonByEmail(db: Db, email: string): Promise<PersonRow | undefined> {
  return db.selectFrom("persons").selectAll().where("email", "=", email).executeTakeFirst();
}

export function findPersonById(db: Db, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom("persons").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Makes concurrent account creations wait for each other (PostgreSQL; SQLite runs one write
 * transaction at a time anyway), so that two first registrations cannot both become administrator.
 */
export async function lockPersons(db: Db, dialect: "sqlite" | "postgres"): Promise<void> {
  if (dialect === "postgres") await sql`lock table persons in share row exclusive mode`.execute(db);
}

/** The first administrator (by creation: identifiers are UUIDv7), if the instance has one. */
export function oldestAdmin(db: Db): Promise<{ id: string } | undefined> {
  return db.selectFrom("persons").select("id").where("is_admin", "=", 1).orderBy("id").executeTakeFirst();
}

export async function countPersons(db: Db): Promise<number> {
  const row = await db
    .selectFrom("persons")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPerson(db: Db, person: PersonRow): Promise<void> {
  await db.insertInto("persons").values(person).execute();
}

export async function updatePerson(
  db: Db,
  id: string,
  changes: Partial<
    Pick<PersonRow, "display_name" | "introduction" | "language" | "password_hash" | "is_admin">
  >,
): Promise<void> {
  await db
    .updateTable("persons")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export async function insertSession(db: Db, session: Database["sessions"]): Promise<void> {
  await db.insertInto("sessions").values(session).execute();
}

/** The person behind a live session, in one query (this runs on every request). */
export function findSessionPerson(db: Db, sessionHash: string, now: string): Promise<PersonRow | undefined> {
  return db
    .selectFrom("sessions as s")
    .innerJoin("persons as p", "p.id", "s.person_id")
    .selectAll("p")
    .where("s.id", "=", sessionHash)
    .where("s.expires_at", ">", now)
    .modifyFront(prepared)
    .executeTakeFirst();
}

/** Sessions past their expiry are never read again; they are swept when their person signs in. */
export async function deleteExpiredSessions(db: Db, personId: string, now: string): Promise<void> {
  await db.deleteFrom("sessions").where("person_id", "=", personId).where("expires_at", "<=", now).execute();
}

export async function deleteSession(db: Db, sessionHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionHash).execute();
}

export async function deleteSessionsOf(db: Db, personId: string, except?: string): Promise<void> {
  let query = db.deleteFrom("sessions").where("person_id", "=", personId);
  if (except) query = query.where("id", "!=", except);
  await query.execute();
}

export async function insertToken(db: Db, token: Database["api_tokens"]): Promise<void> {
  await db.insertInto("api_tokens").values(token).execute();
}

export function listTokens(db: Db, personId: string) {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "created_at", "last_used_at", "revoked_at"])
    .where("person_id", "=", personId)
    .orderBy("id", "desc")
    .execute();
}

export function findTokenPerson(db: Db, tokenHash: string) {
  return db
    .selectFrom("api_tokens as t")
    .innerJoin("persons as p", "p.id", "t.person_id")
    .selectAll("p")
    .select(["t.id as token_id", "t.last_used_at as token_last_used_at"])
    .where("t.token_hash", "=", tokenHash)
    .where("t.revoked_at", "is", null)
    .executeTakeFirst();
}

export async function touchToken(db: Db, tokenId: string, now: string): Promise<void> {
  await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", tokenId).execute();
}

export async function revokeToken(db: Db, personId: string, tokenId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable("api_tokens")
    .set({ revoked_at: now })
    .where("id", "=", tokenId)
    .where("person_id", "=", personId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertLink(db: Db, link: Database["email_links"]): Promise<void> {
  await db.insertInto("email_links").values(link).execute();
}

export function findLiveLink(db: Db, purpose: EmailLinkPurpose, tokenHash: string, now: string) {
  return db
    .selectFrom("email_links")
    .selectAll()
    .where("purpose", "=", purpose)
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
}

/** Marks a link used; false when another request used it first. */
export async function useLink(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable("email_links")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function confirmPerson(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable("persons")
    .set({ confirmed_at: now })
    .where("id", "=", id)
    .where("confirmed_at", "is", null)
    .execute();
}

export async function countHits(db: Db, key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom("rate_limit_hits")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("key", "=", key)
    .where("at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records a hit and sweeps every hit older than the window, whatever its key. */
export async function addHit(db: Db, hit: Database["rate_limit_hits"], olderThan: string): Promise<void> {
  await db.deleteFrom("rate_limit_hits").where("at", "<=", olderThan).execute();
  await db.insertInto("rate_limit_hits").values(hit).execute();
}

export async function clearHits(db: Db, key: string): Promise<void> {
  await db.deleteFrom("rate_limit_hits").where("key", "=", key).execute();
}

/** Revokes every live token of a person; answers how many. */
export async function revokeTokensOf(db: Db, personId: string, now: string): Promise<number> {
  const result = await db
    .updateTable("api_tokens")
    .set({ revoked_at: now })
    .where("person_id", "=", personId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type ThrottleRow = Database["login_throttle"];

/**
 * The row of a (account, address) pair, made if missing and locked until the transaction ends
 * (PostgreSQL; SQLite runs one write transaction at a time anyway), so that simultaneous tries of a
 * pair are counted one after the other.
 */
export async function lockThrottle(
  db: Db,
  dialect: "sqlite" | "postgres",
  key: string,
  now: string,
): Promise<ThrottleRow> {
  await db
    .insertInto("login_throttle")
    .values({ key, failures: 0, not_before: now, last_at: now })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  let query = db.selectFrom("login_throttle").selectAll().where("key", "=", key);
  if (dialect === "postgres") query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}

export async function updateThrottle(
  db: Db,
  key: string,
  changes: Pick<ThrottleRow, "failures" | "not_before" | "last_at">,
): Promise<void> {
  await db.updateTable("login_throttle").set(changes).where("key", "=", key).execute();
}

/** Makes the pair wait until `notBefore`, unless it already waits longer. */
export async function extendThrottle(db: Db, key: string, notBefore: string): Promise<void> {
  await db
    .updateTable("login_throttle")
    .set({ not_before: notBefore })
    .where("key", "=", key)
    .where("not_before", "<", notBefore)
    .execute();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}

/** Forgets the pairs that have not tried since `before`. */
export async function sweepThrottle(db: Db, before: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("last_at", "<", before).execute();
}
