// A PostgreSQL database of its own for one benchmark run, when BENCH_DATABASE_URL (or the local
// default) answers; otherwise the benchmark runs on SQLite only.
import pg from "pg";

const PG_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

export interface Dialect {
  name: "sqlite" | "postgres";
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A new database named after `prefix` and this process, with `env` added to the server's. */
export async function postgresDialect(
  prefix: string,
  env: Record<string, string> = {},
): Promise<Dialect | undefined> {
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch {
    console.log("PostgreSQL does not answer at BENCH_DATABASE_URL: SQLite only.\n");
    return undefined;
  } finally {
    await admin.end().catch(() => {});
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    name: "postgres",
    env: { DATABASE_URL: url.toString(), ...env },
    async drop() {
      const cleanup = new pg.Client({ connectionString: PG_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
