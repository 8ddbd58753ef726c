// Imports as the operator sees them: the server keeps answering while a file is parsed and imported
// (parsing runs in a worker thread, the write loop yields between batches, /health has its own SQLite
// connection), files past the limits are refused with a French message and write nothing, and no
// uploaded file stays in the data folder once its import is confirmed, cancelled or expired.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import type { Config } from "../src/config.ts";
import type { Person } from "../src/modules/accounts/service.ts";
import { type Harness, useApp, Visitor } from "./helpers/app.ts";
import { testDialects } from "./helpers/db.ts";
import { buildAssembly, buildChamber, buildMember, buildPerson } from "./helpers/factories.ts";
import { multipartBody } from "./helpers/multipart.ts";

const ASSEMBLY = "assemblee-des-imports";
const CHAMBER = "chambre-des-imports";
const COMMONS_IMPORT = `/espaces/${ASSEMBLY}/communs/import`;
const DONATIONS_IMPORT = `/espaces/${CHAMBER}/dons/import`;
const BANK = {
  source: "bank",
  "mapping.date": "Date",
  "mapping.amount": "Montant",
  "mapping.label": "Libellé",
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A MediaWiki export, gzipped: one commons page, then `redirects` pages redirecting to it (set aside). */
function wikiDump(redirects: number): Buffer {
  const parts = [
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/"><siteinfo><sitename>W</sitename>',
    "<base>http://wiki.test/wiki/Accueil</base><case>first-letter</case><namespaces>",
    '<namespace key="0" case="first-letter" /></namespaces></siteinfo>',
    "<page><title>Jardin</title><ns>0</ns><id>1</id><revision><id>1</id>",
    "<timestamp>2024-01-01T00:00:00Z</timestamp><text>{{Fiche commun|nom=Jardin}}</text></revision></page>",
  ];
  for (let i = 2; i <= redirects + 1; i++)
    parts.push(
      `<page><title>Page ${i}</title><ns>0</ns><id>${i}</id><redirect title="Jardin" /><revision><id>${i}</id>`,
      `<timestamp>2024-01-01T00:00:00Z</timestamp><text>#REDIRECTION [[Jardin]]</text></revision></page>`,
    );
  parts.push("</mediawiki>");
  return gzipSync(parts.join(""));
}

function communsCsv(rows: number): string {
  const lines = ["nom;ville;tags"];
  for (let i = 1; i <= rows; i++) lines.push(`Commun ${i};Lilleville;jardinage`);
  return `${lines.join("\n")}\n`;
}

function donationsCsv(rows: number, tag = "Don"): string {
  const lines = ["Date;Montant;Libellé"];
  for (let i = 1; i <= rows; i++) lines.push(`14/03/2026;${i},00;${tag} ${i}`);
  return `${lines.join("\n")}\n`;
}

/** The files in a folder of the data folder (none when it does not exist). */
function filesIn(dataDir: string, folder: string): string[] {
  return fs.existsSync(path.join(dataDir, folder)) ? fs.readdirSync(path.join(dataDir, folder)) : [];
}

/** The world of these tests: an assembly curated by Fanny, a chamber whose treasurer is Tess. */
function useWorld(dialect: ReturnType<typeof testDialects>[number], overrides: Partial<Config> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-imports-"));
  const h = useApp(dialect, { dataDir, ...overrides });
  const world = { h, dataDir } as {
    h: Harness;
    dataDir: string;
    curator: Visitor;
    treasurer: Visitor;
    treasurerPerson: Person;
  };
  before(async () => {
    const admin = await buildPerson(h.app, { admin: true, email: `admin.${dialect.name}@exemple.test` });
    await buildAssembly(h.app, { by: admin, slug: ASSEMBLY });
    const chamber = await buildChamber(h.app, { by: admin, slug: CHAMBER });
    world.treasurerPerson = await buildMember(h.app, chamber, "treasurer", {
      email: `tess.${dialect.name}@exemple.test`,
    });
    world.curator = new Visitor(h);
    assert.equal((await world.curator.login(`admin.${dialect.name}@exemple.test`)).statusCode, 303);
    world.treasurer = new Visitor(h);
    assert.equal((await world.treasurer.login(`tess.${dialect.name}@exemple.test`)).statusCode, 303);
  });
  return world;
}

async function upload(who: Visitor, page: string, fields: Record<string, string>, content: Buffer | string) {
  await who.get(page);
  const body = multipartBody(
    { _csrf: who.csrfToken(), ...fields },
    { file: { filename: "fichier.csv", type: "application/octet-stream", content } },
  );
  return who.request({ method: "POST", url: page, ...body });
}

const confirmAction = (html: string) => /action="(\/espaces\/[^"]+\/import\/[0-9a-f-]{36})"/.exec(html)?.[1];

