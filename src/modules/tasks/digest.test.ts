// The weekly digest of tasks: set when someone takes a task, sent on Monday morning to each volunteer
// with the tasks they hold in each space, overdue first, through the notification layer.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAssembly, buildMember } from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";
import { nextDigestAt, TASK_DIGEST } from "./digest.ts";

describe("the weekly digest's time", () => {
  it("is the next Monday at 07:00 UTC, a week later when it is that very time", () => {
    assert.equal(nextDigestAt(new Date("2026-12-07T06:59:00Z")).toISOString(), "2026-12-07T07:00:00.000Z");
    assert.equal(nextDigestAt(new Date("2026-12-07T07:00:00Z")).toISOString(), "2026-12-14T07:00:00.000Z");
    assert.equal(nextDigestAt(new Date("2026-12-12T23:00:00Z")).toISOString(), "2026-12-14T07:00:00.000Z");
  });
});

for (const dialect of testDialects()) {
  describe(`weekly digest of tasks [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let member: Person;
    let other: Person;

    before(async () => {
      const assembly = await buildAssembly(h.app, { name: "Assemblée de Fives" });
      member = await buildMember(h.app, assembly, "member", { name: "Lucie Martin" });
      other = await buildMember(h.app, assembly, "member", { name: "Yann Morel" });
      const { tasks } = h.app.communs;
      const late = await tasks.create(member, assembly.slug, {
        title: "Réserver la salle",
        dueDate: "2026-01-10",
      });
      await tasks.take(member, late.id);
      await tasks.create(member, assembly.slug, { title: "Annoncer la réunion" }, { take: true });
      await tasks.create(other, assembly.slug, { title: "Tâche de Yann" }, { take: true });
    });

    it("is set for next Monday once a task is taken", async () => {
      const waiting = await h.db.kysely
        .selectFrom("jobs")
        .selectAll()
        .where("kind", "=", TASK_DIGEST)
        .execute();
      assert.equal(waiting.length, 1);
      assert.equal(new Date(waiting[0]?.due_at ?? "").toISOString(), nextDigestAt(new Date()).toISOString());
    });

    it("tells each volunteer their own tasks, the overdue one first", async () => {
      const { jobs } = h.app.communs;
      const id = await jobs.enqueue(TASK_DIGEST, {}, { key: "digest-now" });
      // The server's own runner may take it first: wait for it to be done, whoever runs it.
      await Promise.all(await jobs.startDue(10, [TASK_DIGEST]));
      for (let tries = 0; (await jobs.get(id))?.status !== "done"; tries++) {
        assert.ok(tries < 200, "the digest job ran");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const mails = await h.db.kysely
        .selectFrom("outbox")
        .selectAll()
        .where("to_address", "=", member.email)
        .execute();
      const digest = mails.find((m) => m.subject.includes("vos tâches de la semaine"));
      assert.ok(digest, "a digest mail for Lucie");
      assert.match(digest.body_text, /Vos tâches de l’Assemblée de Fives.: 2, dont 1 en retard/);
      assert.ok(
        digest.body_text.indexOf("Réserver la salle") < digest.body_text.indexOf("Annoncer la réunion"),
      );
      assert.ok(!digest.body_text.includes("Tâche de Yann"));
    });
  });
}
