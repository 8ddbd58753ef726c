import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { loadConfig } from "../../config.ts";
import { type AddressQuery, GeocodingError } from "../../core/geocoding.ts";
import { createLocalGeocoder } from "./local-index.ts";
import { buildLocalIndex, countLocalIndex, createGeocoder } from "./service.ts";

const SAMPLE = readFileSync(path.join(import.meta.dirname, "../../../test/fixtures/ban/adresses-sample.csv"));
const HEADER = SAMPLE.toString("utf8").split("\n")[0] as string;
/** Rows of the sample with a number and a position; two more are skipped. */
const SAMPLE_ROWS = 30;

function stream(bytes: Buffer | string, chunkSize = 1024): Readable {
  const buffer = Buffer.from(bytes);
  const chunks: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += chunkSize) chunks.push(buffer.subarray(at, at + chunkSize));
  return Readable.from(chunks);
}

function query(street: string, postcode: string, commune = ""): AddressQuery {
  return { street, postcode, commune, country: "FR" };
}

async function rejectsWith(promise: Promise<unknown>, key: string): Promise<GeocodingError> {
  let caught: unknown;
  await promise.catch((error: unknown) => {
    caught = error;
  });
  assert.ok(caught instanceof GeocodingError, `expected a GeocodingError, got ${String(caught)}`);
  assert.equal(caught.key, key);
  return caught;
}

/** `count` rows on one long fictional street, to cross several batches and transactions. */
function bigCsv(count: number): string {
  const lines = [HEADER];
  for (let n = 1; n <= count; n++) {
    const lat = (50.7 + n * 1e-6).toFixed(6);
    lines.push(
      `59350_9999_${String(n).padStart(5, "0")};59350_9999;${n};;Rue Longue;59000;59350;Lille;;;703000.00;7059000.00;3.050000;${lat};entrée;;;LILLE;RUE LONGUE;commune;commune;1;`,
    );
  }
  return `${lines.join("\n")}\n`;
}

