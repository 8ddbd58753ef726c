import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildChamber,
  buildMember,
  buildPerson,
  signIn,
} from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";

const ASSEMBLY = "assemblee-de-lilleville";

for (const dialect of testDialects()) {
  describe(`directory of commons, pages [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let facilitator: Visitor;
    let member: Visitor;
    let stranger: Visitor;
    let admin: Person;

    before(async () => {
      admin = await buildAdmin(h.app, "Fanny");
      facilitator = await signIn(h, admin);
      const assembly = await buildAssembly(h.app, {
        by: admin,
        slug: ASSEMBLY,
        name: "Assemblée de Lilleville",
        territory: "Lilleville",
      });
      member = await signIn(h, await buildMember(h.app, assembly, "member", { name: "Malo" }));
      stranger = await signIn(h, await buildPerson(h.app, { name: "Sacha" }));
    });

    const create = (who: Visitor, fields: Record<string, string>) =>
      who.submit(`/espaces/${ASSEMBLY}/communs/nouveau`, `/espaces/${ASSEMBLY}/communs`, {
        kind: "jardin",
        status: "active",
        ...fields,
      });

    it("lets a member create a commons with an address and a pin, shown with its provenance", async () => {
      const response = await create(member, {
        name: "Jardins partagés du Faubourg",
        summary: "Des potagers ouverts à tous",
        description: "## Qui\n\nLes voisins. <script>alert(1)</script>",
        tags: "jardinage, quartier",
        "places.0.street": "12 rue des Lilas",
        "places.0.postcode": "59000",
        "places.0.commune": "Lilleville",
        "places.0.latitude": "50,63",
        "places.0.longitude": "3.06",
        "links.0.type": "website",
        "links.0.url": "https://jardins.example",
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, `/espaces/${ASSEMBLY}/communs/jardins-partages-du-faubourg`);
      const page = await member.get(String(response.headers.location));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Jardins partagés du Faubourg<\/h1>/);
      assert.match(page.body, /<h2>Qui<\/h2>/);
      assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(page.body, /12 rue des Lilas, 59000 Lilleville/);
      assert.match(page.body, /placée à la main/);
      assert.match(page.body, /Malo/, "the creator is listed as a commoner");
      const place = await h.db.kysely.selectFrom("commons_places").selectAll().executeTakeFirstOrThrow();
      assert.equal(place.latitude, 50.63);
      assert.equal(place.geo_source, "manual");
    });

    it("refuses bad input with a message per field and writes nothing", async () => {
      const before = await h.db.kysely.selectFrom("commons").select("id").execute();
      const response = await create(member, {
        name: "",
        "places.0.postcode": "pas un code",
        "places.0.latitude": "123",
        "links.0.url": "javascript:alert(1)",
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /Ce champ est obligatoire/);
      assert.match(response.body, /Une latitude est un nombre entre -90 et 90/);
      assert.match(response.body, /Une adresse web commence par https:\/\//);
      assert.match(response.body, /value="pas un code"/, "the typed values come back");
      const after = await h.db.kysely.selectFrom("commons").select("id").execute();
      assert.equal(after.length, before.length);
    });

    it("warns of a likely duplicate and creates it once confirmed", async () => {
      const fields = { name: "Jardin partagé du Faubourg", "places.0.commune": "Lilleville" };
      const warned = await create(member, fields);
      assert.equal(warned.statusCode, 409);
      assert.match(warned.body, /Jardins partagés du Faubourg/);
      assert.match(warned.body, /name="confirmDuplicate"/);
      const confirmed = await create(member, { ...fields, confirmDuplicate: "1" });
      assert.equal(confirmed.statusCode, 303);
    });

    it("lists, filters and searches without accents or case, every filter in the URL", async () => {
      await create(member, { name: "École du vélo", tags: "mobilité", "places.0.commune": "Roubaisville" });
      const all = await member.get(`/espaces/${ASSEMBLY}/communs`);
      assert.match(all.body, /3 communs/);
      const search = await member.get(`/espaces/${ASSEMBLY}/communs?q=ecole`);
      assert.match(search.body, /1 commun</);
      assert.match(search.body, /École du vélo/);
      const garden = await member.get(`/espaces/${ASSEMBLY}/communs?q=JARDIN`);
      assert.match(garden.body, /2 communs/);
      const byTag = await member.get(`/espaces/${ASSEMBLY}/communs?tag=mobilite`);
      assert.match(byTag.body, /1 commun</);
      const byCommune = await member.get(`/espaces/${ASSEMBLY}/communs?commune=roubaisville`);
      assert.match(byCommune.body, /École du vélo/);
      assert.doesNotMatch(byCommune.body, /Faubourg/);
      const byStatus = await member.get(`/espaces/${ASSEMBLY}/communs?status=gone`);
      assert.match(byStatus.body, /0 commun/);
      const paged = await member.get(`/espaces/${ASSEMBLY}/communs?size=20&page=2`);
      assert.match(paged.body, /Aucun commun/);
      assert.match(
        byTag.body,
        /href="\/espaces\/assemblee-de-lilleville\/communs\/export\/csv\?tag=mobilite"/,
      );
    });

    it("ranks a name match above a mention in the description", async () => {
      const made = await create(member, {
        name: "Atelier partagé",
        description: "On y parle de vélo et de jardin.",
      });
      assert.equal(made.statusCode, 303, made.body.slice(0, 3000));
      const ranked = await member.get(`/espaces/${ASSEMBLY}/communs?q=velo`);
      const names = [...ranked.body.matchAll(/<h2><a[^>]*>([^<]*)/g)].map((m) => m[1]);
      assert.deepEqual(names, ["École du vélo", "Atelier partagé"], "the name match comes first");
    });

    it("lets the creator and facilitators edit, not other members; strangers cannot create", async () => {
      const path = `/espaces/${ASSEMBLY}/communs/ecole-du-velo`;
      const edit = await member.get(`${path}/modifier`);
      assert.equal(edit.statusCode, 200);
      const other = await signIn(
        h,
        await buildMember(h.app, { slug: ASSEMBLY, admin }, "member", { name: "Olga" }),
      );
      assert.equal((await other.get(`${path}/modifier`)).statusCode, 403);
      const refused = await other.request({
        method: "POST",
        url: path,
        payload: new URLSearchParams({ _csrf: other.csrfToken(), name: "Pris" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(refused.statusCode, 403);
      const saved = await facilitator.submit(`${path}/modifier`, path, {
        name: "École du vélo",
        kind: "mobilite",
        status: "dormant",
        summary: "Apprendre à pédaler",
      });
      assert.equal(saved.statusCode, 303);
      const page = await member.get(path);
      assert.match(page.body, /en sommeil/);
      assert.match(page.body, /commun modifié/, "the history shows the change");
      const notMember = await stranger.get(`/espaces/${ASSEMBLY}/communs/nouveau`);
      assert.equal(notMember.statusCode, 403);
    });

    it("relates two commons both ways, and merges a duplicate keeping its links", async () => {
      const base = `/espaces/${ASSEMBLY}/communs`;
      const related = await member.submit(`${base}/ecole-du-velo`, `${base}/ecole-du-velo/lies`, {
        other: "atelier-partage",
      });
      assert.equal(related.statusCode, 303);
      const back = await member.get(`${base}/atelier-partage`);
      assert.match(back.body, /href="\/espaces\/assemblee-de-lilleville\/communs\/ecole-du-velo"/);
      const merged = await facilitator.submit(
        `${base}/jardins-partages-du-faubourg`,
        `${base}/jardins-partages-du-faubourg/fusionner`,
        { other: "jardin-partage-du-faubourg" },
      );
      assert.equal(merged.statusCode, 303);
      assert.equal((await member.get(`${base}/jardin-partage-du-faubourg`)).statusCode, 404);
      const kept = await member.get(`${base}/jardins-partages-du-faubourg`);
      assert.match(kept.body, /doublon fusionné/);
    });

    it("lets facilitators edit the kinds of resource, keeping those in use", async () => {
      const page = `/espaces/${ASSEMBLY}/communs/types`;
      assert.equal((await member.get(page)).statusCode, 403);
      await facilitator.get(page);
      const added = await facilitator.submit(page, page, {
        "kinds.0.slug": "jardin",
        "kinds.0.label": "Jardin partagé",
        "kinds.1.slug": "mobilite",
        "kinds.1.label": "Mobilité",
        "kinds.2.slug": "",
        "kinds.2.label": "Atelier de réparation",
      });
      assert.equal(added.statusCode, 303);
      const form = await member.get(`/espaces/${ASSEMBLY}/communs/nouveau`);
      assert.match(form.body, /<option value="atelier-de-reparation"[^>]*>Atelier de réparation<\/option>/);
      assert.doesNotMatch(form.body, /value="logiciel"/);
      const refused = await facilitator.submit(page, page, {
        "kinds.0.slug": "jardin",
        "kinds.0.label": "Jardin",
      });
      assert.equal(refused.statusCode, 400, "mobilité is still used by a commons");
      assert.match(refused.body, /Un type utilisé par des communs ne peut pas être retiré/);
    });

    it("lets a chamber's facilitators link a commons to their chamber", async () => {
      await buildChamber(h.app, {
        by: admin,
        slug: "chambre-des-ateliers",
        name: "Chambre des ateliers",
        theme: "ateliers",
      });
      const path = `/espaces/${ASSEMBLY}/communs/ecole-du-velo`;
      assert.doesNotMatch(
        (await member.get(path)).body,
        /name="chamber"/,
        "only chamber facilitators see the form",
      );
      const linked = await facilitator.submit(path, `${path}/chambres`, { chamber: "chambre-des-ateliers" });
      assert.equal(linked.statusCode, 303);
      assert.match(
        (await member.get(path)).body,
        /href="\/espaces\/chambre-des-ateliers">Chambre des ateliers/,
      );
      const chamber = await member.get("/espaces/chambre-des-ateliers");
      assert.match(chamber.body, /Communs liés à la chambre/);
      assert.match(
        chamber.body,
        /href="\/espaces\/assemblee-de-lilleville\/communs\/ecole-du-velo">École du vélo/,
      );
      const refused = await member.submit(path, `${path}/chambres`, { chamber: "chambre-des-ateliers" });
      assert.equal(refused.statusCode, 403);
    });

    it("answers 404 for an unknown commons or directory, and chambers have no directory", async () => {
      assert.equal((await member.get(`/espaces/${ASSEMBLY}/communs/inconnu`)).statusCode, 404);
      assert.equal((await member.get("/espaces/inconnue/communs")).statusCode, 404);
    });
  });
}
