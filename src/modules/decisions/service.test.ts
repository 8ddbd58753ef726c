// Decisions as a chamber lives them: a consent round with a question, an objection integrated by an
// amendment and withdrawn, then adopted by silence; a round extended once by a standing objection and
// then failed; consensus with a block; notice and advice; a decision taken in a meeting; a review.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { expireRound } from "../../../test/helpers/decisions.ts";
import {
  buildAssembly,
  buildChamber,
  buildMember,
  buildPerson,
  errorCode as code,
} from "../../../test/helpers/factories.ts";
import { insertMeeting } from "../../../test/helpers/tasks.ts";
import type { Person } from "../accounts/service.ts";
import type { Decisions } from "./service.ts";

const CHAMBER = "chambre-des-decisions";
const ASSEMBLY = "assemblee-des-decisions";

for (const dialect of testDialects()) {
  describe(`decisions [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let decisions: Decisions;
    let flore: Person;
    let malo: Person;
    let olga: Person;
    let paul: Person;
    let outsider: Person;
    let chamberId: string;

    const propose = (by: Person, fields: Record<string, unknown> = {}) =>
      decisions.propose(by, CHAMBER, { title: "Louer une salle", body: "Pour les plénières.", ...fields });
    const settleNow = async (id: string) => {
      await expireRound(h.db, id);
      return decisions.view(undefined, id);
    };

    before(async () => {
      decisions = h.app.communs.decisions;
      const chamber = await buildChamber(h.app, { slug: CHAMBER, name: "Chambre des décisions" });
      chamberId = chamber.space.id;
      flore = chamber.admin as Person;
      malo = await buildMember(h.app, chamber, "member", { name: "Malo" });
      olga = await buildMember(h.app, chamber, "member", { name: "Olga" });
      paul = await buildMember(h.app, chamber, "member", { name: "Paul" });
      outsider = await buildPerson(h.app, { name: "Sans Chambre" });
      await buildAssembly(h.app, { slug: ASSEMBLY, name: "Assemblée des décisions" });
    });

    it("runs a consent round: question, objection, amendment integrating it, withdrawn, adopted by silence", async () => {
      const proposal = await propose(malo);
      let view = await decisions.view(malo, proposal.id);
      assert.deepEqual(
        [view.proposal.mode, view.phase, view.proposal.participants],
        ["consent", "questions", "members"],
      );
      await decisions.comment(olga, proposal.id, { kind: "question", text: "Quelle salle ?" });
      await decisions.comment(malo, proposal.id, { kind: "answer", text: "Celle du centre social." });
      const objection = await decisions.object(olga, proposal.id, {
        reason: "Le loyer dépasse notre budget.",
        harm: "La chambre ne pourrait plus payer les frais de déplacement.",
      });
      assert.equal(await code(() => decisions.amend(olga, proposal.id, { body: "x" })), "FORBIDDEN");
      const version = await decisions.amend(malo, proposal.id, {
        body: "Pour les plénières, une fois par trimestre.",
        note: "Moins souvent",
        integrates: [objection],
      });
      assert.equal(version, 2);
      view = await decisions.view(olga, proposal.id);
      assert.deepEqual(
        view.objections.map((o) => [o.status, o.integrating_version, o.canResolve]),
        [["open", 2, true]],
      );
      assert.equal(await code(() => decisions.resolveObjection(malo, objection, "withdrawn")), "FORBIDDEN");
      await decisions.resolveObjection(olga, objection, "withdrawn");
      assert.equal(
        await code(() => decisions.resolveObjection(olga, objection, "withdrawn")),
        "OBJECTION_RESOLVED",
      );
      view = await settleNow(proposal.id);
      assert.equal(view.proposal.outcome, "adopted");
      assert.match(view.proposal.review_date ?? "", /^\d{4}-\d{2}-\d{2}$/);
      assert.deepEqual(
        view.versions.map((v) => v.number),
        [1, 2],
      );
      const register = await decisions.register(undefined, CHAMBER, { q: "trimestre" });
      assert.deepEqual(
        register.rows.map((r) => r.id),
        [proposal.id],
        "found by a word of its last version",
      );
      assert.equal(
        await code(() => decisions.object(paul, proposal.id, { reason: "Trop tard" })),
        "PROPOSAL_CLOSED",
      );
    });

    it("extends a round once for a standing objection, then fails it, telling why", async () => {
      const proposal = await propose(malo, { title: "Acheter un vidéoprojecteur" });
      await decisions.object(paul, proposal.id, { reason: "Nous en avons déjà un." });
      let view = await settleNow(proposal.id);
      assert.equal(view.proposal.outcome, null);
      assert.equal(view.proposal.extensions, 1);
      assert.ok(view.proposal.deadline > new Date().toISOString(), "a new deadline, a week on");
      view = await settleNow(proposal.id);
      assert.deepEqual(
        [view.proposal.outcome, view.proposal.outcome_note],
        ["not adopted", "Nous en avons déjà un."],
      );
      assert.equal(view.proposal.review_date, null);
    });

    it("lets a facilitator mark an objection not valid only with a reason; it then stands no more", async () => {
      const proposal = await propose(malo, { title: "Changer d’heure" });
      const objection = await decisions.object(paul, proposal.id, { reason: "Je préfère le mardi." });
      assert.equal(
        await code(() => decisions.invalidateObjection(malo, objection, { reason: "x" })),
        "FORBIDDEN",
      );
      assert.equal(
        await code(() => decisions.invalidateObjection(flore, objection, { reason: " " })),
        "VALIDATION_FAILED",
      );
      await decisions.invalidateObjection(flore, objection, {
        reason: "Une préférence n’est pas un tort fait à la chambre.",
      });
      const view = await settleNow(proposal.id);
      assert.equal(view.proposal.outcome, "adopted");
      assert.equal(view.objections[0]?.status, "invalid");
    });

    it("decides by consensus: a block needs a reason and stops it; agreement under the threshold fails it", async () => {
      const blocked = await propose(malo, { title: "Réviser la charte", mode: "consensus" });
      assert.equal(
        await code(() => decisions.position(olga, blocked.id, { position: "block" })),
        "VALIDATION_FAILED",
      );
      await decisions.position(olga, blocked.id, {
        position: "block",
        reason: "Contraire à notre raison d’être.",
      });
      await decisions.position(paul, blocked.id, { position: "agree" });
      assert.equal((await settleNow(blocked.id)).proposal.outcome, "not adopted");
      const agreed = await propose(malo, { title: "Adopter un logo", mode: "consensus" });
      await decisions.position(olga, agreed.id, { position: "agree" });
      await decisions.position(paul, agreed.id, { position: "abstain" });
      await decisions.position(paul, agreed.id, { position: "agree" });
      const view = await settleNow(agreed.id);
      assert.deepEqual([view.proposal.outcome, view.tally.agree, view.positions.length], ["adopted", 2, 2]);
      const split = await propose(malo, { title: "Changer de banque", mode: "consensus" });
      await decisions.position(olga, split.id, { position: "agree" });
      await decisions.position(paul, split.id, { position: "disagree" });
      assert.equal((await settleNow(split.id)).proposal.outcome, "not adopted", "1 of 2 is under 75 %");
      assert.equal(await code(() => decisions.object(olga, split.id, { reason: "x" })), "PROPOSAL_CLOSED");
    });

    it("keeps the rules' mode for classes the platform acts on; withdrawal is the proposer's", async () => {
      assert.equal(
        await code(() => propose(malo, { class: "socialCode", mode: "notice", body: "# Code" })),
        "VALIDATION_FAILED",
      );
      const proposal = await propose(malo, { title: "Une idée" });
      assert.equal(await code(() => decisions.withdraw(olga, proposal.id)), "FORBIDDEN");
      await decisions.withdraw(malo, proposal.id);
      assert.equal((await decisions.view(undefined, proposal.id)).proposal.outcome, "withdrawn");
      assert.equal(await code(() => propose(outsider)), "FORBIDDEN");
      assert.equal(await code(() => decisions.object(outsider, proposal.id, { reason: "x" })), "FORBIDDEN");
    });

    it("tells at once in an assembly (notice), and adopts advice at its deadline", async () => {
      const assembly = await h.app.communs.spaces.get(ASSEMBLY);
      const lucie = await buildMember(h.app, { slug: ASSEMBLY, admin: flore }, "member", { name: "Lucie" });
      const notice = await decisions.propose(lucie, assembly.slug, {
        title: "Je réserve la salle",
        body: "Samedi.",
      });
      assert.deepEqual([notice.mode], ["notice"]);
      assert.equal((await decisions.view(undefined, notice.id)).proposal.outcome, "adopted");
      const advice = await decisions.propose(lucie, assembly.slug, {
        title: "Nouveau site",
        body: "Vos avis ?",
        mode: "advice",
        deadline: "3",
      });
      assert.equal((await decisions.view(undefined, advice.id)).proposal.outcome, null);
      assert.equal((await settleNow(advice.id)).proposal.outcome, "adopted");
    });

    it("records a decision taken in a meeting, linked to it, and reviews a decision", async () => {
      const meeting = await insertMeeting(h.db, chamberId);
      const proposal = await propose(malo, { title: "Fêter les dix ans" });
      const form = await decisions.meetingForm(flore, proposal.id);
      assert.deepEqual(
        form.meetings.map((m) => m.id),
        [meeting],
      );
      assert.equal(form.participants.length, 4);
      assert.equal(
        await code(() =>
          decisions.recordInMeeting(flore, proposal.id, { meeting, [`answer.${paul.id}`]: "object" }),
        ),
        "VALIDATION_FAILED",
        "an objection says why",
      );
      const outcome = await decisions.recordInMeeting(flore, proposal.id, {
        meeting,
        [`answer.${malo.id}`]: "consent",
        [`answer.${olga.id}`]: "consent",
      });
      assert.equal(outcome, "adopted");
      assert.deepEqual(
        (await decisions.decidedIn(meeting)).map((d) => d.id),
        [proposal.id],
      );
      assert.equal(await code(() => decisions.review(malo, proposal.id, "retire")), "FORBIDDEN");
      await decisions.review(flore, proposal.id, "retire");
      const inForce = await decisions.register(undefined, CHAMBER, {});
      assert.ok(
        !inForce.rows.some((r) => r.id === proposal.id),
        "a retired decision leaves the register in force",
      );
      const all = await decisions.register(undefined, CHAMBER, { statut: "toutes" });
      assert.ok(
        all.rows.some((r) => r.id === proposal.id),
        "and stays in its history",
      );
    });

    it("settles each due proposal once, however many settle at once", async () => {
      const ids = await Promise.all(
        [1, 2, 3].map(async (n) => (await propose(malo, { title: `Proposition ${n}` })).id),
      );
      for (const id of ids) await expireRound(h.db, id);
      await Promise.all([
        decisions.settleDue(),
        decisions.settleDue(),
        ...ids.map((id) => decisions.view(undefined, id)),
      ]);
      const events = await h.db.kysely
        .selectFrom("audit_events")
        .select(["subject_id"])
        .where("subject_id", "in", ids)
        .where("action", "in", ["proposal.adopted", "proposal.notAdopted"])
        .execute();
      assert.equal(events.length, 3);
    });
  });
}
