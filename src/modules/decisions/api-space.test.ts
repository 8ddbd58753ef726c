import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { setRules } from "../../../test/helpers/decisions.ts";
import { buildChamber, buildMember, buildPerson, buildToken } from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";

for (const dialect of testDialects()) {
  describe(`decisions JSON API: members, requests to join, social code [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let coopting = "";
    let alone = "";
    const token: Record<string, string> = {};
    let facilitator: Person;

    before(async () => {
      const chamber = await buildChamber(h.app, { name: "Chambre qui coopte" });
      coopting = chamber.slug;
      facilitator = chamber.admin as Person;
      token.facilitator = await buildToken(h.app, facilitator);
      token.member = await buildToken(h.app, await buildMember(h.app, chamber, "member", { name: "Mia" }));
      await buildMember(h.app, chamber, "member", { name: "Noé" });
      token.stranger = await buildToken(h.app, await buildPerson(h.app, { name: "Sans Espace" }));
      // A chamber whose rules let one facilitator decide a request to join alone.
      alone = (await buildChamber(h.app, { by: facilitator, name: "Chambre qui décide seule" })).slug;
      await setRules(h.db, alone, { admission: "facilitators" });
    });

    const call = (method: "GET" | "POST", url: string, as?: string) =>
      h.app.inject({
        method,
        url,
        ...(method === "POST" ? { payload: {} } : {}),
        headers: as ? { authorization: `Bearer ${token[as]}` } : {},
      });

    async function candidate(slug: string, name: string) {
      const person = await buildPerson(h.app, { name });
      await h.app.communs.spaces.join(person, slug, { introduction: `Bonjour, je suis ${name}.` });
      return person;
    }

    it("lists a space's active members to anyone signed in", async () => {
      assert.equal((await call("GET", `/api/v1/spaces/${coopting}/members`)).statusCode, 401);
      const response = await call("GET", `/api/v1/spaces/${coopting}/members`, "stranger");
      assert.equal(response.statusCode, 200, response.body);
      const members = response.json().members;
      assert.deepEqual(
        members.map((m: { name: string; role: string }) => [m.name, m.role]).sort(),
        [
          [facilitator.displayName, "facilitator"],
          ["Mia", "member"],
          ["Noé", "member"],
        ].sort(),
      );
      const mine = members.find((m: { person: string }) => m.person === facilitator.id);
      assert.match(mine.id, /^[0-9a-f-]{36}$/);
      assert.ok(!Number.isNaN(Date.parse(mine.since)));
      assert.equal((await call("GET", "/api/v1/spaces/nulle-part/members", "stranger")).statusCode, 404);
    });

    it("lists pending requests with their co-optation round, and refuses one facilitator's word there (409)", async () => {
      const person = await candidate(coopting, "Zoé");
      assert.equal((await call("GET", `/api/v1/spaces/${coopting}/requests`, "member")).statusCode, 403);
      assert.equal((await call("GET", `/api/v1/spaces/${coopting}/requests`)).statusCode, 401);
      const response = await call("GET", `/api/v1/spaces/${coopting}/requests`, "facilitator");
      assert.equal(response.statusCode, 200, response.body);
      const [request] = response.json().requests;
      assert.equal(request.person, person.id);
      assert.equal(request.name, "Zoé");
      assert.equal(request.introduction, "Bonjour, je suis Zoé.");
      assert.ok(request.proposal, "a co-optation round");
      assert.equal(typeof request.proposal.number, "number");

      for (const how of ["accept", "decline"]) {
        const refused = await call(
          "POST",
          `/api/v1/spaces/${coopting}/requests/${request.id}/${how}`,
          "facilitator",
        );
        assert.equal(refused.statusCode, 409, refused.body);
        assert.equal(refused.json().error, "ADMISSION_BY_CONSENT");
      }

      // The round is the space's own business: its members read it, strangers and nobody do not.
      const round = await call("GET", `/api/v1/proposals/${request.proposal.id}`, "member");
      assert.equal(round.statusCode, 200);
      assert.equal(round.json().class, "cooptation");
      assert.equal((await call("GET", `/api/v1/proposals/${request.proposal.id}`)).statusCode, 401);
      const listed = (as?: string) =>
        call("GET", `/api/v1/spaces/${coopting}/proposals?status=open`, as).then((r) =>
          r.json().proposals.map((p: { id: string }) => p.id),
        );
      assert.deepEqual(await listed("member"), [request.proposal.id]);
      assert.deepEqual(await listed(), []);
      assert.deepEqual(await listed("stranger"), []);
    });

    it("lets a facilitator accept or decline alone where the space's rules say so", async () => {
      const yes = await candidate(alone, "Yann");
      const no = await candidate(alone, "Nina");
      const { requests } = (await call("GET", `/api/v1/spaces/${alone}/requests`, "facilitator")).json();
      assert.deepEqual(
        requests.map((r: { name: string; proposal: unknown }) => [r.name, r.proposal]),
        [
          ["Yann", null],
          ["Nina", null],
        ],
      );
      const idOf = (person: Person) => requests.find((r: { person: string }) => r.person === person.id).id;
      assert.equal(
        (await call("POST", `/api/v1/spaces/${alone}/requests/${idOf(yes)}/accept`, "stranger")).statusCode,
        403,
      );
      const accepted = await call(
        "POST",
        `/api/v1/spaces/${alone}/requests/${idOf(yes)}/accept`,
        "facilitator",
      );
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.deepEqual(accepted.json(), { status: "active" });
      const declined = await call(
        "POST",
        `/api/v1/spaces/${alone}/requests/${idOf(no)}/decline`,
        "facilitator",
      );
      assert.deepEqual(declined.json(), { status: "declined" });
      const twice = await call("POST", `/api/v1/spaces/${alone}/requests/${idOf(no)}/accept`, "facilitator");
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error, "NOT_PENDING");
      const unknown = await call("POST", `/api/v1/spaces/${alone}/requests/inconnue/accept`, "facilitator");
      assert.equal(unknown.statusCode, 404);

      const members = (await call("GET", `/api/v1/spaces/${alone}/members`, "stranger")).json().members;
      assert.ok(members.some((m: { person: string }) => m.person === yes.id));
      assert.ok(!members.some((m: { person: string }) => m.person === no.id));
      assert.deepEqual(
        (await call("GET", `/api/v1/spaces/${alone}/requests`, "facilitator")).json().requests,
        [],
      );
    });

    it("shows a chamber's starting social code to anyone", async () => {
      const response = await call("GET", `/api/v1/spaces/${coopting}/social-code`);
      assert.equal(response.statusCode, 200);
      const code = response.json();
      assert.equal(code.version, 1);
      assert.equal(code.adoptedBy, null);
      assert.match(code.text, /Chambre qui coopte/);
      assert.ok(!Number.isNaN(Date.parse(code.adoptedAt)));
    });

    it("forks a chamber for a member, answering the new chamber's slug; refuses others", async () => {
      const fork = (as: string | undefined, payload: object) =>
        h.app.inject({
          method: "POST",
          url: `/api/v1/spaces/${coopting}/fork`,
          payload,
          headers: as ? { authorization: `Bearer ${token[as]}` } : {},
        });
      assert.equal((await fork(undefined, { name: "Sans jeton" })).statusCode, 401);
      assert.equal((await fork("stranger", { name: "Étrangère" })).statusCode, 403);
      const refused = await fork("member", { name: "Mauvaise adresse", slug: "Pas Une Adresse" });
      assert.equal(refused.statusCode, 400);
      assert.ok(refused.json().fields.slug);
      const made = await fork("member", { name: "Chambre bifurquée", slug: "chambre-bifurquee-api" });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json().slug, "chambre-bifurquee-api");
      const code = (await call("GET", "/api/v1/spaces/chambre-bifurquee-api/social-code")).json();
      assert.match(code.text, /Chambre qui coopte/, "its social code starts from its parent's");
      const members = (await call("GET", "/api/v1/spaces/chambre-bifurquee-api/members", "member")).json();
      assert.deepEqual(
        members.members.map((m: { role: string }) => m.role),
        ["facilitator"],
      );
      assert.equal((await fork("member", { name: "Encore", slug: "chambre-bifurquee-api" })).statusCode, 409);
    });

    it("documents every decisions route in the OpenAPI document", async () => {
      const doc = (await h.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
      const expected: [string, string][] = [
        ["post", "/api/v1/spaces/{slug}/proposals"],
        ["get", "/api/v1/spaces/{slug}/proposals"],
        ["get", "/api/v1/proposals/{id}"],
        ["post", "/api/v1/proposals/{id}/objections"],
        ["post", "/api/v1/proposals/{id}/amend"],
        ["post", "/api/v1/proposals/{id}/positions"],
        ["post", "/api/v1/proposals/{id}/withdraw"],
        ["post", "/api/v1/proposals/{id}/comments"],
        ["post", "/api/v1/objections/{id}/withdraw"],
        ["post", "/api/v1/objections/{id}/accept"],
        ["post", "/api/v1/objections/{id}/invalidate"],
        ["get", "/api/v1/spaces/{slug}/members"],
        ["get", "/api/v1/spaces/{slug}/requests"],
        ["post", "/api/v1/spaces/{slug}/requests/{id}/accept"],
        ["post", "/api/v1/spaces/{slug}/requests/{id}/decline"],
        ["get", "/api/v1/spaces/{slug}/social-code"],
        ["post", "/api/v1/spaces/{slug}/fork"],
      ];
      for (const [method, path] of expected) {
        const operation = doc.paths[path]?.[method];
        assert.ok(operation, `${method.toUpperCase()} ${path} is documented`);
        assert.deepEqual(operation.tags, ["decisions"]);
        assert.ok(operation.summary);
      }
      const created = doc.paths["/api/v1/spaces/{slug}/proposals"].post;
      assert.ok(created.responses["201"]);
      const body = created.requestBody.content["application/json"].schema;
      assert.deepEqual(body.required.sort(), ["body", "title"]);
      const shown =
        doc.paths["/api/v1/proposals/{id}"].get.responses["200"].content["application/json"].schema;
      for (const field of ["state", "outcome", "versions", "objections", "positions", "reviewDate"])
        assert.ok(shown.properties[field], field);
    });
  });
}
