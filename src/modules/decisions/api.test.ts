import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { expireRound } from "../../../test/helpers/decisions.ts";
import { buildChamber, buildMember, buildPerson, buildToken } from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

for (const dialect of testDialects()) {
  describe(`decisions JSON API: proposals [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let slug = "";
    const token: Record<"facilitator" | "alice" | "bob" | "stranger", string> = {
      facilitator: "",
      alice: "",
      bob: "",
      stranger: "",
    };
    const people: Record<string, Person> = {};

    before(async () => {
      const chamber = await buildChamber(h.app);
      slug = chamber.slug;
      people.alice = await buildMember(h.app, chamber, "member", { name: "Alice Auteure" });
      people.bob = await buildMember(h.app, chamber, "member", { name: "Bob Objecteur" });
      token.facilitator = await buildToken(h.app, chamber.admin as Person);
      token.alice = await buildToken(h.app, people.alice);
      token.bob = await buildToken(h.app, people.bob);
      token.stranger = await buildToken(h.app, await buildPerson(h.app, { name: "Sans Espace" }));
    });

    const call = (method: "GET" | "POST", url: string, as?: keyof typeof token, payload?: object) =>
      h.app.inject({
        method,
        url,
        ...(payload ? { payload } : {}),
        headers: as ? { authorization: `Bearer ${token[as]}` } : {},
      });
    const propose = (body: object, as: keyof typeof token = "alice") =>
      call("POST", `/api/v1/spaces/${slug}/proposals`, as, body);
    const read = async (id: string, as?: keyof typeof token) => {
      const response = await call("GET", `/api/v1/proposals/${id}`, as);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    it("runs a consent round: objections integrated, withdrawn, marked not valid; adopted at the deadline", async () => {
      const created = await propose({
        title: "Louer la salle du bas",
        body: "Nous louons la salle du bas **le mardi**.",
        mode: "consent",
        class: "general",
        deadline: inDays(20),
      });
      assert.equal(created.statusCode, 201, created.body);
      const proposal = created.json();
      assert.ok(Number.isInteger(proposal.number), "numbered after the members' co-optation rounds");
      assert.equal(proposal.state, "questions");
      assert.equal(proposal.outcome, null);
      assert.equal(proposal.participants, "members");
      assert.equal(proposal.participantCount, 3);
      assert.deepEqual(proposal.space, { slug, name: proposal.space.name });
      const id: string = proposal.id;

      const asked = await call("POST", `/api/v1/proposals/${id}/comments`, "bob", {
        kind: "question",
        text: "Quel mardi ?",
      });
      assert.equal(asked.statusCode, 200, asked.body);
      assert.equal(asked.json().comments[0].text, "Quel mardi ?");

      const objected = await call("POST", `/api/v1/proposals/${id}/objections`, "bob", {
        reason: "Le mardi, la salle sert à l’atelier vélo.",
        harm: "L’atelier perdrait sa salle.",
      });
      assert.equal(objected.statusCode, 201, objected.body);
      const bobs: string = objected.json().id;
      const second = await call("POST", `/api/v1/proposals/${id}/objections`, "facilitator", {
        reason: "Le prix n’est pas dit.",
      });
      const facilitators: string = second.json().id;
      const third: string = (
        await call("POST", `/api/v1/proposals/${id}/objections`, "bob", { reason: "Je n’aime pas le bas." })
      ).json().id;
      assert.equal((await read(id)).state, "questions");

      // Only the proposer amends; the amendment offers to integrate Bob's objection.
      const body2 = { body: "Nous louons la salle du bas le jeudi.", note: "Jeudi", integrates: [bobs] };
      assert.equal((await call("POST", `/api/v1/proposals/${id}/amend`, "bob", body2)).statusCode, 403);
      const amended = await call("POST", `/api/v1/proposals/${id}/amend`, "alice", body2);
      assert.equal(amended.statusCode, 200, amended.body);
      assert.deepEqual(amended.json(), { version: 2 });

      // Only its author resolves an objection; a facilitator may mark one not valid, with a reason.
      assert.equal((await call("POST", `/api/v1/objections/${bobs}/accept`, "alice")).statusCode, 403);
      const accepted = await call("POST", `/api/v1/objections/${bobs}/accept`, "bob");
      assert.deepEqual(accepted.json(), { status: "integrated" });
      const withdrawn = await call("POST", `/api/v1/objections/${facilitators}/withdraw`, "facilitator", {});
      assert.deepEqual(withdrawn.json(), { status: "withdrawn" });
      const noReason = await call("POST", `/api/v1/objections/${third}/invalidate`, "facilitator", {
        reason: "",
      });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().fields.reason, "Ce champ est obligatoire.");
      assert.equal(
        (await call("POST", `/api/v1/objections/${third}/invalidate`, "bob", { reason: "x" })).statusCode,
        403,
      );
      const invalid = await call("POST", `/api/v1/objections/${third}/invalidate`, "facilitator", {
        reason: "Une préférence, pas un tort fait à la chambre.",
      });
      assert.deepEqual(invalid.json(), { status: "invalid" });
      const again = await call("POST", `/api/v1/objections/${bobs}/withdraw`, "bob");
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error, "OBJECTION_RESOLVED");

      const open = await read(id);
      assert.deepEqual(
        open.objections.map((o: { status: string; integratingVersion: number | null }) => [
          o.status,
          o.integratingVersion,
        ]),
        [
          ["integrated", 2],
          ["withdrawn", null],
          ["invalid", null],
        ],
      );
      assert.equal(open.objections[0].author, people.bob?.id);
      assert.equal(open.objections[0].harm, "L’atelier perdrait sa salle.");
      assert.equal(open.objections[2].invalidReason, "Une préférence, pas un tort fait à la chambre.");

      await expireRound(h.db, id);
      const after = await read(id);
      assert.equal(after.outcome, "adopted");
      assert.equal(after.state, "closed");
      assert.match(after.reviewDate, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(after.decidedAt);
      assert.deepEqual(
        after.versions.map((v: { number: number; body: string; note: string }) => [v.number, v.body, v.note]),
        [
          [1, "Nous louons la salle du bas **le mardi**.", ""],
          [2, "Nous louons la salle du bas le jeudi.", "Jeudi"],
        ],
      );
      const closed = await call("POST", `/api/v1/proposals/${id}/objections`, "bob", { reason: "Trop tard" });
      assert.equal(closed.statusCode, 409);
      assert.equal(closed.json().error, "PROPOSAL_CLOSED");

      const register = await call("GET", `/api/v1/spaces/${slug}/proposals`);
      assert.equal(register.statusCode, 200);
      assert.deepEqual(
        register.json().proposals.map((p: { id: string }) => p.id),
        [id],
      );
      const found = await call("GET", `/api/v1/spaces/${slug}/proposals?status=all&q=jeudi&page=1`);
      assert.equal(found.json().count, 1);
      const none = await call("GET", `/api/v1/spaces/${slug}/proposals?status=open`);
      assert.deepEqual(none.json().proposals, []);
      assert.equal((await call("GET", `/api/v1/spaces/${slug}/proposals?page=0`)).statusCode, 400);
      assert.equal((await call("GET", `/api/v1/spaces/${slug}/proposals?status=x`)).statusCode, 400);
    });

    it("shows a proposal's outcome when read after its deadline, with no job run", async () => {
      const id = (await propose({ title: "Ranger la cave", body: "Samedi.", deadline: inDays(30) })).json()
        .id;
      await expireRound(h.db, id);
      assert.equal((await read(id)).outcome, "adopted");
      // The round's closing job is still waiting for its own (original) time: the read decided it.
      const jobs = await h.db.kysely
        .selectFrom("jobs")
        .select(["status"])
        .where("kind", "=", "decisions.close")
        .where("payload", "like", `%${id}%`)
        .execute();
      assert.deepEqual(
        jobs.map((j) => j.status),
        ["pending"],
      );
    });

    it("runs a consensus round: a block needs a reason, and a standing block means not adopted", async () => {
      const id = (
        await propose({
          title: "Changer de banque",
          body: "La Nef.",
          mode: "consensus",
          deadline: inDays(10),
        })
      ).json().id;
      const agree = await call("POST", `/api/v1/proposals/${id}/positions`, "facilitator", {
        position: "agree",
      });
      assert.equal(agree.statusCode, 200, agree.body);
      const bare = await call("POST", `/api/v1/proposals/${id}/positions`, "bob", { position: "block" });
      assert.equal(bare.statusCode, 400);
      assert.equal(bare.json().fields.reason, "Une objection ou un blocage doit dire sa raison.");
      const blocked = await call("POST", `/api/v1/proposals/${id}/positions`, "bob", {
        position: "block",
        reason: "Les frais doublent.",
      });
      assert.equal(blocked.statusCode, 200);
      const wrong = await call("POST", `/api/v1/proposals/${id}/positions`, "bob", { position: "maybe" });
      assert.equal(wrong.statusCode, 400);
      const stranger = await call("POST", `/api/v1/proposals/${id}/positions`, "stranger", {
        position: "agree",
      });
      assert.equal(stranger.statusCode, 403);
      // No objections in consensus.
      const objected = await call("POST", `/api/v1/proposals/${id}/objections`, "bob", { reason: "x" });
      assert.equal(objected.statusCode, 409);

      await expireRound(h.db, id);
      const after = await read(id);
      assert.equal(after.outcome, "not adopted");
      assert.equal(after.reviewDate, null);
      assert.equal(after.outcomeNote, "Les frais doublent.");
      assert.deepEqual(
        after.positions.map((p: { person: string; position: string; reason: string }) => [
          p.person,
          p.position,
          p.reason,
        ]),
        [
          [after.positions[0].person, "agree", ""],
          [people.bob?.id, "block", "Les frais doublent."],
        ],
      );
    });

    it("checks the deadline: in the future (any, up to ten years), as ISO 8601, with a French message", async () => {
      const past = await propose({ title: "Hier", body: "x", deadline: "2020-01-01T10:00:00Z" });
      assert.equal(past.statusCode, 400);
      assert.deepEqual(past.json(), {
        error: "VALIDATION_FAILED",
        message: "Certaines informations sont à corriger.",
        fields: { deadline: "L’échéance doit être dans le futur, à dix ans au plus." },
      });
      for (const malformed of ["demain", "2027-13-45", "2027-01-31 18:00"]) {
        const refused = await propose({ title: "Mal écrit", body: "x", deadline: malformed });
        assert.equal(refused.statusCode, 400, malformed);
        assert.equal(
          refused.json().fields.deadline,
          "Une échéance s’écrit comme 2027-01-31T18:00:00+01:00, ou en nombre de jours.",
        );
      }
      const far = new Date(Date.now() + 9 * 365 * DAY);
      far.setUTCMilliseconds(0);
      const accepted = await propose({ title: "Loin", body: "x", deadline: far.toISOString() });
      assert.equal(accepted.statusCode, 201, accepted.body);
      assert.equal(accepted.json().deadline, far.toISOString());
      const soon = await propose({ title: "Bientôt", body: "x", deadline: inDays(0.01) });
      assert.equal(soon.statusCode, 201);
      const zoned = await propose({ title: "Avec fuseau", body: "x", deadline: "2099-01-31T18:00:00+01:00" });
      assert.equal(zoned.statusCode, 400, "beyond ten years");
    });

    it("takes general, social code and settings proposals, and refuses those the platform opens", async () => {
      for (const klass of ["expense", "cooptation"]) {
        const refused = await propose({ title: "Non", body: "x", class: klass });
        assert.equal(refused.statusCode, 400);
        assert.match(refused.json().fields.class, /s’ouvre d’elle-même/);
      }
      const empty = await propose({ title: "Réglages", body: "x", class: "settings" });
      assert.equal(empty.statusCode, 400);
      assert.ok(empty.json().fields.settings);
      const elsewhere = await propose({ title: "Réglages", body: "x", doocracyCap: 10_000 });
      assert.equal(elsewhere.statusCode, 400);
      const bad = await propose({ title: "Réglages", body: "x", class: "settings", rules: { quorum: 300 } });
      assert.equal(bad.statusCode, 400);
      const ruled = await propose({ title: "Par avis", body: "x", class: "socialCode", mode: "advice" });
      assert.equal(ruled.statusCode, 400);
      assert.ok(ruled.json().fields.mode);

      const settings = await propose({
        title: "Un seul facilitateur pour les adhésions",
        body: "Les demandes se décident par la facilitation.",
        class: "settings",
        rules: { admission: "facilitators" },
        doocracyCap: 10_000,
      });
      assert.equal(settings.statusCode, 201, settings.body);
      assert.equal(settings.json().mode, "consent");
      await expireRound(h.db, settings.json().id);
      assert.equal((await read(settings.json().id)).outcome, "adopted");
      const space = await h.db.kysely
        .selectFrom("spaces")
        .select(["decision_rules", "doocracy_cap"])
        .where("slug", "=", slug)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(space.decision_rules ?? "{}").admission, "facilitators");
      assert.equal(JSON.parse(space.decision_rules ?? "{}").threshold, 75, "the other rules are kept");
      assert.equal(Number(space.doocracy_cap), 10_000);

      const code = await propose({
        title: "Code social v2",
        body: "# Notre code\n\nNouveau.",
        class: "socialCode",
      });
      assert.equal(code.statusCode, 201, code.body);
      assert.equal(code.json().mode, "consensus");
      const id = code.json().id;
      for (const as of ["facilitator", "alice", "bob"] as const)
        await call("POST", `/api/v1/proposals/${id}/positions`, as, { position: "agree" });
      await expireRound(h.db, id);
      const now = await call("GET", `/api/v1/spaces/${slug}/social-code`);
      assert.equal(now.statusCode, 200);
      assert.equal(now.json().version, 2);
      assert.equal(now.json().text, "# Notre code\n\nNouveau.");
      assert.equal(now.json().adoptedBy, id);
    });

    it("answers unknown ids with 404, strangers with 403, nobody with 401, and a proposer's withdrawal", async () => {
      for (const url of [
        "/api/v1/proposals/inconnue",
        "/api/v1/spaces/nulle-part/proposals",
        "/api/v1/spaces/nulle-part/social-code",
      ])
        assert.equal((await call("GET", url, "alice")).statusCode, 404, url);
      const unknownObjection = await call("POST", "/api/v1/objections/inconnue/withdraw", "bob");
      assert.equal(unknownObjection.statusCode, 404);
      assert.equal(unknownObjection.json().error, "OBJECTION_NOT_FOUND");
      assert.equal(
        (await call("POST", "/api/v1/proposals/inconnue/objections", "bob", { reason: "x" })).statusCode,
        404,
      );
      assert.equal((await propose({ title: "x", body: "x" }, "stranger")).statusCode, 403);
      const anonymous = await h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${slug}/proposals`,
        payload: { title: "x", body: "x" },
      });
      assert.equal(anonymous.statusCode, 401);
      const extra = await propose({ title: "x", body: "x", votes: 3 });
      assert.equal(extra.statusCode, 400);

      // Markup typed into any text field comes back as the same JSON string, never served as a page.
      const markup = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
      const scripted = await propose({ title: markup, body: markup, deadline: inDays(5) });
      assert.match(String(scripted.headers["content-type"]), /^application\/json/);
      const sid = scripted.json().id;
      await call("POST", `/api/v1/proposals/${sid}/comments`, "bob", { text: markup });
      await call("POST", `/api/v1/proposals/${sid}/objections`, "bob", { reason: markup, harm: markup });
      const shown = await read(sid);
      assert.deepEqual(
        [
          shown.title,
          shown.versions[0].body,
          shown.comments[0].text,
          shown.objections[0].reason,
          shown.objections[0].harm,
        ],
        [markup, markup, markup, markup, markup],
      );

      const id = (await propose({ title: "À retirer", body: "x" })).json().id;
      assert.equal((await call("POST", `/api/v1/proposals/${id}/withdraw`, "bob")).statusCode, 403);
      const withdrawn = await call("POST", `/api/v1/proposals/${id}/withdraw`, "alice");
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      assert.equal(withdrawn.json().outcome, "withdrawn");
      assert.equal(withdrawn.json().reviewDate, null);
    });
  });
}
