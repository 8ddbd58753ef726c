// The seed's meeting cycle through the service: planned in Paris time, themes proposed and ordered,
// attendance with introductions, minutes taken live, published and corrected; who may do what.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAssembly,
  buildChamber,
  buildMember,
  buildPerson,
  errorCode as code,
} from "../../../test/helpers/factories.ts";
import { DomainError } from "../../core/errors.ts";
import type { Person } from "../accounts/service.ts";
import type { Meetings } from "./service.ts";

/** The domain error a call is refused with. */
async function refused(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  assert.fail("not refused");
}

const DAY = { title: "Assemblée des communs", start: "2026-12-12T09:30", end: "2026-12-12T18:00" };

for (const dialect of testDialects()) {
  describe(`meetings [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let meetings: Meetings;
    let slug: string;
    let chamber: string;
    let facilitator: Person;
    let member: Person;
    let stranger: Person;

    before(async () => {
      meetings = h.app.communs.meetings;
      const assembly = await buildAssembly(h.app);
      slug = assembly.slug;
      facilitator = await buildMember(h.app, assembly, "facilitator", { name: "Lucie Martin" });
      member = await buildMember(h.app, assembly, "member", { name: "Yann Morel" });
      stranger = await buildPerson(h.app, { name: "Quelqu’un d’ailleurs" });
      chamber = (await buildChamber(h.app)).slug;
    });

    it("stores the Paris time typed as UTC, across the clock change", async () => {
      const winter = await meetings.create(member, slug, { ...DAY });
      assert.equal(winter.starts_at, "2026-12-12T08:30:00.000Z");
      const summer = await meetings.create(member, slug, {
        ...DAY,
        start: "2026-10-24T18:30",
        end: "2026-10-24T20:00",
      });
      assert.equal(summer.starts_at, "2026-10-24T16:30:00.000Z");
      const after = await meetings.create(member, slug, {
        ...DAY,
        start: "2026-10-26T18:30",
        end: "2026-10-26T20:00",
      });
      assert.equal(after.starts_at, "2026-10-26T17:30:00.000Z");
    });

    it("refuses what cannot be a meeting, field by field, and saves nothing", async () => {
      const before = (await meetings.list(member, slug)).upcoming.length;
      const error = await refused(() =>
        meetings.create(member, slug, {
          title: "",
          start: "demain",
          end: "2026-12-12T08:00",
          link: "javascript:alert(1)",
          rrule: "FREQ=SECONDLY",
        }),
      );
      assert.equal(error.code, "VALIDATION_FAILED");
      assert.deepEqual(Object.keys(error.fields).sort(), ["link", "rrule", "start", "title"]);
      const backwards = await refused(() =>
        meetings.create(member, slug, { ...DAY, end: "2026-12-12T08:00" }),
      );
      assert.equal(backwards.fields.end, "meetings.endBeforeStart");
      assert.equal((await meetings.list(member, slug)).upcoming.length, before);
    });

    it("lets members propose themes, facilitators order and merge them, and says when the agenda is too long", async () => {
      const meeting = await meetings.create(facilitator, slug, {
        ...DAY,
        start: "2027-01-09T10:00",
        end: "2027-01-09T11:00",
      });
      const structures = await meetings.proposeTheme(member, slug, meeting.id, {
        title: "Les structures",
        minutes: "40",
      });
      const tools = await meetings.proposeTheme(member, slug, meeting.id, {
        title: "Les outils",
        description: "wiki, cartes",
        minutes: "30",
      });
      let shown = await meetings.view(member, slug, meeting.id);
      assert.equal(shown.fits, false);
      assert.equal(shown.agenda[0]?.proposer_name, "Yann Morel");
      assert.equal(
        await code(() => meetings.arrangeTheme(member, slug, meeting.id, tools.id, "up")),
        "FORBIDDEN",
      );
      await meetings.arrangeTheme(facilitator, slug, meeting.id, tools.id, "up");
      shown = await meetings.view(member, slug, meeting.id);
      assert.deepEqual(
        shown.agenda.map((i) => i.title),
        ["Les outils", "Les structures"],
      );
      await meetings.arrangeTheme(facilitator, slug, meeting.id, structures.id, "aside");
      shown = await meetings.view(member, slug, meeting.id);
      assert.equal(shown.fits, true);
      await meetings.arrangeTheme(facilitator, slug, meeting.id, structures.id, { into: tools.id });
      shown = await meetings.view(member, slug, meeting.id);
      const merged = shown.agenda.find((i) => i.id === tools.id);
      assert.equal(merged?.minutes, 70);
      assert.match(merged?.description ?? "", /Les structures/);
      assert.equal(
        await code(() => meetings.proposeTheme(stranger, slug, meeting.id, { title: "Moi aussi" })),
        "FORBIDDEN",
      );
      assert.equal(
        await code(() => meetings.proposeTheme(undefined, slug, meeting.id, { title: "Anonyme" })),
        "UNAUTHENTICATED",
      );
    });

    it("keeps introductions meant for members among members, and makes the round of presentations", async () => {
      const meeting = await meetings.create(facilitator, slug, {
        ...DAY,
        start: "2027-02-13T09:30",
        end: "2027-02-13T12:00",
      });
      await meetings.answer(member, slug, meeting.id, { answer: "yes", intro: "jardinier à Fives" });
      await meetings.answer(facilitator, slug, meeting.id, {
        answer: "maybe",
        intro: "élue, Hellemmes",
        introPublic: "1",
      });
      const outside = await meetings.view(undefined, slug, meeting.id);
      assert.deepEqual(
        outside.attendees.map((a) => a.intro),
        ["", "élue, Hellemmes"],
      );
      const inside = await meetings.view(member, slug, meeting.id);
      assert.equal(inside.attendees[0]?.intro, "jardinier à Fives");
      await meetings.addGuest(facilitator, slug, meeting.id, { name: "Rémi Sansco", intro: "Communecter" });
      const ids = (await meetings.view(facilitator, slug, meeting.id)).attendees.map((a) => a.id);
      await meetings.tick(facilitator, slug, meeting.id, [ids[0] ?? "", ids[2] ?? ""]);
      const round = (await meetings.view(facilitator, slug, meeting.id)).attendees.filter(
        (a) => a.present === 1,
      );
      assert.deepEqual(
        round.map((a) => a.name),
        ["Yann Morel", "Rémi Sansco"],
      );
      assert.equal(await code(() => meetings.tick(member, slug, meeting.id, [])), "FORBIDDEN");
    });

    it("takes minutes live, publishes them, and lets attendees correct them for the space's period", async () => {
      const meeting = await meetings.create(facilitator, slug, {
        ...DAY,
        start: "2026-11-14T09:30",
        end: "2026-11-14T12:00",
      });
      await meetings.answer(member, slug, meeting.id, { answer: "yes", intro: "" }).catch(() => undefined);
      await meetings.addMinutes(facilitator, slug, meeting.id, {
        kind: "entry",
        time: "10h36",
        text: "tour de présentation",
      });
      await meetings.addMinutes(facilitator, slug, meeting.id, {
        kind: "entry",
        text: "arrêt de la plénière",
        time: "12:20",
      });
      await meetings.addMinutes(facilitator, slug, meeting.id, {
        kind: "workshop",
        title: "Initiation",
        facilitator: "Christian",
        text: "fonctionne très bien",
      });
      await meetings.addMinutes(facilitator, slug, meeting.id, {
        kind: "action",
        text: "rejoindre le groupe logistique",
        volunteers: "Yann Morel, Christian Dupré",
      });
      const bad = await refused(() =>
        meetings.addMinutes(facilitator, slug, meeting.id, { kind: "entry", time: "25h00", text: "x" }),
      );
      assert.equal(bad.fields.time, "meetings.clockInvalid");
      let shown = await meetings.view(member, slug, meeting.id);
      assert.equal(shown.meeting.status, "held");
      assert.deepEqual(
        shown.items.filter((i) => i.kind === "entry").map((i) => i.time),
        ["10:36", "12:20"],
      );
      const action = shown.items.find((i) => i.kind === "action");
      assert.deepEqual(action?.volunteers, [
        { name: "Yann Morel", personId: member.id },
        { name: "Christian Dupré", personId: null },
      ]);
      assert.equal(
        await code(() => meetings.correct(member, slug, meeting.id, { text: "trop tôt" })),
        "MEETING_STATE",
      );
      await meetings.publish(facilitator, slug, meeting.id, [action?.id ?? ""]);
      shown = await meetings.view(member, slug, meeting.id);
      assert.equal(shown.meeting.status, "published");
      const taskId = shown.items.find((i) => i.kind === "action")?.task_id;
      assert.ok(taskId, "the action item became a task");
      const task = await h.app.communs.tasks.get(member, taskId);
      assert.equal(task.state, "taken");
      assert.deepEqual(
        task.volunteers.map((v) => v.name),
        ["Yann Morel", "Christian Dupré"],
      );
      assert.equal(task.meeting_id, meeting.id);
      assert.equal(shown.approved, false);
      const days =
        (new Date(shown.meeting.corrections_until ?? "").getTime() -
          new Date(shown.meeting.published_at ?? "").getTime()) /
        86_400_000;
      assert.equal(Math.round(days), 7);
      await meetings.correct(member, slug, meeting.id, { text: "Christian Dupré, pas Dupuy" });
      shown = await meetings.view(member, slug, meeting.id);
      assert.equal(shown.corrections[0]?.text, "Christian Dupré, pas Dupuy");
      assert.equal(await code(() => meetings.publish(facilitator, slug, meeting.id, [])), "MEETING_STATE");
    });

    it("cancels with a reason and raises the calendar sequence", async () => {
      const meeting = await meetings.create(member, slug, {
        ...DAY,
        start: "2027-03-27T18:30",
        end: "2027-03-27T20:00",
      });
      assert.equal(
        await code(() => meetings.cancel(member, slug, meeting.id, { reason: "" })),
        "VALIDATION_FAILED",
      );
      const cancelled = await meetings.cancel(member, slug, meeting.id, { reason: "Salle indisponible" });
      assert.equal(cancelled.status, "cancelled");
      assert.ok(cancelled.sequence > meeting.sequence);
      assert.equal(
        await code(() => meetings.answer(member, slug, meeting.id, { answer: "yes" })),
        "MEETING_STATE",
      );
    });

    it("skips one date of a recurring meeting and takes it back, the rule and its calendar following", async () => {
      const meeting = await meetings.create(facilitator, slug, {
        title: "Permanence",
        start: "2027-01-12T18:30",
        end: "2027-01-12T20:00",
        rrule: "FREQ=MONTHLY;BYDAY=2TU",
      });
      const dates = (await meetings.view(member, slug, meeting.id)).next.dates.map((d) => d.toISOString());
      assert.deepEqual(dates.slice(0, 3), [
        "2027-01-12T17:30:00.000Z",
        "2027-02-09T17:30:00.000Z",
        "2027-03-09T17:30:00.000Z",
      ]);
      const wrong = await refused(() =>
        meetings.skipOccurrence(facilitator, slug, meeting.id, { occurrence: "2027-02-10T17:30:00.000Z" }),
      );
      assert.equal(wrong.fields.occurrence, "meetings.occurrenceUnknown");
      assert.equal(
        await code(() => meetings.skipOccurrence(member, slug, meeting.id, { occurrence: dates[1] })),
        "FORBIDDEN",
      );
      const skipped = await meetings.skipOccurrence(facilitator, slug, meeting.id, { occurrence: dates[1] });
      assert.ok(skipped.sequence > meeting.sequence);
      let next = (await meetings.view(member, slug, meeting.id)).next;
      assert.ok(!next.dates.some((d) => d.toISOString() === dates[1]));
      assert.deepEqual(
        next.skipped.map((d) => d.toISOString()),
        [dates[1]],
      );
      await meetings.skipOccurrence(facilitator, slug, meeting.id, { occurrence: dates[1], restore: "1" });
      next = (await meetings.view(member, slug, meeting.id)).next;
      assert.deepEqual(next.dates[1]?.toISOString(), dates[1]);
    });

    it("exists in chambers too, for their members only to plan, and not across spaces", async () => {
      assert.equal(await code(() => meetings.create(member, chamber, { ...DAY })), "FORBIDDEN");
      const meeting = await meetings.create(member, slug, { ...DAY });
      assert.equal(await code(() => meetings.view(member, chamber, meeting.id)), "MEETING_NOT_FOUND");
    });
  });
}
