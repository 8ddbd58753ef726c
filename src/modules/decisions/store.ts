import { type Kysely, sql } from "kysely";
import type { DialectName } from "../../db/connection.ts";
import type {
  Database,
  ProposalCommentTable,
  ProposalObjectionTable,
  ProposalPositionTable,
  ProposalTable,
  ProposalVersionTable,
  SocialCodeVersionTable,
} from "../../db/schema.ts";

type Db = Kysely<Database>;

/** Makes concurrent answers to one proposal wait for each other (PostgreSQL; SQLite writes one at a time). */
export async function lockProposal(db: Db, dialect: DialectName, id: string): Promise<void> {
  if (dialect === "postgres")
    await db.selectFrom("proposals").select("id").where("id", "=", id).forUpdate().execute();
}

export function proposalById(db: Db, id: string) {
  return db.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirst();
}

export function proposalByNumber(db: Db, spaceId: string, number: number) {
  return db
    .selectFrom("proposals")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("number", "=", number)
    .executeTakeFirst();
}

export async function nextNumber(db: Db, spaceId: string): Promise<number> {
  const row = await db
    .selectFrom("proposals")
    .select((eb) => eb.fn.max("number").as("last"))
    .where("space_id", "=", spaceId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertProposal(db: Db, row: ProposalTable): Promise<void> {
  await db.insertInto("proposals").values(row).execute();
}

export async function updateProposal(db: Db, id: string, changes: Partial<ProposalTable>): Promise<void> {
  await db.updateTable("proposals").set(changes).where("id", "=", id).execute();
}

/**
 * Records the outcome unless another process already did: true when this call decided it, so that a
 * proposal is decided (and its effects applied) exactly once.
 */
export async function settleOnce(db: Db, id: string, changes: Partial<ProposalTable>): Promise<boolean> {
  const result = await db
    .updateTable("proposals")
    .set(changes)
    .where("id", "=", id)
    .where("outcome", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The proposal opened about a subject (an expense claim, a request to join), newest first. */
export function proposalAbout(db: Db, subjectType: string, subjectId: string) {
  return db
    .selectFrom("proposals")
    .selectAll()
    .where("subject_type", "=", subjectType as ProposalTable["subject_type"])
    .where("subject_id", "=", subjectId)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
}

/** Open proposals whose deadline has come, oldest first. */
export function dueProposals(db: Db, now: string, limit: number, spaceId?: string) {
  let query = db
    .selectFrom("proposals")
    .select("id")
    .where("outcome", "is", null)
    .where("deadline", "<=", now);
  if (spaceId) query = query.where("space_id", "=", spaceId);
  return query.orderBy("deadline").limit(limit).execute();
}

export interface RegisterFilter {
  /** Words to find in the title or any version's text. */
  query: string;
  /** `inForce`: adopted, neither replaced nor retired; `open`: being decided; `all`. */
  status: "inForce" | "open" | "all";
  /** Whether co-optation rounds (a candidate's name and introduction) are listed: for the space's own. */
  personal: boolean;
  offset: number;
  limit: number;
  /** Leave out co-optation rounds (their candidates' names) for readers who are not members. */
}

/** A space's proposals for its register, newest first, with their count. */
export async function register(db: Db, spaceId: string, filter: RegisterFilter) {
  let query = db.selectFrom("proposals").where("proposals.space_id", "=", spaceId);
  if (filter.status === "inForce")
    query = query
      .where("outcome", "=", "adopted")
      .where("replaced_by", "is", null)
      .where("retired_at", "is", null);
  if (filter.status === "open") query = query.where("outcome", "is", null);
  if (!filter.personal) query = query.where("class", "!=", "cooptation");
  if (filter.query !== "") {
    const like = `%${filter.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(proposals.title)`, "like", sql`${like} escape '\\'`),
        eb.exists(
          eb
            .selectFrom("proposal_versions")
            .select("proposal_versions.id")
            .whereRef("proposal_versions.proposal_id", "=", "proposals.id")
            .where(sql`lower(proposal_versions.body)`, "like", sql`${like} escape '\\'`),
        ),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .selectAll("proposals")
      .orderBy("proposals.number", "desc")
      .offset(filter.offset)
      .limit(filter.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return { rows, count: Number(count?.n ?? 0) };
}

// Versions, comments, objections, positions

export function versionsOf(db: Db, proposalId: string) {
  return db
    .selectFrom("proposal_versions")
    .selectAll()
    .where("proposal_id", "=", proposalId)
    .orderBy("number")
    .execute();
}

export function versionOf(db: Db, proposalId: string, number: number) {
  return db
    .selectFrom("proposal_versions")
    .selectAll()
    .where("proposal_id", "=", proposalId)
    .where("number", "=", number)
    .executeTakeFirst();
}

export async function insertVersion(db: Db, row: ProposalVersionTable): Promise<void> {
  await db.insertInto("proposal_versions").values(row).execute();
}

export function commentsOf(db: Db, proposalId: string) {
  return db
    .selectFrom("proposal_comments")
    .selectAll()
    .where("proposal_id", "=", proposalId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function insertComment(db: Db, row: ProposalCommentTable): Promise<void> {
  await db.insertInto("proposal_comments").values(row).execute();
}

export function objectionsOf(db: Db, proposalId: string) {
  return db
    .selectFrom("proposal_objections")
    .selectAll()
    .where("proposal_id", "=", proposalId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function objectionById(db: Db, id: string) {
  return db.selectFrom("proposal_objections").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertObjection(db: Db, row: ProposalObjectionTable): Promise<void> {
  await db.insertInto("proposal_objections").values(row).execute();
}

export async function updateObjection(
  db: Db,
  id: string,
  changes: Partial<ProposalObjectionTable>,
): Promise<void> {
  await db.updateTable("proposal_objections").set(changes).where("id", "=", id).execute();
}

export function positionsOf(db: Db, proposalId: string) {
  return db
    .selectFrom("proposal_positions")
    .selectAll()
    .where("proposal_id", "=", proposalId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** One person's position, replacing the one they took before. */
export async function savePosition(db: Db, row: ProposalPositionTable): Promise<void> {
  await db
    .insertInto("proposal_positions")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["proposal_id", "person_id"]).doUpdateSet({
        position: row.position,
        reason: row.reason,
        recorded_by: row.recorded_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** The ids of those asked: the space's active members, or its facilitators. */
export async function participantIds(db: Db, spaceId: string, who: "members" | "facilitators") {
  let query = db
    .selectFrom("memberships")
    .select("person_id")
    .where("space_id", "=", spaceId)
    .where("status", "=", "active");
  if (who === "facilitators") query = query.where("role", "=", "facilitator");
  return (await query.execute()).map((r) => r.person_id);
}

export async function countActiveMembers(db: Db, spaceId: string): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("space_id", "=", spaceId)
    .where("status", "=", "active")
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The decisions taken in a meeting, for its minutes. */
export function decidedIn(db: Db, meetingId: string) {
  return db
    .selectFrom("proposals")
    .select(["id", "number", "title", "outcome"])
    .where("meeting_id", "=", meetingId)
    .orderBy("number")
    .execute();
}

// Social code

export function socialCodeVersions(db: Db, spaceId: string) {
  return db
    .selectFrom("social_code_versions")
    .select(["id", "number", "proposal_id", "adopted_at"])
    .where("space_id", "=", spaceId)
    .orderBy("number", "desc")
    .execute();
}

export function socialCodeVersion(db: Db, spaceId: string, number?: number) {
  let query = db.selectFrom("social_code_versions").selectAll().where("space_id", "=", spaceId);
  query =
    number === undefined ? query.orderBy("number", "desc").limit(1) : query.where("number", "=", number);
  return query.executeTakeFirst();
}

export async function insertSocialCodeVersion(db: Db, row: SocialCodeVersionTable): Promise<void> {
  await db.insertInto("social_code_versions").values(row).execute();
}

export async function personName(db: Db, personId: string): Promise<string> {
  const row = await db
    .selectFrom("persons")
    .select("display_name")
    .where("id", "=", personId)
    .executeTakeFirst();
  return row?.display_name ?? "";
}

/** A meeting of the space, for a decision taken in it. */
export function meetingIn(db: Db, spaceId: string, meetingId: string) {
  return db
    .selectFrom("meetings")
    .select(["id", "title", "starts_at", "status"])
    .where("id", "=", meetingId)
    .where("space_id", "=", spaceId)
    .executeTakeFirst();
}

/** A space's recent meetings (held or planned), to record a decision taken in one. */
export function recentMeetings(db: Db, spaceId: string, since: string) {
  return db
    .selectFrom("meetings")
    .select(["id", "title", "starts_at"])
    .where("space_id", "=", spaceId)
    .where("status", "!=", "cancelled")
    .where("starts_at", ">=", since)
    .orderBy("starts_at", "desc")
    .limit(20)
    .execute();
}

/** Those asked in a round, by name, for a facilitator recording their answers. */
export async function participantsByName(db: Db, spaceId: string, who: "members" | "facilitators") {
  let query = db
    .selectFrom("memberships as m")
    .innerJoin("persons as p", "p.id", "m.person_id")
    .select(["p.id", "p.display_name as name"])
    .where("m.space_id", "=", spaceId)
    .where("m.status", "=", "active");
  if (who === "facilitators") query = query.where("m.role", "=", "facilitator");
  return query.orderBy("p.display_name").execute();
}

/** Pending requests to join a space, each with the co-optation round opened about it. */
export function pendingRequests(db: Db, spaceId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("persons as p", "p.id", "m.person_id")
    .leftJoin("proposals as r", (j) =>
      j
        .onRef("r.subject_id", "=", "m.id")
        .on("r.subject_type", "=", "membership")
        .on("r.outcome", "is", null),
    )
    .select([
      "m.id",
      "m.person_id as personId",
      "p.display_name as name",
      "m.introduction",
      "m.created_at as requestedAt",
      "r.id as proposalId",
      "r.number as proposalNumber",
      "r.deadline",
    ])
    .where("m.space_id", "=", spaceId)
    .where("m.status", "=", "pending")
    .orderBy("m.created_at")
    .execute();
}

/**
 * Open rounds that ask this person and that they have not answered (no objection, no position), counted
 * per space: the members' rounds in `memberOf`, the facilitators' rounds in `facilitates`.
 */
export function roundsToAnswer(db: Db, personId: string, memberOf: string[], facilitates: string[]) {
  return db
    .selectFrom("proposals as p")
    .select(["p.space_id as spaceId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("p.outcome", "is", null)
    .where("p.mode", "in", ["consent", "consensus"])
    .where((eb) =>
      eb.or([
        eb.and([eb("p.participants", "=", "members"), eb("p.space_id", "in", [...memberOf, ""])]),
        eb.and([eb("p.participants", "=", "facilitators"), eb("p.space_id", "in", [...facilitates, ""])]),
      ]),
    )
    .where((eb) => eb.or([eb("p.proposer_id", "is", null), eb("p.proposer_id", "!=", personId)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("proposal_positions as pp")
            .select("pp.id")
            .whereRef("pp.proposal_id", "=", "p.id")
            .where("pp.person_id", "=", personId),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("proposal_objections as o")
            .select("o.id")
            .whereRef("o.proposal_id", "=", "p.id")
            .where("o.author_id", "=", personId),
        ),
      ),
    )
    .groupBy("p.space_id")
    .execute();
}
