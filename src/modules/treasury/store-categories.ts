import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

/** The chamber's expense categories (its expense accounts), each saying whether anything uses it. */
export async function expenseCategories(db: Db, spaceId: string) {
  const rows = await db
    .selectFrom("ledger_accounts as a")
    .select((eb) => [
      "a.id",
      "a.code",
      "a.label",
      "a.archived_at as archivedAt",
      eb
        .exists(
          eb
            .selectFrom("ledger_transfers as t")
            .select("t.id")
            .where((w) =>
              w.or([
                w("t.debit_account_id", "=", w.ref("a.id")),
                w("t.credit_account_id", "=", w.ref("a.id")),
              ]),
            ),
        )
        .as("inTransfers"),
      eb
        .exists(
          eb
            .selectFrom("expense_claims as c")
            .select("c.id")
            .where("c.space_id", "=", spaceId)
            .where("c.account_code", "=", eb.ref("a.code")),
        )
        .as("inClaims"),
    ])
    .where("a.space_id", "=", spaceId)
    .where("a.kind", "=", "expense")
    .orderBy("a.code")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    label: r.label,
    archived: r.archivedAt !== null,
    /** Booked to or claimed: it may be archived, never deleted. */
    used: Boolean(r.inTransfers) || Boolean(r.inClaims),
  }));
}

export async function renameAccount(db: Db, id: string, label: string): Promise<void> {
  await db.updateTable("ledger_accounts").set({ label }).where("id", "=", id).execute();
}

export async function archiveAccount(db: Db, id: string, at: string | null): Promise<void> {
  await db.updateTable("ledger_accounts").set({ archived_at: at }).where("id", "=", id).execute();
}

/** Removes an account nothing was ever booked to (its zero balances row with it). */
export async function deleteAccount(db: Db, id: string): Promise<void> {
  await db.deleteFrom("ledger_balances").where("account_id", "=", id).execute();
  await db.deleteFrom("ledger_accounts").where("id", "=", id).execute();
}
