// Every state-changing form needs the CSRF token of a page of this site: without it, with a forged one,
// or with another browser's, the answer is 403 with the French message and nothing changes.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { email, useApp, type Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildChamber,
  buildCommons,
  buildPerson,
  PASSWORD,
  signIn,
} from "../helpers/factories.ts";
import { snapshot } from "../helpers/fuzz.ts";

const CSRF_MESSAGE = "Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.";

for (const dialect of testDialects()) {
  describe(`CSRF protection [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let adminEmail = "";
    let admin: Visitor;
    let stranger: Visitor;
    let pendingId = "";
    let tokenId = "";

    before(async () => {
      const adminPerson = await buildAdmin(h.app, "Alice Admin");
      adminEmail = adminPerson.email;
      admin = await signIn(h, adminPerson);
      stranger = await signIn(h, await buildPerson(h.app, { name: "Sam" }));
      const { accounts, spaces } = h.app.communs;
      await buildAssembly(h.app, { by: adminPerson, slug: "assemblee", name: "Assemblée", territory: "L" });
      await buildChamber(h.app, { by: adminPerson, slug: "chambre", name: "Chambre", theme: "vélo" });
      const pending = await buildPerson(h.app, { name: "Pia" });
      await spaces.join(pending, "chambre", { introduction: "Bonjour" });
      pendingId = (
        await h.db.kysely
          .selectFrom("memberships")
          .select("id")
          .where("person_id", "=", pending.id)
          .executeTakeFirstOrThrow()
      ).id;
      tokenId = (await accounts.createToken(adminPerson, { name: "jeton" })).id;
      await buildCommons(h.app, "assemblee", adminPerson, { name: "Jardin", tags: ["quartier"] });
      await buildCommons(h.app, "assemblee", adminPerson, { name: "Atelier" });
    });

    const forms = (): [string, Record<string, string>][] => [
      ["/inscription", { email: email("new"), displayName: "Nouvelle", password: PASSWORD }],
      ["/connexion", { email: adminEmail, password: PASSWORD }],
      ["/deconnexion", {}],
      ["/mot-de-passe-oublie", { email: adminEmail }],
      ["/reinitialisation/abc", { password: "un autre mot de passe" }],
      ["/profil", { displayName: "Pirate", introduction: "", language: "fr" }],
      ["/profil/mot-de-passe", { current: PASSWORD, password: "un autre mot de passe" }],
      ["/profil/jetons", { name: "volé" }],
      [`/profil/jetons/${tokenId}/revoquer`, {}],
      ["/espaces", { kind: "assembly", name: "Pirate", territory: "Nulle part" }],
      ["/espaces/assemblee/rejoindre", {}],
      ["/espaces/chambre/quitter", {}],
      [`/espaces/chambre/membres/${pendingId}/accepter`, {}],
      [`/espaces/chambre/membres/${pendingId}/decliner`, {}],
      [`/espaces/chambre/membres/${pendingId}/role`, { role: "facilitator" }],
      ["/espaces/assemblee/communs", { name: "Pirate", kind: "jardin", status: "active" }],
      ["/espaces/assemblee/communs/jardin", { name: "Pris", kind: "jardin", status: "active" }],
      ["/espaces/assemblee/communs/jardin/supprimer", {}],
      ["/espaces/assemblee/communs/jardin/lies", { other: "atelier" }],
      ["/espaces/assemblee/communs/jardin/commoners", { role: "pirate" }],
      ["/espaces/assemblee/communs/jardin/fusionner", { other: "atelier" }],
      ["/espaces/assemblee/communs/jardin/chambres", { chamber: "chambre" }],
      ["/espaces/assemblee/communs/types", { "kinds.0.label": "Pirate" }],
      ["/espaces/assemblee/etiquettes/familles", { name: "Pirates" }],
      ["/espaces/assemblee/etiquettes", { label: "pirate" }],
      ["/espaces/assemblee/etiquettes/quartier/fusionner", { into: "pirate" }],
      ["/espaces/assemblee/etiquettes/quartier/supprimer", { confirm: "1" }],
    ];

    function post(visitor: Visitor, url: string, fields: Record<string, string>) {
      return visitor.request({
        method: "POST",
        url,
        payload: new URLSearchParams(fields).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    }

    async function refused(label: string, response: Awaited<ReturnType<typeof post>>) {
      assert.equal(response.statusCode, 403, `${label}: ${response.body.slice(0, 200)}`);
      assert.ok(response.body.includes(CSRF_MESSAGE), `${label}: no CSRF message`);
      assert.match(response.body, /<html lang="fr"/);
    }

    it("refuses every state-changing form without a token, and changes nothing", async () => {
      await admin.get("/profil"); // the browser has its CSRF cookie, as after any visit
      const before = await snapshot(h.db, []);
      for (const [url, fields] of forms())
        await refused(`${url} without token`, await post(admin, url, fields));
      assert.deepEqual(await snapshot(h.db, []), before);
      assert.equal(
        (await admin.get("/profil")).statusCode,
        200,
        "still signed in: the logout was refused too",
      );
    });

    it("refuses a forged token, an array of tokens and another browser's token", async () => {
      await stranger.get("/profil");
      const strangers = stranger.csrfToken();
      await admin.get("/profil");
      const mine = admin.csrfToken();
      const before = await snapshot(h.db, []);
      for (const [url, fields] of forms()) {
        await refused(`${url} forged`, await post(admin, url, { ...fields, _csrf: "forged-token" }));
        await refused(`${url} other browser's`, await post(admin, url, { ...fields, _csrf: strangers }));
        await refused(
          `${url} truncated`,
          await post(admin, url, { ...fields, _csrf: mine.slice(0, Math.floor(mine.length / 2)) }),
        );
        const both = `${new URLSearchParams(fields).toString()}&_csrf=${encodeURIComponent(mine)}&_csrf=x`;
        await refused(
          `${url} array`,
          await admin.request({
            method: "POST",
            url,
            payload: both,
            headers: { "content-type": "application/x-www-form-urlencoded" },
          }),
        );
      }
      assert.deepEqual(await snapshot(h.db, []), before);
    });

    it("refuses a valid token whose CSRF cookie is missing", async () => {
      await admin.get("/profil");
      const token = admin.csrfToken();
      const session = admin.cookie("communs_session") as string;
      const before = await snapshot(h.db, []);
      const response = await h.app.inject({
        method: "POST",
        url: "/profil",
        payload: new URLSearchParams({ _csrf: token, displayName: "Pirate" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        cookies: { communs_session: session },
      });
      await refused("no CSRF cookie", response);
      assert.deepEqual(await snapshot(h.db, []), before);
    });

    it("refuses a JSON form post without a token", async () => {
      const before = await snapshot(h.db, []);
      const response = await admin.request({
        method: "POST",
        url: "/profil",
        payload: JSON.stringify({ displayName: "Pirate" }),
        headers: { "content-type": "application/json" },
      });
      await refused("JSON without token", response);
      assert.deepEqual(await snapshot(h.db, []), before);
    });

    it("asks the token of an API call riding on a session cookie, not of a Bearer call", async () => {
      const before = await snapshot(h.db, []);
      const response = await admin.request({
        method: "POST",
        url: "/api/v1/spaces",
        payload: { kind: "assembly", name: "Par cookie", territory: "T" },
      });
      assert.equal(response.statusCode, 403);
      assert.deepEqual(response.json(), { error: "CSRF_INVALID", message: CSRF_MESSAGE });
      assert.deepEqual(await snapshot(h.db, []), before);
    });

    it("accepts the same form with its token (the refusals above are the token's doing)", async () => {
      const response = await admin.submit("/profil", "/profil", { displayName: "Alice", language: "fr" });
      assert.equal(response.statusCode, 303);
    });
  });
}
