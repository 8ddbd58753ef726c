// The directory's commands as an operator runs them: import a real MediaWiki export, export every
// format, build the local geocoding index from a BAN CSV and geocode the places that lack a position.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { fold } from "../src/core/commons.ts";
import { type TestDatabase, testDialects } from "./helpers/db.ts";
import { MEDIAWIKI_FIXTURES } from "./helpers/fixtures.ts";

const run = promisify(execFile);
const BIN = path.resolve("bin/communs.js");
const FIXTURES = MEDIAWIKI_FIXTURES;
const BAN = path.resolve("test/fixtures/ban/adresses-sample.csv");
const PAGES = JSON.parse(fs.readFileSync(path.join(FIXTURES, "expected/pages.json"), "utf8")).pages as {
  title: string;
  ns: number;
  latest_revid: number;
  categories_rendered: string[];
  template_calls?: { name: string }[];
}[];
const CATEGORY_PREFIX = `${JSON.parse(fs.readFileSync(path.join(FIXTURES, "expected/siteinfo.json"), "utf8")).query.namespaces["14"].name}:`;
/** What the wiki says its commons pages are: those that call the infobox, from MediaWiki's own parse. */
const COMMONS_PAGES = PAGES.filter(
  (p) => p.ns === 0 && (p.template_calls ?? []).some((c) => c.name === "Fiche commun"),
);

