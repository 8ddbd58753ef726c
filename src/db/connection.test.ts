import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import SQLite from "better-sqlite3";
import { openDatabase } from "./connection.ts";
import { migrate } from "./migrations.ts";

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

/** Runs `work` under a umask that would leave new files readable, even writable, by everyone. */
async function permissive<T>(work: () => Promise<T>): Promise<T> {
  const umask = process.umask(0);
  try {
    return await work();
  } finally {
    process.umask(umask);
  }
}

describe("the SQLite data files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-modes-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("are created owner only, the data folder 0700 and the database with its -wal and -shm 0600", async () => {
    const dataDir = path.join(dir, "fresh", "data");
    const file = path.join(dataDir, "communs.sqlite");
    await permissive(async () => {
      const db = openDatabase({ databaseUrl: undefined, dataDir });
      try {
        await migrate(db.kysely, db.dialect);
        await db.kysely
          .insertInto("instance_settings")
          .values({ key: "essai", value: "une écriture" })
          .execute();
        assert.ok(fs.existsSync(`${file}-wal`) && fs.existsSync(`${file}-shm`), "written in WAL mode");
        assert.deepEqual([dataDir, file, `${file}-wal`, `${file}-shm`].map(modeOf), [
          "700",
          "600",
          "600",
          "600",
        ]);
      } finally {
        await db.close();
      }
    });
  });

  it("tightens a database that an earlier version left readable by all", async () => {
    const dataDir = path.join(dir, "earlier");
    const file = path.join(dataDir, "communs.sqlite");
    await permissive(async () => {
      fs.mkdirSync(dataDir, { mode: 0o755 });
      const earlier = new SQLite(file);
      earlier.pragma("journal_mode = WAL");
      earlier.exec("create table t (x)");
      assert.equal(modeOf(file), "644");
      const db = openDatabase({ databaseUrl: undefined, dataDir });
      try {
        await migrate(db.kysely, db.dialect);
        assert.deepEqual([file, `${file}-wal`, `${file}-shm`].map(modeOf), ["600", "600", "600"]);
        // The folder was the operator's: its mode is theirs.
        assert.equal(modeOf(dataDir), "755");
      } finally {
        await db.close();
        earlier.close();
      }
    });
  });
});
