import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exportGeojson, importGeojson } from "./geojson.ts";
import { clean, exportAll, importAll, recordOf, samplePlace, sampleRecord } from "./samples.test-helpers.ts";
import { type ExportRecord, ImportFileError } from "./types.ts";

const exported = (records: ExportRecord[]) => exportAll(exportGeojson, records);
const read = (file: unknown) => importAll(importGeojson, file, {});

const place = (commune: string, latitude: number | null, longitude: number | null, coarse = false) =>
  samplePlace({ commune, latitude, longitude, coarse });

function record(id: string, places: ExportRecord["places"]): ExportRecord {
  const n = id.slice(-2);
  return sampleRecord({ id, slug: `c-${n}`, name: `Commun ${n}`, places });
}

const RECORDS = [
  record("0190a5c4-0000-7000-8000-000000000001", [
    place("Lille", 50.6292, 3.0573),
    place("Sans point", null, null),
    place("Roubaix", 50.6942, 3.1746, true),
  ]),
  record("0190a5c4-0000-7000-8000-000000000002", []),
  record("0190a5c4-0000-7000-8000-000000000003", [place("Nulle part", null, null)]),
];

describe("GeoJSON export", () => {
  it("is an RFC 7946 FeatureCollection: Points in [longitude, latitude], a null geometry without a place", async () => {
    const collection = JSON.parse(await exported(RECORDS));
    assert.equal(collection.type, "FeatureCollection");
    assert.ok(Array.isArray(collection.features));
    for (const feature of collection.features) {
      assert.equal(feature.type, "Feature");
      assert.equal(typeof feature.properties, "object");
      if (feature.geometry === null) continue;
      assert.equal(feature.geometry.type, "Point");
      const [longitude, latitude] = feature.geometry.coordinates;
      assert.equal(feature.geometry.coordinates.length, 2);
      assert.ok(Math.abs(longitude) <= 180 && Math.abs(latitude) <= 90);
    }
    const summary = collection.features.map(
      (f: { geometry: { coordinates: number[] } | null; properties: Record<string, unknown> }) => [
        f.properties.name,
        f.properties.place,
        f.geometry?.coordinates ?? null,
        f.properties.coarse,
        f.properties.commune,
      ],
    );
    assert.deepEqual(summary, [
      ["Commun 01", 0, [3.0573, 50.6292], false, "Lille"],
      ["Commun 01", 2, [3.1746, 50.6942], true, "Roubaix"],
      ["Commun 02", null, null, false, ""],
      ["Commun 03", 0, null, false, "Nulle part"],
    ]);
    assert.equal(collection.features[0].properties.places.length, 3, "each feature carries every place");
  });

  it("reads its features back into one record each, several places included", async () => {
    const items = await read(await exported(RECORDS));
    assert.deepEqual(
      items.map((i) => i.at),
      ["élément 1", "élément 3", "élément 4"],
    );
    assert.deepEqual(
      clean(items[0]).places.map((p) => [p.commune, p.latitude, p.longitude, p.coarse]),
      [
        ["Lille", 50.6292, 3.0573, false],
        ["Sans point", null, null, false],
        ["Roubaix", 50.6942, 3.1746, true],
      ],
    );
  });

  it("takes a point moved in a GIS tool from the feature's geometry", async () => {
    const collection = JSON.parse(await exported(RECORDS.slice(0, 1)));
    collection.features[1].geometry.coordinates = [3.2, 50.7];
    const [item] = await read(collection);
    const roubaix = recordOf(item).places?.[2];
    assert.deepEqual([roubaix?.longitude, roubaix?.latitude], [3.2, 50.7]);
  });
});

describe("GeoJSON import of other files", () => {
  it("reads Point features named nom, name or title, and keeps the address of other geometries", async () => {
    const items = await read({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          id: 7,
          geometry: { type: "Point", coordinates: [3.0573, 50.6292] },
          properties: {
            nom: "La Halle",
            adresse: "1 place du Marché",
            "code postal": "59000",
            ville: "Lille",
            tags: ["marché"],
          },
        },
        {
          type: "Feature",
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [3, 50],
                [3.1, 50],
                [3.1, 50.1],
                [3, 50],
              ],
            ],
          },
          properties: {
            title: "Le Parc",
            city: "Roubaix",
            website: "https://parc.example",
            status: "en sommeil",
          },
        },
        { type: "Feature", geometry: null, properties: { name: "Sans lieu", description: "Du *texte*" } },
        { type: "Feature", geometry: { type: "Point", coordinates: [1, 2] }, properties: { ville: "Lens" } },
        {
          type: "Feature",
          geometry: { type: "Point", coordinates: ["x", 2] },
          properties: { name: "Mauvais point" },
        },
        { type: "Point", coordinates: [1, 2] },
      ],
    });
    assert.equal(items.length, 6);
    const halle = clean(items[0]);
    assert.deepEqual(halle.origin, { source: "geojson", id: "7", revision: null });
    assert.deepEqual(halle.tags, ["marché"]);
    assert.deepEqual(
      halle.places.map((p) => [p.street, p.postcode, p.commune, p.latitude, p.longitude]),
      [["1 place du Marché", "59000", "Lille", 50.6292, 3.0573]],
    );
    const parc = clean(items[1]);
    assert.deepEqual(
      parc.places.map((p) => [p.commune, p.latitude]),
      [["Roubaix", null]],
    );
    assert.deepEqual(parc.links, [{ type: "website", url: "https://parc.example", label: "" }]);
    assert.equal(parc.status, "dormant");
    assert.deepEqual(parc.origin, { source: "geojson", id: "le parc", revision: null });
    const sansLieu = clean(items[2]);
    assert.deepEqual([sansLieu.places, sansLieu.description], [[], "Du *texte*"]);
    assert.deepEqual(items[3], { at: "élément 4", invalid: { key: "import.nameMissing" } });
    assert.throws(() => clean(items[4]), /VALIDATION_FAILED/);
    assert.deepEqual(items[5], { at: "élément 6", invalid: { key: "import.notAFeature" } });
  });

  it("groups consecutive features of one id into one record with several places", async () => {
    const point = (id: string, commune: string, x: number) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [x, 50] },
      properties: { id, name: `Réseau ${id}`, commune },
    });
    const items = await read({
      type: "FeatureCollection",
      features: [
        point("a", "Lille", 3),
        point("a", "Lens", 2.8),
        point("b", "Arras", 2.7),
        point("a", "Douai", 3.1),
      ],
    });
    assert.deepEqual(
      items.map((item) => recordOf(item).places?.map((p) => p.commune)),
      [["Lille", "Lens"], ["Arras"], ["Douai"]],
    );
  });

  it("reads a single Feature and a bare array of features", async () => {
    const feature = { type: "Feature", geometry: null, properties: { name: "Seul" } };
    assert.equal(recordOf((await read(feature))[0]).name, "Seul");
    assert.equal(recordOf((await read([feature, feature]))[1]).name, "Seul");
  });

  it("refuses what is not GeoJSON", async () => {
    for (const file of [
      '{"type":"FeatureCollection"}',
      '{"a":1}',
      '"texte"',
      "42",
      "",
      '{"type":"FeatureCollection","features":[{"type":',
      "\u0000\u0001garbage",
    ]) {
      await assert.rejects(read(file), ImportFileError, file);
    }
  });
});
