import fs from "node:fs";
import readline from "node:readline";
import { type Kysely, type RawBuilder, sql } from "kysely";
import { DomainError } from "../core/errors.ts";
import type { Db } from "./connection.ts";
import { PRIVATE_FILE } from "./data-files.ts";
import { LATEST_MIGRATION } from "./migrations.ts";
import { type Database, TABLES } from "./schema.ts";

/**
 * The database part of a backup is JSON lines (the whole backup before files were added to it): a
 * header naming the format and the schema version, one line per row (`{"t": table, "r": row}`),
 * tables in `TABLES` order (parents first), then a footer with the row count of each table so that a
 * truncated file is refused.
 */
export const BACKUP_FORMAT = "communs-backup";
export const BACKUP_VERSION = 1;
const BATCH = 500;

type Row = Record<string, unknown>;
type AnyDb = Kysely<Record<string, Row>>;

/** Each table's primary key, the order rows are read in (a page at a time, after the last key seen). */
const KEY_COLUMNS: Partial<Record<keyof Database, string[]>> = {
  instance_settings: ["key"],
  login_throttle: ["key"],
  commons_kinds: ["space_id", "slug"],
  commons_tags: ["commons_id", "tag_id"],
  commons_relations: ["commons_a", "commons_b"],
  commons_commoners: ["commons_id", "person_id"],
  chamber_commons: ["space_id", "commons_id"],
  ledger_balances: ["account_id"],
  ledger_monthly: ["account_id", "month"],
  ledger_chains: ["space_id"],
  ledger_closed_years: ["space_id", "year"],
  ledger_settings: ["space_id"],
  notification_settings: ["person_id", "space_id", "kind"],
  notification_unsubscribes: ["token_hash"],
  notification_optouts: ["email", "space_id", "kind"],
  lifecycle_stages: ["stage"],
};

function keyColumns(table: keyof Database): string[] {
  return KEY_COLUMNS[table] ?? ["id"];
}

/** Byte order on both dialects (PostgreSQL would otherwise sort by the database's locale). */
function ordered(db: Db, column: string): RawBuilder<string> {
  return db.dialect === "postgres"
    ? sql<string>`${sql.ref(column)} collate "C"`
    : sql<string>`${sql.ref(column)}`;
}

async function* tableRows(db: Db, trx: AnyDb, table: keyof Database): AsyncGenerator<Row> {
  const keys = keyColumns(table);
  const tuple = sql.join(keys.map((key) => ordered(db, key)));
  let last: string[] | undefined;
  for (;;) {
    let query = trx.selectFrom(table).selectAll().limit(BATCH);
    for (const key of keys) query = query.orderBy(ordered(db, key));
    if (last !== undefined) query = query.where(sql<boolean>`(${tuple}) > (${sql.join(last)})`);
    const rows = await query.execute();
    for (const row of rows) yield row;
    if (rows.length < BATCH) return;
    const end = rows[rows.length - 1];
    last = keys.map((key) => String(end?.[key]));
  }
}

const json = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));

/**
 * Writes the JSON lines of a consistent snapshot to a new file (owner only, never over another file):
 * one read transaction, repeatable read on PostgreSQL.
 */
