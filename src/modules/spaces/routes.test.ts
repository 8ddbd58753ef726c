import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { email, useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { setRules } from "../../../test/helpers/decisions.ts";
import { buildPerson, signIn } from "../../../test/helpers/factories.ts";

for (const dialect of testDialects()) {
  describe(`spaces over HTTP [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let admin: Visitor;
    let bea: Visitor;
    let chamberRequestId = "";

    before(async () => {
      admin = new Visitor(h);
      await admin.register({ email: email("admin"), displayName: "Alice Admin" });
      bea = await signIn(h, await buildPerson(h.app, { name: "Béa Commoneuse" }));
    });

    it("lets the administrator create an assembly and a chamber linked to it", async () => {
      const assembly = await admin.submit("/espaces/nouveau", "/espaces", {
        kind: "assembly",
        name: "Assemblée des communs de Lilleville",
        territory: "Lilleville",
        summary: "Rencontres mensuelles des communs du territoire.",
      });
      assert.equal(assembly.statusCode, 303);
      assert.equal(assembly.headers.location, "/espaces/assemblee-des-communs-de-lilleville");
      const chamber = await admin.submit("/espaces/nouveau", "/espaces", {
        kind: "chamber",
        name: "Chambre mobilité",
        slug: "mobilite",
        theme: "mobilité",
        assembly: "assemblee-des-communs-de-lilleville",
      });
      assert.equal(chamber.statusCode, 303);
      const page = await admin.get("/espaces/mobilite");
      assert.match(page.body, /Chambre mobilité/);
      assert.match(page.body, /Rattachée à l’Assemblée des communs de Lilleville/);
      assert.match(page.body, /Vous êtes membre \(facilitateur·rice\)/);
    });

    it("shows the six properties of each kind on the À propos page", async () => {
      const about = await bea.get("/espaces/mobilite/a-propos");
      assert.equal(about.statusCode, 200);
      assert.match(about.body, /<td data-property="decisionMode">consentement/);
      assert.match(about.body, /<td data-property="access">cooptation/);
      assert.match(about.body, /<td data-property="territorial">non/);
      const assembly = await bea.get("/espaces/assemblee-des-communs-de-lilleville/a-propos");
      assert.match(assembly.body, /<td data-property="decisionMode">stigmergie/);
      assert.match(assembly.body, /<td data-property="forkPolicy">à éviter/);
    });

    it("refuses space creation to non-administrators and anonymous visitors", async () => {
      assert.equal((await bea.get("/espaces/nouveau")).statusCode, 403);
      const forbidden = await bea.submit("/", "/espaces", {
        kind: "assembly",
        name: "Pirate",
        territory: "Nulle part",
      });
      assert.equal(forbidden.statusCode, 403);
      assert.match(forbidden.body, /Vous n’avez pas la permission/);
      const anonymous = new Visitor(h);
      const redirect = await anonymous.get("/espaces/nouveau");
      assert.equal(redirect.statusCode, 303);
      assert.equal(redirect.headers.location, "/connexion?suite=%2Fespaces%2Fnouveau");
    });

    it("explains bad input next to the fields and refuses a taken slug with 409", async () => {
      const missing = await admin.submit("/espaces/nouveau", "/espaces", {
        kind: "assembly",
        name: "",
        territory: "",
      });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /Ce champ est obligatoire\./);
      const taken = await admin.submit("/espaces/nouveau", "/espaces", {
        kind: "chamber",
        name: "Autre",
        slug: "mobilite",
        theme: "x",
      });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /Un espace utilise déjà cette adresse\./);
      assert.match(taken.body, /value="Autre"/, "the form keeps what was typed");
    });

    it("admits into the assembly at once and holds a chamber request until a facilitator decides, where the chamber's rules let one decide alone", async () => {
      await setRules(h.db, "mobilite", { admission: "facilitators" });
      const joined = await bea.submit(
        "/espaces/assemblee-des-communs-de-lilleville",
        "/espaces/assemblee-des-communs-de-lilleville/rejoindre",
        {},
      );
      assert.equal(joined.statusCode, 303);
      assert.match((await bea.get("/espaces/assemblee-des-communs-de-lilleville")).body, /Vous avez rejoint/);

      const noIntro = await bea.submit("/espaces/mobilite", "/espaces/mobilite/rejoindre", {
        introduction: " ",
      });
      assert.equal(noIntro.statusCode, 400);
      assert.match(noIntro.body, /présentez-vous en une ligne/);

      const requested = await bea.submit("/espaces/mobilite", "/espaces/mobilite/rejoindre", {
        introduction: "Cycliste, je répare des vélos.",
      });
      assert.equal(requested.statusCode, 303);
      assert.match((await bea.get("/espaces/mobilite")).body, /Votre demande est en attente/);
      const again = await bea.submit("/espaces/mobilite", "/espaces/mobilite/rejoindre", {
        introduction: "encore",
      });
      assert.equal(again.statusCode, 409);

      const members = await admin.get("/espaces/mobilite/membres");
      assert.match(members.body, /Cycliste, je répare des vélos\./);
      const match = /action="\/espaces\/mobilite\/membres\/([^/]+)\/accepter"/.exec(members.body);
      assert.ok(match?.[1]);
      chamberRequestId = match[1];

      const notFacilitator = await bea.submit(
        "/espaces/mobilite",
        `/espaces/mobilite/membres/${chamberRequestId}/accepter`,
        {},
      );
      assert.equal(notFacilitator.statusCode, 403);

      const accepted = await admin.submit(
        "/espaces/mobilite/membres",
        `/espaces/mobilite/membres/${chamberRequestId}/accepter`,
        {},
      );
      assert.equal(accepted.statusCode, 303);
      assert.match((await bea.get("/espaces/mobilite")).body, /Vous êtes membre de cet espace\./);
      const twice = await admin.submit(
        "/espaces/mobilite/membres",
        `/espaces/mobilite/membres/${chamberRequestId}/accepter`,
        {},
      );
      assert.equal(twice.statusCode, 409);
    });

    it("lets a facilitator change roles but keeps at least one facilitator", async () => {
      const toTreasurer = await admin.submit(
        "/espaces/mobilite/membres",
        `/espaces/mobilite/membres/${chamberRequestId}/role`,
        { role: "treasurer" },
      );
      assert.equal(toTreasurer.statusCode, 303);
      assert.match((await bea.get("/espaces/mobilite")).body, /trésorier·ère/);
      const unknownRole = await admin.submit(
        "/espaces/mobilite/membres",
        `/espaces/mobilite/membres/${chamberRequestId}/role`,
        { role: "roi" },
      );
      assert.equal(unknownRole.statusCode, 400);
      const lastFacilitator = await admin.submit("/espaces/mobilite", "/espaces/mobilite/quitter", {});
      assert.equal(lastFacilitator.statusCode, 409);
      assert.match(lastFacilitator.body, /au moins un·e facilitateur·rice/);
    });

    it("declines a request and lets the person ask again later", async () => {
      const carl = await signIn(h, await buildPerson(h.app, { name: "Carl" }));
      await carl.submit("/espaces/mobilite", "/espaces/mobilite/rejoindre", { introduction: "Bonjour" });
      const members = await admin.get("/espaces/mobilite/membres");
      const id = /action="\/espaces\/mobilite\/membres\/([^/]+)\/decliner"/.exec(members.body)?.[1];
      assert.ok(id);
      assert.equal(
        (await admin.submit("/espaces/mobilite/membres", `/espaces/mobilite/membres/${id}/decliner`, {}))
          .statusCode,
        303,
      );
      assert.doesNotMatch((await carl.get("/espaces/mobilite")).body, /Votre demande est en attente/);
      assert.equal(
        (
          await carl.submit("/espaces/mobilite", "/espaces/mobilite/rejoindre", {
            introduction: "Re-bonjour",
          })
        ).statusCode,
        303,
      );
    });

    it("lets a member leave and records every change in the space's log", async () => {
      const left = await bea.submit(
        "/espaces/assemblee-des-communs-de-lilleville",
        "/espaces/assemblee-des-communs-de-lilleville/quitter",
        {},
      );
      assert.equal(left.statusCode, 303);
      assert.match(
        (await bea.get("/espaces/assemblee-des-communs-de-lilleville")).body,
        /Rejoindre l’assemblée/,
      );

      assert.equal((await bea.get("/espaces/mobilite/journal")).statusCode, 403);
      const log = await admin.get("/espaces/mobilite/journal");
      assert.equal(log.statusCode, 200);
      // The log reads as sentences: who did what, roles by their names, no code or JSON.
      for (const sentence of [
        "a créé l’espace «\u202fChambre mobilité\u202f».",
        "a demandé à rejoindre «\u202fChambre mobilité\u202f».",
        "dans «\u202fChambre mobilité\u202f».",
        "\u202f: membre → trésorier·ère.",
        "a décliné la demande de Carl.",
      ])
        assert.ok(log.body.includes(sentence), sentence);
      assert.doesNotMatch(log.body, /membership\.|&quot;role&quot;/);
      const all = await admin.get("/journal");
      assert.match(all.body, /a créé son compte\./);
      assert.equal((await bea.get("/journal")).statusCode, 403);
    });

    it("answers 404 in the layout for an unknown space, in English when asked", async () => {
      const french = await bea.get("/espaces/inconnu");
      assert.equal(french.statusCode, 404);
      assert.match(french.body, /Cet espace n’existe pas\./);
      assert.match(french.body, /Aller au contenu/);
      const english = await new Visitor(h, { "accept-language": "en-GB,en;q=0.9" }).get("/espaces/inconnu");
      assert.equal(english.statusCode, 404);
      assert.match(english.body, /This space does not exist\./);
      assert.match(english.body, /<html lang="en">/);
    });
  });
}
