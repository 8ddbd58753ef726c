import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { email, useApp, Visitor } from "../../../test/helpers/app.ts";
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
