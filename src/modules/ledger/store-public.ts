import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { CLOSING_JOURNAL } from "./store.ts";

// What anyone may read of a chamber's books: its envelopes' balances, the years it has transfers in,
// and its posted transfers outside the budget layer (the transparency page and its CSV, the treasurer's
// page and the JSON API read them through the ledger service).

type Db = Kysely<Database>;

/** The journal of the envelope layer: budget moves that are not income or spending. */
export const ENVELOPE_JOURNAL = "ENV";

export interface EnvelopeBalance {
  code: string;
  label: string;
  /** Credits less debits less reservations, in cents. */
  balance: number;
}

export interface PublicTransfer {
  id: string;
  date: string;
  label: string;
  amount: number;
  debitCode: string;
  debitLabel: string;
  creditCode: string;
  creditLabel: string;
}

/** Posted transfers of a space in a year, outside the envelope layer and the year-closing entries. */
function postedOfYear(db: Db, spaceId: string, year: number) {
  const [from, to] = [`${year}-01-01`, `${year}-12-31`];
  return db
    .selectFrom("ledger_transfers as t")
    .where("t.space_id", "=", spaceId)
    .where("t.status", "=", "posted")
    .where("t.journal", "not in", [ENVELOPE_JOURNAL, CLOSING_JOURNAL])
    .where("t.date", ">=", from)
    .where("t.date", "<=", to);
}

export async function envelopeBalances(db: Db, spaceId: string): Promise<EnvelopeBalance[]> {
  const rows = await db
    .selectFrom("ledger_accounts as a")
    .innerJoin("ledger_balances as b", "b.account_id", "a.id")
    .select(["a.code", "a.label", "b.debits", "b.credits", "b.pending_debits"])
    .where("a.space_id", "=", spaceId)
    .where("a.kind", "=", "envelope")
    .orderBy("a.code")
    .execute();
  return rows.map((r) => ({
    code: r.code,
    label: r.label,
    balance: Number(r.credits) - Number(r.debits) - Number(r.pending_debits),
  }));
}

/** Years in which the space has posted transfers, newest first. */
export async function transferYears(db: Db, spaceId: string): Promise<number[]> {
  const year = sql<string>`substr(month, 1, 4)`;
  const rows = await db
    .selectFrom("ledger_monthly")
    .select(year.as("year"))
    .where("space_id", "=", spaceId)
    .groupBy(year)
    .execute();
  return rows.map((r) => Number(r.year)).sort((a, b) => b - a);
}

function publicTransfers(db: Db, spaceId: string, year: number) {
  return postedOfYear(db, spaceId, year)
    .innerJoin("ledger_accounts as d", "d.id", "t.debit_account_id")
    .innerJoin("ledger_accounts as c", "c.id", "t.credit_account_id")
    .select([
      "t.id",
      "t.date",
      "t.label",
      "t.amount",
      "d.code as debitCode",
      "d.label as debitLabel",
      "c.code as creditCode",
      "c.label as creditLabel",
    ]);
}

function asPublic<T extends { amount: number | string }>(row: T): T & { amount: number } {
  return { ...row, amount: Number(row.amount) };
}

/** The latest transfers of the year, newest first (ids are time-ordered UUIDv7: the (space_id, date, id) index). */
export async function latestTransfers(
  db: Db,
  spaceId: string,
  year: number,
  limit: number,
): Promise<PublicTransfer[]> {
  const rows = await publicTransfers(db, spaceId, year)
    .orderBy("t.date", "desc")
    .orderBy("t.id", "desc")
    .limit(limit)
    .execute();
  return rows.map(asPublic);
}

/**
 * Every transfer of the year, oldest first, read page by page (keyset on date and id) so that a large
 * year never sits in memory at once.
 */
export async function* allTransfers(
  db: Db,
  spaceId: string,
  year: number,
  pageSize = 500,
): AsyncGenerator<PublicTransfer> {
  let after: { date: string; id: string } | undefined;
  for (;;) {
    let query = publicTransfers(db, spaceId, year);
    if (after) {
      const { date, id } = after;
      query = query.where((eb) =>
        eb.or([eb("t.date", ">", date), eb.and([eb("t.date", "=", date), eb("t.id", ">", id)])]),
      );
    }
    const rows = await query.orderBy("t.date").orderBy("t.id").limit(pageSize).execute();
    for (const row of rows) yield asPublic(row);
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = { date: last.date, id: last.id };
  }
}

/** Whether the space has an expense account (a category) already. */
export async function hasExpenseAccount(db: Db, spaceId: string): Promise<boolean> {
  const row = await db
    .selectFrom("ledger_accounts")
    .select("id")
    .where("space_id", "=", spaceId)
    .where("kind", "=", "expense")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
