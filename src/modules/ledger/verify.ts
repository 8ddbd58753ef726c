import type { Kysely } from "kysely";
import {
  applyTransfer,
  type Balance,
  firstChainBreak,
  GENESIS_HASH,
  type TransferInput,
} from "../../core/ledger.ts";
import type { Database } from "../../db/schema.ts";
import { inputOf } from "./booking.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

interface MonthSums {
  debits: number;
  credits: number;
  transfers: number;
}

/** What `store.writeBooking` adds to the monthly sums, recomputed in memory by `verify`. */
function addToMonth(
  monthly: Map<string, MonthSums>,
  t: Pick<store.TransferRow, "debit_account_id" | "credit_account_id" | "date" | "amount">,
) {
  const month = t.date.slice(0, 7);
  const of = (account: string) => {
    const key = `${account} ${month}`;
    let sums = monthly.get(key);
    if (!sums) {
      sums = { debits: 0, credits: 0, transfers: 0 };
      monthly.set(key, sums);
    }
    return sums;
  };
  const debit = of(t.debit_account_id);
  debit.debits += Number(t.amount);
  debit.transfers += 1;
  of(t.credit_account_id).credits += Number(t.amount);
}

/**
 * Recomputes every balance and monthly sum from the transfers and checks the hash chain: what `communs
 * ledger verify` prints. An empty list of problems means the ledger is sound.
 */
export async function verifyLedger(
  db: Db,
  space: { id: string },
  options: { pageSize?: number } = {},
): Promise<string[]> {
  const chain = await store.chainOf(db, space.id);
  const problems: string[] = [];
  const balances = new Map<string, Balance>();
  const monthly = new Map<string, MonthSums>();
  let last = GENESIS_HASH;
  let posted = 0;
  let broken: number | undefined;
  const entries = await store.lastEntryNumber(db, space.id);
  if ((chain?.entries ?? 0) !== entries) problems.push("chain entry count does not match the entries");
  for await (const page of store.transfersInOrder(db, space.id, entries, options.pageSize)) {
    const postedOfPage: (TransferInput & { hash: string })[] = [];
    for (const t of page) {
      const move = {
        debitAccount: t.debit_account_id,
        creditAccount: t.credit_account_id,
        amount: Number(t.amount),
      };
      applyTransfer(balances, move, t.status, t.pending_id !== null);
      if (t.status !== "posted") continue;
      postedOfPage.push({ ...inputOf(t), hash: t.hash ?? "" });
      if (t.journal !== store.CLOSING_JOURNAL) addToMonth(monthly, t);
    }
    const at = broken === undefined ? firstChainBreak(postedOfPage, last) : undefined;
    if (at !== undefined) broken = posted + at;
    posted += postedOfPage.length;
    last = postedOfPage.at(-1)?.hash ?? last;
  }
  for (const stored of await store.balancesOf(db, space.id)) {
    const expected = balances.get(stored.id);
    const drifted =
      Number(stored.debits) !== (expected?.debits ?? 0) ||
      Number(stored.credits) !== (expected?.credits ?? 0) ||
      Number(stored.pending_debits) !== (expected?.pendingDebits ?? 0) ||
      Number(stored.pending_credits) !== (expected?.pendingCredits ?? 0);
    if (drifted) problems.push(`balance of ${stored.code} drifted`);
  }
  for (const stored of await store.monthlyOf(db, space.id)) {
    const key = `${stored.account_id} ${stored.month}`;
    const expected = monthly.get(key);
    monthly.delete(key);
    const drifted =
      Number(stored.debits) !== (expected?.debits ?? 0) ||
      Number(stored.credits) !== (expected?.credits ?? 0) ||
      Number(stored.transfers) !== (expected?.transfers ?? 0);
    if (drifted) problems.push(`monthly sums of ${stored.month} drifted`);
  }
  for (const key of monthly.keys()) problems.push(`monthly sums of ${key.split(" ")[1]} missing`);
  if (broken !== undefined) problems.push(`hash chain broken at posted transfer ${broken + 1}`);
  if (chain && chain.last_hash !== last) problems.push("chain head does not match the last posted transfer");
  return problems;
}
