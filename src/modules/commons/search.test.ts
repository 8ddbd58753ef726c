// Search by French stems and folded accents, on both databases: the same words find the same records,
// ranked by relevance when a query is given; the match is counted from the page's own query.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildAssembly, buildCommons } from "../../../test/helpers/factories.ts";
import { stems } from "../../core/search.ts";

const SPACE = "assemblee-des-recherches";

describe("search stems", () => {
  it("reduces plurals, verb forms and accents to one stem", () => {
    assert.deepEqual(stems("jardins"), stems("Jardin"));
    assert.deepEqual(stems("reparer"), stems("réparation"));
    assert.deepEqual(stems("répare"), stems("REPARER"));
    assert.deepEqual(stems("vélos"), stems("velo"));
    assert.deepEqual(stems("Tiers-lieux"), stems("tiers lieu"));
    assert.notDeepEqual(stems("jardin"), stems("atelier"));
  });
});

for (const dialect of testDialects()) {
  describe(`directory search [${dialect.name}]`, () => {
    const h = useApp(dialect);
    const search = async (q: string, sort: "relevance" | "name" = "relevance", offset = 0) => {
      const { items, total } = await h.app.communs.commons.list(
        SPACE,
        { text: q },
        { sort, limit: 2, offset },
      );
      return { names: items.map((i) => i.name), total };
    };

    before(async () => {
      const admin = await buildAdmin(h.app, "Alix");
      await buildAssembly(h.app, {
        by: admin,
        slug: SPACE,
        name: "Assemblée des recherches",
        territory: "Ici",
      });
      const add = (name: string, summary: string, description = "") =>
        buildCommons(h.app, SPACE, admin, { name, summary, description });
      await add("Atelier de réparation", "On répare ensemble vélos et grille-pain.");
      await add("Jardin des Lilas", "Des bacs partagés.");
      await add("Grainothèque", "Des graines à échanger.", "Au fond, près du jardin partagé.");
      await add("Café des voisins", "Un lieu pour se retrouver.");
      await add("Jardin d'école", "Des potagers pour les enfants.");
    });

    it("finds a name from its plural and a noun from a verb, accents either way", async () => {
      assert.deepEqual((await search("jardins")).names.sort(), ["Jardin d'école", "Jardin des Lilas"]);
      assert.deepEqual((await search("reparer")).names, ["Atelier de réparation"]);
      assert.deepEqual((await search("RÉPARATIONS")).names, ["Atelier de réparation"]);
      assert.deepEqual((await search("velo")).names, ["Atelier de réparation"]);
      assert.deepEqual((await search("ecoles")).names, ["Jardin d'école"]);
      assert.deepEqual((await search("cafés")).names, ["Café des voisins"]);
      assert.equal((await search("bibliothèque")).total, 0);
    });

    it("ranks the records named by the words above those that mention them", async () => {
      const { names, total } = await search("jardin partagé");
      assert.equal(total, 2);
      assert.deepEqual(names, ["Jardin des Lilas", "Grainothèque"]);
      const ranked = await search("jardin", "relevance");
      assert.equal(ranked.total, 3);
      assert.ok(
        ranked.names.every((n) => n.startsWith("Jardin")),
        `${ranked.names}`,
      );
      assert.deepEqual((await search("jardin", "relevance", 2)).names, ["Grainothèque"]);
    });

    it("sorts by name when asked, and counts every match past the page", async () => {
      const byName = await search("jardin", "name");
      assert.deepEqual(byName, { names: ["Grainothèque", "Jardin d'école"], total: 3 });
      assert.deepEqual(await search("jardin", "name", 10), { names: [], total: 3 });
    });

    it("finds a record again after its name changed, by its new words only", async () => {
      const admin = await buildAdmin(h.app, "Bo");
      const { items } = await h.app.communs.commons.list(
        SPACE,
        { text: "cafe" },
        { sort: "name", limit: 5, offset: 0 },
      );
      const cafe = items[0];
      assert.ok(cafe);
      await h.app.communs.commons.update(admin, cafe.id, { name: "Ressourcerie des voisins" });
      assert.equal((await search("ressourceries")).total, 1);
      assert.equal((await search("cafe")).total, 0);
    });
  });
}
