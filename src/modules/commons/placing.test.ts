// Addresses out of the box: `auto` geocoding through the local Addok stub (up, then down), the warning
// after a save that could not place an address, "Placer les adresses" as a job with its progress, and an
// import's places placed after it.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { testConfig, useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildAssembly, signIn } from "../../../test/helpers/factories.ts";
import { startAddokStub } from "../geocoding/fixture.ts";

const FAIDHERBE = { street: "14 place du Général Faidherbe", postcode: "59100", commune: "Roubaix" };
const LILLE = { street: "25 rue de Lille", postcode: "59200", commune: "Tourcoing" };
const MOULIN = { street: "3 rue du Moulin", postcode: "59000", commune: "Lille" };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-placing-"));

for (const dialect of testDialects()) {
  const stub = await startAddokStub([
    { ...FAIDHERBE, latitude: 50.6953, longitude: 3.1852, inseeCode: "59512" },
    { ...LILLE, latitude: 50.7195, longitude: 3.163, inseeCode: "59599" },
    { ...MOULIN, latitude: 50.63, longitude: 3.06, inseeCode: "59350" },
  ]);
  const host = new URL(stub.url).host;

  describe(`placing addresses with the default geocoder [${dialect.name}]`, () => {
    // Jobs wait for the test to run them, so that a job's progress can be seen while it runs; a failed
    // one may be tried again at once.
    const jobs = { ...testConfig().jobs, inServer: false, retryMs: 0 };
    const h = useApp(dialect, { geocoder: "auto", geocoderUrl: stub.url, jobs, dataDir: dir });
    const slug = "assemblee-adresses";
    const ADDRESSES = `/espaces/${slug}/communs/adresses`;
    let facilitator: Visitor;

    before(async () => {
      const admin = await buildAdmin(h.app, "Fanny");
      await buildAssembly(h.app, { by: admin, slug });
      facilitator = await signIn(h, admin);
    });
    after(() => stub.close());

    const create = (name: string, address: typeof FAIDHERBE) =>
      facilitator.submit(`/espaces/${slug}/communs/nouveau`, `/espaces/${slug}/communs`, {
        name,
        kind: "jardin",
        status: "active",
        "places.0.street": address.street,
        "places.0.postcode": address.postcode,
        "places.0.commune": address.commune,
      });
    const placeOf = (name: string) =>
      h.db.kysely
        .selectFrom("commons_places as p")
        .innerJoin("commons as c", "c.id", "p.commons_id")
        .select(["p.latitude", "p.geo_source", "p.geo_failed"])
        .where("c.name", "=", name)
        .executeTakeFirst();

    it("gives a saved address its point from the API, and the page says which and when it answered", async () => {
      const saved = await create("Condition publique", FAIDHERBE);
      assert.equal(saved.statusCode, 303);
      const record = await facilitator.get(String(saved.headers.location));
      assert.doesNotMatch(record.body, /n’a pas pu être placée/);
      assert.deepEqual(await placeOf("Condition publique"), {
        latitude: 50.6953,
        geo_source: "ban",
        geo_failed: null,
      });
      const page = await facilitator.get(ADDRESSES);
      assert.match(page.body, new RegExp(`API nationale des adresses \\(${host}\\)`));
      assert.match(page.body, /<dt>Dernière réponse<\/dt><dd><time datetime="[^"]+">/);
      assert.match(page.body, /1 lieu placé/);
      assert.doesNotMatch(page.body, /Dernière erreur/);
    });

    it("keeps a record whose address could not be placed while the API is down, flags it and says so", async () => {
      await stub.close();
      const saved = await create("Maison du vélo", LILLE);
      assert.equal(saved.statusCode, 303);
      const record = await facilitator.get(String(saved.headers.location));
      assert.match(
        record.body,
        /l’adresse «\s25 rue de Lille 59200 Tourcoing\s» n’a pas pu être placée sur la carte\s: le service de géocodage est indisponible\s; elle sera réessayée/,
      );
      assert.deepEqual(await placeOf("Maison du vélo"), {
        latitude: null,
        geo_source: null,
        geo_failed: "geocode.unavailable",
      });
      const page = await facilitator.get(ADDRESSES);
      assert.match(page.body, /<dt>Dernière erreur<\/dt>/);
      assert.match(page.body, new RegExp(`Le service de géocodage \\(${host}\\) est injoignable`));
      assert.match(page.body, /1 lieu non placé\s: service indisponible, à réessayer/);
      assert.match(page.body, /service de géocodage indisponible, sera réessayée/);
      const asked = await facilitator.submit(ADDRESSES, ADDRESSES, {});
      await Promise.all(await h.app.communs.jobs.startDue(10));
      const following = await facilitator.get(String(asked.headers.location));
      assert.match(
        following.body,
        /Placement interrompu \(service de géocodage indisponible\s: 1 adresse\(s\) en attente\)\s; il reprendra de lui-même plus tard\./,
      );
      assert.equal(following.headers.refresh, undefined, "nothing to follow until it is tried again");
      assert.equal((await placeOf("Maison du vélo"))?.geo_failed, "geocode.unavailable");
    });

    it("places them again with “Placer les adresses”, a job whose progress the page follows", async () => {
      await stub.open();
      const release = stub.pause();
      const asked = await facilitator.submit(ADDRESSES, ADDRESSES, {});
      assert.equal(asked.statusCode, 303);
      const following = String(asked.headers.location);
      assert.match(following, /\/communs\/adresses\?placement=/);
      let page = await facilitator.get(following);
      assert.match(
        page.body,
        /Placement interrompu/,
        "the job that waits to be tried again, not a second one",
      );
      const runs = await h.app.communs.jobs.startDue(10);
      for (let i = 0; i < 100 && !/0 \/ 1 adresses traitées…/.test(page.body); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        page = await facilitator.get(following);
      }
      assert.match(page.body, /0 \/ 1 adresses traitées…/);
      assert.equal(page.headers.refresh, "2");
      assert.doesNotMatch(page.body, />Placer les adresses</, "no second job while one runs");
      release();
      await Promise.all(runs);
      page = await facilitator.get(following);
      assert.match(page.body, /Placement terminé\s: 1 \/ 1 adresses traitées\./);
      assert.equal(page.headers.refresh, undefined, "the finished page stops refreshing");
      assert.match(page.body, /2 lieux placés/);
      assert.equal((await placeOf("Maison du vélo"))?.latitude, 50.7195);
    });

    it("places what an import brings once it is written", async () => {
      const csv = path.join(dir, "annuaire.csv");
      const { street, postcode, commune } = MOULIN;
      fs.writeFileSync(csv, `nom;adresse;code postal;ville\nLe Moulin;${street};${postcode};${commune}\n`);
      const report = await h.app.communs.imports.runFile(
        null,
        slug,
        { path: csv, format: "csv" },
        { dryRun: false },
      );
      assert.equal(report.created, 1);
      assert.equal((await placeOf("Le Moulin"))?.latitude, null, "the import itself does not wait for it");
      const waiting = await facilitator.get(ADDRESSES);
      assert.match(waiting.body, /Placement des adresses en attente de démarrage…/);
      assert.equal(waiting.headers.refresh, "2");
      await h.app.communs.jobs.idle();
      assert.doesNotMatch(
        (await facilitator.get(ADDRESSES)).body,
        /adresses traitées|en attente de démarrage/,
        "a job nobody follows is not shown once done",
      );
      assert.deepEqual(await placeOf("Le Moulin"), { latitude: 50.63, geo_source: "ban", geo_failed: null });
    });
  });
}
