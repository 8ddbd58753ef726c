import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildChamber,
  buildCommons,
  buildMember,
  buildPerson,
  signIn,
} from "../../../test/helpers/factories.ts";
import { admit } from "../../../test/helpers/spaces.ts";
import type { Person } from "../accounts/service.ts";

/** The « À traiter » section of a page, or "" when the page has none. */
function toDoOf(html: string): string {
  return /<section class="todo"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
}

/** The item linking to `href`, as the section shows it: its words, or undefined when there is none. */
function item(html: string, href: string): string | undefined {
  const escaped = href.replace(/[?]/g, "\\?");
  return new RegExp(`<a href="${escaped}">([^<]*)</a>`).exec(toDoOf(html))?.[1];
}

for (const dialect of testDialects()) {
  describe(`« à traiter » on the home pages [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let admin: Person;
    let facilitator: Person;
    let treasurer: Person;
    let member: Person;
    let stranger: Person;
    const chamberA = { slug: "", admin: undefined as unknown as Person };
    const chamberB = { slug: "", admin: undefined as unknown as Person };
    let assembly = "";
    const browsers: Record<string, Visitor> = {};

    before(async () => {
      const { app } = h;
      admin = await buildAdmin(app);
      // The administrator creates the spaces, then steps back: the people below run them.
      const a = await buildChamber(app, { by: admin, name: "Chambre alimentation" });
      const b = await buildChamber(app, { by: admin, name: "Chambre mobilité" });
      const asm = await buildAssembly(app, { by: admin, name: "Assemblée de Lilleville" });
      Object.assign(chamberA, a);
      Object.assign(chamberB, b);
      assembly = asm.slug;
      facilitator = await buildMember(app, a, "facilitator", { name: "Fanny Facilitatrice" });
      await admit(app, admin, b.slug, facilitator, "facilitator");
      await admit(app, admin, asm.slug, facilitator, "facilitator");
      treasurer = await buildMember(app, a, "treasurer", { name: "Théo Trésorier" });
      member = await buildMember(app, a, "member", { name: "Mona Membre" });
      stranger = await buildPerson(app, { name: "Sam Passant" });
      // One request to join the first chamber, two to join the second.
      await app.communs.spaces.join(member, b.slug, { introduction: "Je roule à vélo." });
      await app.communs.spaces.join(stranger, b.slug, { introduction: "Moi aussi." });
      await app.communs.spaces.join(stranger, a.slug, { introduction: "Je cuisine." });
      // A claim submitted by the member: the treasurer approves it.
      await app.communs.claims.submit(member, a.slug, {
        title: "Location de salle",
        amount: 12_000,
        date: "2026-03-01",
        account: "6132",
      });
      // Three places without coordinates in the assembly (the geocoder is off), one placed.
      await buildCommons(app, asm.slug, facilitator, { places: [{ commune: "Lilleville" }] });
      await buildCommons(app, asm.slug, facilitator, {
        places: [{ commune: "Roubaisville" }, { commune: "Tourquennes" }],
      });
      await buildCommons(app, asm.slug, facilitator, {
        places: [{ commune: "Placée", latitude: 50.6, longitude: 3.1 }],
      });
      for (const [name, person] of Object.entries({ admin, facilitator, treasurer, member, stranger }))
        browsers[name] = await signIn(h, person);
    });

    it("shows a facilitator each space's pending requests, counted, linking to its members page", async () => {
      const home = (await browsers.facilitator?.get("/"))?.body ?? "";
      assert.equal(item(home, `/espaces/${chamberA.slug}/membres`), "1 demande d’adhésion");
      assert.equal(item(home, `/espaces/${chamberB.slug}/membres`), "2 demandes d’adhésion");
      assert.match(toDoOf(home), /Chambre mobilité/, "each item names its space");
      assert.equal(item(home, `/espaces/${assembly}/communs/adresses`), "3 lieux sans coordonnées");
    });

    it("shows those who keep a chamber's books its claims to approve, never their own", async () => {
      const claims = `/espaces/${chamberA.slug}/notes-de-frais?statut=submitted`;
      const home = (await browsers.treasurer?.get("/"))?.body ?? "";
      assert.equal(item(home, claims), "1 note de frais à approuver");
      assert.equal(item(home, `/espaces/${chamberA.slug}/membres`), undefined, "requests are not theirs");
      const author = (await browsers.member?.get("/"))?.body ?? "";
      assert.equal(item(author, claims), undefined, "the author does not decide their own claim");
      // What she has to do there is to answer the chamber's co-optation round of Sam's request.
      assert.equal(
        item(author, `/espaces/${chamberA.slug}/decisions?statut=en-cours`),
        "1 proposition attend votre avis",
      );
    });

    it("counts a claim to pay once it is approved, and drops it from those to approve", async () => {
      const { claims } = h.app.communs;
      const [claim] = (await claims.list(treasurer, chamberA.slug)).claims;
      assert.ok(claim);
      await claims.approve(treasurer, claim.id);
      const home = (await browsers.treasurer?.get("/"))?.body ?? "";
      assert.equal(
        item(home, `/espaces/${chamberA.slug}/notes-de-frais?statut=approved`),
        "1 note de frais à payer",
      );
      assert.equal(item(home, `/espaces/${chamberA.slug}/notes-de-frais?statut=submitted`), undefined);
    });

    it("shows failed jobs to administrators only", async () => {
      const { jobs } = h.app.communs;
      jobs.register("test.alwaysFails", async () => {
        throw new Error("en panne");
      });
      await jobs.enqueue("test.alwaysFails", {}, { maxAttempts: 1 });
      // The server's own runner may take it first: wait for every run of this process.
      await jobs.idle(["test.alwaysFails"]);
      assert.equal(await jobs.countFailed(), 1);
      const home = (await browsers.admin?.get("/"))?.body ?? "";
      assert.equal(item(home, "/taches-en-echec"), "1 tâche en échec");
      const facilitatorHome = (await browsers.facilitator?.get("/"))?.body ?? "";
      assert.equal(item(facilitatorHome, "/taches-en-echec"), undefined);
    });

    it("shows on a space's home only what needs the person there", async () => {
      const page = (await browsers.facilitator?.get(`/espaces/${chamberB.slug}`))?.body ?? "";
      assert.equal(item(page, `/espaces/${chamberB.slug}/membres`), "2 demandes d’adhésion");
      assert.equal(item(page, `/espaces/${chamberA.slug}/membres`), undefined, "another space's request");
      assert.equal(item(page, "/taches-en-echec"), undefined);
      const asMember = (await browsers.member?.get(`/espaces/${chamberA.slug}`))?.body ?? "";
      assert.equal(
        item(asMember, `/espaces/${chamberA.slug}/decisions?statut=en-cours`),
        "1 proposition attend votre avis",
        "a round that asks her",
      );
      assert.doesNotMatch(toDoOf(asMember), /Chambre mobilité/, "nothing of another space");
      const asVisitor = (await h.app.inject({ method: "GET", url: `/espaces/${chamberA.slug}` })).body;
      assert.equal(toDoOf(asVisitor), "", "visitors get no « à traiter »");
    });

    it("gives a signed-in person their spaces with their role, and their spaces' recent activity", async () => {
      const home = (await browsers.member?.get("/"))?.body ?? "";
      assert.match(home, /<h1>Bonjour Mona Membre<\/h1>/);
      const mine = /<section aria-labelledby="my-spaces">[\s\S]*?<\/section>/.exec(home)?.[0] ?? "";
      assert.match(mine, /Chambre alimentation<\/a> <span class="meta">Chambre des communs · membre/);
      assert.match(mine, /Chambre mobilité<\/a> <span class="meta">Chambre des communs · demande en attente/);
      const activity = /<section aria-labelledby="activity">[\s\S]*?<\/section>/.exec(home)?.[0] ?? "";
      assert.match(activity, /Théo Trésorier a rejoint Chambre alimentation\./);
      assert.doesNotMatch(activity, /ajouté/, "the assembly's commons are not in a space of hers");
      const facilitatorHome = (await browsers.facilitator?.get("/"))?.body ?? "";
      assert.match(facilitatorHome, /Fanny Facilitatrice a ajouté «\sCommun \d+\s» à l’annuaire\./);
    });

    it("shows anonymous visitors the instance's spaces without any « à traiter »", async () => {
      const home = (await h.app.inject({ method: "GET", url: "/" })).body;
      assert.equal(toDoOf(home), "");
      assert.doesNotMatch(home, /Mes espaces/);
      assert.match(home, /Chambre alimentation/);
    });
  });
}
