import { type Kysely, type RawBuilder, sql } from "kysely";
import { type DialectName, PREPARED } from "../../db/connection.ts";
import type {
  Database,
  LedgerAccountKind,
  LedgerAccountTable,
  LedgerTransferTable,
} from "../../db/schema.ts";

type Db = Kysely<Database>;
export type AccountRow = LedgerAccountTable;
export type TransferRow = LedgerTransferTable;

/**
 * The ledger's queries. Transfers and entries are only ever inserted: this file holds no update or
 * delete of either (a test reads it to make sure). Balances and the chain row are derived data kept in
 * the same transaction as the transfer that changes them.
 */
export async function insertAccount(db: Db, account: AccountRow): Promise<void> {
  await db.insertInto("ledger_accounts").values(account).execute();
  await db
    .insertInto("ledger_balances")
    .values({ account_id: account.id, debits: 0, credits: 0, pending_debits: 0, pending_credits: 0 })
    .execute();
}

export function accountsOf(db: Db, spaceId: string) {
  return db
    .selectFrom("ledger_accounts as a")
    .innerJoin("ledger_balances as b", "b.account_id", "a.id")
    .select([
      "a.id",
      "a.code",
      "a.label",
      "a.kind",
      "b.debits",
      "b.credits",
      "b.pending_debits",
      "b.pending_credits",
      "a.archived_at",
    ])
    .where("a.space_id", "=", spaceId)
    .orderBy("a.code")
    .execute();
}

/** Which of these account codes the space already has. */
export async function existingCodes(db: Db, spaceId: string, codes: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom("ledger_accounts")
    .select("code")
    .where("space_id", "=", spaceId)
    .where("code", "in", codes)
    .execute();
  return rows.map((r) => r.code);
}

export function accountByCode(db: Db, spaceId: string, code: string) {
  return db
    .selectFrom("ledger_accounts")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("code", "=", code)
    .executeTakeFirst();
}

/** The space's chain row, created on first use; on PostgreSQL it is locked until the transaction ends. */
export async function lockChain(db: Db, dialect: DialectName, spaceId: string, genesis: string) {
  const read = () => {
    let query = db.selectFrom("ledger_chains").selectAll().where("space_id", "=", spaceId);
    if (dialect === "postgres") query = query.forUpdate();
    return query.executeTakeFirst();
  };
  const found = await read();
  if (found) return found;
  await db
    .insertInto("ledger_chains")
    .values({ space_id: spaceId, last_hash: genesis, entries: 0 })
    .onConflict((oc) => oc.column("space_id").doNothing())
    .execute();
  const created = await read();
  if (!created) throw new Error(`ledger chain of space ${spaceId} missing`);
  return created;
}

interface BookingState {
  last_hash: string;
  entries: number;
  debitId: string | null;
  debitKind: LedgerAccountKind | null;
  creditId: string | null;
}

/**
 * The chain row (locked like lockChain's) and the two accounts of a booking by code, in one read.
 * Accounts are never changed once created, so reading them with the lock loses nothing.
 */
export async function bookingState(
  db: Db,
  dialect: DialectName,
  spaceId: string,
  codes: { debit: string; credit: string },
  genesis: string,
) {
  // SQL text rather than the query builder: this runs for every booking, and builds faster so.
  const lock = dialect === "postgres" ? sql`for update of c` : sql``;
  const read = async () => {
    const { rows } = await sql<BookingState>`select ${sql.raw(PREPARED)} c.last_hash, c.entries,
        d.id as "debitId", d.kind as "debitKind", k.id as "creditId"
      from ledger_chains c
      left join ledger_accounts d on d.space_id = c.space_id and d.code = ${codes.debit}
      left join ledger_accounts k on k.space_id = c.space_id and k.code = ${codes.credit}
      where c.space_id = ${spaceId} ${lock}`.execute(db);
    return rows[0];
  };
  const found = await read();
  if (found) return found;
  await lockChain(db, dialect, spaceId, genesis);
  const created = await read();
  if (!created) throw new Error(`ledger chain of space ${spaceId} missing`);
  return created;
}

