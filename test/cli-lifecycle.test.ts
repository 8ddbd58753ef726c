// `communs lifecycle set` then `show`, as an operator runs them (on dist/: `node scripts/build.js`
// first): the schedule printed with the stage in force, an impossible request refused in French with
// exit code 1 and nothing written, every change logged as the operator's.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { type Db, openSqlite, sqliteFile } from "../src/db/connection.ts";
import { type TestDatabase, testDialects } from "./helpers/db.ts";

const run = promisify(execFile);
const BIN = path.resolve("bin/communs.js");

for (const dialect of testDialects()) {
  describe(`communs lifecycle [${dialect.name}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-lifecycle-"));
    let database: TestDatabase | undefined;
    let env: NodeJS.ProcessEnv = {};
    let db: Db;

    const communs = (...args: string[]) => run(process.execPath, [BIN, ...args], { env });

    before(async () => {
      env = { ...process.env, LOG_LEVEL: "warn", COMMUNS_DATA_DIR: dir, DATABASE_URL: "" };
      if (dialect.name === "postgres") {
        database = await dialect.create();
        env.DATABASE_URL = database.url;
        db = database.db;
      } else {
        await communs("migrate");
        db = openSqlite(sqliteFile(dir));
      }
    });

    after(async () => {
      if (database) await database.drop();
      else await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("shows an active instance, then schedules stages and shows them with the stage in force", async () => {
      assert.match((await communs("lifecycle", "show")).stdout, /Aucune étape programmée/);
      await communs(
        "lifecycle",
        "set",
        "notice",
        "--from",
        "2020-01-01",
        "--message",
        "Le wiki déménage.",
        "--next-url",
        "https://wiki.exemple.org",
      );
      const set = await communs("lifecycle", "set", "read-only", "--from", "2999-01-01");
      assert.match(set.stdout, /Calendrier enregistré/);
      const { stdout } = await communs("lifecycle", "show");
      assert.match(stdout, /Étape en vigueur aujourd’hui \(\d\d\/\d\d\/\d{4}\)\s: Bandeau d’annonce\./);
      assert.match(stdout, /notice {4}à partir du 2020-01-01/);
      assert.match(stdout, /message : Le wiki déménage\./);
      assert.match(stdout, /pour la suite : https:\/\/wiki\.exemple\.org/);
      assert.match(stdout, /readOnly {2}à partir du 2999-01-01/);
      assert.match(stdout, /programmée par l’opérateur \(ligne de commande\)/);
      const logged = await db.kysely
        .selectFrom("audit_events")
        .select(["action", "actor_id"])
        .where("subject_type", "=", "instance")
        .orderBy("id")
        .execute();
      assert.deepEqual(logged, [
        { action: "lifecycle.noticeScheduled", actor_id: null },
        { action: "lifecycle.readOnlyScheduled", actor_id: null },
      ]);
    });

    it("refuses a day out of order or a bad stage in French, and writes nothing", async () => {
      const late = await communs("lifecycle", "set", "archived", "--from", "2019-12-31").catch((e) => e);
      assert.equal(late.code, 1);
      assert.match(late.stderr, /startsOn\s: L’archivage doit commencer au plus tôt/);
      const unknown = await communs("lifecycle", "set", "fermé").catch((e) => e);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /Choisissez une étape/);
      const none = await communs("lifecycle", "set").catch((e) => e);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /Donnez l’étape/);
      assert.doesNotMatch((await communs("lifecycle", "show")).stdout, /archived/);
    });

    it("works whatever the stage, and `set active` takes the schedule away", async () => {
      await communs("lifecycle", "set", "read-only", "--from", "2020-02-01");
      assert.match((await communs("lifecycle", "show")).stdout, /en vigueur.*Lecture seule/);
      await communs("lifecycle", "set", "active");
      assert.match((await communs("lifecycle", "show")).stdout, /Aucune étape programmée/);
      assert.match((await communs("--help")).stdout, /lifecycle set ÉTAPE --from AAAA-MM-JJ/);
    });
  });
}
