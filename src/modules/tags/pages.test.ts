import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildChamber,
  buildCommons,
  buildMember,
  signIn,
} from "../../../test/helpers/factories.ts";
import { stemmed } from "../../core/search.ts";
import { fieldMessage, translate } from "../../web/i18n.ts";
import type { Person } from "../accounts/service.ts";

/** Text as the page shows it: the French message (or its key until merged), HTML-escaped. */
function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}
const fr = (key: string, params?: Record<string, string | number>) => html(translate("fr", key, params));
const frField = (key: string) => html(fieldMessage("fr", key));

/** The part of a vocabulary page between two section headings. */
function section(page: string, id: string, nextId?: string): string {
  const start = page.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `section ${id} missing`);
  const end = nextId ? page.indexOf(`id="${nextId}"`, start) : page.length;
  return page.slice(start, end < 0 ? page.length : end);
}

const SPACE = "lilleville";
const VOCABULARY = `/espaces/${SPACE}/etiquettes`;

for (const dialect of testDialects()) {
  describe(`tag vocabulary over HTTP [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let fanny: Visitor;
    let bea: Visitor;
    let fannyActor: Person;
    let familyId = "";

    function record(name: string, tags: string[]) {
      return buildCommons(h.app, SPACE, fannyActor, { name, tags });
    }

    async function tagRow(slug: string) {
      return h.db.kysely.selectFrom("tags").selectAll().where("slug", "=", slug).executeTakeFirst();
    }

    async function carriersOf(slug: string) {
      const rows = await h.db.kysely
        .selectFrom("commons_tags as ct")
        .innerJoin("tags as t", "t.id", "ct.tag_id")
        .innerJoin("commons as c", "c.id", "ct.commons_id")
        .select("c.name")
        .where("t.slug", "=", slug)
        .execute();
      return rows.map((r) => r.name).sort();
    }

    before(async () => {
      const adminPerson = await buildAdmin(h.app, "Alice Admin");
      const assembly = await buildAssembly(h.app, {
        by: adminPerson,
        slug: SPACE,
        name: "Assemblée des communs de Lilleville",
        territory: "Lilleville",
      });
      await buildChamber(h.app, {
        by: adminPerson,
        slug: "chambre-velo",
        name: "Chambre vélo",
        theme: "vélo",
      });
      fannyActor = await buildMember(h.app, assembly, "facilitator", { name: "Fanny Facilitatrice" });
      fanny = await signIn(h, fannyActor);
      bea = await signIn(h, await buildMember(h.app, assembly, "member", { name: "Béa Commoneuse" }));
    });

    it("shows an empty vocabulary to anyone, and its forms to facilitators only", async () => {
      const anonymous = await new Visitor(h).get(VOCABULARY);
      assert.equal(anonymous.statusCode, 200);
      assert.match(anonymous.body, new RegExp(fr("tags.noFamilies")));
      assert.match(anonymous.body, new RegExp(fr("tags.noFree")));
      assert.doesNotMatch(anonymous.body, /action="\/espaces\/lilleville\/etiquettes\/familles"/);
      const member = await bea.get(VOCABULARY);
      assert.doesNotMatch(member.body, /action="\/espaces\/lilleville\/etiquettes"/);
      const facilitator = await fanny.get(VOCABULARY);
      assert.match(facilitator.body, /action="\/espaces\/lilleville\/etiquettes\/familles"/);
      assert.match(facilitator.body, /action="\/espaces\/lilleville\/etiquettes"/);
      assert.equal((await fanny.get("/espaces/chambre-velo/etiquettes")).statusCode, 404);
    });

    it("lets a facilitator create a family, then a governed tag with synonyms", async () => {
      const family = await fanny.submit(VOCABULARY, `${VOCABULARY}/familles`, { name: "Thèmes" });
      assert.equal(family.statusCode, 303);
      assert.equal(family.headers.location, VOCABULARY);
      familyId = (/action="\/espaces\/lilleville\/etiquettes\/familles\/([0-9a-f-]{36})"/.exec(
        (await fanny.get(VOCABULARY)).body,
      ) ?? [])[1] as string;
      assert.ok(familyId);
      assert.match(fanny.lastHtml, new RegExp(fr("tags.familyCreated", { name: "Thèmes" })));
      const created = await fanny.submit(VOCABULARY, VOCABULARY, {
        label: "Jardin partagé",
        family: familyId,
        description: "Jardins cultivés ensemble.",
        synonyms: "potager, Jardins collectifs, potager, jardin partage",
      });
      assert.equal(created.statusCode, 303);
      assert.equal(created.headers.location, `${VOCABULARY}/jardin-partage`);
      const page = await fanny.get(`${VOCABULARY}/jardin-partage`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Jardin partagé<\/h1>/);
      assert.match(page.body, /Jardins cultivés ensemble\./);
      assert.match(page.body, /Jardins collectifs, potager/);
      assert.match(page.body, new RegExp(fr("tags.inFamily", { name: "Thèmes" })));
      assert.match(page.body, /href="\/espaces\/lilleville\/communs\?tag=jardin-partage"/);
      assert.match(page.body, /href="\/espaces\/lilleville\/carte\?tag=jardin-partage"/);
      const synonyms = await h.db.kysely
        .selectFrom("tag_synonyms")
        .select("label")
        .orderBy("label")
        .execute();
      assert.deepEqual(
        synonyms.map((s) => s.label),
        ["Jardins collectifs", "potager"],
      );
      const events = await h.db.kysely.selectFrom("audit_events").select("action").execute();
      assert.ok(events.some((e) => e.action === "tags.created"));
      assert.ok(events.some((e) => e.action === "tags.familyCreated"));
    });

    it("puts a record tagged with a synonym on the governed tag, and lists families, governed and free tags apart", async () => {
      await record("Le Potager du Square", ["Potager", "Vélo"]);
      assert.deepEqual(await carriersOf("jardin-partage"), ["Le Potager du Square"]);
      assert.equal((await tagRow("velo"))?.governed, 0);
      const page = (await bea.get(VOCABULARY)).body;
      const families = section(page, "families", "free-tags");
      const free = section(page, "free-tags");
      assert.match(families, /<h3 id="family-[^"]+">Thèmes<\/h3>/);
      assert.match(families, /href="\/espaces\/lilleville\/etiquettes\/jardin-partage">Jardin partagé<\/a>/);
      assert.match(families, new RegExp(fr("tags.count", { count: 1 })));
      assert.doesNotMatch(families, /etiquettes\/velo"/);
      assert.match(free, /href="\/espaces\/lilleville\/etiquettes\/velo">Vélo<\/a>/);
      assert.doesNotMatch(free, /jardin-partage/);
      const tagPage = await bea.get(`${VOCABULARY}/jardin-partage`);
      assert.match(
        tagPage.body,
        /href="\/espaces\/lilleville\/communs\/le-potager-du-square">Le Potager du Square<\/a>/,
      );
      assert.doesNotMatch(
        tagPage.body,
        /action="\/espaces\/lilleville\/etiquettes\/jardin-partage\/fusionner"/,
      );
    });

    it("answers the vocabulary as JSON, documented in the OpenAPI document", async () => {
      const response = await h.app.inject({ method: "GET", url: `/api/v1/spaces/${SPACE}/tags` });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.deepEqual(body.families, [
        {
          name: "Thèmes",
          tags: [
            {
              slug: "jardin-partage",
              label: "Jardin partagé",
              synonyms: ["Jardins collectifs", "potager"],
              count: 1,
            },
          ],
        },
      ]);
      assert.deepEqual(body.free, [{ slug: "velo", label: "Vélo", synonyms: [], count: 1 }]);
      const missing = await h.app.inject({ method: "GET", url: "/api/v1/spaces/nulle-part/tags" });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error, "SPACE_NOT_FOUND");
      const doc = (await h.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
      assert.deepEqual(doc.paths["/api/v1/spaces/{slug}/tags"].get.tags, ["tags"]);
    });

    it("merges tags: records move without duplicates, labels and synonyms become synonyms", async () => {
      await record("Les Potagers de la Gare", ["Potagers urbains"]);
      await record("Jardin des Voisins", ["Potagers urbains", "Jardin partagé"]);
      const compost = await fanny.submit(VOCABULARY, VOCABULARY, {
        label: "Compost",
        family: familyId,
        synonyms: "compostage",
      });
      assert.equal(compost.statusCode, 303);
      await record("Composteur de quartier", ["Compostage"]);
      const first = await fanny.submit(
        `${VOCABULARY}/potagers-urbains`,
        `${VOCABULARY}/potagers-urbains/fusionner`,
        {
          into: "jardin-partage",
        },
      );
      assert.equal(first.statusCode, 303);
      assert.equal(first.headers.location, `${VOCABULARY}/jardin-partage`);
      const second = await fanny.submit(`${VOCABULARY}/compost`, `${VOCABULARY}/compost/fusionner`, {
        into: "jardin-partage",
      });
      assert.equal(second.statusCode, 303);
      assert.equal(await tagRow("potagers-urbains"), undefined);
      assert.equal(await tagRow("compost"), undefined);
      assert.deepEqual(await carriersOf("jardin-partage"), [
        "Composteur de quartier",
        "Jardin des Voisins",
        "Le Potager du Square",
        "Les Potagers de la Gare",
      ]);
      const page = await fanny.get(`${VOCABULARY}/jardin-partage`);
      assert.match(page.body, /Compost, compostage, Jardins collectifs, potager, Potagers urbains/);
      assert.equal((await fanny.get(`${VOCABULARY}/compost`)).statusCode, 404);
      const later = await record("Jardin Nord", ["potagers-urbains"]);
      assert.deepEqual(
        later.tagRefs.map((t) => t.slug),
        ["jardin-partage"],
      );
      const merged = await h.db.kysely
        .selectFrom("audit_events")
        .select("before")
        .where("action", "=", "tags.merged")
        .execute();
      assert.equal(merged.length, 2);
    });

    it("refuses every change of the vocabulary to a plain member (403) and to anonymous visitors", async () => {
      const tagsBefore = await h.db.kysely.selectFrom("tags").selectAll().orderBy("id").execute();
      const posts: [string, Record<string, string>][] = [
        [`${VOCABULARY}/familles`, { name: "Pirates" }],
        [`${VOCABULARY}/familles/${familyId}`, { name: "Pirates", position: "1" }],
        [VOCABULARY, { label: "Pirate", family: familyId, synonyms: "" }],
        [`${VOCABULARY}/jardin-partage`, { label: "Pirate", family: familyId, synonyms: "" }],
        [`${VOCABULARY}/velo`, { integrate: "1", family: familyId }],
        [`${VOCABULARY}/velo/fusionner`, { into: "jardin-partage" }],
        [`${VOCABULARY}/velo/supprimer`, { confirm: "1" }],
      ];
      for (const [action, fields] of posts) {
        const response = await bea.submit(VOCABULARY, action, fields);
        assert.equal(response.statusCode, 403, action);
        assert.match(response.body, new RegExp(html(translate("fr", "error.FORBIDDEN"))));
      }
      const anonymous = new Visitor(h);
      const refused = await anonymous.submit("/connexion", `${VOCABULARY}/velo/supprimer`, { confirm: "1" });
      assert.equal(refused.statusCode, 401);
      assert.deepEqual(await h.db.kysely.selectFrom("tags").selectAll().orderBy("id").execute(), tagsBefore);
      assert.equal((await h.db.kysely.selectFrom("tag_families").selectAll().execute()).length, 1);
    });

    it("explains bad input next to the field with a 400 page, never a 500", async () => {
      const cases: [string, string, Record<string, string>, string, string][] = [
        [VOCABULARY, `${VOCABULARY}/familles`, { name: "  " }, "name", "field.required"],
        [VOCABULARY, `${VOCABULARY}/familles`, { name: "thèmes" }, "name", "tags.familyTaken"],
        [VOCABULARY, VOCABULARY, { label: "x".repeat(61), family: familyId }, "label", "field.tooLong.60"],
        [VOCABULARY, VOCABULARY, { label: "Vélos", family: "" }, "family", "tags.familyRequired"],
        [VOCABULARY, VOCABULARY, { label: "Vélos", family: "inconnue" }, "family", "tags.familyUnknown"],
        [VOCABULARY, VOCABULARY, { label: "VELO", family: familyId }, "label", "tags.labelTaken"],
        [VOCABULARY, VOCABULARY, { label: "Potager !", family: familyId }, "label", "tags.labelIsSynonym"],
        [VOCABULARY, VOCABULARY, { label: "a, b", family: familyId }, "label", "tags.labelSeparator"],
        [VOCABULARY, VOCABULARY, { label: "!!!", family: familyId }, "label", "tags.labelNoLetters"],
        [
          VOCABULARY,
          VOCABULARY,
          { label: "Cyclisme", family: familyId, synonyms: "bicyclette, vélo" },
          "synonyms",
          "tags.synonymIsTag",
        ],
        [
          VOCABULARY,
          VOCABULARY,
          { label: "Maraîchage", family: familyId, synonyms: "Potager" },
          "synonyms",
          "tags.synonymTaken",
        ],
        [
          `${VOCABULARY}/jardin-partage`,
          `${VOCABULARY}/jardin-partage`,
          { label: "Jardin partagé", family: familyId, synonyms: "vélo" },
          "synonyms",
          "tags.synonymIsTag",
        ],
        [
          `${VOCABULARY}/jardin-partage`,
          `${VOCABULARY}/jardin-partage/fusionner`,
          { into: "" },
          "into",
          "tags.mergeTargetUnknown",
        ],
        [
          `${VOCABULARY}/jardin-partage`,
          `${VOCABULARY}/jardin-partage/fusionner`,
          { into: "jardin-partage" },
          "into",
          "tags.mergeSelf",
        ],
        [
          `${VOCABULARY}/jardin-partage`,
          `${VOCABULARY}/jardin-partage/supprimer`,
          {},
          "confirm",
          "tags.confirmDelete",
        ],
        [VOCABULARY, `${VOCABULARY}/velo`, { integrate: "1", family: "" }, "family", "tags.familyRequired"],
        [
          VOCABULARY,
          `${VOCABULARY}/familles/${familyId}`,
          { name: "Thèmes", position: "7" },
          "position",
          "tags.positionInvalid",
        ],
      ];
      for (const [page, action, fields, field, key] of cases) {
        const response = await fanny.submit(page, action, fields);
        assert.equal(response.statusCode, 400, `${action} ${JSON.stringify(fields)}`);
        assert.match(response.body, new RegExp(frField(key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), key);
        assert.match(
          response.body,
          /class="field has-error"|class="field checkbox has-error"|class="error"/,
          field,
        );
      }
      const kept = await fanny.submit(VOCABULARY, VOCABULARY, {
        label: "Cyclisme",
        family: familyId,
        description: "Tout ce qui roule",
        synonyms: "bicyclette, vélo",
      });
      assert.match(kept.body, /value="bicyclette, vélo"/);
      assert.match(kept.body, /Tout ce qui roule<\/textarea>/);
      assert.equal(
        (await fanny.submit(VOCABULARY, `${VOCABULARY}/inconnue`, { label: "X" })).statusCode,
        404,
      );
      const odd = await fanny.request({
        method: "POST",
        url: VOCABULARY,
        payload: `_csrf=${encodeURIComponent(fanny.csrfToken())}&label=a&label=b&family[x]=1`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(odd.statusCode, 400);
      assert.equal(await tagRow("cyclisme"), undefined);
    });

    it("renames and moves families", async () => {
      assert.equal(
        (await fanny.submit(VOCABULARY, `${VOCABULARY}/familles`, { name: "Publics" })).statusCode,
        303,
      );
      const ids = [
        ...(await fanny.get(VOCABULARY)).body.matchAll(/etiquettes\/familles\/([0-9a-f-]{36})"/g),
      ].map((m) => m[1]);
      assert.equal(ids[0], familyId);
      const moved = await fanny.submit(VOCABULARY, `${VOCABULARY}/familles/${ids[1]}`, {
        name: "Publics accueillis",
        position: "1",
      });
      assert.equal(moved.statusCode, 303);
      const page = (await fanny.get(VOCABULARY)).body;
      assert.ok(page.indexOf(">Publics accueillis</h3>") < page.indexOf(">Thèmes</h3>"));
    });

    it("integrates a free tag into the vocabulary, edits it, and deletes tags", async () => {
      const integrated = await fanny.submit(VOCABULARY, `${VOCABULARY}/velo`, {
        integrate: "1",
        family: familyId,
      });
      assert.equal(integrated.statusCode, 303);
      assert.equal((await tagRow("velo"))?.governed, 1);
      const edited = await fanny.submit(`${VOCABULARY}/velo`, `${VOCABULARY}/velo`, {
        label: "Vélo et cyclisme",
        family: familyId,
        description: "",
        synonyms: "bicyclette",
      });
      assert.equal(edited.statusCode, 303);
      assert.equal(edited.headers.location, `${VOCABULARY}/velo`);
      assert.equal((await tagRow("velo"))?.label, "Vélo et cyclisme");
      const search = await h.db.kysely
        .selectFrom("commons")
        .select("search_text")
        .where("slug", "=", "le-potager-du-square")
        .executeTakeFirstOrThrow();
      assert.ok(search.search_text.includes(stemmed("Vélo et cyclisme")), search.search_text);

      await record("Atelier", ["Réparation"]);
      await h.db.kysely.deleteFrom("commons").where("slug", "=", "atelier").execute();
      const unused = await fanny.submit(`${VOCABULARY}/reparation`, `${VOCABULARY}/reparation/supprimer`, {});
      assert.equal(unused.statusCode, 303);
      assert.equal(await tagRow("reparation"), undefined);

      const carried = await fanny.submit(`${VOCABULARY}/velo`, `${VOCABULARY}/velo/supprimer`, {
        confirm: "1",
      });
      assert.equal(carried.statusCode, 303);
      assert.equal(await tagRow("velo"), undefined);
      const still = await h.db.kysely
        .selectFrom("commons")
        .select("name")
        .where("slug", "=", "le-potager-du-square");
      assert.ok(await still.executeTakeFirst(), "records are kept, only the tag goes");
    });

    it("tells a free tag called « familles » from the families' form", async () => {
      await record("Maison des familles", ["Familles"]);
      const page = await fanny.get(`${VOCABULARY}/familles`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Familles<\/h1>/);
      const edited = await fanny.submit(`${VOCABULARY}/familles`, `${VOCABULARY}/familles`, {
        label: "Familles",
        family: familyId,
        synonyms: "parentalité",
      });
      assert.equal(edited.statusCode, 303);
      assert.equal(edited.headers.location, `${VOCABULARY}/familles`);
      assert.equal((await tagRow("familles"))?.governed, 1);
      const merged = await fanny.submit(`${VOCABULARY}/familles`, `${VOCABULARY}/familles/fusionner`, {
        into: "jardin-partage",
      });
      assert.equal(merged.statusCode, 303);
      assert.equal(await tagRow("familles"), undefined);
      const created = await fanny.submit(VOCABULARY, VOCABULARY, { label: "Familles!", family: familyId });
      assert.equal(created.statusCode, 400, "now a synonym of Jardin partagé");
    });

    it("escapes a tag label on the vocabulary page and on the tag's page", async () => {
      const label = `<script>alert("x")</script>`;
      const created = await fanny.submit(VOCABULARY, VOCABULARY, {
        label,
        family: familyId,
        description: "<b>gras</b>",
        synonyms: `<img src=x onerror=alert(1)>`,
      });
      assert.equal(created.statusCode, 303);
      const slug = String(created.headers.location).split("/").pop() as string;
      await record("Commun <i>piégé</i>", [label, `"><svg onload=alert(2)>`]);
      for (const url of [VOCABULARY, `${VOCABULARY}/${slug}`, `${VOCABULARY}/svg-onload-alert-2`]) {
        const response = await bea.get(url);
        assert.equal(response.statusCode, 200, url);
        assert.doesNotMatch(response.body, /<script>alert/);
        assert.doesNotMatch(response.body, /<img src=x/);
        assert.doesNotMatch(response.body, /<svg onload/);
        assert.doesNotMatch(response.body, /<b>gras/);
        assert.doesNotMatch(response.body, /<i>piégé/);
      }
      const tagPage = (await fanny.get(`${VOCABULARY}/${slug}`)).body;
      assert.match(tagPage, /<h1>&lt;script>alert\(&quot;x&quot;\)&lt;\/script><\/h1>/);
      assert.match(tagPage, /Commun &lt;i>piégé&lt;\/i>/);
    });
  });
}
