// Personal API tokens: shown once, kept only as a digest, refused (401) once revoked while the others
// keep working, and revocable only by their owner.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { buildPerson, signIn } from "../helpers/factories.ts";
import { snapshot } from "../helpers/fuzz.ts";

const UNAUTHENTICATED = { error: "UNAUTHENTICATED", message: "Connectez-vous pour continuer." };

for (const dialect of testDialects()) {
  describe(`API tokens [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let owner: Visitor;
    let other: Visitor;
    const tokens: Record<string, { token: string; id: string }> = {};

    async function createToken(name: string) {
      const page = await owner.submit("/profil", "/profil/jetons", { name });
      assert.equal(page.statusCode, 200);
      const token = /cmn_[A-Za-z0-9_-]+/.exec(page.body)?.[0];
      assert.ok(token, "the new token is shown");
      const row = await h.db.kysely
        .selectFrom("api_tokens")
        .select("id")
        .where("name", "=", name)
        .executeTakeFirstOrThrow();
      tokens[name] = { token, id: row.id };
    }

    const me = (token: string) =>
      h.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });

    before(async () => {
      owner = await signIn(h, await buildPerson(h.app, { name: "Olga" }));
      other = await signIn(h, await buildPerson(h.app, { name: "Otto" }));
      await createToken("revoked");
      await createToken("live");
    });

    it("shows a token once and keeps only its digest", async () => {
      const profile = await owner.get("/profil");
      for (const { token } of Object.values(tokens)) {
        assert.ok(!profile.body.includes(token), "the token is not shown again");
      }
      const dump = JSON.stringify(await snapshot(h.db, []));
      for (const { token } of Object.values(tokens)) {
        assert.ok(!dump.includes(token), "the token is not stored");
        assert.ok(!dump.includes(token.slice(4)), "nor its secret part");
      }
    });

    it("refuses a revoked token (401) while a live one works (200)", async () => {
      const { token: revoked, id } = tokens.revoked as { token: string; id: string };
      const { token: live } = tokens.live as { token: string; id: string };
      assert.equal((await me(revoked)).statusCode, 200, "works before revocation");
      const revocation = await owner.submit("/profil", `/profil/jetons/${id}/revoquer`, {});
      assert.equal(revocation.statusCode, 303);
      const refused = await me(revoked);
      assert.equal(refused.statusCode, 401);
      assert.deepEqual(refused.json(), UNAUTHENTICATED);
      const ok = await me(live);
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().displayName, "Olga");
    });

    it("lets a revoked token do nothing", async () => {
      const { token: revoked } = tokens.revoked as { token: string; id: string };
      const before = await snapshot(h.db);
      for (const call of [
        { url: "/api/v1/spaces", payload: { kind: "assembly", name: "Jeton mort", territory: "T" } },
        { url: "/api/v1/spaces/nulle-part/join", payload: {} },
      ]) {
        const response = await h.app.inject({
          method: "POST",
          ...call,
          headers: { authorization: `Bearer ${revoked}` },
        });
        assert.equal(response.statusCode, 401, call.url);
      }
      // Nor can it stand in for a session on a form: no CSRF exemption for a token that is not valid.
      const form = await h.app.inject({
        method: "POST",
        url: "/profil",
        payload: "displayName=Pirate",
        headers: { authorization: `Bearer ${revoked}`, "content-type": "application/x-www-form-urlencoded" },
      });
      assert.ok(form.statusCode >= 400 && form.statusCode < 500);
      assert.deepEqual(await snapshot(h.db), before);
    });

    it("refuses malformed and unknown credentials", async () => {
      const { token: live } = tokens.live as { token: string; id: string };
      for (const authorization of [
        "Bearer ",
        "Bearer cmn_inconnu",
        `Bearer ${live}x`,
        `Bearer ${live.slice(0, -1)}`,
        `Basic ${Buffer.from(`x:${live}`).toString("base64")}`,
        `Token ${live}`,
      ]) {
        const response = await h.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization } });
        assert.equal(response.statusCode, 401, authorization);
        assert.deepEqual(response.json(), UNAUTHENTICATED);
      }
    });

    it("lets only its owner revoke a token", async () => {
      const { token: live, id } = tokens.live as { token: string; id: string };
      const attempt = await other.submit("/profil", `/profil/jetons/${id}/revoquer`, {});
      assert.equal(attempt.statusCode, 404);
      assert.equal((await me(live)).statusCode, 200);
    });
  });
}
