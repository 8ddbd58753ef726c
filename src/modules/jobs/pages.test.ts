import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildPerson, signIn } from "../../../test/helpers/factories.ts";
import type { JobView } from "./service.ts";

const RETRY_MS = 200;
const PAGE = "/taches-en-echec";

for (const dialect of testDialects()) {
  describe(`failed jobs [${dialect.name}]`, () => {
    const h = useApp(dialect, {
      jobs: { inServer: true, pollMs: 20, concurrency: 2, leaseMs: 60_000, retryMs: RETRY_MS },
    });
    /** When each run of the flaky job started; it fails while `failing` holds. */
    const runs: number[] = [];
    let failing = true;
    let admin: Visitor;
    let stranger: Visitor;

    before(async () => {
      h.app.communs.jobs.register("test.flaky", async () => {
        runs.push(Date.now());
        if (failing) throw new Error("connect ECONNREFUSED 127.0.0.1:1");
      });
      admin = await signIn(h, await buildAdmin(h.app));
      stranger = await signIn(h, await buildPerson(h.app));
    });

    async function until(id: string, done: (job: JobView) => boolean): Promise<JobView> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const job = await h.app.communs.jobs.get(id);
        if (job && done(job)) return job;
        if (Date.now() > deadline) throw new Error(`job ${id} is still ${job?.status}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it("retries a failing job with a doubling delay, then lists it for administrators only", async () => {
      const id = await h.app.communs.jobs.enqueue("test.flaky", { to: "x" }, { maxAttempts: 3 });
      const failed = await until(id, (job) => job.status === "failed");
      assert.equal(runs.length, 3);
      assert.equal(failed.attempts, 3);
      assert.match(failed.lastError ?? "", /ECONNREFUSED/);
      const [first = 0, second = 0, third = 0] = runs;
      assert.ok(second - first >= RETRY_MS, `first retry after ${second - first} ms`);
      assert.ok(third - second >= 2 * RETRY_MS, `second retry after ${third - second} ms`);
      assert.equal(await h.app.communs.jobs.countFailed(), 1);

      const page = await admin.get(PAGE);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<th scope="row">test\.flaky<\/th>/);
      assert.match(page.body, /Le service distant n’a pas répondu \(connect ECONNREFUSED 127\.0\.0\.1:1\)/);
      assert.match(page.body, /<td>3<\/td>/);
      assert.match(page.body, />Réessayer<\/button>/);
      assert.match((await admin.get("/")).body, /href="\/taches-en-echec"/, "linked from the header");
      assert.equal((await stranger.get(PAGE)).statusCode, 403);
    });

    it("runs it again on « Réessayer », and the page empties", async () => {
      const [failed] = (await h.app.communs.jobsAdmin.failed({ id: "x", isAdmin: true })).jobs;
      assert.ok(failed);
      failing = false;
      const refused = await stranger.submit("/", `${PAGE}/${failed.id}/reessayer`, {});
      assert.equal(refused.statusCode, 403);
      assert.equal((await h.app.communs.jobs.get(failed.id))?.status, "failed");

      const retried = await admin.submit(PAGE, `${PAGE}/${failed.id}/reessayer`, {});
      assert.equal(retried.statusCode, 303);
      assert.equal(retried.headers.location, PAGE);
      const done = await until(failed.id, (job) => job.status === "done");
      assert.equal(done.attempts, 1, "attempts counted afresh");
      assert.equal(runs.length, 4);
      const page = await admin.get(PAGE);
      assert.match(page.body, /Aucune tâche en échec/);
      assert.equal(await h.app.communs.jobs.countFailed(), 0);
      const again = await admin.submit(PAGE, `${PAGE}/${failed.id}/reessayer`, {});
      assert.equal(again.statusCode, 404, "a job that is not failed is not retried");
      const audit = await admin.get("/journal");
      assert.match(audit.body, /a relancé une tâche en échec/);
    });
  });
}
