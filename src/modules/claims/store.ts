import type { Kysely } from "kysely";
import type { ClaimStatus, Database, ExpenseClaimTable, ExpenseReceiptTable } from "../../db/schema.ts";

type Db = Kysely<Database>;

export function claimById(db: Db, id: string) {
  return db.selectFrom("expense_claims").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertClaim(db: Db, claim: ExpenseClaimTable): Promise<void> {
  await db.insertInto("expense_claims").values(claim).execute();
}

export async function updateClaim(db: Db, id: string, changes: Partial<ExpenseClaimTable>): Promise<void> {
  await db.updateTable("expense_claims").set(changes).where("id", "=", id).execute();
}

/** A chamber's claims, newest first, with their authors' names: all of them, or one author's. */
export function claimsOf(db: Db, spaceId: string, filter: { authorId?: string; status?: ClaimStatus }) {
  let query = db
    .selectFrom("expense_claims as c")
    .innerJoin("persons as p", "p.id", "c.author_id")
    .selectAll("c")
    .select("p.display_name as authorName")
    .where("c.space_id", "=", spaceId)
    .orderBy("c.created_at", "desc")
    .orderBy("c.id", "desc");
  if (filter.authorId) query = query.where("c.author_id", "=", filter.authorId);
  if (filter.status) query = query.where("c.status", "=", filter.status);
  return query.limit(500).execute();
}

/** Who did what on a claim: its audit events, oldest first. */
export function claimHistory(db: Db, id: string) {
  return db
    .selectFrom("audit_events as e")
    .leftJoin("persons as p", "p.id", "e.actor_id")
    .select(["e.at", "e.action", "p.display_name as actorName", "e.after"])
    .where("e.subject_type", "=", "expenseClaim")
    .where("e.subject_id", "=", id)
    .orderBy("e.id")
    .execute();
}

/** The name a claim's author goes by. */
export async function authorName(db: Db, personId: string): Promise<string> {
  const row = await db
    .selectFrom("persons")
    .select("display_name")
    .where("id", "=", personId)
    .executeTakeFirst();
  return row?.display_name ?? "";
}

export async function receiptCount(db: Db, claimId: string): Promise<number> {
  const count = await db
    .selectFrom("expense_receipts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("claim_id", "=", claimId)
    .executeTakeFirstOrThrow();
  return Number(count.n);
}

export async function insertReceipt(db: Db, receipt: ExpenseReceiptTable): Promise<void> {
  await db.insertInto("expense_receipts").values(receipt).execute();
}

export function receiptsOf(db: Db, claimId: string) {
  return db
    .selectFrom("expense_receipts")
    .selectAll()
    .where("claim_id", "=", claimId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function receiptById(db: Db, claimId: string, id: string) {
  return db
    .selectFrom("expense_receipts")
    .selectAll()
    .where("claim_id", "=", claimId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Claims waiting for someone who keeps the books (submitted: to approve; approved: to pay), counted per chamber. */
export function claimsToDecideBySpace(db: Db, spaceIds: string[], exceptAuthorId: string) {
  return db
    .selectFrom("expense_claims")
    .select(["space_id as spaceId", "status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("space_id", "in", spaceIds)
    .where("status", "in", ["submitted", "approved"])
    .where("author_id", "!=", exceptAuthorId)
    .groupBy(["space_id", "status"])
    .execute();
}
