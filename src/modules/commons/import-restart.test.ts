// A web import's preview and its import are jobs: each survives a restart of the server. Here the
// server is stopped while each waits (no runner in the first process), and the next one finishes it.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { testConfig, Visitor } from "../../../test/helpers/app.ts";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildAssembly, PASSWORD } from "../../../test/helpers/factories.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";
import { buildApp } from "../../app.ts";

const CSV = "nom;ville\nJardin du redémarrage;Lilleville\nAtelier du redémarrage;Roubaisville\n";

for (const dialect of testDialects()) {
  describe(`a web import across restarts [${dialect.name}]`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-import-restart-"));
    let database: TestDatabase;
    let app: FastifyInstance | undefined;
    /** The same browser across servers: its session lives in the database. */
    const harness = {
      get app() {
        if (!app) throw new Error("no server running");
        return app;
      },
      get db() {
        return database.db;
      },
    };

    /** Stops the running server, if any, and starts another, running jobs or not. */
    async function restart(runsJobs: boolean): Promise<FastifyInstance> {
      await app?.close();
      const jobs = { inServer: runsJobs, pollMs: 20, concurrency: 2, leaseMs: 60_000, retryMs: 0 };
      app = await buildApp({ config: testConfig({ dataDir, jobs }), db: database.db });
      await app.ready();
      return app;
    }

    before(async () => {
      database = await dialect.create();
    });
    after(async () => {
      await app?.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    /** The upload's page once it stops refreshing itself. */
    async function settled(visitor: Visitor, page: string) {
      let response = await visitor.get(page);
      for (let i = 0; i < 400 && response.headers.refresh; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        response = await visitor.get(page);
      }
      return response;
    }

    it("previews after a restart what was uploaded before it, and imports after the next", async () => {
      const first = await restart(false);
      const admin = await buildAdmin(first);
      const space = await buildAssembly(first, { by: admin });
      const curator = new Visitor(harness);
      assert.equal((await curator.login(admin.email, PASSWORD)).statusCode, 303);
      const importPage = `/espaces/${space.slug}/communs/import`;
      await curator.get(importPage);
      const body = multipartBody(
        { _csrf: curator.csrfToken(), format: "csv" },
        { file: { filename: "redemarrage.csv", type: "text/csv", content: CSV } },
      );
      const uploaded = await curator.request({ method: "POST", url: importPage, ...body });
      assert.equal(uploaded.statusCode, 303, "no runner here: the preview is shown under way");
      const page = String(uploaded.headers.location);
      const waiting = await curator.get(page);
      assert.equal(waiting.headers.refresh, "1");
      assert.match(waiting.body, /Lecture du fichier en cours/);

      await restart(true);
      const preview = await settled(curator, page);
      assert.match(preview.body, /Aperçu de l’import/);
      assert.match(preview.body, /<th scope="row">communs créés<\/th><td>2<\/td>/);

      await restart(false);
      assert.equal((await curator.submit(page, page, {})).statusCode, 303);
      const importing = await curator.get(page);
      assert.match(importing.body, /Import en cours/);
      const count = () => database.db.kysely.selectFrom("commons").select("id").execute();
      assert.equal((await count()).length, 0, "nothing imported while no runner runs");

      await restart(true);
      const report = await settled(curator, page);
      assert.match(report.body, /Compte rendu de l’import/);
      assert.match(report.body, /<th scope="row">communs créés<\/th><td>2<\/td>/);
      assert.equal((await count()).length, 2);
    });
  });
}
