import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  addressProblems,
  checkCommons,
  DEFAULT_KINDS,
  emptyPlace,
  fold,
  likelyDuplicate,
  nameSimilarity,
  publicPlace,
} from "./commons.ts";
import { DomainError } from "./errors.ts";
import { can } from "./policy.ts";

const KINDS = DEFAULT_KINDS.map((k) => k.slug);

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return Object.keys(error.fields).sort();
  }
}

describe("the canonical commons record", () => {
  it("folds case, accents, ligatures and punctuation for search and matching", () => {
    assert.equal(fold("École  des Œuvres, l’Épeule !"), "ecole des oeuvres l epeule");
    assert.equal(fold("Jardins PARTAGÉS"), "jardins partages");
  });

  it("cleans a record: one-line fields, tags deduplicated by their folded form, decimal commas", () => {
    const record = checkCommons(
      {
        name: "  Jardin\n des  Lilas ",
        kind: "jardin",
        tags: ["Jardinage", "jardinage ", "JARDINAGÉ", "", "Quartier"],
        places: [{ ...emptyPlace(), postcode: "59 000", latitude: "50,63" as never, longitude: 3.06 }],
      },
      KINDS,
    );
    assert.equal(record.name, "Jardin des Lilas");
    assert.deepEqual(record.tags, ["Jardinage", "Quartier"]);
    assert.equal(record.places[0]?.postcode, "59000");
    assert.equal(record.places[0]?.latitude, 50.63);
    assert.equal(record.status, "active");
  });

  it("names every bad field", () => {
    assert.deepEqual(
      fieldsOf(() =>
        checkCommons(
          {
            name: "",
            kind: "inconnu",
            status: "vivant" as never,
            places: [{ ...emptyPlace(), inseeCode: "ABCDE", latitude: 95, longitude: 3, country: "France" }],
            links: [{ type: "website", url: "javascript:alert(1)", label: "" }],
          },
          KINDS,
        ),
      ),
      [
        "kind",
        "links.0.url",
        "name",
        "places.0.country",
        "places.0.inseeCode",
        "places.0.latitude",
        "status",
      ],
    );
    assert.deepEqual(
      fieldsOf(() => checkCommons({ name: "X", places: [{ ...emptyPlace(), latitude: 50 }] }, KINDS)),
      ["places.0.longitude"],
    );
  });

  it("never throws anything but a validation error, whatever comes in", () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        try {
          checkCommons(raw as never, KINDS);
        } catch (error) {
          assert.ok(error instanceof DomainError && error.code === "VALIDATION_FAILED", String(error));
        }
      }),
    );
  });

  it("tells likely duplicates: nearly the same name, or a similar name in the same place", () => {
    assert.ok(nameSimilarity("Jardins partagés du Faubourg", "Jardin partagé du Faubourg") > 0.6);
    const here = [{ postcode: "59100", commune: "Roubaix" }];
    assert.ok(likelyDuplicate({ name: "Repair café", places: [] }, { name: "Repair Café", places: [] }));
    assert.ok(
      likelyDuplicate({ name: "Repair café Épeule", places: here }, { name: "Repair café", places: here }),
    );
    assert.ok(
      !likelyDuplicate({ name: "Repair café Épeule", places: [] }, { name: "Repair café", places: [] }),
    );
    assert.ok(!likelyDuplicate({ name: "Fablab", places: here }, { name: "Grainothèque", places: here }));
  });

  it("shows a coarse place as its commune only, rounded to about a kilometre", () => {
    const home = {
      ...emptyPlace(),
      street: "3 rue Privée",
      commune: "Roubaix",
      latitude: 50.691234,
      longitude: 3.171234,
    };
    assert.deepEqual(publicPlace({ ...home, coarse: true }), {
      ...home,
      coarse: true,
      street: "",
      latitude: 50.69,
      longitude: 3.17,
    });
    assert.equal(publicPlace(home), home);
  });

  it("flags what is missing or doubtful in addresses, and points far from the others", () => {
    const at = (latitude: number | null, longitude: number | null, extra = {}) => ({
      street: "1 rue",
      postcode: "59100",
      latitude,
      longitude,
      geoScore: 0.9,
      geoSource: "ban",
      geoFailed: null,
      ...extra,
    });
    const problems = addressProblems([
      at(50.69, 3.17),
      at(50.7, 3.16),
      at(50.68, 3.18),
      at(48.85, 2.35),
      at(50.69, 3.17, { geoScore: 0.3 }),
      at(null, null, { street: "", postcode: "" }),
      at(null, null, { geoFailed: "geocode.notFound" }),
      at(null, null, { geoFailed: "geocode.unavailable" }),
    ]);
    assert.deepEqual(problems, [
      [],
      [],
      [],
      ["outside"],
      ["lowScore"],
      ["noStreet", "noPostcode", "noCoordinates"],
      ["geocodeFailed"],
      ["geocodeUnavailable"],
    ]);
  });

  it("lets members create, the creator, commoners and facilitators edit, facilitators curate", () => {
    const member = { role: "member", status: "active" };
    const facilitator = { role: "facilitator", status: "active" };
    const ana = { id: "ana", isAdmin: false };
    const record = (createdBy: string | null, confirmedCommoner = false) => ({
      createdBy,
      confirmedCommoner,
    });
    assert.ok(can(ana, "commons.create", { membership: member }));
    assert.ok(!can(ana, "commons.create", { membership: { role: "member", status: "pending" } }));
    assert.ok(!can(undefined, "commons.create", { membership: member }));
    assert.ok(can(ana, "commons.edit", { commons: record("ana") }));
    assert.ok(can(ana, "commons.edit", { commons: record(null, true) }));
    assert.ok(!can(ana, "commons.edit", { membership: member, commons: record("bob") }));
    assert.ok(can(ana, "commons.edit", { membership: facilitator, commons: record("bob") }));
    assert.ok(!can(ana, "commons.curate", { membership: member, commons: record("ana") }));
    assert.ok(can({ id: "root", isAdmin: true }, "commons.curate", {}));
  });
});
