import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresDialect,
  type QueryResult,
  type RootOperationNode,
  type SqliteDatabase,
  SqliteDialect,
  sql,
  type UnknownRow,
} from "kysely";
import pg from "pg";
import { makePrivateDirSync, PRIVATE_FILE } from "./data-files.ts";
import type { Database } from "./schema.ts";
import { countWrites } from "./writes.ts";

export type DialectName = "sqlite" | "postgres";

export interface Db {
  kysely: Kysely<Database>;
  /**
   * For the health check: on SQLite a connection of its own, since Kysely's one connection is held by
   * any transaction (an import's, for seconds) and `select 1` would wait; on PostgreSQL the pool.
   */
  probe: Kysely<Database>;
  dialect: DialectName;
  /** How many changes this process has made to the database (see writes.ts). */
  writes(): number;
  close(): Promise<void>;
}

/** An integer the database returns: a number when JavaScript holds it exactly, a bigint otherwise. */
export function toSafeInteger(value: bigint | string): number | bigint {
  const big = typeof value === "bigint" ? value : BigInt(value);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big;
}

/** better-sqlite3 with safe integers returns every integer as bigint; give numbers back where exact. */
class SafeIntegerPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) {
      for (const key of Object.keys(row)) {
        const value = row[key];
        if (typeof value === "bigint") row[key] = toSafeInteger(value);
      }
    }
    return args.result;
  }
}

/**
 * Kysely's SQLite driver prepares every query anew; a prepared better-sqlite3 statement can be run
 * again, so the most recent ones are kept (SQLite recompiles them itself after a schema change).
 */
function withStatementCache(database: SQLite.Database, size = 500): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        if (statements.size >= size) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Takes group and other rights away from a data file, when its owner (or root) runs this. */
function tighten(file: string): void {
  try {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "EPERM") throw error;
  }
}

/**
 * The database file holds password hashes, session digests and the cookie secret: it is created
 * readable by its owner only (one made by an earlier version is tightened), in a folder made owner
 * only when created here. SQLite gives its -wal and -shm files the database file's mode.
 */
function privateDatabaseFile(file: string): void {
  makePrivateDirSync(path.dirname(file));
  try {
    fs.closeSync(fs.openSync(file, "wx", PRIVATE_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  for (const each of [file, `${file}-wal`, `${file}-shm`]) tighten(each);
}

export function openSqlite(file: string): Db {
  if (file !== ":memory:") privateDatabaseFile(file);
  const database = new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  database.pragma("synchronous = NORMAL");
  database.defaultSafeIntegers(true);
  const counted = countWrites(new SqliteDialect({ database: withStatementCache(database) }));
  const kysely = new Kysely<Database>({
    dialect: counted.dialect,
    plugins: [new SafeIntegerPlugin(), counted.plugin],
  });
  // WAL lets this one read beside the writer; `select 1` reads nothing anyway.
  const probe = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
  return {
    kysely,
    probe,
    dialect: "sqlite",
    writes: counted.writes,
    close: async () => {
      await probe.destroy();
      await kysely.destroy();
    },
  };
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_TIMESTAMP = 1114;
const PG_TIMESTAMPTZ = 1184;

function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === PG_INT8) return (value) => toSafeInteger(value);
  if (oid === PG_NUMERIC) return (value) => (/^-?\d+$/.test(value) ? toSafeInteger(value) : value);
  if (oid === PG_TIMESTAMPTZ) return (value) => new Date(value).toISOString();
  if (oid === PG_TIMESTAMP) return (value) => new Date(`${value}Z`).toISOString();
  return pg.types.getTypeParser(oid, format as "text") as (value: string) => unknown;
}

/**
 * Marks a statement to be prepared once on each PostgreSQL connection and then only executed: for the
 * hot statements whose parsing and planning cost more than running them (a booking's write, ten CTEs,
 * takes 0.5 ms to plan and 0.1 ms to run). Their text must not vary without bound: each text is one
 * prepared statement per connection. SQLite prepares every statement anyway (see withStatementCache).
 */
export const PREPARED = "/* prepared */";

/** PREPARED for a query built with Kysely: `.modifyFront(prepared)`, put right after its verb. */
export const prepared = sql.raw(PREPARED);

/** Sends the statements marked PREPARED under a name of their own, which pg prepares the first time. */
function preparing(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const names = new Map<string, string>();
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== "string" || args.length !== 2 || !text.includes(PREPARED)) return query(...args);
    let name = names.get(text);
    if (!name) {
      name = `communs_${names.size + 1}`;
      names.set(text, name);
    }
    return query({ name, text, values });
  }) as typeof client.query;
}

export function openPostgres(url: string, max = 10): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: { getTypeParser: pgTypeParser as typeof pg.types.getTypeParser },
  });
  // An idle connection that the server closes (a restart, a failover) is dropped from the pool and
  // replaced on next use; without a listener its error would crash the process.
  pool.on("error", () => undefined);
  pool.on("connect", preparing);
  const counted = countWrites(new PostgresDialect({ pool }));
  const kysely = new Kysely<Database>({ dialect: counted.dialect, plugins: [counted.plugin] });
  return {
    kysely,
    probe: kysely,
    dialect: "postgres",
    writes: counted.writes,
    close: () => kysely.destroy(),
  };
}

/** The SQLite file of an instance without DATABASE_URL. */
export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, "communs.sqlite");
}

export function openDatabase(options: { databaseUrl: string | undefined; dataDir: string }): Db {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(sqliteFile(options.dataDir));
}
