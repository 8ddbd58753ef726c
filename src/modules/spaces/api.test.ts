import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildPerson, buildToken } from "../../../test/helpers/factories.ts";

for (const dialect of testDialects()) {
  describe(`spaces JSON API [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let adminToken = "";
    let personToken = "";

    before(async () => {
      const admin = await buildAdmin(h.app, "Admin");
      const person = await buildPerson(h.app, { name: "Dora" });
      adminToken = await buildToken(h.app, admin);
      personToken = await buildToken(h.app, person);
    });

    const post = (url: string, token: string | undefined, payload: unknown) =>
      h.app.inject({
        method: "POST",
        url,
        payload: payload as object,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });

    it("creates a space for an administrator's token and lists it", async () => {
      const created = await post("/api/v1/spaces", adminToken, {
        kind: "assembly",
        name: "Assemblée de Roubaisville",
        territory: "Roubaisville",
      });
      assert.equal(created.statusCode, 201);
      const space = created.json();
      assert.equal(space.slug, "assemblee-de-roubaisville");
      assert.deepEqual(space.properties, {
        territorial: true,
        decisionMode: "stigmergy",
        functions: "discovery_exploration",
        access: "open",
        forkPolicy: "avoid",
        formalisation: "low",
      });
      assert.match(space.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);

      const list = await h.app.inject({ method: "GET", url: "/api/v1/spaces" });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().spaces.map((s: { slug: string; memberCount: number }) => [s.slug, s.memberCount]),
        [["assemblee-de-roubaisville", 1]],
      );
      const one = await h.app.inject({ method: "GET", url: "/api/v1/spaces/assemblee-de-roubaisville" });
      assert.equal(one.json().name, "Assemblée de Roubaisville");
    });

    it("refuses without a token (401), with a non-administrator's (403) or a wrong one (401)", async () => {
      const body = { kind: "assembly", name: "X", territory: "Y" };
      const anonymous = await post("/api/v1/spaces", undefined, body);
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error, "UNAUTHENTICATED");
      const forbidden = await post("/api/v1/spaces", personToken, body);
      assert.equal(forbidden.statusCode, 403);
      assert.deepEqual(forbidden.json(), {
        error: "FORBIDDEN",
        message: "Vous n’avez pas la permission de faire cela.",
      });
      assert.equal((await post("/api/v1/spaces", "cmn_faux", body)).statusCode, 401);
    });

    it("answers bad bodies with 400 and a message per field, and a taken slug with 409", async () => {
      const wrongType = await post("/api/v1/spaces", adminToken, { kind: "club", name: 3 });
      assert.equal(wrongType.statusCode, 400);
      const problem = wrongType.json();
      assert.equal(problem.error, "VALIDATION_FAILED");
      assert.equal(problem.message, "Certaines informations sont à corriger.");
      assert.ok(problem.fields.kind || problem.fields.name);

      const rule = await post("/api/v1/spaces", adminToken, { kind: "chamber", name: "Sans thème" });
      assert.equal(rule.statusCode, 400);
      assert.deepEqual(rule.json().fields, { theme: "Ce champ est obligatoire." });

      const taken = await post("/api/v1/spaces", adminToken, {
        kind: "assembly",
        name: "Assemblée de Roubaisville",
        territory: "R",
      });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().error, "SLUG_TAKEN");

      const english = await h.app.inject({
        method: "GET",
        url: "/api/v1/spaces/nulle-part",
        headers: { "accept-language": "en" },
      });
      assert.equal(english.statusCode, 404);
      assert.deepEqual(english.json(), { error: "SPACE_NOT_FOUND", message: "This space does not exist." });
    });

    it("joins an assembly through the API (no body needed), and reports a second join as a conflict", async () => {
      const joined = await post("/api/v1/spaces/assemblee-de-roubaisville/join", personToken, undefined);
      assert.equal(joined.statusCode, 200);
      assert.deepEqual(joined.json(), { status: "active" });
      const again = await post("/api/v1/spaces/assemblee-de-roubaisville/join", personToken, {});
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error, "ALREADY_MEMBER");
    });

    it("returns the signed-in person for a token", async () => {
      const me = await h.app.inject({
        method: "GET",
        url: "/api/v1/me",
        headers: { authorization: `Bearer ${personToken}` },
      });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().displayName, "Dora");
      assert.equal(me.json().password_hash, undefined);
    });

    it("publishes an OpenAPI 3 document generated from the route schemas", async () => {
      const response = await h.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
      assert.equal(response.statusCode, 200);
      const doc = response.json();
      assert.match(doc.openapi, /^3\./);
      assert.ok(doc.paths["/api/v1/spaces"].get);
      assert.ok(doc.paths["/api/v1/spaces"].post.requestBody);
      assert.ok(doc.paths["/api/v1/spaces/{slug}"]);
      assert.ok(doc.paths["/api/v1/me"]);
      assert.equal(doc.paths["/connexion"], undefined, "pages are not in the API document");
    });
  });
}
