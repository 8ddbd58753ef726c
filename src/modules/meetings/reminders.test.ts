// The reminder the day before a meeting is a durable job: set when the meeting is planned, it is sent
// by whichever process runs jobs when it falls due, after a restart too, and once, even when two
// processes share a PostgreSQL database.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { testConfig } from "../../../test/helpers/app.ts";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { buildAssembly, buildMember } from "../../../test/helpers/factories.ts";
import { buildApp } from "../../app.ts";
import type { JobsConfig } from "../../config.ts";
import { openPostgres } from "../../db/connection.ts";

const RUNNER: JobsConfig = { inServer: true, pollMs: 20, concurrency: 4, leaseMs: 60_000, retryMs: 0 };
const IDLE: JobsConfig = { ...RUNNER, inServer: false };

/** A meeting starting a day and `ms` from now (an instant, to the second): its reminder falls due in `ms`. */
const inADayAnd = (ms: number) => new Date(Date.now() + 24 * 3_600_000 + ms).toISOString();

async function reminders(app: FastifyInstance, title: string): Promise<number> {
  const rows = await app.communs.db.kysely
    .selectFrom("outbox")
    .select("id")
    .where("subject", "like", `Demain%: ${title}`)
    .execute();
  return rows.length;
}

async function eventually(check: () => Promise<boolean>, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("not within the time allowed");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const dialect of testDialects()) {
  describe(`meeting reminders [${dialect.name}]`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await dialect.create();
    });
    after(() => database.drop());

    /** A meeting planned in a process that runs no jobs, with a member who comes. */
    async function planned(title: string, dueInMs: number) {
      const app = await buildApp({ config: testConfig({ jobs: IDLE }), db: database.db });
      const assembly = await buildAssembly(app);
      const facilitator = await buildMember(app, assembly, "facilitator");
      const member = await buildMember(app, assembly, "member");
      const start = inADayAnd(dueInMs);
      const meeting = await app.communs.meetings.create(facilitator, assembly.slug, {
        title,
        start,
        end: inADayAnd(dueInMs + 3_600_000),
      });
      await app.communs.meetings.answer(member, assembly.slug, meeting.id, { answer: "yes" });
      await app.close();
      return meeting;
    }

    it("sends the reminder after a restart, once it falls due", async () => {
      await planned("Réunion du redémarrage", 6000);
      const restarted = await buildApp({ config: testConfig({ jobs: RUNNER }), db: database.db });
      await restarted.ready();
      assert.equal(await reminders(restarted, "Réunion du redémarrage"), 0, "not before it is due");
      await eventually(async () => (await reminders(restarted, "Réunion du redémarrage")) === 1, 20_000);
      await restarted.close();
    });

    it("sends it once when two processes run jobs on the same database", async () => {
      await planned("Réunion des deux processus", 1000);
      // On PostgreSQL each process has its own pool, as two servers would.
      const otherDb = database.url ? openPostgres(database.url, 5) : database.db;
      const first = await buildApp({ config: testConfig({ jobs: RUNNER }), db: database.db });
      const second = await buildApp({ config: testConfig({ jobs: RUNNER }), db: otherDb });
      await Promise.all([first.ready(), second.ready()]);
      await eventually(async () => (await reminders(first, "Réunion des deux processus")) >= 1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(await reminders(first, "Réunion des deux processus"), 1);
      await Promise.all([first.close(), second.close()]);
      if (otherDb !== database.db) await otherDb.close();
    });
  });
}
