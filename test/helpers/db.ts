import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Db, type DialectName, openPostgres, openSqlite } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrations.ts";

export interface TestDialect {
  name: DialectName;
  /** A new, empty, migrated database of this dialect; `drop()` removes it. */
  create(options?: { migrated?: boolean }): Promise<TestDatabase>;
}

export interface TestDatabase {
  db: Db;
  /** For PostgreSQL, the connection URL (to hand to a child process as DATABASE_URL). */
  url?: string;
  drop(): Promise<void>;
}

const sqlite: TestDialect = {
  name: "sqlite",
  async create(options = {}) {
    const db = openSqlite(":memory:");
    if (options.migrated !== false) await migrate(db.kysely, db.dialect);
    return { db, drop: () => db.close() };
  },
};

/** Each PostgreSQL test database is created for one suite and dropped after it. */
function postgres(adminUrl: string): TestDialect {
  return {
    name: "postgres",
    async create(options = {}) {
      const name = `communs_test_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = openPostgres(url.toString(), 5);
      if (options.migrated !== false) await migrate(db.kysely, db.dialect);
      return {
        db,
        url: url.toString(),
        async drop() {
          await db.close();
          const cleanup = new pg.Client({ connectionString: adminUrl });
          await cleanup.connect();
          await cleanup.query(`drop database if exists ${name} with (force)`);
          await cleanup.end();
        },
      };
    },
  };
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set: the dialect matrix. */
export function testDialects(): TestDialect[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [sqlite, postgres(url)] : [sqlite];
}
