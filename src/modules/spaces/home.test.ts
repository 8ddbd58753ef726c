import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildChamber,
  buildCommons,
  buildDonation,
  buildMember,
  buildPerson,
  signIn,
} from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";

for (const dialect of testDialects()) {
  describe(`a space's home [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let admin: Person;
    let assembly = "";
    let chamber = "";
    let member: Visitor;
    let outsider: Visitor;

    before(async () => {
      const { app } = h;
      admin = await buildAdmin(app);
      const asm = await buildAssembly(app, {
        by: admin,
        name: "Assemblée de Lilleville",
        territory: "Métropole de Lilleville",
        summary: "Les communs du territoire, ensemble.",
      });
      assembly = asm.slug;
      const ch = await buildChamber(app, {
        by: admin,
        name: "Chambre alimentation",
        assembly,
        theme: "nourrir",
      });
      chamber = ch.slug;
      for (const name of ["Jardin partagé", "Repair café", "Grainothèque"])
        await buildCommons(app, assembly, admin, {
          name,
          places: [{ commune: "Lilleville", latitude: 50.6, longitude: 3 }],
        });
      const mona = await buildMember(app, asm, "member", { name: "Mona" });
      await buildMember(app, ch, "member", { name: "Mona bis" });
      member = await signIn(h, mona);
      outsider = await signIn(h, await buildPerson(app, { name: "Sam" }));
      await buildDonation(app, chamber, admin, {
        amount: 7_500,
        date: `${new Date().getUTCFullYear()}-01-15`,
      });
    });

    it("shows visitors what an assembly is, its commons, a small map, its chambers and how to join", async () => {
      const page = (await h.app.inject({ method: "GET", url: `/espaces/${assembly}` })).body;
      assert.match(page, /Les communs du territoire, ensemble\./);
      assert.match(page, /Territoire\s: Métropole de Lilleville/);
      assert.match(page, /<h2 id="space-commons">3 communs dans l’annuaire<\/h2>/);
      assert.match(
        page,
        new RegExp(`<iframe class="space-map" title="[^"]+" src="/embed/map\\?espace=${assembly}"`),
      );
      assert.match(page, new RegExp(`<a href="/espaces/${assembly}/carte">Voir la carte complète</a>`));
      for (const name of ["Jardin partagé", "Repair café", "Grainothèque"])
        assert.match(page, new RegExp(name));
      assert.match(page, new RegExp(`<a href="/espaces/${chamber}">Chambre alimentation</a>`));
      assert.match(page, /<a class="button primary" href="\/inscription">/, "a call to create an account");
      assert.match(page, /Connectez-vous pour rejoindre cet espace/);
      assert.doesNotMatch(page, /Quitter l’espace/);
      assert.match(
        page,
        new RegExp(`<link rel="alternate" type="text/calendar" href="/espaces/${assembly}/reunions.ics"`),
      );
      assert.match(
        page,
        new RegExp(
          `<link rel="alternate" type="application/atom\\+xml" href="/espaces/${assembly}/activite.atom"`,
        ),
      );
    });

    it("offers a signed-in non-member the button to join, and a member leaving only folded at the foot", async () => {
      const outside = (await outsider.get(`/espaces/${assembly}`)).body;
      assert.match(outside, /<button type="submit" class="primary">Rejoindre l’assemblée<\/button>/);
      const inside = (await member.get(`/espaces/${assembly}`)).body;
      assert.match(inside, /Vous êtes membre de cet espace\./);
      assert.doesNotMatch(inside, /Rejoindre l’assemblée/);
      const leave = inside.indexOf('<details class="leave"><summary>Quitter l’espace</summary>');
      assert.ok(leave > inside.indexOf("space-chambers"), "leaving comes after what the space is");
    });

    it("shows a chamber's purpose, its money's headline figures and how to ask to join", async () => {
      const page = (await outsider.get(`/espaces/${chamber}`)).body;
      assert.match(page, /Thème\s: nourrir/);
      assert.match(page, /<dt>Reçu cette année<\/dt><dd>75,00\u00a0€<\/dd>/);
      assert.match(page, /<dt>Dépensé cette année<\/dt><dd>0,00\u00a0€<\/dd>/);
      assert.match(page, /Solde des enveloppes/);
      assert.match(page, /<h2>Demander à rejoindre la chambre<\/h2>/);
      assert.match(
        page,
        new RegExp(`<a href="/espaces/${chamber}/transparence">Voir les comptes en détail</a>`),
      );
      const anonymous = (await h.app.inject({ method: "GET", url: `/espaces/${chamber}` })).body;
      assert.match(anonymous, /Une chambre est cooptée\s: créez un compte ou connectez-vous/);
    });
  });
}
