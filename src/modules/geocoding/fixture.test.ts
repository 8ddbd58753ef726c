import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GeocodingError } from "../../core/geocoding.ts";
import { createFixtureGeocoder } from "./fixture.ts";

const geocoder = createFixtureGeocoder([
  {
    street: "14 place du Général Faidherbe",
    postcode: "59100",
    commune: "Roubaix",
    latitude: 50.6953,
    longitude: 3.1852,
    inseeCode: "59512",
  },
  {
    street: "25 rue de Lille",
    postcode: "59200",
    commune: "Tourcoing",
    latitude: 50.7195,
    longitude: 3.163,
    score: 0.8,
  },
  {
    street: "1 rue Panne",
    postcode: "59000",
    commune: "Lille",
    latitude: 50.63,
    longitude: 3.06,
    error: "geocoding.timeout",
  },
]);

describe("fixture geocoder", () => {
  it("answers the addresses it knows, whatever their case, accents and punctuation", async () => {
    const found = await geocoder.geocode({
      street: "14, PLACE DU GENERAL FAIDHERBE",
      postcode: "59100",
      commune: "roubaix",
      country: "FR",
    });
    assert.equal(geocoder.source, "fixture");
    assert.deepEqual(found, {
      latitude: 50.6953,
      longitude: 3.1852,
      score: 1,
      source: "ban",
      label: "14 place du Général Faidherbe 59100 Roubaix",
      street: "14 place du Général Faidherbe",
      postcode: "59100",
      commune: "Roubaix",
      inseeCode: "59512",
    });
    assert.equal(geocoder.calls.at(-1)?.street, "14, PLACE DU GENERAL FAIDHERBE");
  });

  it("answers null for an address it does not know", async () => {
    const unknown = { street: "25 rue de Lille", postcode: "59100", commune: "Roubaix", country: "FR" };
    assert.equal(await geocoder.geocode(unknown), null);
  });

  it("throws the error an entry names", async () => {
    await assert.rejects(
      geocoder.geocode({ street: "1 rue Panne", postcode: "59000", commune: "Lille", country: "FR" }),
      (error: unknown) => error instanceof GeocodingError && error.key === "geocoding.timeout",
    );
  });

  it("reverse-geocodes to the nearest entry that answers", async () => {
    assert.equal((await geocoder.reverse(50.72, 3.16))?.commune, "Tourcoing");
    assert.equal((await geocoder.reverse(50.69, 3.19))?.commune, "Roubaix");
    assert.equal(
      (await geocoder.reverse(50.63, 3.06))?.commune,
      "Tourcoing",
      "the failing entry is left out",
    );
    assert.equal(await createFixtureGeocoder([]).reverse(50.7, 3.1), null);
  });
});
