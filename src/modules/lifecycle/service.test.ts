import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildPerson, errorCode } from "../../../test/helpers/factories.ts";
import { clearSchedule, useClockedApp } from "../../../test/helpers/lifecycle.ts";

for (const dialect of testDialects()) {
  describe(`lifecycle service [${dialect.name}]`, () => {
    // 22:30 UTC on 31 August is already 1 September in Paris (summer time, +02:00).
    const h = useClockedApp(dialect, "2026-08-31T22:30:00Z");

    const events = () =>
      h.db.kysely
        .selectFrom("audit_events")
        .select(["action", "actor_id", "before", "after"])
        .where("subject_type", "=", "instance")
        .orderBy("id")
        .execute();

    it("schedules stages for administrators only, each recorded in the log, and reads the stage from the clock", async () => {
      const { lifecycle } = h.app.communs;
      const admin = await buildAdmin(h.app);
      const person = await buildPerson(h.app);
      assert.equal(
        await errorCode(() => lifecycle.set(undefined, { stage: "notice", startsOn: "2026-06-01" })),
        "UNAUTHENTICATED",
      );
      assert.equal(
        await errorCode(() => lifecycle.set(person, { stage: "notice", startsOn: "2026-06-01" })),
        "FORBIDDEN",
      );
      assert.equal(await errorCode(() => lifecycle.overview(person)), "FORBIDDEN");

      assert.equal((await lifecycle.state()).stage, "active");
      await lifecycle.set(admin, {
        stage: "notice",
        startsOn: "2026-06-01",
        message: "Le wiki déménage.",
        nextUrl: "https://wiki.exemple.org",
      });
      await lifecycle.set(admin, { stage: "read-only", startsOn: "2026-09-01" });
      await lifecycle.set(admin, { stage: "archived", startsOn: "2026-12-01" });
      const { steps, state } = await lifecycle.overview(admin);
      assert.deepEqual(
        steps.map((s) => [s.stage, s.startsOn, s.setByName]),
        [
          ["notice", "2026-06-01", admin.displayName],
          ["readOnly", "2026-09-01", admin.displayName],
          ["archived", "2026-12-01", admin.displayName],
        ],
      );
      assert.equal(state.today, "2026-09-01");
      assert.equal(state.stage, "readOnly");
      assert.equal(state.notice?.message, "Le wiki déménage.");

      h.setNow("2026-08-31T21:59:59Z");
      assert.equal((await lifecycle.state()).stage, "notice", "23:59:59 in Paris on 31 August");
      h.setNow("2026-08-31T22:00:00Z");
      assert.equal((await lifecycle.state()).stage, "readOnly", "midnight in Paris on 1 September");
      h.setNow("2026-12-01T00:00:00Z");
      assert.equal((await lifecycle.state()).stage, "archived");

      const logged = await events();
      assert.deepEqual(
        logged.map((e) => [e.action, e.actor_id]),
        [
          ["lifecycle.noticeScheduled", admin.id],
          ["lifecycle.readOnlyScheduled", admin.id],
          ["lifecycle.archivedScheduled", admin.id],
        ],
      );
      assert.deepEqual(JSON.parse(logged[0]?.after ?? "{}"), {
        startsOn: "2026-06-01",
        message: "Le wiki déménage.",
        nextUrl: "https://wiki.exemple.org",
      });
    });

    it("refuses a request out of order or malformed, writing nothing", async () => {
      const { lifecycle } = h.app.communs;
      const admin = await buildAdmin(h.app);
      const before = (await events()).length;
      for (const input of [
        { stage: "notice", startsOn: "2026-09-02" },
        { stage: "archived", startsOn: "2026-02-30" },
        { stage: "readOnly", startsOn: "2026-10-01", nextUrl: "javascript:alert(1)" },
        { stage: "fermé" },
      ])
        assert.equal(
          await errorCode(() => lifecycle.set(admin, input)),
          "VALIDATION_FAILED",
          JSON.stringify(input),
        );
      assert.equal((await events()).length, before);
      assert.equal(
        (await lifecycle.overview(admin)).steps.find((s) => s.stage === "notice")?.startsOn,
        "2026-06-01",
      );
    });

    it("replaces a stage's day, and the operator's changes are logged as theirs", async () => {
      const { lifecycle } = h.app.communs;
      await lifecycle.operatorSet({ stage: "readOnly", startsOn: "2026-10-01", message: "", nextUrl: "" });
      const { steps } = await lifecycle.operatorShow();
      assert.deepEqual(
        steps.map((s) => [s.stage, s.startsOn, s.setByName]),
        [
          ["notice", "2026-06-01", steps[0]?.setByName],
          ["readOnly", "2026-10-01", null],
          ["archived", "2026-12-01", steps[2]?.setByName],
        ],
      );
      const last = (await events()).at(-1);
      assert.equal(last?.action, "lifecycle.readOnlyScheduled");
      assert.equal(last?.actor_id, null);
      assert.deepEqual(JSON.parse(last?.before ?? "{}"), { startsOn: "2026-09-01" });
    });

    it("puts the banner atop mails while a stage is in force, in the mail's language", async () => {
      const { lifecycle } = h.app.communs;
      h.setNow("2026-07-01T10:00:00Z");
      const fr = await lifecycle.mailNotice();
      assert.match(fr, /Ce site va fermer/);
      assert.match(fr, /Le wiki déménage\./);
      assert.match(fr, /Lecture seule à partir du 01\/10\/2026/);
      assert.match(fr, /Archivé à partir du 01\/12\/2026/);
      assert.match(fr, /Pour la suite\s: https:\/\/wiki\.exemple\.org/);
      assert.match(await lifecycle.mailNotice("en"), /This site is closing/);
      h.setNow("2026-05-01T10:00:00Z");
      assert.equal(await lifecycle.mailNotice(), "");
    });

    it("takes the whole schedule away with `active`, and says so in the log", async () => {
      await clearSchedule(h);
      assert.deepEqual((await h.app.communs.lifecycle.operatorShow()).steps, []);
      h.setNow("2030-01-01T00:00:00Z");
      assert.equal((await h.app.communs.lifecycle.state()).stage, "active");
      const last = (await events()).at(-1);
      assert.equal(last?.action, "lifecycle.cleared");
      assert.deepEqual(JSON.parse(last?.before ?? "{}"), {
        notice: "2026-06-01",
        readOnly: "2026-10-01",
        archived: "2026-12-01",
      });
    });
  });
}