type BalanceColumn = "debits" | "credits" | "pending_debits" | "pending_credits";
/** Added to an account's balance columns (negative numbers release a reservation). */
export type BalanceChange = Partial<Record<BalanceColumn, number>>;

/** What one booking writes: its entry and transfer, the chain row after it, its two accounts' balances. */
export interface BookingWrites {
  entry: Database["ledger_entries"];
  transfer: TransferRow;
  chain: { last_hash: string; entries: number };
  debit: BalanceChange;
  credit: BalanceChange;
  /** The transfer is not written when its year is closed, unless this is false (a settled reservation). */
  unlessYearClosed: boolean;
}

/**
 * Writes a booking, unless its idempotency key is taken or (see unlessYearClosed) its year is closed:
 * then nothing is written and the answer is false. On PostgreSQL in one prepared statement of
 * data-modifying CTEs (one round trip; the transfer first, with insert … on conflict do nothing, its
 * entry's reference being checked at the statement's end). SQLite has no such CTEs and checks a
 * reference at each statement's end: there the entry goes first, unless the key is taken or the year
 * closed, then the rest in turn.
 */
export async function writeBooking(db: Db, dialect: DialectName, writes: BookingWrites): Promise<boolean> {
  const t = writes.transfer;
  const year = writes.unlessYearClosed ? t.date.slice(0, 4) : null;
  const closed = sql`exists (select 1 from ledger_closed_years where space_id = ${t.space_id} and year = ${year})`;
  if (dialect === "postgres") {
    const written = sql`exists (select 1 from transfer)`;
    const steps = [entryInsert(writes, written), ...updates(writes, written)].map(
      (step, i) => sql`, ${sql.raw(`step${i}`)} as (${step})`,
    );
    const { rows } = await sql<{ written: number }>`${sql.raw(PREPARED)} with transfer as (
        ${transferInsert(t)} where not ${closed}
        on conflict (space_id, idempotency_key) do nothing returning id
      ) ${sql.join(steps, sql``)}
      select count(*) as written from transfer`.execute(db);
    return Number(rows[0]?.written) > 0;
  }
  const taken = sql`exists (select 1 from ledger_transfers where space_id = ${t.space_id} and idempotency_key = ${t.idempotency_key})`;
  const entry = await sql`${entryInsert(writes, sql`not ${closed} and not ${taken}`)} returning id`.execute(
    db,
  );
  if (entry.rows.length === 0) return false;
  for (const step of [transferInsert(t), ...updates(writes, sql`1 = 1`)]) await step.execute(db);
  return true;
}

/** The chain row, both balances and, for a posted transfer outside the closing, the monthly sums. */
function updates(writes: BookingWrites, written: RawBuilder<unknown>) {
  const t = writes.transfer;
  const steps = [chainUpdate(writes, written), balancesUpdate(writes, written)];
  if (t.status === "posted" && t.journal !== CLOSING_JOURNAL) steps.push(monthlyUpsert(t, written));
  return steps;
}

function transferInsert(t: TransferRow) {
  return sql`insert into ledger_transfers (id, space_id, entry_id, idempotency_key, debit_account_id,
    credit_account_id, amount, date, label, journal, piece_ref, status, pending_id, reverses_id,
    source_type, source_id, hash, created_at)
    select ${t.id}, ${t.space_id}, ${t.entry_id}, ${t.idempotency_key}, ${t.debit_account_id},
      ${t.credit_account_id}, ${t.amount}, ${t.date}, ${t.label}, ${t.journal}, ${t.piece_ref}, ${t.status},
      ${t.pending_id}, ${t.reverses_id}, ${t.source_type}, ${t.source_id}, ${t.hash}, ${t.created_at}`;
}

function entryInsert({ entry: e }: BookingWrites, written: RawBuilder<unknown>) {
  return sql`insert into ledger_entries (id, space_id, number, date, journal, label, created_at)
    select ${e.id}, ${e.space_id}, ${e.number}, ${e.date}, ${e.journal}, ${e.label}, ${e.created_at}
    where ${written}`;
}

