import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

/** The chamber's SIREN, or "" when it has none yet (the FEC needs one). */
export async function chamberSiren(db: Db, spaceId: string): Promise<string> {
  const row = await db
    .selectFrom("ledger_settings")
    .select("siren")
    .where("space_id", "=", spaceId)
    .executeTakeFirst();
  return row?.siren ?? "";
}

export async function saveSiren(db: Db, spaceId: string, siren: string): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto("ledger_settings")
    .values({ space_id: spaceId, siren, updated_at: now })
    .onConflict((oc) => oc.column("space_id").doUpdateSet({ siren, updated_at: now }))
    .execute();
}

/** The chamber's closed years, newest first. */
export async function closedYears(db: Db, spaceId: string): Promise<number[]> {
  const rows = await db
    .selectFrom("ledger_closed_years")
    .select("year")
    .where("space_id", "=", spaceId)
    .execute();
  return rows.map((r) => Number(r.year)).sort((a, b) => b - a);
}

/** The year's latest posted transfers, newest first, each saying whether it reverses or was reversed. */
export async function latestPosted(db: Db, spaceId: string, year: number, limit: number) {
  const rows = await db
    .selectFrom("ledger_transfers as t")
    .innerJoin("ledger_accounts as d", "d.id", "t.debit_account_id")
    .innerJoin("ledger_accounts as c", "c.id", "t.credit_account_id")
    .leftJoin("ledger_transfers as r", "r.reverses_id", "t.id")
    .select([
      "t.id",
      "t.date",
      "t.label",
      "t.journal",
      "t.amount",
      "t.reverses_id as reversesId",
      "r.id as reversalId",
      "d.code as debitCode",
      "d.label as debitLabel",
      "c.code as creditCode",
      "c.label as creditLabel",
    ])
    .where("t.space_id", "=", spaceId)
    .where("t.status", "=", "posted")
    .where("t.date", ">=", `${year}-01-01`)
    .where("t.date", "<=", `${year}-12-31`)
    .orderBy("t.date", "desc")
    .orderBy("t.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    label: r.label,
    journal: r.journal,
    amount: Number(r.amount),
    debitCode: r.debitCode,
    debitLabel: r.debitLabel,
    creditCode: r.creditCode,
    creditLabel: r.creditLabel,
    isReversal: r.reversesId !== null,
    reversed: r.reversalId !== null,
  }));
}
