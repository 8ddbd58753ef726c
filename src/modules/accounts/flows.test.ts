import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildPerson, PASSWORD, signIn } from "../../../test/helpers/factories.ts";

for (const dialect of testDialects()) {
  describe(`account pages: profile, password, reset, tokens [${dialect.name}]`, () => {
    const h = useApp(dialect);

    async function lastMailTo(address: string) {
      return h.db.kysely
        .selectFrom("outbox")
        .selectAll()
        .where("to_address", "=", address)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
    }

    it("edits the profile: name, one-line introduction and language", async () => {
      const visitor = await signIn(h, await buildPerson(h.app, { name: "Émile" }));
      const saved = await visitor.submit("/profil", "/profil", {
        displayName: "Émile Zola",
        introduction: "écrivain, membre du jardin partagé",
        language: "en",
      });
      assert.equal(saved.statusCode, 303);
      const profile = await visitor.get("/profil");
      assert.match(profile.body, /<html lang="en">/);
      assert.match(profile.body, /Profile saved\./);
      assert.match(profile.body, /value="écrivain, membre du jardin partagé"/);

      const bad = await visitor.submit("/profil", "/profil", { displayName: "", language: "xx" });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /This field is required\./);
    });

    it("changes the password only with the current one, and closes the other sessions", async () => {
      const fanny = await buildPerson(h.app, { name: "Fanny" });
      const address = fanny.email;
      const laptop = await signIn(h, fanny);
      const phone = new Visitor(h);
      await phone.login(address);
      assert.equal((await phone.get("/profil")).statusCode, 200);

      const wrong = await laptop.submit("/profil", "/profil/mot-de-passe", {
        current: "pas le bon",
        password: "nouveau mot de passe",
      });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Ce n’est pas votre mot de passe actuel\./);

      const changed = await laptop.submit("/profil", "/profil/mot-de-passe", {
        current: PASSWORD,
        password: "nouveau mot de passe",
      });
      assert.equal(changed.statusCode, 303);
      assert.equal((await laptop.get("/profil")).statusCode, 200, "this session stays open");
      assert.equal((await phone.get("/profil")).statusCode, 303, "the other session is closed");
      assert.equal((await new Visitor(h).login(address, "nouveau mot de passe")).statusCode, 303);
    });

    it("resets a forgotten password through a single-use link sent by mail", async () => {
      const gaston = await buildPerson(h.app, { name: "Gaston" });
      const address = gaston.email;
      const visitor = await signIn(h, gaston);
      await visitor.submit("/", "/deconnexion", {});

      const asked = await visitor.submit("/mot-de-passe-oublie", "/mot-de-passe-oublie", {
        email: address.toUpperCase(),
      });
      assert.equal(asked.statusCode, 303);
      const mail = await lastMailTo(address);
      assert.equal(mail.subject, "Réinitialiser votre mot de passe");
      const link = /http:\/\/communs\.test(\/reinitialisation\/\S+)/.exec(mail.body_text)?.[1];
      assert.ok(link, mail.body_text);

      assert.equal((await visitor.get(link)).statusCode, 200);
      const tooShort = await visitor.submit(link, link, { password: "court" });
      assert.equal(tooShort.statusCode, 400);
      const reset = await visitor.submit(link, link, { password: "tout nouveau mot de passe" });
      assert.equal(reset.statusCode, 303);
      assert.equal((await visitor.get("/profil")).statusCode, 200, "signed in after the reset");

      const reused = await new Visitor(h).get(link);
      assert.equal(reused.statusCode, 400);
      assert.match(reused.body, /Ce lien n’est plus valable/);
      assert.equal((await new Visitor(h).login(address, "tout nouveau mot de passe")).statusCode, 303);
    });

    it("creates a personal API token shown once, which works until it is revoked", async () => {
      const visitor = await signIn(h, await buildPerson(h.app, { name: "Hélène" }));
      const created = await visitor.submit("/profil", "/profil/jetons", { name: "tableur" });
      assert.equal(created.statusCode, 200);
      assert.equal(created.headers["cache-control"], "no-store");
      const token = /<code class="token">(cmn_[^<]+)<\/code>/.exec(created.body)?.[1];
      assert.ok(token);
      const stored = await h.db.kysely
        .selectFrom("api_tokens")
        .select("token_hash")
        .where("name", "=", "tableur")
        .execute();
      assert.ok(
        stored.every((row) => row.token_hash !== token),
        "only a digest is stored",
      );

      const me = () =>
        h.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
      assert.equal((await me()).json().displayName, "Hélène");
      const profile = await visitor.get("/profil");
      assert.doesNotMatch(profile.body, new RegExp(token), "never shown again");
      assert.match(profile.body, /dernier usage/);
      const id = /action="\/profil\/jetons\/([^/]+)\/revoquer"/.exec(profile.body)?.[1];
      assert.ok(id);
      assert.equal((await visitor.submit("/profil", `/profil/jetons/${id}/revoquer`, {})).statusCode, 303);
      assert.equal((await me()).statusCode, 401);
    });
  });
}
