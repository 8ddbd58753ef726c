/**
 * Time for decisions' tests: a round's deadline moved into the past, as if its days had gone by, so that
 * the next read (or the job) settles it the way it would then.
 */
import type { DecisionRules } from "../../src/core/decisions.ts";
import type { Db } from "../../src/db/connection.ts";

export async function expireRound(db: Db, proposalId: string, msAgo = 1000): Promise<void> {
  const past = new Date(Date.now() - msAgo).toISOString();
  await db.kysely
    .updateTable("proposals")
    .set({ deadline: past, reactions_at: past, objections_at: past })
    .where("id", "=", proposalId)
    .execute();
}

/** The round opened about a subject (a request to join, an expense claim). */
export async function roundAbout(db: Db, subjectType: string, subjectId: string): Promise<string> {
  const row = await db.kysely
    .selectFrom("proposals")
    .select("id")
    .where("subject_type", "=", subjectType as "membership")
    .where("subject_id", "=", subjectId)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  if (!row) throw new Error(`no round about ${subjectType} ${subjectId}`);
  return row.id;
}

/**
 * A space's decision rules written straight into its row, as an adopted settings decision would leave
 * them (the rules not named keep their kind's defaults): `{ admission: "facilitators" }` lets one
 * facilitator decide a chamber's requests to join alone.
 */
export async function setRules(db: Db, slug: string, rules: Partial<DecisionRules>): Promise<void> {
  await db.kysely
    .updateTable("spaces")
    .set({ decision_rules: JSON.stringify(rules) })
    .where("slug", "=", slug)
    .execute();
}