for (const dialect of testDialects()) {
  describe(`local BAN index [${dialect.name}]`, () => {
    let t: TestDatabase;
    const geocoder = () => createLocalGeocoder(t.db.kysely);

    before(async () => {
      t = await dialect.create();
    });
    after(() => t.drop());

    it("indexes a BAN CSV, skipping rows without a number or a position", async () => {
      const progress: number[] = [];
      const result = await buildLocalIndex(t.db.kysely, stream(SAMPLE), (rows) => progress.push(rows));
      assert.deepEqual(result, { rows: SAMPLE_ROWS, skipped: 2 });
      assert.equal(await countLocalIndex(t.db.kysely), SAMPLE_ROWS);
      assert.deepEqual(progress, [SAMPLE_ROWS]);
      const bis = await t.db.kysely
        .selectFrom("geo_addresses")
        .selectAll()
        .where("id", "=", "59512_2210_00012_bis")
        .executeTakeFirstOrThrow();
      assert.deepEqual(bis, {
        id: "59512_2210_00012_bis",
        number: "12 bis",
        street: "Rue de l'Épeule",
        street_folded: "rue de l epeule",
        postcode: "59100",
        insee_code: "59512",
        commune: "Roubaix",
        commune_folded: "roubaix",
        latitude: 50.68963,
        longitude: 3.1664,
      });
    });

    it("re-indexing the same file, gzipped, leaves the same rows", async () => {
      const result = await buildLocalIndex(t.db.kysely, stream(gzipSync(SAMPLE), 1));
      assert.deepEqual(result, { rows: SAMPLE_ROWS, skipped: 2 });
      assert.equal(await countLocalIndex(t.db.kysely), SAMPLE_ROWS);
    });

    it("finds an address whatever its case and accents, by postcode", async () => {
      const found = await geocoder().geocode(query("12 RUE DE L'EPEULE", "59100"));
      assert.deepEqual(found, {
        latitude: 50.68962,
        longitude: 3.16634,
        score: 1,
        source: "local-index",
        label: "12 Rue de l'Épeule 59100 Roubaix",
        street: "12 Rue de l'Épeule",
        postcode: "59100",
        commune: "Roubaix",
        inseeCode: "59512",
      });
    });

    it("finds an address by commune when there is no postcode", async () => {
      const found = await geocoder().geocode(query("12, rue de l’Épeule", "", "ROUBAIX"));
      assert.equal(found?.label, "12 Rue de l'Épeule 59100 Roubaix");
      assert.equal(found?.score, 1);
    });

    it("tells the same street name apart in two communes", async () => {
      const roubaix = await geocoder().geocode(query("4 rue de Lille", "59100"));
      const tourcoing = await geocoder().geocode(query("27 rue de Lille", "", "Tourcoing"));
      assert.equal(roubaix?.inseeCode, "59512");
      assert.equal(tourcoing?.inseeCode, "59599");
      assert.equal(
        await geocoder()
          .geocode(query("27 rue de Lille", "59100"))
          .then((r) => r?.score),
        0.6,
      );
    });

    it("finds the commune's street when the postcode is wrong", async () => {
      const found = await geocoder().geocode(query("103 rue de Roubaix", "59000", "Tourcoing"));
      assert.equal(found?.street, "103 Rue de Roubaix");
    });

    it("matches the repetition index, and scores another index of the same number lower", async () => {
      const bis = await geocoder().geocode(query("12 bis rue de l'Épeule", "59100"));
      assert.equal(bis?.street, "12 bis Rue de l'Épeule");
      assert.equal(bis?.latitude, 50.68963);
      assert.equal(bis?.score, 1);
      const ter = await geocoder().geocode(query("12 ter rue de l'Épeule", "59100"));
      assert.equal(ter?.street, "12 Rue de l'Épeule", "the plain number before another index");
      assert.equal(ter?.score, 0.9);
      const onlyTer = await geocoder().geocode(query("7 rue Pierre de Roubaix", "59100"));
      assert.equal(onlyTer?.score, 1);
      const letter = await geocoder().geocode(query("103A rue de Roubaix", "59200"));
      assert.equal(letter?.street, "103 a Rue de Roubaix");
      assert.equal(letter?.score, 1);
    });

    it("falls back to the street's middle number, with a lower score", async () => {
      const street = await geocoder().geocode(query("Rue de l'Épeule", "59100"));
      assert.equal(street?.score, 0.6);
      assert.equal(street?.street, "Rue de l'Épeule");
      assert.equal(street?.label, "Rue de l'Épeule 59100 Roubaix");
      assert.equal(street?.latitude, 50.68964, "the point of number 14, the middle of 10…18");
      const unknownNumber = await geocoder().geocode(query("40 rue de l'Épeule", "59100"));
      assert.equal(unknownNumber?.score, 0.6);
    });

    it("finds a lieu-dit used as a street name", async () => {
      const found = await geocoder().geocode(query("5 La Marliere", "59200"));
      assert.equal(found?.label, "5 La Marlière 59200 Tourcoing");
    });

    it("answers null for an unknown address, a foreign one or an empty street", async () => {
      assert.equal(await geocoder().geocode(query("12 rue de la Paix", "59100")), null);
      assert.equal(await geocoder().geocode(query("12 rue de l'Épeule", "", "Lille")), null);
      assert.equal(
        await geocoder().geocode({ ...query("12 rue de l'Épeule", "59100"), country: "BE" }),
        null,
      );
      assert.equal(await geocoder().geocode(query("", "59100", "Roubaix")), null);
    });

    it("reverse-geocodes to the nearest address", async () => {
      const nearBis = await geocoder().reverse(50.689631, 3.166395);
      assert.equal(nearBis?.street, "12 bis Rue de l'Épeule");
      assert.ok((nearBis?.score ?? 0) > 0.99);
      // About 900 m east of Tourcoing's rue de Roubaix: found by growing the search box.
      const farther = await geocoder().reverse(50.7183, 3.184);
      assert.equal(farther?.label, "103 a Rue de Roubaix 59200 Tourcoing");
      assert.ok((farther?.score ?? 1) < 0.2);
      assert.equal(await geocoder().reverse(48.8566, 2.3522), null, "nothing near Paris");
    });

    it("looks past the search box when the point found sits in its corner", async () => {
      // Around (45, 5), far from the other rows: A in the corner of the first box, B nearer but outside it.
      const scale = Math.cos((45 * Math.PI) / 180);
      const row = (id: string, lat: number, lon: number) =>
        `38185_0001_${id};38185_0001;${Number(id)};;Rue du Coin;38000;38185;Grenoble;;;;;${lon.toFixed(6)};${lat.toFixed(6)};entrée;;;GRENOBLE;RUE DU COIN;commune;commune;1;`;
      const csv = [HEADER, row("00001", 45.0019, 5 + 0.0019 / scale), row("00002", 45.0022, 5)].join("\n");
      await buildLocalIndex(t.db.kysely, stream(csv));
      try {
        assert.equal((await geocoder().reverse(45, 5))?.street, "2 Rue du Coin");
      } finally {
        await t.db.kysely.deleteFrom("geo_addresses").where("insee_code", "=", "38185").execute();
      }
    });

    it("updates a row whose position changed on re-indexing", async () => {
      const moved = SAMPLE.toString("utf8").replace(
        "59599_2110_00014;59599_2110;14;;Rue Nationale;59200;59599;Tourcoing;;;711276.23;7069677.27;3.159400;50.723700",
        "59599_2110_00014;59599_2110;14;;Rue Nationale;59200;59599;Tourcoing;;;711276.23;7069677.27;3.159420;50.723710",
      );
      assert.notEqual(moved, SAMPLE.toString("utf8"));
      await buildLocalIndex(t.db.kysely, stream(moved));
      const found = await geocoder().geocode(query("14 rue Nationale", "59200"));
      assert.equal(found?.latitude, 50.72371);
      assert.equal(await countLocalIndex(t.db.kysely), SAMPLE_ROWS);
    });

    it("indexes in batches and reports progress after each", async () => {
      const progress: number[] = [];
      const result = await buildLocalIndex(t.db.kysely, stream(bigCsv(12_000), 64 * 1024), (rows) =>
        progress.push(rows),
      );
      assert.deepEqual(result, { rows: 12_000, skipped: 0 });
      assert.deepEqual(progress, [5000, 10_000, 12_000]);
      assert.equal(await countLocalIndex(t.db.kysely), SAMPLE_ROWS + 12_000);
      const found = await geocoder().geocode(query("11999 rue Longue", "59000"));
      assert.equal(found?.latitude, 50.711999);
    });

    it("answers for `auto` (the default) once built, as for `local`; Addok and none are the others", async () => {
      // Nothing listens there: an answer can only come from the index.
      const offline = { COMMUNS_GEOCODER_URL: "http://127.0.0.1:9/geocodage" };
      const choose = (env: NodeJS.ProcessEnv) =>
        createGeocoder({ db: t.db, config: loadConfig({ ...offline, ...env }) });
      const auto = choose({});
      assert.equal(auto?.source, "auto");
      assert.equal((await auto?.geocode(query("12 rue de l'Épeule", "59100")))?.inseeCode, "59512");
      const local = choose({ COMMUNS_GEOCODER: "local" });
      assert.equal(local?.source, "local-index");
      assert.equal((await local?.geocode(query("12 rue de l'Épeule", "59100")))?.inseeCode, "59512");
      assert.equal(choose({ COMMUNS_GEOCODER: "addok" })?.source, "ban");
      assert.equal(choose({ COMMUNS_GEOCODER: "none" }), null);
    });

    it("refuses a file that is not a BAN CSV, a broken line, a broken gzip or an empty file", async () => {
      const db = t.db.kysely;
      const before = await countLocalIndex(db);
      const notBan = await rejectsWith(
        buildLocalIndex(
          db,
          stream("nom;adresse;ville\nLa Condition Publique;14 place du Général Faidherbe;Roubaix\n"),
        ),
        "geocoding.index.not_ban",
      );
      assert.match(String(notBan.params.missing), /numero, rep, nom_voie.*lon, lat/);
      const brokenLine = `${HEADER}\n59512_2210_00010;59512_2210;10;;Rue de l'Épeule;59100\n`;
      const bad = await rejectsWith(buildLocalIndex(db, stream(brokenLine)), "geocoding.index.bad_line");
      assert.equal(bad.params.line, 2);
      const truncated = gzipSync(SAMPLE).subarray(0, 200);
      await rejectsWith(buildLocalIndex(db, stream(truncated)), "geocoding.index.bad_file");
      await rejectsWith(buildLocalIndex(db, stream("")), "geocoding.index.empty_file");
      assert.equal(await countLocalIndex(db), before);
    });
  });
}
