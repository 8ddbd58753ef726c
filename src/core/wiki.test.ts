import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fullTitle, parseTitle, revisionSha1, revisionSize } from "./wiki.ts";

describe("wiki titles and hashes", () => {
  it("reads titles as readers type them and as MediaWiki encodes them", () => {
    assert.deepEqual(parseTitle("Catégorie:Communs_de_Lille"), { ns: 14, title: "Communs de Lille" });
    assert.deepEqual(parseTitle("Category:communs"), { ns: 14, title: "Communs" });
    assert.deepEqual(parseTitle("Cat%C3%A9gorie:Communs"), { ns: 14, title: "Communs" });
    assert.deepEqual(parseTitle("Soirée jeux : l'hiver"), { ns: 0, title: "Soirée jeux : l'hiver" });
    assert.deepEqual(parseTitle("fichier:Logo.png"), { ns: 6, title: "Logo.png" });
    assert.deepEqual(parseTitle("Page#Section"), { ns: 0, title: "Page" });
    assert.equal(parseTitle("Spécial:Recherche"), null);
    assert.equal(parseTitle("a[b]"), null);
    assert.equal(parseTitle("  "), null);
    assert.equal(fullTitle({ ns: 10, title: "Fiche commun" }), "Modèle:Fiche commun");
  });

  it("hashes revisions as MediaWiki's dumps do (base 36, padded to 31)", () => {
    assert.equal(revisionSha1(""), "phoiac9h4m842xq45sp7s6u21eteeq1");
    assert.equal(revisionSha1("x").length, 31);
    assert.equal(revisionSize("é"), 2);
  });
});