export async function writeDump(db: Db, file: string): Promise<Record<string, number>> {
  const out = fs.createWriteStream(file, { encoding: "utf8", mode: PRIVATE_FILE, flags: "wx" });
  await new Promise<void>((resolve, reject) => {
    out.once("open", () => resolve());
    out.once("error", reject);
  });
  const write = (line: string) =>
    new Promise<void>((resolve, reject) => {
      out.write(`${line}\n`, (error) => (error ? reject(error) : resolve()));
    });
  const counts: Record<string, number> = {};
  let transaction = db.kysely.transaction();
  if (db.dialect === "postgres") transaction = transaction.setIsolationLevel("repeatable read");
  try {
    await transaction.execute(async (trx) => {
      await write(
        json({
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          schema: LATEST_MIGRATION,
          dialect: db.dialect,
          createdAt: new Date().toISOString(),
        }),
      );
      for (const table of TABLES) {
        counts[table] = 0;
        for await (const row of tableRows(db, trx as unknown as AnyDb, table)) {
          await write(json({ t: table, r: row }));
          counts[table] += 1;
        }
      }
      await write(json({ end: true, counts }));
    });
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  return counts;
}

/** A refused backup, with what is wrong with its database part (a message key). */
export function invalid(reason: string, part = "base"): DomainError {
  return new DomainError("BACKUP_INVALID", { [part]: reason });
}

function parseLine(line: string): Row {
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Row;
  } catch {
    // falls through to the refusal below
  }
  throw invalid("backup.damaged");
}

/** Fails unless every table is empty: a restore never mixes two instances. */
export async function assertEmpty(db: Kysely<Database>): Promise<void> {
  for (const table of TABLES) {
    const row = await (db as unknown as AnyDb)
      .selectFrom(table)
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    if (Number(row.n) > 0) throw new DomainError("DATABASE_NOT_EMPTY");
  }
}

/**
 * Restores the JSON lines of `file` into an empty, migrated database, all in one transaction: a bad
 * file writes nothing. `beforeCommit` runs last inside the transaction (a failure there undoes it).
 */
export async function restoreDump(
  db: Db,
  file: string,
  beforeCommit: () => Promise<void> = async () => undefined,
): Promise<Record<string, number>> {
  const known = new Set<string>(TABLES);
  await fs.promises.access(file, fs.constants.R_OK);
  return db.kysely.transaction().execute(async (kysely) => {
    const trx = kysely as unknown as AnyDb;
    await assertEmpty(kysely);
    // Opened only now: a readline interface emits lines as soon as it exists, and lines emitted
    // before the loop below starts listening would be lost.
    const lines = readline.createInterface({
      input: fs.createReadStream(file, { encoding: "utf8" }),
      crlfDelay: Infinity,
    });
    const counts: Record<string, number> = {};
    let header: Row | undefined;
    let footer: Row | undefined;
    let batch: Row[] = [];
    let batchTable = "";
    const flush = async () => {
      if (batch.length === 0) return;
      // A row that breaks the schema (a missing column, a wrong type) means the file is not ours.
      await trx
        .insertInto(batchTable)
        .values(batch)
        .execute()
        .catch(() => {
          throw invalid("backup.badRow");
        });
      batch = [];
    };
    for await (const line of lines) {
      if (line.trim() === "") continue;
      const entry = parseLine(line);
      if (!header) {
        if (
          entry.format !== BACKUP_FORMAT ||
          entry.version !== BACKUP_VERSION ||
          entry.schema !== LATEST_MIGRATION
        )
          throw invalid(entry.format === BACKUP_FORMAT ? "backup.otherVersion" : "backup.notBackup");
        header = entry;
        continue;
      }
      if (footer) throw invalid("backup.damaged");
      if (entry.end === true) {
        footer = entry;
        continue;
      }
      const table = entry.t;
      const row = entry.r;
      if (typeof table !== "string" || !known.has(table) || !row || typeof row !== "object")
        throw invalid("backup.badRow");
      if (table !== batchTable || batch.length >= BATCH) await flush();
      batchTable = table;
      batch.push(row as Row);
      counts[table] = (counts[table] ?? 0) + 1;
    }
    await flush();
    const expected = (footer?.counts ?? undefined) as Record<string, number> | undefined;
    if (!header) throw invalid("backup.notBackup");
    if (!expected) throw invalid("backup.damaged");
    for (const table of TABLES) {
      if ((expected[table] ?? 0) !== (counts[table] ?? 0)) throw invalid("backup.damaged");
    }
    await beforeCommit();
    return counts;
  });
}