function chainUpdate({ chain, transfer }: BookingWrites, written: RawBuilder<unknown>) {
  return sql`update ledger_chains set last_hash = ${chain.last_hash}, entries = ${chain.entries}
    where space_id = ${transfer.space_id} and ${written}`;
}

/** Both accounts' balances in one update: each column adds the debit's or the credit's change. */
function balancesUpdate({ transfer, debit, credit }: BookingWrites, written: RawBuilder<unknown>) {
  const columns = (["debits", "credits", "pending_debits", "pending_credits"] as const).map(
    (column) =>
      sql`${sql.ref(column)} = ${sql.ref(column)} + case when account_id = ${transfer.debit_account_id}
        then cast(${debit[column] ?? 0} as bigint) else cast(${credit[column] ?? 0} as bigint) end`,
  );
  return sql`update ledger_balances set ${sql.join(columns)}
    where account_id in (${transfer.debit_account_id}, ${transfer.credit_account_id}) and ${written}`;
}

/** A posted transfer in its accounts' sums of the month (see LedgerMonthlyTable). */
function monthlyUpsert(t: TransferRow, written: RawBuilder<unknown>) {
  const month = t.date.slice(0, 7);
  const amount = sql`cast(${t.amount} as bigint)`;
  return sql`insert into ledger_monthly (space_id, month, account_id, debits, credits, transfers)
    select ${t.space_id}, ${month}, ${t.debit_account_id}, ${amount}, 0, 1 where ${written}
    union all select ${t.space_id}, ${month}, ${t.credit_account_id}, 0, ${amount}, 0 where ${written}
    on conflict (account_id, month) do update set debits = ledger_monthly.debits + excluded.debits,
      credits = ledger_monthly.credits + excluded.credits,
      transfers = ledger_monthly.transfers + excluded.transfers`;
}

