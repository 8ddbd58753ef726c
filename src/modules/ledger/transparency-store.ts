import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

/** The journal of the envelope layer: budget moves that are not income or spending. */
export const ENVELOPE_JOURNAL = "ENV";

export interface EnvelopeBalance {
  code: string;
  label: string;
  /** Credits less debits less reservations, in cents. */
  balance: number;
}

export interface CategoryTotal {
  code: string;
  label: string;
  side: "income" | "spending";
  amount: number;
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

function yearRange(year: number): [string, string] {
  return [`${year}-01-01`, `${year}-12-31`];
}

/** Posted transfers of a space in a year, outside the envelope layer. */
function postedOfYear(db: Db, spaceId: string, year: number) {
  const [from, to] = yearRange(year);
  return db
    .selectFrom("ledger_transfers as t")
    .where("t.space_id", "=", spaceId)
    .where("t.status", "=", "posted")
    .where("t.journal", "<>", ENVELOPE_JOURNAL)
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

/** Income (credits of income accounts) and spending (debits of expense accounts) by month, "YYYY-MM". */
export async function monthlyTotals(db: Db, spaceId: string, year: number) {
  const month = sql<string>`substr(t.date, 1, 7)`;
  const [income, spending] = await Promise.all([
    postedOfYear(db, spaceId, year)
      .innerJoin("ledger_accounts as a", "a.id", "t.credit_account_id")
      .where("a.kind", "=", "income")
      .select([month.as("month"), (eb) => eb.fn.sum<string | number>("t.amount").as("total")])
      .groupBy(month)
      .execute(),
    postedOfYear(db, spaceId, year)
      .innerJoin("ledger_accounts as a", "a.id", "t.debit_account_id")
      .where("a.kind", "=", "expense")
      .select([month.as("month"), (eb) => eb.fn.sum<string | number>("t.amount").as("total")])
      .groupBy(month)
      .execute(),
  ]);
  const byMonth = (rows: { month: string; total: string | number }[]) =>
    new Map(rows.map((r) => [r.month, Number(r.total)]));
  return { income: byMonth(income), spending: byMonth(spending) };
}

/** The same totals by account (code and label). */
export async function categoryTotals(db: Db, spaceId: string, year: number): Promise<CategoryTotal[]> {
  const [income, spending] = await Promise.all([
    postedOfYear(db, spaceId, year)
      .innerJoin("ledger_accounts as a", "a.id", "t.credit_account_id")
      .where("a.kind", "=", "income")
      .select(["a.code", "a.label", (eb) => eb.fn.sum<string | number>("t.amount").as("total")])
      .groupBy(["a.code", "a.label"])
      .orderBy("a.code")
      .execute(),
    postedOfYear(db, spaceId, year)
      .innerJoin("ledger_accounts as a", "a.id", "t.debit_account_id")
      .where("a.kind", "=", "expense")
      .select(["a.code", "a.label", (eb) => eb.fn.sum<string | number>("t.amount").as("total")])
      .groupBy(["a.code", "a.label"])
      .orderBy("a.code")
      .execute(),
  ]);
  const rows = (list: typeof income, side: CategoryTotal["side"]) =>
    list.map((r) => ({ code: r.code, label: r.label, side, amount: Number(r.total) }));
  return [...rows(income, "income"), ...rows(spending, "spending")];
}

/** Years in which the space has posted transfers, newest first. */
export async function transferYears(db: Db, spaceId: string): Promise<number[]> {
  const year = sql<string>`substr(date, 1, 4)`;
  const rows = await db
    .selectFrom("ledger_transfers")
    .select(year.as("year"))
    .where("space_id", "=", spaceId)
    .where("status", "=", "posted")
    .groupBy(year)
    .execute();
  return rows.map((r) => Number(r.year)).sort((a, b) => b - a);
}

export async function countTransfers(db: Db, spaceId: string, year: number): Promise<number> {
  const row = await postedOfYear(db, spaceId, year)
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
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

/** The latest transfers of the year, newest first. */
export async function latestTransfers(
  db: Db,
  spaceId: string,
  year: number,
  limit: number,
): Promise<PublicTransfer[]> {
  const rows = await publicTransfers(db, spaceId, year)
    .orderBy("t.date", "desc")
    .orderBy("t.created_at", "desc")
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
