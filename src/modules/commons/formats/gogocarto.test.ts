import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exportGogocarto, importGogocarto } from "./gogocarto.ts";
import { clean, exportAll, importAll, recordOf, samplePlace, sampleRecord } from "./samples.test-helpers.ts";
import { ImportFileError } from "./types.ts";

const read = (file: unknown) => importAll(importGogocarto, file, {});

const RECORD = sampleRecord({
  slug: "recyclerie",
  name: "La Recyclerie",
  summary: "Réemploi",
  description: "Tout se répare.",
  status: "dormant",
  contact: "03 20 00 00 00",
  tags: ["réemploi", "vélo"],
  links: [{ type: "website", url: "https://recyclerie.example/", label: "" }],
  places: [
    samplePlace({ street: "1 rue Haute", postcode: "59000", commune: "Lille" }),
    samplePlace({
      label: "Atelier",
      street: "9 rue Basse",
      postcode: "59100",
      commune: "Roubaix",
      latitude: 50.69,
      longitude: 3.17,
    }),
  ],
});

describe("GoGoCarto export", () => {
  it("writes elements with the fields GoGoCarto reads", async () => {
    const [element] = JSON.parse(await exportAll(exportGogocarto, [RECORD]));
    assert.equal(element.id, RECORD.id);
    assert.equal(element.name, "La Recyclerie");
    assert.deepEqual(element.geo, { latitude: 50.69, longitude: 3.17 }, "the first place with coordinates");
    assert.deepEqual(element.address, {
      streetAddress: "9 rue Basse",
      postalCode: "59100",
      addressLocality: "Roubaix",
      addressCountry: "FR",
    });
    assert.deepEqual(element.categories, ["Lieu", "réemploi", "vélo"]);
    assert.equal(element.description, "Réemploi");
    assert.equal(element.descriptionMore, "Tout se répare.");
    assert.equal(element.website, "https://recyclerie.example/");
    assert.equal(element.telephone, "03 20 00 00 00");
    assert.equal(element.email, undefined);
    assert.equal(element.openHours, undefined);
    assert.equal(element.status, undefined, "GoGoCarto's status is its moderation state");
    assert.equal(element.sourceKey, "Lille");
    assert.equal(element.communs.status, "dormant");
  });
});

describe("GoGoCarto import of other files", () => {
  it("reads GoGoCarto's API answer, one element at a time", async () => {
    const items = await read({
      licence: "https://opendatacommons.org/licenses/odbl/summary/",
      ontology: "gogofull",
      data: [
        {
          id: "a1B2",
          name: "Le Repair Café",
          geo: { latitude: 50.63, longitude: 3.06 },
          address: {
            streetNumber: "12",
            streetAddress: "rue Nationale",
            postalCode: "59000",
            addressLocality: "Lille",
            addressCountry: "FR",
          },
          categories: ["10427", "10431"],
          categoriesFull: [
            { id: 10427, name: "Réparation", index: 0 },
            { id: 10431, name: "Vélo", index: 1 },
          ],
          description: "On répare ensemble.",
          descriptionMore: "Chaque premier samedi.",
          email: "hidden",
          telephone: "0320000000",
          website: "https://repair.example",
          openHours: { Mo: "09:00-12:00" },
          status: 1,
          sourceKey: "Carto des communs",
        },
        { id: 77, name: "Effacé", status: -4, geo: { latitude: 1, longitude: 1 } },
        {
          title: "Ancienne forme",
          lat: "50,5",
          lng: "3,1",
          categories: "pain, levain",
          address: "Place du Marché",
        },
        { id: "0190a5c4-0000-7000-8000-0000000000ff", name: "Un des nôtres" },
        { description: "Sans nom" },
      ],
    });
    assert.equal(items.length, 5);
    const repair = clean(items[0]);
    assert.equal(repair.summary, "On répare ensemble.");
    assert.equal(repair.description, "Chaque premier samedi.");
    assert.deepEqual(repair.tags, ["Réparation", "Vélo"]);
    assert.equal(repair.contact, "0320000000");
    assert.deepEqual(repair.links, [{ type: "website", url: "https://repair.example", label: "" }]);
    assert.deepEqual(
      repair.places.map((p) => [p.street, p.postcode, p.commune, p.latitude, p.longitude]),
      [["12 rue Nationale", "59000", "Lille", 50.63, 3.06]],
    );
    assert.equal(repair.status, "active");
    assert.deepEqual(repair.origin, { source: "gogocarto", id: "a1B2", revision: null });
    assert.deepEqual(items[1], {
      at: "élément 2",
      skipped: { key: "import.gogocartoUnpublished", params: { status: -4 } },
    });
    const old = clean(items[2]);
    assert.equal(old.name, "Ancienne forme");
    assert.deepEqual(old.tags, ["pain", "levain"]);
    assert.deepEqual(
      old.places.map((p) => [p.street, p.latitude, p.longitude]),
      [["Place du Marché", 50.5, 3.1]],
    );
    assert.deepEqual(old.origin, { source: "gogocarto", id: "ancienne forme", revision: null });
    assert.deepEqual(recordOf(items[3]).origin, {
      source: "communs",
      id: "0190a5c4-0000-7000-8000-0000000000ff",
      revision: null,
    });
    assert.deepEqual(items[4], { at: "élément 5", invalid: { key: "import.nameMissing" } });
  });

  it("reads a top-level array and refuses what is not JSON", async () => {
    assert.equal(recordOf((await read([{ name: "Seul" }]))[0]).name, "Seul");
    for (const file of ["[{", "{]", "true"]) await assert.rejects(read(file), ImportFileError, file);
  });
});
