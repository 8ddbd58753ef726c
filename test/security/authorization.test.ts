// Who may decide in a chamber: its facilitators and the instance administrators. A non-member, a plain
// member, a pending requester or a facilitator of another chamber gets 403 and changes nothing; an
// anonymous visitor is sent to the login page (pages) or gets 401 (API and form posts).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Person } from "../../src/modules/accounts/service.ts";
import { useApp, Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { setRules } from "../helpers/decisions.ts";
import { buildChamber, buildPerson, signIn } from "../helpers/factories.ts";
import { snapshot } from "../helpers/fuzz.ts";
import { admit } from "../helpers/spaces.ts";

const FORBIDDEN = "Vous n’avez pas la permission de faire cela.";
const UNAUTHENTICATED = "Connectez-vous pour continuer.";

for (const dialect of testDialects()) {
  describe(`authorization in chambers [${dialect.name}]`, () => {
    const h = useApp(dialect);
    const people: Record<string, { visitor: Visitor; person: Person }> = {};
    let pendingId = "";
    let memberId = "";
    let otherPendingId = "";

    async function person(key: string, name: string, admin = false) {
      const person = await buildPerson(h.app, { name, admin });
      people[key] = { visitor: await signIn(h, person), person };
      return people[key];
    }

    async function membershipId(slug: string, personId: string): Promise<string> {
      const row = await h.db.kysely
        .selectFrom("memberships")
        .innerJoin("spaces", "spaces.id", "memberships.space_id")
        .select("memberships.id")
        .where("spaces.slug", "=", slug)
        .where("memberships.person_id", "=", personId)
        .executeTakeFirstOrThrow();
      return row.id;
    }

    before(async () => {
      const { spaces } = h.app.communs;
      const admin = await person("admin", "Alice Admin", true);
      const member = await person("member", "Mia Membre");
      await person("outsider", "Oscar Dehors");
      const requester = await person("requester", "Pia Demande");
      const otherFacilitator = await person("otherFac", "Fanny Ailleurs");
      await buildChamber(h.app, { by: admin.person, slug: "chambre", name: "Chambre", theme: "vélo" });
      await buildChamber(h.app, { by: admin.person, slug: "autre", name: "Autre", theme: "four" });
      // One facilitator decides a request alone where the chamber's rules say so (co-optation rounds are
      // the decisions' tests).
      for (const slug of ["chambre", "autre"]) await setRules(h.db, slug, { admission: "facilitators" });
      await admit(h.app, admin.person, "chambre", member.person);
      await spaces.join(requester.person, "chambre", { introduction: "Secret de ma demande" });
      await admit(h.app, admin.person, "autre", otherFacilitator.person, "facilitator");
      await spaces.join(requester.person, "autre", { introduction: "Aussi ici" });
      pendingId = await membershipId("chambre", requester.person.id);
      memberId = await membershipId("chambre", member.person.id);
      otherPendingId = await membershipId("autre", requester.person.id);
    });

    const decisions = () => [
      [`/espaces/chambre/membres/${pendingId}/accepter`, {}],
      [`/espaces/chambre/membres/${pendingId}/decliner`, {}],
      [`/espaces/chambre/membres/${memberId}/role`, { role: "facilitator" }],
      [`/espaces/chambre/membres/${pendingId}/role`, { role: "treasurer" }],
    ];

    for (const key of ["outsider", "member", "requester", "otherFac"]) {
      it(`refuses decisions and the journal to ${key} (403), changing nothing`, async () => {
        const { visitor } = people[key] as { visitor: Visitor };
        const before = await snapshot(h.db);
        for (const [url, fields] of decisions() as [string, Record<string, string>][]) {
          const response = await visitor.submit("/espaces/chambre/membres", url, fields);
          assert.equal(response.statusCode, 403, `${key} ${url}: ${response.body.slice(0, 200)}`);
          assert.ok(response.body.includes(FORBIDDEN), `${key} ${url}: no French message`);
        }
        const journal = await visitor.get("/espaces/chambre/journal");
        assert.equal(journal.statusCode, 403);
        assert.ok(journal.body.includes(FORBIDDEN));
        assert.doesNotMatch(journal.body, /membership\.requested/);
        const global = await visitor.get("/journal");
        assert.equal(global.statusCode, 403);
        assert.deepEqual(await snapshot(h.db), before);
      });
    }

    it("shows pending requests (and their introductions) only to those who decide", async () => {
      for (const key of ["outsider", "member", "requester", "otherFac"]) {
        const page = await (people[key] as { visitor: Visitor }).visitor.get("/espaces/chambre/membres");
        assert.equal(page.statusCode, 200);
        assert.doesNotMatch(page.body, /Secret de ma demande/, key);
        assert.doesNotMatch(page.body, /\/accepter"/, key);
      }
      const admin = await (people.admin as { visitor: Visitor }).visitor.get("/espaces/chambre/membres");
      assert.match(admin.body, /Secret de ma demande/);
    });

    it("sends an anonymous visitor to the login page for pages", async () => {
      const anonymous = new Visitor(h);
      for (const url of ["/espaces/chambre/journal", "/journal", "/profil", "/espaces/nouveau"]) {
        const response = await anonymous.get(url);
        assert.equal(response.statusCode, 303, url);
        assert.equal(response.headers.location, `/connexion?suite=${encodeURIComponent(url)}`);
      }
      const members = await anonymous.get("/espaces/chambre/membres");
      assert.doesNotMatch(members.body, /Mia Membre|Secret de ma demande/);
    });

    it("answers an anonymous form post with 401 (after the CSRF check), changing nothing", async () => {
      const anonymous = new Visitor(h);
      const before = await snapshot(h.db);
      for (const [url, fields] of decisions() as [string, Record<string, string>][]) {
        const response = await anonymous.submit("/connexion", url, fields);
        assert.equal(response.statusCode, 401, url);
        assert.ok(response.body.includes(UNAUTHENTICATED), url);
      }
      assert.deepEqual(await snapshot(h.db), before);
    });

    it("answers the API without credentials with 401 JSON", async () => {
      const before = await snapshot(h.db);
      const calls = [
        { method: "GET" as const, url: "/api/v1/me" },
        {
          method: "POST" as const,
          url: "/api/v1/spaces",
          payload: { kind: "chamber", name: "X", theme: "Y" },
        },
        { method: "POST" as const, url: "/api/v1/spaces/chambre/join", payload: { introduction: "Moi" } },
      ];
      for (const call of calls) {
        const response = await h.app.inject(call);
        assert.equal(response.statusCode, 401, call.url);
        assert.deepEqual(response.json(), { error: "UNAUTHENTICATED", message: UNAUTHENTICATED });
      }
      assert.deepEqual(await snapshot(h.db), before);
    });

    it("lets a facilitator decide in their own chamber and only there", async () => {
      const { visitor } = people.otherFac as { visitor: Visitor };
      assert.equal((await visitor.get("/espaces/autre/journal")).statusCode, 200);
      const accepted = await visitor.submit(
        "/espaces/autre/membres",
        `/espaces/autre/membres/${otherPendingId}/accepter`,
        {},
      );
      assert.equal(accepted.statusCode, 303);
      // A membership of another chamber cannot be reached through this one's address.
      const crossed = await visitor.submit(
        "/espaces/autre/membres",
        `/espaces/autre/membres/${pendingId}/accepter`,
        {},
      );
      assert.equal(crossed.statusCode, 404);
      const row = await h.db.kysely
        .selectFrom("memberships")
        .select("status")
        .where("id", "=", pendingId)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "pending");
    });

    it("lets the administrator decide (the refusals above are the rules' doing)", async () => {
      const { visitor } = people.admin as { visitor: Visitor };
      const accepted = await visitor.submit(
        "/espaces/chambre/membres",
        `/espaces/chambre/membres/${pendingId}/accepter`,
        {},
      );
      assert.equal(accepted.statusCode, 303);
      assert.equal((await visitor.get("/espaces/chambre/journal")).statusCode, 200);
    });
  });
}
