import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { BUDGET_KINDS, CLOSING_JOURNAL } from "./store.ts";

type Db = Kysely<Database>;

// The FEC writer's reads (see fec.ts): posted bookkeeping only, the budget layer left out.

/**
 * Posted totals per balance-sheet or result account from every transfer before the year, on one side
 * (`debit`: the account was debited), the transfers of the budget layer left out.
 */
export function openingSide(db: Db, spaceId: string, year: number, side: "debit" | "credit") {
  const own = side === "debit" ? "debit_account_id" : "credit_account_id";
  const other = side === "debit" ? "credit_account_id" : "debit_account_id";
  return db
    .selectFrom("ledger_transfers as t")
    .innerJoin("ledger_accounts as a", "a.id", `t.${own}`)
    .innerJoin("ledger_accounts as o", "o.id", `t.${other}`)
    .select(["a.code", "a.label", "a.kind", (eb) => eb.fn.sum<string | number>("t.amount").as("total")])
    .where("t.space_id", "=", spaceId)
    .where("t.status", "=", "posted")
    .where("t.date", "<", `${year}-01-01`)
    .where("a.kind", "not in", BUDGET_KINDS)
    .where("o.kind", "not in", BUDGET_KINDS)
    .groupBy(["a.id", "a.code", "a.label", "a.kind"])
    .execute();
}

/** The first and last entry numbers holding a posted transfer of the year: where the pages run. */
export async function entryRange(db: Db, spaceId: string, year: number) {
  const range = await db
    .selectFrom("ledger_transfers as t")
    .innerJoin("ledger_entries as e", "e.id", "t.entry_id")
    .select((eb) => [eb.fn.min("e.number").as("first"), eb.fn.max("e.number").as("last")])
    .where("t.space_id", "=", spaceId)
    .where("t.status", "=", "posted")
    .where("t.date", ">=", `${year}-01-01`)
    .where("t.date", "<=", `${year}-12-31`)
    .executeTakeFirst();
  return { first: Number(range?.first ?? 1), last: Number(range?.last ?? 0) };
}

/**
 * The year's posted transfers of the entries numbered from `from` to `to`, in book order. Entry
 * numbers are continuous per space: the entries are a range of the (space_id, number) index, then their
 * transfers are read by entry id. Two plain index reads, whatever the planner knows of the tables (a
 * single join once made PostgreSQL without statistics compare each page with the whole year).
 */
export async function fecPage(db: Db, spaceId: string, year: number, from: number, to: number) {
  const entries = await db
    .selectFrom("ledger_entries")
    .select(["id", "number", "date"])
    .where("space_id", "=", spaceId)
    .where("number", ">=", from)
    .where("number", "<=", to)
    .execute();
  if (entries.length === 0) return [];
  const byId = new Map(entries.map((e) => [e.id, e]));
  const rows = await db
    .selectFrom("ledger_transfers as t")
    .innerJoin("ledger_accounts as d", "d.id", "t.debit_account_id")
    .innerJoin("ledger_accounts as c", "c.id", "t.credit_account_id")
    .select([
      "t.id",
      "t.entry_id as entryId",
      "t.journal",
      "t.date",
      "t.label",
      "t.piece_ref as pieceRef",
      "t.amount",
      "d.code as debitCode",
      "d.label as debitLabel",
      "c.code as creditCode",
      "c.label as creditLabel",
    ])
    .where("t.entry_id", "in", [...byId.keys()])
    .where("t.status", "=", "posted")
    .where("t.date", ">=", `${year}-01-01`)
    .where("t.date", "<=", `${year}-12-31`)
    .where("d.kind", "not in", BUDGET_KINDS)
    .where("c.kind", "not in", BUDGET_KINDS)
    // The year close's entries (journal CL) zero income and spending into 120: the FEC must not hold
    // them, so that classes 6 and 7 still add up to the year's result (BOI-CF-IOR-60-40-20).
    .where("t.journal", "!=", CLOSING_JOURNAL)
    .execute();
  return rows
    .map((row) => {
      const entry = byId.get(row.entryId);
      return { ...row, number: Number(entry?.number), entryDate: entry?.date ?? row.date };
    })
    .sort((a, b) => a.number - b.number || (a.id < b.id ? -1 : 1));
}
