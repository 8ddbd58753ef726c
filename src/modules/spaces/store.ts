import type { Kysely } from "kysely";
import { SPACE_SETTING_DEFAULTS } from "../../core/spaces.ts";
import { prepared } from "../../db/connection.ts";
import type {
  Database,
  MembershipRole,
  MembershipStatus,
  MembershipTable,
  SpaceTable,
} from "../../db/schema.ts";

type Db = Kysely<Database>;

export type SpaceRow = SpaceTable;

/** A new space's settings for meetings and tasks, as columns. */
export const SETTING_DEFAULTS = {
  corrections_days: SPACE_SETTING_DEFAULTS.correctionsDays,
  doocracy_cap: SPACE_SETTING_DEFAULTS.doocracyCap,
  tasks_rule: SPACE_SETTING_DEFAULTS.tasksRule,
} satisfies Partial<SpaceTable>;
export type MembershipRow = MembershipTable;

export function listSpaces(db: Db) {
  return db
    .selectFrom("spaces as s")
    .leftJoin("spaces as a", "a.id", "s.assembly_id")
    .select([
      "s.id",
      "s.kind",
      "s.slug",
      "s.name",
      "s.summary",
      "s.territory",
      "s.theme",
      "a.slug as assemblySlug",
      "a.name as assemblyName",
      (eb) =>
        eb
          .selectFrom("memberships as m")
          .select((m) => m.fn.countAll<number>().as("n"))
          .whereRef("m.space_id", "=", "s.id")
          .where("m.status", "=", "active")
          .as("memberCount"),
    ])
    .orderBy("s.kind")
    .orderBy("s.name")
    .execute();
}

/**
 * Makes concurrent membership decisions in one space wait for each other (PostgreSQL; SQLite runs one
 * write transaction at a time anyway): two facilitators stepping down at once cannot leave none, and
 * a request cannot be accepted and declined at once.
 */
export async function lockSpace(db: Db, dialect: "sqlite" | "postgres", id: string): Promise<void> {
  if (dialect === "postgres")
    await db.selectFrom("spaces").select("id").where("id", "=", id).forUpdate().execute();
}

export function findSpaceBySlug(db: Db, slug: string): Promise<SpaceRow | undefined> {
  return db
    .selectFrom("spaces")
    .selectAll()
    .where("slug", "=", slug)
    .modifyFront(prepared)
    .executeTakeFirst();
}

export function findSpaceById(db: Db, id: string): Promise<SpaceRow | undefined> {
  return db.selectFrom("spaces").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertSpace(db: Db, space: SpaceRow): Promise<void> {
  await db.insertInto("spaces").values(space).execute();
}

export async function updateSpace(
  db: Db,
  id: string,
  changes: Partial<Pick<SpaceRow, "name" | "summary" | "territory" | "theme" | "assembly_id" | "logo">>,
): Promise<void> {
  await db
    .updateTable("spaces")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

/** What only an adopted decision changes: the decision rules, the six properties, the do-ocracy cap. */
export async function updateGovernance(
  db: Db,
  id: string,
  changes: Partial<
    Pick<
      SpaceRow,
      | "decision_rules"
      | "territorial"
      | "decision_mode"
      | "functions"
      | "access"
      | "fork_policy"
      | "formalisation"
      | "doocracy_cap"
    >
  >,
): Promise<void> {
  await db
    .updateTable("spaces")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

/** Whether a space shows this logo (an old one's file is gone). */
export async function spaceWithLogo(db: Db, file: string): Promise<boolean> {
  return (
    (await db.selectFrom("spaces").select("id").where("logo", "=", file).executeTakeFirst()) !== undefined
  );
}

export function findMembership(
  db: Db,
  spaceId: string,
  personId: string,
): Promise<MembershipRow | undefined> {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("person_id", "=", personId)
    .modifyFront(prepared)
    .executeTakeFirst();
}

export function findMembershipById(db: Db, spaceId: string, id: string): Promise<MembershipRow | undefined> {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertMembership(db: Db, membership: MembershipRow): Promise<void> {
  await db.insertInto("memberships").values(membership).execute();
}

export async function updateMembership(
  db: Db,
  id: string,
  changes: Partial<Pick<MembershipRow, "role" | "status" | "introduction" | "decided_by" | "decided_at">>,
): Promise<void> {
  await db
    .updateTable("memberships")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export function listMemberships(db: Db, spaceId: string, statuses: MembershipStatus[]) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("persons as p", "p.id", "m.person_id")
    .select([
      "m.id",
      "m.person_id as personId",
      "m.role",
      "m.status",
      "m.introduction",
      "m.created_at as createdAt",
      "p.display_name as displayName",
      "p.introduction as personIntroduction",
    ])
    .where("m.space_id", "=", spaceId)
    .where("m.status", "in", statuses)
    .orderBy("p.display_name")
    .execute();
}

export async function countActiveWithRole(db: Db, spaceId: string, role: MembershipRole): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("space_id", "=", spaceId)
    .where("role", "=", role)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listMembershipsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("spaces as s", "s.id", "m.space_id")
    .select(["s.id", "s.slug", "s.name", "s.kind", "m.role", "m.status"])
    .where("m.person_id", "=", personId)
    .where("m.status", "in", ["active", "pending"])
    .orderBy("s.name")
    .execute();
}

/** Pending requests to join, counted per space. */
export function pendingRequestsBySpace(db: Db, spaceIds: string[]) {
  return db
    .selectFrom("memberships")
    .select(["space_id as spaceId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("space_id", "in", spaceIds)
    .where("status", "=", "pending")
    .groupBy("space_id")
    .execute();
}
