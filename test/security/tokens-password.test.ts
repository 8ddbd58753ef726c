// A password change or reset revokes every API token of the person: a password is changed when an
// account may have been taken, and a token its taker made must not outlive it. The person is told how
// many, on the page and by mail; tokens made afterwards work.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Person } from "../../src/core/accounts.ts";
import { type Harness, useApp, Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { buildPerson, PASSWORD } from "../helpers/factories.ts";

const FLASH = /<p class="flash" role="status">([^<]*)<\/p>/;

function me(h: Harness, token: string) {
  return h.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
}

async function tokenOf(h: Harness, person: Person, name: string): Promise<string> {
  return (await h.app.communs.accounts.createToken(person, { name })).token;
}

function mailsTo(h: Harness, address: string) {
  return h.db.kysely
    .selectFrom("outbox")
    .select(["subject", "body_text"])
    .where("to_address", "=", address)
    .orderBy("id")
    .execute();
}

for (const dialect of testDialects()) {
  describe(`API tokens and password changes [${dialect.name}]`, () => {
    const h = useApp(dialect);

    it("revokes the tokens made before a password change (401), not those made after", async () => {
      const person = await buildPerson(h.app, { name: "Jeanne" });
      const script = await tokenOf(h, person, "script");
      const backup = await tokenOf(h, person, "sauvegarde");
      assert.equal((await me(h, script)).statusCode, 200);
      const browser = new Visitor(h);
      await browser.login(person.email);

      const changed = await browser.submit("/profil", "/profil/mot-de-passe", {
        current: PASSWORD,
        password: "un tout nouveau mot de passe",
      });
      assert.equal(changed.statusCode, 303);
      assert.equal(changed.headers.location, "/profil");
      const profile = await browser.get("/profil");
      assert.equal(
        FLASH.exec(profile.body)?.[1],
        "Mot de passe changé\u202f; vos autres sessions sont fermées et vos 2 jetons d’API sont révoqués.",
      );
      assert.equal((profile.body.match(/— révoqué/g) ?? []).length, 2, "the page lists them as revoked");

      for (const token of [script, backup]) {
        const refused = await me(h, token);
        assert.equal(refused.statusCode, 401);
        assert.equal(refused.json().error, "UNAUTHENTICATED");
      }
      const fresh = await tokenOf(h, person, "nouveau");
      const ok = await me(h, fresh);
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().displayName, "Jeanne");

      const mail = (await mailsTo(h, person.email)).at(-1);
      assert.equal(mail?.subject, "Mot de passe changé\u202f: jetons d’API révoqués");
      assert.match(mail?.body_text ?? "", /vos 2 jetons d’API sont révoqués/);
      assert.match(mail?.body_text ?? "", /http:\/\/communs\.test\/profil/);
      assert.match(mail?.body_text ?? "", /http:\/\/communs\.test\/mot-de-passe-oublie/);
      const event = await h.db.kysely
        .selectFrom("audit_events")
        .select("after")
        .where("subject_id", "=", person.id)
        .where("action", "=", "person.passwordChanged")
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(String(event.after)), { tokensRevoked: 2 });
    });

    it("revokes them on a password reset too", async () => {
      const person = await buildPerson(h.app, { name: "Rémi" });
      const before = await tokenOf(h, person, "avant");
      const visitor = new Visitor(h);
      await visitor.submit("/mot-de-passe-oublie", "/mot-de-passe-oublie", { email: person.email });
      const link = /\/reinitialisation\/\S+/.exec(
        (await mailsTo(h, person.email)).at(-1)?.body_text ?? "",
      )?.[0];
      assert.ok(link, "the reset mail holds a link");
      const reset = await visitor.submit(link, link, { password: "encore un autre mot de passe" });
      assert.equal(reset.statusCode, 303);
      assert.equal(
        FLASH.exec((await visitor.get("/profil")).body)?.[1],
        "Votre mot de passe est changé\u202f; vos autres sessions sont fermées et votre jeton d’API est révoqué.",
      );
      assert.equal((await me(h, before)).statusCode, 401);
      assert.equal((await me(h, await tokenOf(h, person, "après"))).statusCode, 200);
      assert.match((await mailsTo(h, person.email)).at(-1)?.body_text ?? "", /votre jeton d’API est révoqué/);
    });

    it("says nothing more and mails nothing when there was no token", async () => {
      const person = await buildPerson(h.app, { name: "Sans jeton" });
      const browser = new Visitor(h);
      await browser.login(person.email);
      const mails = (await mailsTo(h, person.email)).length;
      const changed = await browser.submit("/profil", "/profil/mot-de-passe", {
        current: PASSWORD,
        password: "un tout nouveau mot de passe",
      });
      assert.equal(changed.statusCode, 303);
      assert.equal(
        FLASH.exec((await browser.get("/profil")).body)?.[1],
        "Mot de passe changé\u202f; vos autres sessions sont fermées.",
      );
      assert.equal((await mailsTo(h, person.email)).length, mails);
    });
  });
}
