import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { testConfig } from "../../../test/helpers/app.ts";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { buildApp } from "../../app.ts";
import type { JobsConfig } from "../../config.ts";
import type { JobView } from "./service.ts";

const FAST: JobsConfig = { inServer: true, pollMs: 20, concurrency: 4, leaseMs: 60_000, retryMs: 0 };

async function startApp(database: TestDatabase, jobs: Partial<JobsConfig> = {}): Promise<FastifyInstance> {
  return buildApp({ config: testConfig({ jobs: { ...FAST, ...jobs } }), db: database.db });
}

/** Reads a job until `done` says so (the runner works in the background), for at most 5 s. */
async function until(app: FastifyInstance, id: string, done: (job: JobView) => boolean): Promise<JobView> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const job = await app.communs.jobs.get(id);
    if (job && done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is still ${job?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const dialect of testDialects()) {
  describe(`jobs [${dialect.name}]`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await dialect.create();
    });
    after(() => database.drop());

    it("runs an enqueued job in the server process at once, with its payload and progress", async () => {
      const app = await startApp(database, { pollMs: 60_000 });
      const seen: unknown[] = [];
      app.communs.jobs.register("test.echo", async (payload, run) => {
        seen.push({ payload, attempt: run.attempt });
        await run.progress(3, 4);
      });
      await app.ready();
      const id = await app.communs.jobs.enqueue("test.echo", { n: 7 });
      const job = await until(app, id, (j) => j.status === "done");
      assert.deepEqual(seen, [{ payload: { n: 7 }, attempt: 1 }]);
      assert.equal(job.progressDone, 3);
      assert.equal(job.progressTotal, 4);
      assert.ok(job.finishedAt);
      await app.close();
    });

    it("answers the waiting job's id for a second enqueue of the same key", async () => {
      const app = await startApp(database, { inServer: false });
      const later = new Date(Date.now() + 60_000);
      const first = await app.communs.jobs.enqueue("test.keyed", {}, { key: "k1", dueAt: later });
      const second = await app.communs.jobs.enqueue("test.keyed", {}, { key: "k1", dueAt: later });
      const other = await app.communs.jobs.enqueue("test.keyed", {}, { key: "k2", dueAt: later });
      assert.equal(second, first);
      assert.notEqual(other, first);
      await app.close();
    });

    it("runs after a restart a job that fell due while the server was down", async () => {
      const first = await startApp(database);
      await first.ready();
      const id = await first.communs.jobs.enqueue("test.restart", {}, { dueAt: new Date(Date.now() + 300) });
      await first.close();
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal((await first.communs.jobs.get(id))?.status, "pending", "nothing ran it meanwhile");

      const second = await startApp(database);
      let runs = 0;
      second.communs.jobs.register("test.restart", async () => {
        runs += 1;
      });
      await second.ready();
      await until(second, id, (j) => j.status === "done");
      assert.equal(runs, 1);
      await second.close();
    });
  });
}
