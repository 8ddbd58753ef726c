// The floor under the ledger's booking figures: the bare driver (pg, or better-sqlite3) doing the same
// six writes a posted booking does (its entry, its transfer, the chain row, the two monthly sums, the
// two balances) with prepared statements and values computed beforehand, no read, no check, no hash.
// Measured in the same run as the booking, on a space of its own, one transaction per transfer and
// batched as the booking is.
import { randomUUID } from "node:crypto";
import SQLite from "better-sqlite3";
import pg from "pg";
import type { BookingInput } from "../src/modules/ledger/service.ts";

/** Where the floor writes: a space of the same database, its accounts by code. */
export interface FloorSpace {
  spaceId: string;
  accounts: Map<string, string>;
}

/** The parameters of the six writes of one transfer, in the order of the statements' placeholders. */
function writesOf(space: FloorSpace, input: BookingInput, number: number) {
  const id = (code: string) => {
    const found = space.accounts.get(code);
    if (!found) throw new Error(`floor account ${code} missing`);
    return found;
  };
  const entryId = randomUUID();
  const now = new Date().toISOString();
  const hash = `${number}`.padStart(64, "0");
  const debit = id(input.debit);
  const credit = id(input.credit);
  const { spaceId } = space;
  return {
    entry: [entryId, spaceId, number, input.date, input.journal, input.label, now],
    transfer: [
      randomUUID(),
      spaceId,
      entryId,
      input.idempotencyKey,
      debit,
      credit,
      input.amount,
      input.date,
      input.label,
      input.journal,
      input.pieceRef ?? "",
      "posted",
      hash,
      now,
    ],
    chain: [hash, number, spaceId],
    monthly: [spaceId, input.date.slice(0, 7), debit, input.amount, credit],
    debit: [input.amount, debit],
    credit: [input.amount, credit],
  };
}

const SQL = {
  entry: `insert into ledger_entries (id, space_id, number, date, journal, label, created_at)
    values ($1, $2, $3, $4, $5, $6, $7)`,
  transfer: `insert into ledger_transfers (id, space_id, entry_id, idempotency_key, debit_account_id,
    credit_account_id, amount, date, label, journal, piece_ref, status, hash, created_at)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
  chain: "update ledger_chains set last_hash = $1, entries = $2 where space_id = $3",
  monthly: `insert into ledger_monthly (space_id, month, account_id, debits, credits, transfers)
    values ($1, $2, $3, $4, 0, 1), ($1, $2, $5, 0, $4, 0)
    on conflict (account_id, month) do update set debits = ledger_monthly.debits + excluded.debits,
    credits = ledger_monthly.credits + excluded.credits, transfers = ledger_monthly.transfers + excluded.transfers`,
  debit: "update ledger_balances set debits = debits + $1 where account_id = $2",
  credit: "update ledger_balances set credits = credits + $1 where account_id = $2",
} as const;

type Writes = ReturnType<typeof writesOf>;
const STEPS = Object.keys(SQL) as (keyof typeof SQL)[];

/** Milliseconds the bare writes take, in transactions of `perTransaction` transfers. */
export interface Floor {
  run(inputs: BookingInput[], perTransaction: number): Promise<number>;
  close(): Promise<void>;
}

/** The chain row's entries go on from `first` (the floor's space holds nothing else). */
function numbered(space: FloorSpace, inputs: BookingInput[], first: number): Writes[] {
  return inputs.map((input, i) => writesOf(space, input, first + i + 1));
}

export async function pgFloor(url: string, space: FloorSpace): Promise<Floor> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    "insert into ledger_chains (space_id, last_hash, entries) values ($1, '', 0) on conflict do nothing",
    [space.spaceId],
  );
  let written = 0;
  return {
    async run(inputs, perTransaction) {
      const all = numbered(space, inputs, written);
      written += inputs.length;
      const began = performance.now();
      for (let from = 0; from < all.length; from += perTransaction) {
        await client.query("begin");
        for (const writes of all.slice(from, from + perTransaction))
          for (const step of STEPS)
            await client.query({ name: `floor-${step}`, text: SQL[step], values: writes[step] });
        await client.query("commit");
      }
      return performance.now() - began;
    },
    close: () => client.end(),
  };
}

/** better-sqlite3 on the same file, as the application opens it. */
export async function sqliteFloor(file: string, space: FloorSpace): Promise<Floor> {
  const database = new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  database.pragma("synchronous = NORMAL");
  // better-sqlite3 binds $1 … as named parameters: an object keyed by the numbers.
  const named = (values: unknown[]) => Object.fromEntries(values.map((v, i) => [String(i + 1), v]));
  const statements = Object.fromEntries(STEPS.map((s) => [s, database.prepare(SQL[s])]));
  database
    .prepare(
      "insert into ledger_chains (space_id, last_hash, entries) values (?, '', 0) on conflict do nothing",
    )
    .run(space.spaceId);
  const write = database.transaction((batch: Writes[]) => {
    for (const writes of batch) for (const step of STEPS) statements[step]?.run(named(writes[step]));
  });
  let written = 0;
  return {
    async run(inputs, perTransaction) {
      const all = numbered(space, inputs, written);
      written += inputs.length;
      const began = performance.now();
      for (let from = 0; from < all.length; from += perTransaction)
        write(all.slice(from, from + perTransaction));
      return performance.now() - began;
    },
    close: async () => {
      database.close();
    },
  };
}
