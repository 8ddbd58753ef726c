// `communs import wiki` killed with SIGKILL half-way through a generated export, then run again: the
// database holds whole batches of whole revisions after the kill, and the same rows after the re-run
// as after one uninterrupted run. Runs the built command (node scripts/build.js first).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { before, describe, it } from "node:test";
import { wikiDump } from "../../../bench/wiki-dump.ts";
import { BIN, cliInstance, run } from "../../../test/helpers/cli.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildWikiSpace, wikiRows } from "../../../test/helpers/wiki-import.ts";
import { revisionSha1 } from "../../core/wiki.ts";

const PAGES = 600;
const REVISIONS = 5;

for (const dialect of testDialects()) {
  describe(`communs import wiki, killed and run again [${dialect.name}]`, () => {
    const instance = cliInstance(dialect, "wiki-kill");
    const dump = path.join(instance.dir, "genere.xml");
    const env = () => instance.env;
    const db = () => instance.db;

    before(() => pipeline(Readable.from(wikiDump(PAGES, REVISIONS)), fs.createWriteStream(dump)));

    const count = async (spaceId: string) =>
      Number(
        (
          await db()
            .kysely.selectFrom("wiki_revisions")
            .select((e) => e.fn.countAll().as("n"))
            .where("space_id", "=", spaceId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it("keeps whole revisions after a kill -9 and finishes the job on the next run", async () => {
      const killed = await buildWikiSpace(db().kysely, `tuee-${dialect.name}`);
      const child = spawn(
        process.execPath,
        [BIN, "import", "wiki", "--space", `tuee-${dialect.name}`, dump],
        { env: env(), stdio: "ignore" },
      );
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      let seen = 0;
      for (let i = 0; i < 3000 && seen === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        seen = await count(killed);
      }
      child.kill("SIGKILL");
      await exited;
      const kept = await count(killed);
      assert.ok(kept > 0 && kept < PAGES * REVISIONS, `killed half-way (${kept} revisions kept)`);
      assert.equal(kept % 500, 0, "whole batches only");
      const partial = await wikiRows(db().kysely, killed);
      for (const revision of partial.revisions) assert.equal(revision.sha1, revisionSha1(revision.text));

      const rerun = await run(
        process.execPath,
        [BIN, "import", "wiki", "--space", `tuee-${dialect.name}`, dump],
        { env: env() },
      );
      assert.match(rerun.stdout, new RegExp(`révisions déjà là : ${kept}\\n`));
      const once = await buildWikiSpace(db().kysely, `une-fois-${dialect.name}`);
      await run(process.execPath, [BIN, "import", "wiki", "--space", `une-fois-${dialect.name}`, dump], {
        env: env(),
      });
      const [resumed, single] = [await wikiRows(db().kysely, killed), await wikiRows(db().kysely, once)];
      assert.equal(resumed.revisions.length, PAGES * REVISIONS);
      assert.deepEqual(resumed, single);
    });
  });
}
