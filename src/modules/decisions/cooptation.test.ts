// Co-optation: a request to join a chamber opens a consent round among its members; the candidate is
// admitted when it is adopted and told why when it is not; a chamber of fewer than three members asks
// its facilitators; one facilitator decides alone only where the chamber's rules say so.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { expireRound, roundAbout, setRules } from "../../../test/helpers/decisions.ts";
import {
  buildChamber,
  buildMember,
  buildPerson,
  errorCode as code,
} from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";
import { findMembership, findSpaceBySlug } from "../spaces/service.ts";
import type { Decisions } from "./service.ts";

for (const dialect of testDialects()) {
  describe(`co-optation [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let decisions: Decisions;
    let chamber: Awaited<ReturnType<typeof buildChamber>>;
    let members: Person[];

    /** A person asks to join; the round opened about their request. */
    async function candidate(slug: string, name: string) {
      const person = await buildPerson(h.app, { name });
      assert.equal(
        await h.app.communs.spaces.join(person, slug, { introduction: `Je suis ${name}.` }),
        "pending",
      );
      const space = await findSpaceBySlug(h.db.kysely, slug);
      const membership = space && (await findMembership(h.db.kysely, space.id, person.id));
      assert.ok(membership);
      return { person, membership, round: await roundAbout(h.db, "membership", membership.id) };
    }
    const statusOf = async (slug: string, personId: string) => {
      const space = await findSpaceBySlug(h.db.kysely, slug);
      return space && (await findMembership(h.db.kysely, space.id, personId))?.status;
    };
    const notificationsOf = (personId: string, kind: string) =>
      h.db.kysely
        .selectFrom("notifications")
        .select("params")
        .where("person_id", "=", personId)
        .where("kind", "=", kind)
        .execute();

    before(async () => {
      decisions = h.app.communs.decisions;
      chamber = await buildChamber(h.app, { name: "Chambre cooptante" });
      members = [];
      for (const name of ["Alma", "Bert", "Cléo"])
        members.push(await buildMember(h.app, chamber, "member", { name }));
    });

    it("admits the candidate once the members' round is adopted, with concurrent answers", async () => {
      const { person, round } = await candidate(chamber.slug, "Dora");
      const [alma, bert, cleo] = members as [Person, Person, Person];
      const view = await decisions.view(person, round);
      assert.deepEqual(
        [view.proposal.class, view.proposal.mode, view.proposal.participants],
        ["cooptation", "consent", "members"],
      );
      assert.equal(view.versions[0]?.body, "Je suis Dora.");
      assert.equal(
        await code(() => decisions.view(undefined, round)),
        "UNAUTHENTICATED",
        "an introduction is not public",
      );
      assert.equal(await code(() => decisions.object(person, round, { reason: "x" })), "FORBIDDEN");
      const [first, second] = await Promise.all([
        decisions.object(alma, round, { reason: "Je ne la connais pas encore." }),
        decisions.object(bert, round, { reason: "Présentons-nous d’abord." }),
        decisions.comment(cleo, round, { kind: "question", text: "Sur quel commun ?" }),
      ]);
      const requests = await decisions.requests(chamber.admin, chamber.slug);
      assert.deepEqual(
        requests.map((r) => [r.name, r.proposalId]),
        [["Dora", round]],
      );
      await Promise.all([
        decisions.resolveObjection(alma, first, "withdrawn"),
        decisions.resolveObjection(bert, second, "withdrawn"),
      ]);
      await expireRound(h.db, round);
      await Promise.all([decisions.settle(round), decisions.settle(round), decisions.view(person, round)]);
      assert.equal(await statusOf(chamber.slug, person.id), "active");
      assert.equal((await notificationsOf(person.id, "membership.accepted")).length, 1, "told once");
    });

    it("does not admit a candidate whose objection stands, and tells them why", async () => {
      const { person, round } = await candidate(chamber.slug, "Émile");
      await decisions.object(members[0] as Person, round, {
        reason: "Conflit d’intérêts avec notre fournisseur.",
      });
      await expireRound(h.db, round);
      assert.equal(
        (await decisions.view(person, round)).proposal.extensions,
        1,
        "the round is extended once",
      );
      await expireRound(h.db, round);
      assert.equal((await decisions.view(person, round)).proposal.outcome, "not adopted");
      assert.equal(await statusOf(chamber.slug, person.id), "declined");
      const told = await notificationsOf(person.id, "membership.notCoopted");
      assert.equal(told.length, 1);
      assert.match(String(told[0]?.params), /Conflit d’intérêts/);
    });

    it("asks the facilitators of a chamber of fewer than three members, and says so", async () => {
      const small = await buildChamber(h.app, { name: "Petite chambre" });
      const { person, round } = await candidate(small.slug, "Fanny");
      assert.equal((await decisions.view(person, round)).proposal.participants, "facilitators");
      await decisions.object(small.admin as Person, round, { reason: "Attendons la plénière." });
      assert.equal((await decisions.view(small.admin, round)).objections.length, 1);
    });

    it("lets one facilitator decide alone only where the rules say so", async () => {
      const { membership } = await candidate(chamber.slug, "Gaspard");
      assert.equal(
        await code(() =>
          h.app.communs.spaces.decideAdmission(chamber.admin, chamber.slug, membership.id, "accept"),
        ),
        "ADMISSION_BY_CONSENT",
      );
      const open = await buildChamber(h.app, { name: "Chambre à facilitation" });
      await setRules(h.db, open.slug, { admission: "facilitators" });
      const hugo = await buildPerson(h.app, { name: "Hugo" });
      await h.app.communs.spaces.join(hugo, open.slug, { introduction: "Bonjour" });
      const space = await findSpaceBySlug(h.db.kysely, open.slug);
      const pending = space && (await findMembership(h.db.kysely, space.id, hugo.id));
      assert.ok(pending);
      const rounds = await h.db.kysely
        .selectFrom("proposals")
        .select("id")
        .where("subject_id", "=", pending.id)
        .execute();
      assert.equal(rounds.length, 0, "no round where a facilitator decides");
      await h.app.communs.spaces.decideAdmission(open.admin, open.slug, pending.id, "accept");
      assert.equal(await statusOf(open.slug, hugo.id), "active");
    });
  });
}
