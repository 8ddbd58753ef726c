/** The built command (`bin/communs.js`, after `node scripts/build.js`) run on an instance of its own. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { promisify } from "node:util";
import { type Db, openSqlite, sqliteFile } from "../../src/db/connection.ts";
import type { TestDatabase, TestDialect } from "./db.ts";

export const run = promisify(execFile);
export const BIN = path.resolve("bin/communs.js");

export interface CliInstance {
  /** Its data folder. */
  dir: string;
  /** The environment the command runs with (its data folder, its database). */
  env: NodeJS.ProcessEnv;
  /** The same database, for the test to look into. */
  db: Db;
}

/**
 * A data folder and a migrated database (SQLite in the folder, or a PostgreSQL database of its own),
 * made before the suite's tests and removed after them; `env` adds to the command's environment.
 */
export function cliInstance(dialect: TestDialect, name: string, env: NodeJS.ProcessEnv = {}): CliInstance {
  const instance = {
    dir: fs.mkdtempSync(path.join(os.tmpdir(), `communs-${name}-`)),
    env: {},
  } as CliInstance;
  let database: TestDatabase | undefined;
  before(async () => {
    instance.env = {
      ...process.env,
      LOG_LEVEL: "warn",
      COMMUNS_DATA_DIR: instance.dir,
      DATABASE_URL: "",
      ...env,
    };
    if (dialect.name === "postgres") {
      database = await dialect.create();
      instance.env.DATABASE_URL = database.url;
      instance.db = database.db;
    } else {
      await run(process.execPath, [BIN, "migrate"], { env: instance.env });
      instance.db = openSqlite(sqliteFile(instance.dir));
    }
  });
  after(async () => {
    if (database) await database.drop();
    else await instance.db?.close();
    fs.rmSync(instance.dir, { recursive: true, force: true });
  });
  return instance;
}