for (const dialect of testDialects()) {
  describe(`the directory's commands [${dialect.name}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-cli-commons-"));
    let database: TestDatabase | undefined;
    let env: NodeJS.ProcessEnv = {};
    const communs = (args: string[]) => run(process.execPath, [BIN, ...args], { env });

    before(async () => {
      env = { ...process.env, LOG_LEVEL: "warn", COMMUNS_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" };
      if (dialect.name === "postgres") {
        database = await dialect.create({ migrated: false });
        env.DATABASE_URL = database.url;
      }
      await communs([
        "user",
        "create",
        "--email",
        "op@exemple.test",
        "--name",
        "Op",
        "--password",
        "un mot de passe solide",
        "--admin",
      ]);
      await communs([
        "space",
        "create",
        "--kind",
        "assembly",
        "--name",
        "Assemblée du wiki",
        "--slug",
        "wiki",
        "--territory",
        "Nord",
      ]);
    });
    after(async () => {
      await database?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("tries, then imports the commons pages of a MediaWiki export, and a second import changes nothing", async () => {
      const file = path.join(FIXTURES, "xml/wikicommunsdev-full.xml.gz");
      const args = [
        "import",
        "commons",
        "--space",
        "wiki",
        "--format",
        "mediawiki",
        "--template",
        "Fiche commun",
      ];
      const dry = await communs([...args, "--dry-run", file]);
      assert.match(dry.stdout, /Essai \(rien n’a été écrit\)/);
      assert.match(dry.stdout, new RegExp(`créés : ${COMMONS_PAGES.length}\\b`));
      const first = await communs([...args, file]);
      assert.match(first.stdout, new RegExp(`créés : ${COMMONS_PAGES.length}\\b`), first.stdout);
      assert.match(first.stdout, /Redirection vers/);
      const again = await communs([...args, file]);
      assert.match(again.stdout, /créés : 0\b/);
      assert.match(again.stdout, new RegExp(`inchangés : ${COMMONS_PAGES.length}\\b`));

      const out = path.join(dir, "wiki.geojson");
      await communs(["export", "commons", "--space", "wiki", "--format", "geojson", "--out", out]);
      const geojson = JSON.parse(fs.readFileSync(out, "utf8"));
      assert.equal(geojson.type, "FeatureCollection");
      const names = new Set(geojson.features.map((f: { properties: { name: string } }) => f.properties.name));
      assert.equal(names.size, COMMONS_PAGES.length);
      for (const page of COMMONS_PAGES) {
        const feature = geojson.features.find(
          (f: { properties: { origin: { id: string } } }) => f.properties.origin?.id === page.title,
        );
        assert.ok(feature, `${page.title} was imported`);
        assert.equal(feature.properties.origin.revision, String(page.latest_revid));
        // Categories, those the template adds included, became tags.
        for (const category of page.categories_rendered)
          assert.ok(
            feature.properties.tags.map(fold).includes(fold(category.replace(CATEGORY_PREFIX, ""))),
            `${page.title}: ${category}`,
          );
      }
    });

    it("writes every export format to a file, and refuses to overwrite one", async () => {
      for (const format of ["csv", "jsonld", "gogocarto"]) {
        const out = path.join(dir, `wiki.${format}`);
        await communs(["export", "commons", "--space", "wiki", "--format", format, "--out", out]);
        assert.ok(fs.statSync(out).size > 100);
      }
      assert.ok(
        fs
          .readFileSync(path.join(dir, "wiki.csv"))
          .subarray(0, 3)
          .equals(Buffer.from([0xef, 0xbb, 0xbf])),
      );
      await assert.rejects(
        communs([
          "export",
          "commons",
          "--space",
          "wiki",
          "--format",
          "csv",
          "--out",
          path.join(dir, "wiki.csv"),
        ]),
      );
    });

    it("explains a wrong format, a missing template and a broken file, writing nothing", async () => {
      const usage = await communs(["import", "commons", "--space", "wiki", "--format", "xls", BAN]).catch(
        (e) => e,
      );
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--format vaut/);
      const noTemplate = await communs([
        "import",
        "commons",
        "--space",
        "wiki",
        "--format",
        "mediawiki",
        BAN,
      ]).catch((e) => e);
      assert.match(noTemplate.stderr, /--template/);
      const broken = await communs([
        "import",
        "commons",
        "--space",
        "wiki",
        "--format",
        "mediawiki",
        "--template",
        "Fiche commun",
        BAN,
      ]).catch((e) => e);
      assert.equal(broken.code, 1);
      assert.match(broken.stdout, /rien n’a été écrit : Ce fichier n’est pas un export XML de MediaWiki/);
    });

    it("builds the local geocoding index from a BAN CSV and geocodes the places without a position", async () => {
      const indexed = await communs(["geocode", "index", BAN]);
      assert.match(indexed.stdout, /Adresses indexées : \d+/);
      const csv = path.join(dir, "a-placer.csv");
      fs.writeFileSync(
        csv,
        "nom;adresse;code postal;ville\nAtelier de l'Épeule;12 bis rue de l'Epeule;59100;Roubaix\nNulle part;1 rue Imaginaire;59100;Roubaix\n",
      );
      // Imported while geocoding is off (as the test runner sets it): the places are never tried.
      await communs(["import", "commons", "--space", "wiki", "--format", "csv", csv]);
      // `auto` finds the index just built (the API's address, from the test runner, answers nothing).
      const auto = { ...env, COMMUNS_GEOCODER: "auto" };
      const geocode = (args: string[]) =>
        run(process.execPath, [BIN, "geocode", "run", "--space", "wiki", ...args], { env: auto });
      const geocoded = await geocode([]);
      assert.match(geocoded.stdout, /Lieux géocodés : 1 sur \d+/);
      // What was not found waits for --retry; nothing else is left.
      assert.match((await geocode([])).stdout, /Lieux géocodés : 0 sur 0 /);
      const retried = await geocode(["--retry"]);
      assert.match(retried.stdout, /Lieux géocodés : 0 sur [1-9]\d* /);
      const out = path.join(dir, "placed.geojson");
      await communs([
        "export",
        "commons",
        "--space",
        "wiki",
        "--format",
        "geojson",
        "--q",
        "epeule",
        "--out",
        out,
      ]);
      const feature = JSON.parse(fs.readFileSync(out, "utf8")).features[0];
      assert.equal(feature.geometry.type, "Point");
      assert.equal(feature.properties.places[0].geo.source, "local-index");
    });

    it("verifies a chamber's ledger from the command line; an assembly has none", async () => {
      await communs([
        "space",
        "create",
        "--kind",
        "chamber",
        "--name",
        "Vérifiée",
        "--slug",
        "verifiee",
        "--theme",
        "argent",
      ]);
      const sound = await communs(["ledger", "verify", "--space", "verifiee"]);
      assert.match(sound.stdout, /Grand livre vérifié/);
      for (const slug of ["nulle-part", "wiki"]) {
        const unknown = await communs(["ledger", "verify", "--space", slug]).catch((e) => e);
        assert.equal(unknown.code, 1);
        assert.match(unknown.stderr, /Cet espace n’existe pas/);
      }
    });

    it("imports donations from HelloAsso and a bank statement: a preview, then once only, and the books stay sound", async () => {
      await communs([
        "space",
        "create",
        "--kind",
        "chamber",
        "--name",
        "Chambre des dons",
        "--slug",
        "dons",
        "--theme",
        "argent",
      ]);
      const helloasso = path.resolve("test/fixtures/donations/helloasso-paiements.csv");
      const args = ["ledger", "import-donations", "--space", "dons", "--source", "helloasso"];
      const dry = await communs([...args, "--dry-run", helloasso]);
      assert.match(dry.stdout, /Essai \(rien n’a été écrit\)/);
      const booked = Number(/dons enregistrés : (\d+)/.exec(dry.stdout)?.[1]);
      assert.ok(booked > 0, dry.stdout);
      const first = await communs([...args, helloasso]);
      assert.match(first.stdout, new RegExp(`dons enregistrés : ${booked}\\b`));
      const again = await communs([...args, helloasso]);
      assert.match(again.stdout, /dons enregistrés : 0\b/);
      assert.match(again.stdout, new RegExp(`déjà enregistrés : ${booked}\\b`));
      const bank = path.resolve("test/fixtures/donations/banque-releve.csv");
      const statement = await communs([
        "ledger",
        "import-donations",
        "--space",
        "dons",
        "--source",
        "bank",
        "--amount-column",
        "Montant(EUROS)",
        bank,
      ]);
      assert.match(statement.stdout, /dons enregistrés : [1-9]/, statement.stdout);
      assert.match(statement.stdout, /Débit\u202f: ce n’est pas un don/);
      assert.match((await communs(["ledger", "verify", "--space", "dons"])).stdout, /Grand livre vérifié/);
      const fec = await communs([
        "ledger",
        "fec",
        "--space",
        "dons",
        "--year",
        "2026",
        "--siren",
        "123456782",
        "--out",
        dir,
      ]);
      assert.match(fec.stderr, /FEC écrit/);
      const lines = fs
        .readFileSync(path.join(dir, "123456782FEC20261231.txt"), "latin1")
        .split("\r\n")
        .filter(Boolean);
      assert.equal(lines[0]?.split("\t").length, 18);
      assert.ok(lines.length > 2, "the statement's donations are in the year's file");
      const badSiren = await communs([
        "ledger",
        "fec",
        "--space",
        "dons",
        "--year",
        "2026",
        "--siren",
        "123456789",
      ]).catch((e) => e);
      assert.equal(badSiren.code, 1);
      assert.match(badSiren.stderr, /SIREN/);
      const closed = await communs(["ledger", "close", "--space", "dons", "--year", "2020"]);
      assert.match(closed.stdout, /Exercice 2020 clos/);
      const twice = await communs(["ledger", "close", "--space", "dons", "--year", "2020"]).catch((e) => e);
      assert.equal(twice.code, 1);
      assert.match(twice.stderr, /Cet exercice est clos/);
    });
  });
}
