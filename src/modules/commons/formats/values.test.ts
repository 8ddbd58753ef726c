import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { fieldOf, originOf, summaryAndDescription } from "./fields.ts";
import { contactKind, joinList, kindOf, linkTypeOf, splitList, statusOf } from "./values.ts";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 50);

describe("list cells", () => {
  it("round-trips any list of items, separators and backslashes included", () => {
    const item = fc
      .array(fc.constantFrom("a", "é", " ", "|", ",", "\\", ";", "x y"), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join("").trim())
      .filter((text) => text !== "");
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (list) => {
        assert.deepEqual(splitList(joinList(list)), list);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it("reads what people type: pipes, or commas when there is no pipe", () => {
    assert.deepEqual(splitList("jardin | compost |  potager "), ["jardin", "compost", "potager"]);
    assert.deepEqual(splitList("jardin, compost"), ["jardin", "compost"]);
    assert.deepEqual(splitList("pain, vin | fromage"), ["pain, vin", "fromage"]);
    assert.deepEqual(splitList("C:\\dossier"), ["C:\\dossier"]);
    assert.equal(joinList(["potager | bio", "a"]), "potager \\| bio | a");
    assert.equal(joinList(["pain, vin"]), "pain\\, vin");
  });
});

describe("names, words and rules", () => {
  it("recognises headers and property names as people write them", () => {
    const cases: [string, string | undefined][] = [
      ["Nom", "name"],
      ["TITLE", "name"],
      ["Résumé", "summary"],
      ["Mots-clés", "tags"],
      ["Thèmes", "tags"],
      ["Code postal", "postcode"],
      ["CP", "postcode"],
      ["postalCode", "postcode"],
      ["addressLocality", "commune"],
      ["Ville", "commune"],
      ["lng", "longitude"],
      ["Site web", "website"],
      ["E-mail", "contact"],
      ["Statut", "status"],
      ["origine_id", "originId"],
      ["couleur préférée", undefined],
    ];
    for (const [header, field] of cases) assert.equal(fieldOf(header), field, header);
  });

  it("reads statuses in French or as codes, and passes other words on", () => {
    assert.equal(statusOf("Actif"), "active");
    assert.equal(statusOf("EN SOMMEIL"), "dormant");
    assert.equal(statusOf("disparu"), "gone");
    assert.equal(statusOf("gone"), "gone");
    assert.equal(statusOf("  "), undefined);
    assert.equal(statusOf("bof"), "bof");
  });

  it("keeps kind slugs and makes slugs of labels", () => {
    assert.equal(kindOf("tiers-lieu"), "tiers-lieu");
    assert.equal(kindOf("Mobilité"), "mobilite");
    assert.equal(kindOf(""), undefined);
  });

  it("follows the origin rule", () => {
    const uuid = "0190A5C4-0000-7000-8000-000000000001";
    assert.deepEqual(originOf("csv", { source: "wiki", id: "P", revision: "3", rowId: uuid }, "X"), {
      source: "wiki",
      id: "P",
      revision: "3",
    });
    assert.deepEqual(originOf("csv", { source: "wiki", rowId: uuid }, "X"), {
      source: "communs",
      id: uuid.toLowerCase(),
      revision: null,
    });
    assert.deepEqual(originOf("geojson", { rowId: 12 }, "X"), {
      source: "geojson",
      id: "12",
      revision: null,
    });
    assert.deepEqual(originOf("csv", {}, "  Le Jardin  d'Été "), {
      source: "csv",
      id: "le jardin d ete",
      revision: null,
    });
  });

  it("guesses link types and contact kinds", () => {
    assert.equal(linkTypeOf("https://www.communecter.org/#@x", "other"), "communecter");
    assert.equal(linkTypeOf("https://www.facebook.com/x", "website"), "social");
    assert.equal(linkTypeOf("https://mastodon.social/@x", "other"), "social");
    assert.equal(linkTypeOf("https://fr.wikipedia.org/wiki/Commun", "other"), "wiki");
    assert.equal(linkTypeOf("https://exemple.fr", "website"), "website");
    assert.equal(linkTypeOf("pas une url", "other"), "other");
    assert.equal(contactKind("a@b.fr"), "email");
    assert.equal(contactKind("+33 (0)3 20 00 00 00"), "phone");
    assert.equal(contactKind("Zoé, le mardi"), "text");
  });

  it("splits a short and a long text into summary and description", () => {
    assert.deepEqual(summaryAndDescription("", "Court."), { summary: "Court.", description: "" });
    assert.deepEqual(summaryAndDescription("", "Deux\nlignes"), { summary: "", description: "Deux\nlignes" });
    assert.deepEqual(summaryAndDescription("Court", "Long"), { summary: "Court", description: "Long" });
    const long = "x".repeat(401);
    assert.deepEqual(summaryAndDescription(long, "Suite"), { summary: "", description: `${long}\n\nSuite` });
  });
});
