// `communs meetings import-pad`, as an operator runs it: the seed meeting's pad from a file (a dry run
// writes nothing), then from an Etherpad export served on 127.0.0.1, allowed by the settings; refused
// without that setting, since 127.0.0.1 is a private address.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { loadServices } from "../src/services.ts";
import { BIN, cliInstance, run } from "./helpers/cli.ts";
import { testDialects } from "./helpers/db.ts";
import { buildAssembly, buildMember } from "./helpers/factories.ts";

const SEED = path.resolve("test/fixtures/seed/000_84a1da536792cae5.txt");

/** An Etherpad stand-in: the seed's text at its export address. */
const pads = http.createServer((request, response) => {
  if (request.url !== "/p/assemblee-des-communs/export/txt") return response.writeHead(404).end();
  response.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
  fs.createReadStream(SEED).pipe(response);
});
await new Promise<void>((resolve) => pads.listen(0, "127.0.0.1", resolve));
const host = `127.0.0.1:${(pads.address() as AddressInfo).port}`;
after(() => new Promise<void>((resolve) => pads.close(() => resolve())));

for (const dialect of testDialects()) {
  describe(`communs meetings import-pad [${dialect.name}]`, () => {
    const instance = cliInstance(dialect, "pad");
    let args: string[];

    before(async () => {
      const ctx = { db: instance.db, config: loadConfig(instance.env), log: pino({ level: "silent" }) };
      const app = { communs: await loadServices(ctx) };
      const assembly = await buildAssembly(app);
      const facilitator = await buildMember(app, assembly, "facilitator");
      const meeting = await app.communs.meetings.create(facilitator, assembly.slug, {
        title: "Construire dans l’action l’assemblée des communs 14",
        start: "2016-12-12T09:30",
        end: "2016-12-12T18:00",
      });
      args = [BIN, "meetings", "import-pad", "--space", assembly.slug, "--meeting", meeting.id];
    });

    const attendees = async () =>
      (
        await instance.db.kysely.selectFrom("meeting_attendees").select("name").orderBy("position").execute()
      ).map((a) => a.name);

    it("reads the pad's file and prints its draft, writing nothing with --dry-run", async () => {
      const { stdout } = await run(process.execPath, [...args, "--dry-run", SEED], { env: instance.env });
      assert.match(stdout, /Essai \(rien n’a été écrit\)/);
      assert.match(stdout, /présentations : 14/);
      assert.match(stdout, /10:36 : tour de présentation des personnes présentes/);
      assert.match(stdout, /action : Christian Mahieu est OK pour travailler sur ce sujet/);
      assert.deepEqual(await attendees(), []);
    });

    it("refuses to fetch a pad on a private address unless the settings allow its host", async () => {
      const url = `http://${host}/p/assemblee-des-communs`;
      const refused = await run(process.execPath, [...args, url], { env: instance.env }).catch(
        (error) => error,
      );
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /réseau privé/);
      const { stdout } = await run(process.execPath, [...args, url], {
        env: { ...instance.env, COMMUNS_PAD_ALLOWED_HOSTS: host },
      });
      assert.match(stdout, /Compte-rendu du pad enregistré/);
      const names = await attendees();
      assert.equal(names.length, 14);
      assert.equal(names[0], "Julien Lecaille");
      const meeting = await instance.db.kysely
        .selectFrom("meetings")
        .select(["pad_url", "pad_sha256", "pad_fetched_at"])
        .executeTakeFirstOrThrow();
      assert.equal(meeting.pad_url, url);
      assert.match(meeting.pad_sha256 ?? "", /^[0-9a-f]{64}$/);
      assert.ok(meeting.pad_fetched_at);
    });
  });
}
