import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { confirmationPath, email, useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";

for (const dialect of testDialects()) {
  describe(`accounts over HTTP [${dialect.name}]`, () => {
    const h = useApp(dialect);

    it("makes the first account the instance administrator, and only the first", async () => {
      const first = new Visitor(h);
      const response = await first.register({ email: email("admin"), displayName: "Alice Admin" });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/");
      const home = await first.get("/");
      assert.match(home.body, /administrat/);
      assert.match(home.body, /Créer un espace/);

      const second = new Visitor(h);
      await second.register({ email: email(), displayName: "Bruno" });
      const page = await second.get("/");
      assert.doesNotMatch(page.body, /Créer un espace/);
    });

    it("logs in, logs out and back in, with the same message for a wrong e-mail or password", async () => {
      const address = email();
      const visitor = new Visitor(h);
      await visitor.register({ email: address, displayName: "Chloé" });
      const logout = await visitor.submit("/", "/deconnexion", {});
      assert.equal(logout.statusCode, 303);
      assert.equal(visitor.cookie("communs_session"), undefined);
      assert.equal((await visitor.get("/profil")).statusCode, 303);

      const wrongPassword = await visitor.login(address, "pas le bon mot de passe");
      const unknownEmail = await visitor.login(email("inconnu"), "pas le bon mot de passe");
      assert.equal(wrongPassword.statusCode, 400);
      assert.equal(unknownEmail.statusCode, 400);
      const message = "Adresse e-mail ou mot de passe incorrect.";
      assert.ok(wrongPassword.body.includes(message));
      assert.ok(unknownEmail.body.includes(message));

      const ok = await visitor.login(address);
      assert.equal(ok.statusCode, 303);
      const profile = await visitor.get("/profil");
      assert.equal(profile.statusCode, 200);
      assert.match(profile.body, /Chloé/);
    });

    it("goes back to the page asked for after logging in, and never to another site", async () => {
      const address = email("retour");
      await new Visitor(h).register({ email: address, displayName: "Retour" });
      // Query strings as an attacker would write them: the server decodes them once.
      const cases: [string, string][] = [
        ["/espaces/x%3Favant%3D1%23fin", "/espaces/x?avant=1#fin"],
        ["//evil.example/", "/"],
        ["/%09/evil.example", "/"],
        ["/%0a", "/"],
        ["/%5Cevil.example", "/"],
        ["https://evil.example/", "/"],
      ];
      for (const [next, expected] of cases) {
        const visitor = new Visitor(h);
        const url = `/connexion?suite=${next}`;
        const response = await visitor.submit(url, url, {
          email: address,
          password: "un mot de passe solide",
        });
        assert.equal(response.statusCode, 303, next);
        assert.equal(response.headers.location, expected, next);
      }
    });

    it("answers a registration the same whether or not the address has an account", async () => {
      const known = email("connue");
      await new Visitor(h).register({ email: known, displayName: "Connue" });
      const answers = [];
      for (const address of [email("nouvelle"), known]) {
        const visitor = new Visitor(h);
        const response = await visitor.submit("/inscription", "/inscription", {
          email: address,
          displayName: "Quelqu’un",
          password: "un mot de passe solide",
        });
        assert.equal(visitor.cookie("communs_session"), undefined, "nobody is signed in before confirming");
        answers.push([response.statusCode, response.body]);
      }
      assert.equal(answers[0]?.[0], 200);
      assert.deepEqual(answers[0], answers[1]);
      assert.match(String(answers[0]?.[1]), /Vérifiez votre boîte mail/);
    });

    it("opens the account with the mailed link, once; logging in before that sends the link again", async () => {
      const address = email("a-confirmer");
      const visitor = new Visitor(h);
      await visitor.submit("/inscription", "/inscription", {
        email: address,
        displayName: "Zoé",
        password: "un mot de passe solide",
      });
      const early = await visitor.login(address);
      assert.equal(early.statusCode, 403);
      assert.match(early.body, /Confirmez d’abord votre adresse e-mail/);
      const mails = await h.db.kysely
        .selectFrom("outbox")
        .select("body_text")
        .where("to_address", "=", address)
        .execute();
      assert.equal(mails.length, 2, "the first link and the one sent again");
      const link = confirmationPath(mails[0]?.body_text ?? "");
      assert.ok(link);

      assert.match((await visitor.get(link)).body, /Confirmer et me connecter/);
      const confirmed = await visitor.submit(link, link, {});
      assert.equal(confirmed.statusCode, 303);
      assert.match((await visitor.get("/")).body, /Bienvenue, Zoé\u202f!/);
      const again = await new Visitor(h).get(link);
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /Ce lien n’est plus valable/);
      assert.equal((await new Visitor(h).login(address)).statusCode, 303);
    });

    it("lets whoever owns the mailbox take over an unconfirmed registration", async () => {
      const address = email("usurpee");
      const squatter = new Visitor(h);
      await squatter.submit("/inscription", "/inscription", {
        email: address,
        displayName: "Usurpateur",
        password: "mot de passe usurpé",
      });
      const owner = new Visitor(h);
      await owner.register({
        email: address,
        displayName: "Vraie Personne",
        password: "mon vrai mot de passe",
      });
      assert.match((await owner.get("/profil")).body, /Vraie Personne/);
      assert.equal((await new Visitor(h).login(address, "mot de passe usurpé")).statusCode, 400);
    });

    it("shows French messages next to the fields of a bad registration and writes nothing", async () => {
      const visitor = new Visitor(h);
      const response = await visitor.register({
        email: "pas-une-adresse",
        displayName: "",
        password: "court",
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /Ce champ est obligatoire\./);
      assert.match(response.body, /Cette adresse e-mail ne semble pas valide\./);
      assert.match(response.body, /au moins 10 caractères/);
      assert.match(response.body, /aria-invalid="true"/);
      const count = await h.db.kysely
        .selectFrom("persons")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("email", "=", "pas-une-adresse")
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });
  });
}
