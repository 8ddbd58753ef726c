// The news of a round, through the durable jobs: a new proposal told at once; its phases, the day before
// its deadline, its outcome and its review date told when their jobs fall due, by a runner of jobs — here
// the server's own, its jobs' due times moved into the past as if the days had gone by.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { testConfig } from "../../../test/helpers/app.ts";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { expireRound } from "../../../test/helpers/decisions.ts";
import { buildChamber, buildMember } from "../../../test/helpers/factories.ts";
import { buildApp } from "../../app.ts";
import type { JobsConfig } from "../../config.ts";
import type { Person } from "../accounts/service.ts";

const RUNNER: JobsConfig = { inServer: true, pollMs: 20, concurrency: 4, leaseMs: 60_000, retryMs: 0 };

async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("not within the time allowed");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const dialect of testDialects()) {
  describe(`decisions' news through jobs [${dialect.name}]`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let malo: Person;
    let olga: Person;
    let slug: string;
    let facilitator: Person;

    before(async () => {
      database = await dialect.create();
      app = await buildApp({ config: testConfig({ jobs: RUNNER }), db: database.db });
      await app.ready();
      const chamber = await buildChamber(app, { name: "Chambre des nouvelles" });
      slug = chamber.slug;
      facilitator = chamber.admin as Person;
      malo = await buildMember(app, chamber, "member", { name: "Malo" });
      olga = await buildMember(app, chamber, "member", { name: "Olga" });
      await buildMember(app, chamber, "member", { name: "Paul" });
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const told = async (personId: string, kind: string) =>
      (
        await database.db.kysely
          .selectFrom("notifications")
          .select("id")
          .where("person_id", "=", personId)
          .where("kind", "=", kind)
          .execute()
      ).length;
    const jobsOf = (id: string) =>
      database.db.kysely
        .selectFrom("jobs")
        .select(["kind", "due_at", "status"])
        .where("payload", "like", `%${id}%`)
        .orderBy("due_at")
        .execute();
    /** Every waiting job of this proposal falls due now. */
    const daysGoBy = (id: string) =>
      database.db.kysely
        .updateTable("jobs")
        .set({ due_at: new Date(Date.now() - 1000).toISOString() })
        .where("payload", "like", `%${id}%`)
        .where("status", "=", "pending")
        .execute();

    it("tells a new proposal at once, then its phases, its last day and its outcome when due", async () => {
      const proposal = await app.communs.decisions.propose(malo, slug, {
        title: "Ouvrir le samedi",
        body: "De 10 h à 12 h.",
        deadline: "7",
      });
      assert.equal(await told(olga.id, "proposal.opened"), 1);
      assert.equal(await told(malo.id, "proposal.opened"), 0, "not the proposer, told of their own deed");
      const planned = await jobsOf(proposal.id);
      assert.deepEqual(planned.map((j) => j.kind).sort(), [
        "decisions.close",
        "decisions.deadlineSoon",
        "decisions.phase",
        "decisions.phase",
      ]);
      const soon = planned.find((j) => j.kind === "decisions.deadlineSoon");
      assert.equal(Date.parse(proposal.deadline) - Date.parse(soon?.due_at ?? ""), 24 * 3_600_000);
      const decidedBefore = await told(olga.id, "proposal.decided");
      await expireRound(database.db, proposal.id);
      await daysGoBy(proposal.id);
      await eventually(async () => (await told(olga.id, "proposal.decided")) === decidedBefore + 1);
      assert.equal(
        await told(olga.id, "proposal.deadlineSoon"),
        0,
        "a deadline already past is not announced",
      );
      const decided = await app.communs.decisions.view(undefined, proposal.id);
      assert.equal(decided.proposal.outcome, "adopted");
      // Its review is set, a year on.
      await eventually(async () =>
        (await jobsOf(proposal.id)).some((j) => j.kind === "decisions.reviewDue" && j.status === "pending"),
      );
    });

    it("tells those asked the day before the deadline, a phase opened early, and the review date", async () => {
      const proposal = await app.communs.decisions.propose(malo, slug, {
        title: "Changer de local",
        body: "x",
      });
      await daysGoBy(proposal.id);
      await eventually(async () => (await told(olga.id, "proposal.deadlineSoon")) === 1);
      // (The first round's phases may have been told as its jobs ran: counted from here.)
      const phasesBefore = await told(olga.id, "proposal.phase");
      await app.communs.decisions.advance(facilitator, proposal.id);
      assert.equal(await told(olga.id, "proposal.phase"), phasesBefore + 1, "a phase opened early is told");
      await expireRound(database.db, proposal.id);
      await app.communs.decisions.settle(proposal.id);
      await daysGoBy(proposal.id);
      await eventually(async () => (await told(olga.id, "proposal.reviewDue")) === 1);
    });
  });
}