async function commonsCount(h: Harness): Promise<number> {
  return (await h.db.kysely.selectFrom("commons").select("id").execute()).length;
}

async function donationsCount(h: Harness): Promise<number> {
  return (await h.db.kysely.selectFrom("donations").select("id").execute()).length;
}

/**
 * Runs the work while asking /health every 20 ms, and checks that the server kept answering: at least
 * five answers during the work, none of which waited more than a quarter of the work's whole time.
 * Work that held the event loop would hold an answer for about all of it. The bound is relative to the
 * work's own time so that a loaded machine, which slows both alike, does not fail it.
 */
async function answersDuring(h: Harness, work: () => Promise<void>): Promise<void> {
  const times: number[] = [];
  const began = performance.now();
  let working = true;
  const polling = (async () => {
    while (working) {
      const start = performance.now();
      const response = await h.app.inject({ method: "GET", url: "/health" });
      times.push(performance.now() - start);
      assert.equal(response.statusCode, 200);
      await sleep(20);
    }
  })();
  let total = 0;
  try {
    await work();
    total = performance.now() - began;
  } finally {
    working = false;
    await polling;
  }
  const slowest = Math.round(Math.max(...times));
  assert.ok(times.length >= 5, `asked ${times.length} times`);
  assert.ok(slowest < total / 4, `slowest /health: ${slowest} ms of ${Math.round(total)} ms`);
}

/** Follows an import's page until it stops refreshing itself. */
async function untilDone(who: Visitor, page: string) {
  let response = await who.get(page);
  for (let i = 0; i < 1200 && response.headers.refresh; i++) {
    await sleep(50);
    response = await who.get(page);
  }
  return response;
}

