import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

/**
 * The transparency page's sums, read from the ledger's monthly sums of each account (kept by every
 * posted transfer, see LedgerMonthlyTable) rather than from the transfers themselves.
 */

export interface CategoryTotal {
  code: string;
  label: string;
  side: "income" | "spending";
  amount: number;
}

/**
 * The year's monthly sums of the income and expense accounts (see LedgerMonthlyTable): a few hundred
 * rows whatever the number of transfers.
 */
function resultMonths(db: Db, spaceId: string, year: number) {
  const [from, to] = [`${year}-01`, `${year}-12`];
  return db
    .selectFrom("ledger_monthly as m")
    .innerJoin("ledger_accounts as a", "a.id", "m.account_id")
    .select(["m.month", "m.debits", "m.credits", "a.code", "a.label", "a.kind"])
    .where("m.space_id", "=", spaceId)
    .where("m.month", ">=", from)
    .where("m.month", "<=", to)
    .where("a.kind", "in", ["income", "expense"])
    .execute();
}

/** What a row adds: income is what income accounts received net, spending what expense accounts paid net. */
function net(row: { kind: string; debits: number | string; credits: number | string }) {
  const credits = Number(row.credits) - Number(row.debits);
  return row.kind === "income"
    ? { side: "income" as const, amount: credits }
    : { side: "spending" as const, amount: -credits };
}

/** Income and spending by month, "YYYY-MM". */
export async function monthlyTotals(db: Db, spaceId: string, year: number) {
  const income = new Map<string, number>();
  const spending = new Map<string, number>();
  for (const row of await resultMonths(db, spaceId, year)) {
    const { side, amount } = net(row);
    const totals = side === "income" ? income : spending;
    totals.set(row.month, (totals.get(row.month) ?? 0) + amount);
  }
  return { income, spending };
}

/** The same totals by account (code and label), income first. */
export async function categoryTotals(db: Db, spaceId: string, year: number): Promise<CategoryTotal[]> {
  const byAccount = new Map<string, CategoryTotal>();
  for (const row of await resultMonths(db, spaceId, year)) {
    const { side, amount } = net(row);
    const total = byAccount.get(row.code) ?? { code: row.code, label: row.label, side, amount: 0 };
    total.amount += amount;
    byAccount.set(row.code, total);
  }
  const sorted = [...byAccount.values()].sort((a, b) => a.code.localeCompare(b.code));
  return [...sorted.filter((c) => c.side === "income"), ...sorted.filter((c) => c.side === "spending")];
}

/** The year's posted transfers outside the envelope layer: each counted once, at its debit account. */
export async function countTransfers(db: Db, spaceId: string, year: number): Promise<number> {
  const row = await db
    .selectFrom("ledger_monthly as m")
    .innerJoin("ledger_accounts as a", "a.id", "m.account_id")
    .select((eb) => eb.fn.sum<string | number>("m.transfers").as("n"))
    .where("m.space_id", "=", spaceId)
    .where("m.month", ">=", `${year}-01`)
    .where("m.month", "<=", `${year}-12`)
    .where("a.kind", "not in", ["envelope", "memo"])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
