import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { testConfig } from "../../../test/helpers/app.ts";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import type { JobsConfig } from "../../config.ts";
import type { Context } from "../../context.ts";
import { openPostgres } from "../../db/connection.ts";
import { createRunner } from "./runner.ts";
import { createJobs, type JobQueue, retryDelayMs } from "./service.ts";
import * as store from "./store.ts";

const JOBS: JobsConfig = { inServer: false, pollMs: 10, concurrency: 4, leaseMs: 60_000, retryMs: 1000 };
const COUNT = 1000;

function contextOver(db: Context["db"]): Context {
  return { db, config: testConfig({ jobs: JOBS }), log: pino({ level: "silent" }) };
}

describe("retry delays", () => {
  it("double from the first delay at each failure, up to an hour", () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => retryDelayMs(30_000, attempt)),
      [30_000, 60_000, 120_000, 240_000],
    );
    assert.equal(retryDelayMs(30_000, 20), 60 * 60 * 1000);
  });
});

for (const dialect of testDialects()) {
  describe(`a job whose worker died [${dialect.name}]`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await dialect.create();
    });
    after(() => database.drop());

    it("is taken again once its lease has expired, and not before", async () => {
      const jobs = createJobs(contextOver(database.db));
      let runs = 0;
      jobs.register("test.lease", async () => {
        runs += 1;
      });
      const id = await jobs.enqueue("test.lease", {});
      const now = new Date().toISOString();
      const soon = new Date(Date.now() + 300).toISOString();
      // A worker takes it and dies without a word: its lease runs out in 300 ms.
      const taken = await store.takeDueJobs(database.db.kysely, database.db.dialect, {
        owner: "mort",
        now,
        lockedUntil: soon,
        limit: 10,
        kinds: ["test.lease"],
      });
      assert.deepEqual(
        taken.map((job) => job.id),
        [id],
      );
      await jobs.idle();
      assert.equal(runs, 0, "locked while its lease lasts");
      await new Promise((resolve) => setTimeout(resolve, 350));
      await jobs.idle();
      assert.equal(runs, 1);
      const job = await jobs.get(id);
      assert.equal(job?.status, "done");
      assert.equal(job?.attempts, 2, "the dead worker's run counts");
    });
  });
}

// SKIP LOCKED is PostgreSQL's: with TEST_DATABASE_URL set (as CI does), two workers share one database.
const postgres = testDialects().find((dialect) => dialect.name === "postgres");

if (postgres)
  describe("two workers on PostgreSQL", () => {
    let database: TestDatabase;
    const pools: Context["db"][] = [];
    before(async () => {
      database = await postgres.create();
    });
    after(async () => {
      for (const pool of pools) await pool.close();
      await database.drop();
    });

    it(`run ${COUNT} jobs, each exactly once, sharing them out`, async () => {
      const ranBy = new Map<number, string[]>();
      const workers: { name: string; jobs: JobQueue }[] = ["a", "b"].map((name) => {
        const db = openPostgres(database.url ?? "", 4);
        pools.push(db);
        const jobs = createJobs(contextOver(db));
        jobs.register("test.count", async ({ n }: { n: number }) => {
          ranBy.set(n, [...(ranBy.get(n) ?? []), name]);
          await new Promise((resolve) => setImmediate(resolve));
        });
        return { name, jobs };
      });
      const [first] = workers;
      for (let n = 0; n < COUNT; n++) await first?.jobs.enqueue("test.count", { n });
      const runners = workers.map(({ jobs }) =>
        createRunner(jobs, JOBS, (error) => assert.fail(String(error))),
      );
      for (const runner of runners) runner.start();
      const deadline = Date.now() + 60_000;
      while (ranBy.size < COUNT && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      for (const runner of runners) await runner.stop();

      assert.equal(ranBy.size, COUNT);
      const twice = [...ranBy].filter(([, by]) => by.length !== 1);
      assert.deepEqual(twice, [], "no job ran twice");
      const shares = ["a", "b"].map((name) => [...ranBy.values()].filter(([by]) => by === name).length);
      assert.ok(
        shares.every((share) => share > 0),
        `both workers took jobs: ${shares.join(" / ")}`,
      );
      const left = await database.db.kysely
        .selectFrom("jobs")
        .select("status")
        .where("status", "!=", "done")
        .execute();
      assert.deepEqual(left, [], "every job done");
    });
  });