for (const dialect of testDialects()) {
  describe(`imports keep the server answering [${dialect.name}]`, () => {
    const world = useWorld(dialect);

    it("keeps answering /health while a big gzipped MediaWiki dump is previewed", async () => {
      const dump = wikiDump(60_000);
      let preview: Awaited<ReturnType<typeof upload>> | undefined;
      await answersDuring(world.h, async () => {
        preview = await upload(
          world.curator,
          COMMONS_IMPORT,
          { format: "mediawiki", template: "Fiche commun" },
          dump,
        );
      });
      assert.equal(preview?.statusCode, 200, preview?.body.slice(0, 300));
      assert.match(preview?.body ?? "", /<th scope="row">éléments lus<\/th><td>60001<\/td>/);
    });

    it("keeps answering /health while a confirmed 20 000-row CSV is imported", async () => {
      const preview = await upload(world.curator, COMMONS_IMPORT, { format: "csv" }, communsCsv(20_000));
      assert.equal(preview.statusCode, 200, preview.body.slice(0, 300));
      const action = confirmAction(preview.body);
      assert.ok(action);
      await answersDuring(world.h, async () => {
        const confirmed = await world.curator.submit(COMMONS_IMPORT, action, {});
        assert.equal(confirmed.statusCode, 303);
        const report = await untilDone(world.curator, action);
        assert.match(report.body, /<th scope="row">communs créés<\/th><td>20000<\/td>/);
      });
      assert.equal(await commonsCount(world.h), 20_000);
    });
  });

  describe(`imports past the limits are refused and write nothing [${dialect.name}]`, () => {
    const world = useWorld(dialect, {
      importLimits: { maxBytes: 1024 * 1024, maxEntries: 50, maxSeconds: 600 },
    });

    it("refuses a gzip bomb and a file of too many entries with a French message (pages)", async () => {
      const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, " "));
      const tooBig = await upload(
        world.curator,
        COMMONS_IMPORT,
        { format: "mediawiki", template: "Fiche commun" },
        bomb,
      );
      assert.equal(tooBig.statusCode, 400);
      assert.match(tooBig.body, /Le fichier dépasse 1 Mio une fois décompressé\u202f: rien n’a été importé/);
      const tooMany = await upload(world.curator, COMMONS_IMPORT, { format: "csv" }, communsCsv(60));
      assert.equal(tooMany.statusCode, 400);
      assert.match(tooMany.body, /Le fichier compte plus de 50 éléments\u202f: rien n’a été importé/);
      assert.equal(confirmAction(tooMany.body), undefined, "nothing to confirm");
      const donations = await upload(world.treasurer, DONATIONS_IMPORT, BANK, donationsCsv(60));
      assert.equal(donations.statusCode, 400);
      assert.match(donations.body, /Le fichier compte plus de 50 éléments/);
      assert.equal(await commonsCount(world.h), 0);
      assert.equal(await donationsCount(world.h), 0);
      assert.deepEqual(filesIn(world.dataDir, "imports"), []);
      assert.deepEqual(filesIn(world.dataDir, "donation-imports"), []);
    });

    it("refuses them through the services too (command line, API)", async () => {
      const file = path.join(world.dataDir, "bombe.xml.gz");
      fs.writeFileSync(file, gzipSync(Buffer.alloc(20 * 1024 * 1024, " ")));
      const report = await world.h.app.communs.imports.runFile(
        null,
        ASSEMBLY,
        { path: file, format: "mediawiki", template: "Fiche commun" },
        { dryRun: false },
      );
      assert.deepEqual(report.failure, { key: "imports.tooLarge", params: { max: 1 } });
      const bank = path.join(world.dataDir, "releve.csv");
      fs.writeFileSync(bank, donationsCsv(60));
      const booked = await world.h.app.communs.donationImports.runFile(
        null,
        CHAMBER,
        {
          source: "bank",
          mapping: { date: "Date", amount: "Montant", label: "Libellé", dateFormat: "DD/MM/YYYY" },
          path: bank,
        },
        { dryRun: false },
      );
      assert.deepEqual(booked.failure, { key: "imports.tooManyEntries", params: { max: 50 } });
      assert.equal(booked.booked, 0);
      assert.equal(await commonsCount(world.h), 0);
      assert.equal(await donationsCount(world.h), 0);
    });
  });

  describe(`an import past its time limit is stopped [${dialect.name}]`, () => {
    const world = useWorld(dialect, {
      importLimits: { maxBytes: 1024 ** 3, maxEntries: 10_000_000, maxSeconds: 1 },
    });

    it("stops the parsing at COMMUNS_IMPORT_MAX_SECONDS and writes nothing", async () => {
      const file = path.join(world.dataDir, "communs.csv.gz");
      fs.writeFileSync(file, gzipSync(communsCsv(2_000_000)));
      const report = await world.h.app.communs.imports.runFile(
        null,
        ASSEMBLY,
        { path: file, format: "csv" },
        { dryRun: false },
      );
      assert.deepEqual(report.failure, { key: "imports.tooLong", params: { max: 1 } });
      assert.equal(report.created, 0);
      assert.equal(await commonsCount(world.h), 0);
    });
  });

  describe(`preview files leave the data folder [${dialect.name}]`, () => {
    const world = useWorld(dialect);
    let rows = 0;
    /** A commons file and a donations file, each with something new to import. */
    const fresh = () => {
      rows++;
      return {
        commons: `nom;ville\nJardin ${dialect.name} ${rows};Lilleville\n`,
        donations: donationsCsv(1, `Don ${dialect.name} ${rows}`),
      };
    };
    const previews = async () => {
      const files = fresh();
      const commons = await upload(world.curator, COMMONS_IMPORT, { format: "csv" }, files.commons);
      const donations = await upload(world.treasurer, DONATIONS_IMPORT, BANK, files.donations);
      assert.equal(commons.statusCode, 200, commons.body.slice(0, 300));
      assert.equal(donations.statusCode, 200, donations.body.slice(0, 300));
      const [commonsAction, donationsAction] = [confirmAction(commons.body), confirmAction(donations.body)];
      assert.ok(commonsAction && donationsAction);
      return { commons: commonsAction, donations: donationsAction };
    };
    const uploadsLeft = () =>
      [...filesIn(world.dataDir, "imports"), ...filesIn(world.dataDir, "donation-imports")].filter(
        (name) => !name.endsWith(".report.json"),
      );

    it("removes the file once the import is confirmed (pages)", async () => {
      const actions = await previews();
      assert.equal(uploadsLeft().length, 4, "each kept with what it is until confirmed");
      await world.curator.submit(COMMONS_IMPORT, actions.commons, {});
      assert.match((await untilDone(world.curator, actions.commons)).body, /Compte rendu de l’import/);
      const booked = await world.treasurer.submit(DONATIONS_IMPORT, actions.donations, {});
      assert.equal(booked.statusCode, 303);
      assert.deepEqual(uploadsLeft(), []);
    });

    it("removes the file when the preview is cancelled with « Annuler » (pages)", async () => {
      const before = { commons: await commonsCount(world.h), donations: await donationsCount(world.h) };
      const actions = await previews();
      const preview = world.curator.lastHtml;
      assert.match(preview, />Annuler<\/button>/);
      const cancelled = await world.curator.submit(COMMONS_IMPORT, `${actions.commons}/annuler`, {});
      assert.equal(cancelled.statusCode, 303);
      assert.equal(cancelled.headers.location, COMMONS_IMPORT);
      const refused = await world.treasurer.submit(DONATIONS_IMPORT, `${actions.donations}/annuler`, {});
      assert.equal(refused.statusCode, 303);
      assert.equal(refused.headers.location, DONATIONS_IMPORT);
      assert.deepEqual(uploadsLeft(), []);
      assert.equal((await world.curator.submit(COMMONS_IMPORT, actions.commons, {})).statusCode, 404);
      assert.equal((await world.treasurer.submit(DONATIONS_IMPORT, actions.donations, {})).statusCode, 404);
      assert.deepEqual(
        { commons: await commonsCount(world.h), donations: await donationsCount(world.h) },
        before,
      );
    });

    it("removes a cancelled preview through the service too (API)", async () => {
      const upload = path.join(world.dataDir, "uploads", "00000000-0000-4000-8000-000000000001");
      fs.mkdirSync(path.dirname(upload), { recursive: true });
      fs.writeFileSync(upload, fresh().donations);
      const { donationImports } = world.h.app.communs;
      const preview = await donationImports.preview(
        world.treasurerPerson,
        CHAMBER,
        { file: upload, filename: "releve.csv", mimetype: "text/csv", size: 1 },
        {
          source: "bank",
          mapping: { date: "Date", amount: "Montant", label: "Libellé", dateFormat: "DD/MM/YYYY" },
        },
      );
      assert.ok(preview.bookable);
      assert.equal(uploadsLeft().length, 2);
      await donationImports.cancel(world.treasurerPerson, CHAMBER, preview.id);
      assert.deepEqual(uploadsLeft(), []);
    });

    it("removes files left past COMMUNS_IMPORT_PREVIEW_TTL_HOURS at the next upload", async () => {
      await previews();
      const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
      for (const folder of ["imports", "donation-imports"])
        for (const name of filesIn(world.dataDir, folder))
          fs.utimesSync(path.join(world.dataDir, folder, name), old, old);
      const left = uploadsLeft();
      assert.equal(left.length, 4);
      await previews();
      const now = uploadsLeft();
      assert.equal(now.length, 4, "the new previews only");
      assert.ok(
        left.every((name) => !now.includes(name)),
        "the expired ones are gone",
      );
      assert.deepEqual(
        [...filesIn(world.dataDir, "imports"), ...filesIn(world.dataDir, "donation-imports")].filter((n) =>
          n.endsWith(".report.json"),
        ),
        [],
        "old reports are swept too",
      );
    });
  });
}
