import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { fold } from "./commons.ts";
import { addressText, GeocodingError, isFrench, splitStreet } from "./geocoding.ts";

describe("splitStreet", () => {
  it("splits a number, a repetition index and the folded street name", () => {
    assert.deepEqual(splitStreet("12 bis rue de la Paix"), {
      number: 12,
      rep: "bis",
      name: "rue de la paix",
    });
    assert.deepEqual(splitStreet("12bis, Rue de la Paix"), {
      number: 12,
      rep: "bis",
      name: "rue de la paix",
    });
    assert.deepEqual(splitStreet("  7 TER  Rue Pierre-de-Roubaix"), {
      number: 7,
      rep: "ter",
      name: "rue pierre de roubaix",
    });
  });

  it("reads a letter stuck to the number as the repetition index", () => {
    assert.deepEqual(splitStreet("12B rue de la Paix"), { number: 12, rep: "b", name: "rue de la paix" });
    assert.deepEqual(splitStreet("103a, rue de Roubaix"), { number: 103, rep: "a", name: "rue de roubaix" });
  });

  it("keeps a spaced letter or a stuck abbreviation in the name", () => {
    assert.deepEqual(splitStreet("12 r de la Paix"), { number: 12, rep: "", name: "r de la paix" });
    assert.deepEqual(splitStreet("12bd de la Liberté"), { number: 12, rep: "", name: "bd de la liberte" });
  });

  it("takes the first number of a range", () => {
    assert.deepEqual(splitStreet("12-14 rue de Lille"), { number: 12, rep: "", name: "rue de lille" });
  });

  it("gives no number to a street without one", () => {
    assert.deepEqual(splitStreet("Rue de l'Épeule"), { number: null, rep: "", name: "rue de l epeule" });
    assert.deepEqual(splitStreet("La Marlière"), { number: null, rep: "", name: "la marliere" });
    assert.deepEqual(splitStreet(""), { number: null, rep: "", name: "" });
    assert.deepEqual(splitStreet("123456 rue"), { number: null, rep: "", name: "123456 rue" });
  });

  it("finds back any number, index and name it is given", () => {
    const word = fc.constantFrom(
      "de",
      "la",
      "Paix",
      "Épeule",
      "l'Église",
      "Lille",
      "Œuvre",
      "Général",
      "Leclerc",
    );
    const street = fc.tuple(
      fc.constantFrom("rue", "Avenue", "place", "Chemin", "allée", "Impasse"),
      fc.array(word, { maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99999 }),
        fc.constantFrom("", "bis", "ter", "quater", "BIS"),
        fc.constantFrom(" ", "", "  "),
        street,
        (number, rep, separator, [type, words]) => {
          const name = [type, ...words].join(" ");
          const line = `${number}${rep ? `${separator}${rep}` : ""} ${name}`;
          assert.deepEqual(splitStreet(line), { number, rep: rep.toLowerCase(), name: fold(name) });
        },
      ),
    );
  });
});

describe("addressText", () => {
  it("joins the parts a geocoder reads, without empty ones or extra spaces", () => {
    const query = { street: " 12  bis rue de la Paix ", postcode: "59100", commune: "Roubaix" };
    assert.equal(addressText(query), "12 bis rue de la Paix 59100 Roubaix");
    assert.equal(addressText({ street: "", postcode: "", commune: "Tourcoing" }), "Tourcoing");
  });

  it("stays within Addok's 200 characters", () => {
    assert.equal(addressText({ street: "a".repeat(300), postcode: "59100", commune: "" }).length, 200);
  });
});

describe("isFrench", () => {
  it("takes an empty country as France", () => {
    assert.equal(isFrench({ country: "" }), true);
    assert.equal(isFrench({ country: "fr" }), true);
    assert.equal(isFrench({ country: "BE" }), false);
  });
});

describe("GeocodingError", () => {
  it("carries a message key and its parameters", () => {
    const error = new GeocodingError("geocoding.status", { status: 503 });
    assert.ok(error instanceof Error);
    assert.equal(error.key, "geocoding.status");
    assert.deepEqual(error.params, { status: 503 });
    assert.equal(error.message, "geocoding.status");
  });
});
