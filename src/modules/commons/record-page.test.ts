import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildCommons,
  buildMember,
  signIn,
} from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";

const SPACE = "assemblee-des-fiches";
const place = (fields: Record<string, unknown> = {}) => ({
  street: "12 rue des Lilas",
  postcode: "59000",
  commune: "Lilleville",
  latitude: 50.63,
  longitude: 3.06,
  ...fields,
});

for (const dialect of testDialects()) {
  describe(`a record's page: provenance, small map, choosing another record, merging [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let admin: Person;
    let facilitator: Visitor;
    let member: Visitor;
    let anonymous: Visitor;
    const url = (slug: string) => `/espaces/${SPACE}/communs/${slug}`;

    before(async () => {
      admin = await buildAdmin(h.app, "Fanny");
      facilitator = await signIn(h, admin);
      const assembly = await buildAssembly(h.app, {
        by: admin,
        slug: SPACE,
        name: "Assemblée",
        territory: "Ici",
      });
      member = await signIn(h, await buildMember(h.app, assembly, "member", { name: "Malo" }));
      anonymous = new Visitor(h);
    });

    it("shows where a position and a record come from to its editors only", async () => {
      const record = await buildCommons(h.app, SPACE, admin, {
        name: "Recyclerie du Port",
        places: [place()],
        origin: { source: "csv", id: "ligne-42" },
      });
      const editor = await facilitator.get(url(record.slug));
      assert.match(editor.body, /\(position\s: placée à la main, /);
      assert.match(editor.body, /<h2>Origine<\/h2>/);
      assert.match(editor.body, /csv · ligne-42/);
      for (const visitor of [anonymous, member]) {
        const page = await visitor.get(url(record.slug));
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /12 rue des Lilas, 59000 Lilleville/);
        assert.doesNotMatch(page.body, /position\s:|placée à la main|Origine|ligne-42/);
      }
    });

    it("gives the places as text and data for the small map, a coarse place rounded", async () => {
      const record = await buildCommons(h.app, SPACE, admin, {
        name: "Atelier chez Léa",
        places: [place({ street: "3 impasse Nord", latitude: 50.634567, longitude: 3.061234, coarse: true })],
      });
      const page = await anonymous.get(url(record.slug));
      assert.match(page.body, /latitude 50,63, longitude 3,06/);
      assert.doesNotMatch(page.body, /impasse Nord|50,6345|50\.6345/);
      const data = /data-places="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(data, "the small map's element carries the places");
      const places = JSON.parse(data.replaceAll("&quot;", '"'));
      assert.deepEqual(places, [{ latitude: 50.63, longitude: 3.06, coarse: true, label: "Lilleville" }]);
      assert.match(page.body, /<section class="record-map" hidden/);
      assert.match(page.body, /src="\/assets\/record-map\.js"/);
      const script = await anonymous.get("/assets/record-map.js");
      assert.equal(script.statusCode, 200);
    });

    it("suggests records by their name, accents and case aside", async () => {
      await buildCommons(h.app, SPACE, admin, { name: "Jardin des Écoliers", places: [place()] });
      const response = await anonymous.get(`/espaces/${SPACE}/communs/suggestions.json?q=ecol`);
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json().suggestions, [
        { name: "Jardin des Écoliers", slug: "jardin-des-ecoliers", commune: "Lilleville" },
      ]);
      const short = await anonymous.get(`/espaces/${SPACE}/communs/suggestions.json?q=j`);
      assert.deepEqual(short.json().suggestions, [], "one letter suggests nothing");
      const wild = await anonymous.get(`/espaces/${SPACE}/communs/suggestions.json?q=%25`);
      assert.deepEqual(wild.json().suggestions, [], "a LIKE wildcard is not one");
    });

    it("links a record picked by name without JavaScript: a name, then the list to choose from", async () => {
      const one = await buildCommons(h.app, SPACE, admin, { name: "Fournil solidaire" });
      const a = await buildCommons(h.app, SPACE, admin, { name: "Repair café Nord" });
      const b = await buildCommons(h.app, SPACE, admin, { name: "Repair café Sud" });
      const relate = (other: string) => facilitator.submit(url(one.slug), `${url(one.slug)}/lies`, { other });
      const choices = await relate("repair cafe");
      assert.equal(choices.statusCode, 200);
      assert.match(choices.body, /2 communs correspondent à «\srepair cafe\s»/);
      assert.match(
        choices.body,
        new RegExp(`type="radio" id="other-0" name="other" value="${a.slug}" checked`),
      );
      assert.match(choices.body, new RegExp(`type="radio" id="other-1" name="other" value="${b.slug}"`));
      const picked = await facilitator.submit(url(one.slug), `${url(one.slug)}/lies`, { other: b.slug });
      assert.equal(picked.statusCode, 303);
      const byName = await relate("repair CAFÉ nord");
      assert.equal(byName.statusCode, 303, "an exact name needs no choice");
      const page = await facilitator.get(url(one.slug));
      assert.match(page.body, new RegExp(`href="${url(a.slug)}">Repair café Nord`));
      assert.match(page.body, new RegExp(`href="${url(b.slug)}">Repair café Sud`));
      assert.match(page.body, /list="other-suggestions"/);
      const none = await relate("zzz");
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /Aucun commun de cet annuaire ne correspond à «\szzz\s»/);
    });

    it("asks before merging, shows both records and the result, then leaves one copy of each place", async () => {
      const keep = await buildCommons(h.app, SPACE, admin, {
        name: "Ressourcerie des Lilas",
        places: [place()],
        links: [{ type: "website", url: "https://lilas.example" }],
      });
      const drop = await buildCommons(h.app, SPACE, admin, {
        name: "La ressourcerie",
        places: [
          place({ street: "12 Rue des  LILAS", latitude: null, longitude: null }),
          place({ street: "", commune: "Lilleville", latitude: 50.63, longitude: 3.06 }),
          place({ street: "1 quai Ouest", latitude: 50.64, longitude: 3.07 }),
        ],
        links: [{ type: "website", url: "https://lilas.example" }],
      });
      const search = await facilitator.get(`${url(keep.slug)}/fusionner?autre=ressourcerie`);
      assert.equal(search.statusCode, 200);
      assert.match(search.body, new RegExp(`href="${url(keep.slug)}/fusionner\\?autre=${drop.slug}"`));
      assert.doesNotMatch(
        search.body,
        new RegExp(`autre=${keep.slug}"`),
        "a record is not its own duplicate",
      );
      const confirm = await facilitator.get(`${url(keep.slug)}/fusionner?autre=${drop.slug}`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Fiche gardée/);
      assert.match(confirm.body, /Doublon, supprimé/);
      assert.match(confirm.body, /Après la fusion/);
      assert.match(confirm.body, /2 lieux du doublon sont déjà sur la fiche gardée/);
      assert.match(confirm.body, new RegExp(`name="other" value="${drop.slug}"`));
      assert.equal((await facilitator.get(url(drop.slug))).statusCode, 200, "nothing merged yet");
      const merged = await facilitator.submit(
        `${url(keep.slug)}/fusionner?autre=${drop.slug}`,
        `${url(keep.slug)}/fusionner`,
        { other: drop.slug },
      );
      assert.equal(merged.statusCode, 303);
      assert.equal((await facilitator.get(url(drop.slug))).statusCode, 404);
      const places = await h.db.kysely
        .selectFrom("commons_places")
        .select(["street", "position"])
        .where("commons_id", "=", keep.id)
        .orderBy("position")
        .execute();
      assert.deepEqual(
        places.map((p) => p.street),
        ["12 rue des Lilas", "1 quai Ouest"],
      );
      const page = await facilitator.get(url(keep.slug));
      assert.equal(page.body.match(/12 rue des Lilas, 59000 Lilleville/g)?.length, 1);
    });

    it("keeps the merge page to facilitators", async () => {
      const keep = await buildCommons(h.app, SPACE, admin, { name: "Bricothèque" });
      const response = await member.get(`${url(keep.slug)}/fusionner?autre=x`);
      assert.equal(response.statusCode, 403);
    });
  });
}
