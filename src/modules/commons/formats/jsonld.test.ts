import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exportJsonld, importJsonld } from "./jsonld.ts";
import { clean, exportAll, importAll, recordOf, samplePlace, sampleRecord } from "./samples.test-helpers.ts";
import { ImportFileError } from "./types.ts";

const read = (file: unknown) => importAll(importJsonld, file, {});

const RECORD = sampleRecord({
  slug: "tiers-lieu",
  name: "Le Tiers-Lieu",
  summary: "Un lieu ouvert",
  description: "# Histoire\n\nNé en 2016.",
  contact: "bonjour@tiers.example",
  tags: ["café", "atelier"],
  links: [
    { type: "website", url: "https://tiers.example/", label: "Site" },
    { type: "social", url: "https://mastodon.example/@tiers", label: "" },
  ],
  places: [
    samplePlace({
      label: "Le local",
      street: "2 rue Neuve",
      postcode: "59000",
      commune: "Lille",
      inseeCode: "59350",
      latitude: 50.63,
      longitude: 3.06,
      geo: { source: "ban", score: 0.8, at: "2024-01-01T00:00:00.000Z" },
    }),
  ],
  origin: { source: "csv", id: "tiers", revision: null },
});

describe("JSON-LD export", () => {
  it("writes schema.org Organizations with Place, PostalAddress, GeoCoordinates and PropertyValues", async () => {
    const document = JSON.parse(await exportAll(exportJsonld, [RECORD]));
    assert.equal(document["@context"], "https://schema.org");
    const [organization] = document["@graph"];
    assert.equal(organization["@type"], "Organization");
    assert.equal(organization["@id"], RECORD.url);
    assert.equal(organization.name, "Le Tiers-Lieu");
    assert.equal(organization.disambiguatingDescription, "Un lieu ouvert");
    assert.equal(organization.description, "# Histoire\n\nNé en 2016.");
    assert.deepEqual(organization.keywords, ["café", "atelier"]);
    assert.equal(organization.url, "https://tiers.example/");
    assert.deepEqual(organization.sameAs, ["https://mastodon.example/@tiers"]);
    assert.equal(organization.email, "bonjour@tiers.example");
    assert.deepEqual(organization.location[0].address, {
      "@type": "PostalAddress",
      streetAddress: "2 rue Neuve",
      postalCode: "59000",
      addressLocality: "Lille",
      addressCountry: "FR",
    });
    assert.deepEqual(organization.location[0].geo, {
      "@type": "GeoCoordinates",
      latitude: 50.63,
      longitude: 3.06,
    });
    assert.deepEqual(organization.identifier[0], {
      "@type": "PropertyValue",
      propertyID: "communs:id",
      value: RECORD.id,
    });
    assert.ok(
      organization.identifier.some(
        (p: { propertyID: string; value: string }) =>
          p.propertyID === "communs:originSource" && p.value === "csv",
      ),
    );
  });
});

describe("JSON-LD import of other files", () => {
  it("reads a plain array of Organizations and Places, with their address and point", async () => {
    const items = await read([
      {
        "@context": "https://schema.org",
        "@type": ["LocalBusiness"],
        "@id": "https://annuaire.example/b/12",
        name: "La Boulangerie",
        description: "Du pain au levain, cuit au feu de bois.",
        keywords: "pain, levain",
        url: "https://boulangerie.example",
        sameAs: ["https://www.facebook.com/boulangerie", "https://www.communecter.org/#@boul"],
        email: "mailto:pain@boulangerie.example",
        address: {
          "@type": "PostalAddress",
          streetAddress: "4 rue du Four",
          postalCode: "59800",
          addressLocality: "Lille",
          addressCountry: { "@type": "Country", name: "France" },
        },
        geo: { "@type": "GeoCoordinates", latitude: "50.64", longitude: "3.07" },
      },
      {
        "@type": "schema:Place",
        name: "Le Parc",
        address: "Parc de la Citadelle, Lille",
        description: "x".repeat(500),
      },
      { "@type": "Event", name: "Une fête" },
      { name: "Sans type", identifier: "ext-9" },
      "texte",
    ]);
    const boulangerie = clean(items[0]);
    assert.equal(boulangerie.summary, "Du pain au levain, cuit au feu de bois.");
    assert.equal(boulangerie.description, "");
    assert.deepEqual(boulangerie.tags, ["pain", "levain"]);
    assert.equal(boulangerie.contact, "pain@boulangerie.example");
    assert.deepEqual(
      boulangerie.links.map((l) => l.type),
      ["website", "social", "communecter"],
    );
    assert.deepEqual(
      boulangerie.places.map((p) => [p.street, p.postcode, p.commune, p.country, p.latitude, p.longitude]),
      [["4 rue du Four", "59800", "Lille", "FR", 50.64, 3.07]],
    );
    assert.deepEqual(boulangerie.origin, {
      source: "jsonld",
      id: "https://annuaire.example/b/12",
      revision: null,
    });
    const parc = clean(items[1]);
    assert.deepEqual([parc.summary, parc.description.length], ["", 500]);
    assert.deepEqual(
      parc.places.map((p) => [p.label, p.street]),
      [["", "Parc de la Citadelle, Lille"]],
    );
    assert.deepEqual(items[2], {
      at: "élément 3",
      skipped: { key: "import.notACommons", params: { type: "Event" } },
    });
    assert.deepEqual(recordOf(items[3]).origin, { source: "jsonld", id: "ext-9", revision: null });
    assert.deepEqual(items[4], { at: "élément 5", invalid: { key: "import.notAnObject" } });
  });

  it("reads a single object", async () => {
    const items = await read({ "@context": "https://schema.org", "@type": "NGO", name: "Asso" });
    assert.deepEqual(
      items.map((i) => recordOf(i).name),
      ["Asso"],
    );
  });

  it("refuses what is not JSON", async () => {
    for (const file of ['{"@graph":[{"name":', "<html>", "", "null"])
      await assert.rejects(read(file), ImportFileError, file);
  });
});
