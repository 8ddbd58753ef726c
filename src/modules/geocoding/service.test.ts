import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { loadConfig } from "../../config.ts";
import { GeocodingError } from "../../core/geocoding.ts";
import { type AddokStub, startAddokStub } from "./fixture.ts";
import { buildLocalIndex, createGeocoder, geocoderStatus, recordIndexBuilt } from "./service.ts";

const BAN = path.join(import.meta.dirname, "../../../test/fixtures/ban/adresses-sample.csv");
const FAIDHERBE = { street: "14 place du Général Faidherbe", postcode: "59100", commune: "Roubaix" };

for (const dialect of testDialects()) {
  describe(`the geocoder the settings choose [${dialect.name}]`, () => {
    let t: TestDatabase;
    let stub: AddokStub;
    before(async () => {
      t = await dialect.create();
      stub = await startAddokStub([
        { ...FAIDHERBE, latitude: 50.6953, longitude: 3.1852, inseeCode: "59512" },
      ]);
    });
    after(async () => {
      await stub.close();
      await t.drop();
    });
    const settings = (env: NodeJS.ProcessEnv = {}) => ({
      db: t.db,
      config: loadConfig({ COMMUNS_GEOCODER_URL: stub.url, ...env }),
    });

    it("is `auto` by default: the Addok API while no index is built, and says when it answered", async () => {
      const before = await geocoderStatus(settings());
      assert.deepEqual(
        { kind: before.kind, answeredAt: before.answeredAt, failure: before.failure },
        { kind: "api", answeredAt: null, failure: null },
      );
      assert.equal(before.host, new URL(stub.url).host);
      const found = await createGeocoder(settings())?.geocode({ ...FAIDHERBE, country: "FR" });
      assert.deepEqual([found?.latitude, found?.longitude, found?.source], [50.6953, 3.1852, "ban"]);
      assert.deepEqual(stub.searches, ["14 place du Général Faidherbe 59100 Roubaix"]);
      const status = await geocoderStatus(settings());
      assert.ok(status.answeredAt && Date.now() - Date.parse(status.answeredAt) < 60_000);
    });

    it("keeps the last failure when the API is down, with the time it failed", async () => {
      const down = await startAddokStub([]);
      await down.close();
      const geocoder = createGeocoder(settings({ COMMUNS_GEOCODER_URL: down.url }));
      await assert.rejects(
        geocoder?.geocode({ ...FAIDHERBE, country: "FR" }) ?? Promise.resolve(),
        (error) => error instanceof GeocodingError && error.key === "geocoding.unreachable",
      );
      const { failure } = await geocoderStatus(settings());
      assert.equal(failure?.key, "geocoding.unreachable");
      assert.equal(failure?.params.host, new URL(down.url).host);
    });

    it("turns to the local index once one is built, and says when it was built", async () => {
      await buildLocalIndex(t.db.kysely, Readable.from([readFileSync(BAN)]));
      await recordIndexBuilt(t.db);
      const searched = stub.searches.length;
      const found = await createGeocoder(settings())?.geocode({
        street: "12 rue de l'Épeule",
        postcode: "59100",
        commune: "Roubaix",
        country: "FR",
      });
      assert.equal(found?.source, "local-index");
      assert.equal(stub.searches.length, searched);
      const status = await geocoderStatus(settings());
      assert.equal(status.kind, "local");
      assert.ok(status.indexBuiltAt);
      assert.equal((await geocoderStatus(settings({ COMMUNS_GEOCODER: "addok" }))).kind, "api");
      assert.equal((await geocoderStatus(settings({ COMMUNS_GEOCODER: "none" }))).kind, "none");
      assert.equal(createGeocoder(settings({ COMMUNS_GEOCODER: "none" })), null);
    });
  });
}