export function transferByKey(db: Db, spaceId: string, key: string) {
  return db
    .selectFrom("ledger_transfers")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export function transferById(db: Db, id: string) {
  return db.selectFrom("ledger_transfers").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The budget layer's account kinds: envelopes and their pool, outside the bookkeeping (and the FEC). */
export const BUDGET_KINDS: readonly LedgerAccountKind[] = ["envelope", "memo"];

/** Whether a transfer only moves budget (envelope and memo accounts), outside the bookkeeping. */
export async function budgetOnly(
  db: Db,
  transfer: Pick<TransferRow, "debit_account_id" | "credit_account_id">,
) {
  const kinds = await db
    .selectFrom("ledger_accounts")
    .select("kind")
    .where("id", "in", [transfer.debit_account_id, transfer.credit_account_id])
    .execute();
  return kinds.every((a) => BUDGET_KINDS.includes(a.kind));
}

/** Whether a bookkeeping transfer dated in the year still waits to be posted or voided. */
export async function pendingBookkeeping(db: Db, spaceId: string, year: number): Promise<boolean> {
  const found = await db
    .selectFrom("ledger_transfers as t")
    .innerJoin("ledger_accounts as d", "d.id", "t.debit_account_id")
    .innerJoin("ledger_accounts as c", "c.id", "t.credit_account_id")
    .leftJoin("ledger_transfers as s", "s.pending_id", "t.id")
    .select("t.id")
    .where("t.space_id", "=", spaceId)
    .where("t.status", "=", "pending")
    .where("s.id", "is", null)
    .where("t.date", ">=", `${year}-01-01`)
    .where("t.date", "<=", `${year}-12-31`)
    .where((eb) => eb.or([eb("d.kind", "not in", BUDGET_KINDS), eb("c.kind", "not in", BUDGET_KINDS)]))
    .executeTakeFirst();
  return found !== undefined;
}

/** The transfer that reversed a posted one, if any. */
export function reversalOf(db: Db, transferId: string) {
  return db
    .selectFrom("ledger_transfers")
    .select("id")
    .where("reverses_id", "=", transferId)
    .executeTakeFirst();
}

export function accountById(db: Db, id: string) {
  return db.selectFrom("ledger_accounts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

/** The transfer that posted or voided a pending one, if any. */
export function settlementOf(db: Db, pendingId: string) {
  return db
    .selectFrom("ledger_transfers")
    .select(["id", "status"])
    .where("pending_id", "=", pendingId)
    .executeTakeFirst();
}

export function balanceOf(db: Db, dialect: DialectName, accountId: string) {
  let query = db.selectFrom("ledger_balances").selectAll().where("account_id", "=", accountId);
  if (dialect === "postgres") query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}

/** The journal of year-closing entries: bookkeeping, not activity; the monthly sums leave it out. */
export const CLOSING_JOURNAL = "CL";

export function monthlyOf(db: Db, spaceId: string) {
  return db.selectFrom("ledger_monthly").selectAll().where("space_id", "=", spaceId).execute();
}

/** The number of the space's last entry (0 when none). */
export async function lastEntryNumber(db: Db, spaceId: string): Promise<number> {
  const row = await db
    .selectFrom("ledger_entries")
    .select((eb) => eb.fn.max("number").as("last"))
    .where("space_id", "=", spaceId)
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

/**
 * Every transfer of a space in the order it was written (its entry's number), a page of entry numbers
 * at a time: `ledger verify` reads a million transfers without holding them.
 */
export async function* transfersInOrder(db: Db, spaceId: string, lastEntry: number, pageSize = 5000) {
  for (let from = 1; from <= lastEntry; from += pageSize) {
    // The entries by the (space_id, number) index, then their transfers by entry id: two index reads
    // whatever the planner knows of the tables.
    const entries = await db
      .selectFrom("ledger_entries")
      .select(["id", "number"])
      .where("space_id", "=", spaceId)
      .where("number", ">=", from)
      .where("number", "<", from + pageSize)
      .execute();
    if (entries.length === 0) continue;
    const numbers = new Map(entries.map((e) => [e.id, Number(e.number)]));
    const transfers = await db
      .selectFrom("ledger_transfers")
      .selectAll()
      .where("entry_id", "in", [...numbers.keys()])
      .execute();
    yield transfers.sort(
      (a, b) => (numbers.get(a.entry_id) ?? 0) - (numbers.get(b.entry_id) ?? 0) || (a.id < b.id ? -1 : 1),
    );
  }
}

export function balancesOf(db: Db, spaceId: string) {
  return db
    .selectFrom("ledger_balances as b")
    .innerJoin("ledger_accounts as a", "a.id", "b.account_id")
    .select(["a.id", "a.code", "b.debits", "b.credits", "b.pending_debits", "b.pending_credits"])
    .where("a.space_id", "=", spaceId)
    .execute();
}

export function chainOf(db: Db, spaceId: string) {
  return db.selectFrom("ledger_chains").selectAll().where("space_id", "=", spaceId).executeTakeFirst();
}

export async function yearClosed(db: Db, spaceId: string, year: number): Promise<boolean> {
  const row = await db
    .selectFrom("ledger_closed_years")
    .select("year")
    .where("space_id", "=", spaceId)
    .where("year", "=", String(year))
    .executeTakeFirst();
  return row !== undefined;
}

export async function closeYear(db: Db, spaceId: string, year: number): Promise<void> {
  await db
    .insertInto("ledger_closed_years")
    .values({ space_id: spaceId, year: String(year), closed_at: new Date().toISOString() })
    .execute();
}

/** Posted debits and credits of a year on the result accounts (income and expense kinds). */
export function resultTotals(db: Db, spaceId: string, year: number) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const side = (column: "debit_account_id" | "credit_account_id") =>
    db
      .selectFrom("ledger_transfers as t")
      .innerJoin("ledger_accounts as a", "a.id", `t.${column}`)
      .select(["a.code", "a.kind", (eb) => eb.fn.sum<number>("t.amount").as("total")])
      .where("t.space_id", "=", spaceId)
      .where("t.status", "=", "posted")
      .where("t.date", ">=", from)
      .where("t.date", "<=", to)
      .where("a.kind", "in", ["income", "expense"])
      .groupBy(["a.code", "a.kind"])
      .execute();
  return Promise.all([side("debit_account_id"), side("credit_account_id")]);
}
