import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  contactKind,
  fieldOf,
  type JsonItem,
  joinList,
  jsonItems,
  kindOf,
  linkTypeOf,
  originOf,
  splitList,
  statusOf,
  summaryAndDescription,
} from "./common.ts";
import { ImportFileError } from "./types.ts";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 50);

async function items(text: string, keys: string[] = ["features"]): Promise<JsonItem[]> {
  const found: JsonItem[] = [];
  for await (const item of jsonItems(Readable.from([Buffer.from(text)]), keys)) found.push(item);
  return found;
}

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

describe("JSON items", () => {
  it("streams a top-level array, or the array under a key, or gives the object itself", async () => {
    assert.deepEqual(
      (await items('[1, {"a": [2, {"b": 3}]}, "x"]')).map((i) => i.value),
      [1, { a: [2, { b: 3 }] }, "x"],
    );
    assert.deepEqual(
      await items(
        '{"type": "FeatureCollection", "name": {"x": [1]}, "features": [{"f": 1}, {"f": 2}], "bbox": [0]}',
      ),
      [
        { value: { f: 1 }, index: 0, root: false },
        { value: { f: 2 }, index: 1, root: false },
      ],
    );
    assert.deepEqual(await items('{"type": "Feature", "features": 3}'), [
      { value: { type: "Feature", features: 3 }, index: 0, root: true },
    ]);
    assert.deepEqual(await items('{"other": [1, 2]}'), [{ value: { other: [1, 2] }, index: 0, root: true }]);
    assert.deepEqual(await items('\ufeff{"data": []}', ["data"]), []);
  });

  it("throws ImportFileError for what is not a JSON array or object", async () => {
    for (const text of ["", "  ", "42", '"x"', "[1, 2", '{"a": 1}}', "{'a': 1}", "[1] [2]"]) {
      await assert.rejects(items(text), ImportFileError, JSON.stringify(text));
    }
  });

  it("stops reading the file when the reader stops", async () => {
    let pulled = 0;
    async function* endless() {
      yield "[";
      for (;;) {
        pulled++;
        yield '{"x": 1},';
      }
    }
    const input = Readable.from(endless());
    for await (const item of jsonItems(input, [])) if (item.index === 10) break;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(input.destroyed);
    assert.ok(pulled < 100_000, `pulled ${pulled}`);
  });
});
