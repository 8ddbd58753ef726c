// The MediaWiki import against the real MediaWiki 1.39 export and its oracle (MediaWiki's own API):
// every page's revisions, redirects and titles; the gzip, bzip2 and schema-0.10 variants; uploads and
// log items; a re-import; a corrupted sha1; a dump cut in the middle of a revision.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { buildWikiSpace, EXPECTED, importText, wikiRows, XML } from "../../../test/helpers/wiki-import.ts";
import { revisionSha1 } from "../../core/wiki.ts";

interface OracleRevision {
  revid: number;
  parentid: number;
  timestamp: string;
  user: string;
  userid: number;
  anon: boolean | null;
  minor: boolean;
  comment: string;
  size: number;
  sha1: string;
}

interface OraclePage {
  pageid: number;
  ns: number;
  title: string;
  redirect: boolean;
  redirect_target?: { title: string; fragment: string | null };
  length: number;
  latest_revid: number;
  revisions: OracleRevision[];
}

const oracle: OraclePage[] = JSON.parse(fs.readFileSync(path.join(EXPECTED, "pages.json"), "utf8")).pages;
const full = () => fs.readFileSync(path.join(XML, "wikicommunsdev-full.xml"));
const hexToBase36 = (hex: string) => BigInt(`0x${hex}`).toString(36).padStart(31, "0");
/** The oracle's full title without its namespace prefix (the dump's names are French). */
const bare = (page: OraclePage) =>
  page.ns === 0 ? page.title : page.title.slice(page.title.indexOf(":") + 1);

for (const dialect of testDialects()) {
  describe(`importing a MediaWiki export [${dialect.name}]`, () => {
    let database: TestDatabase;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-wiki-import-"));
    const db = () => database.db.kysely;

    before(async () => {
      database = await dialect.create();
    });
    after(async () => {
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it("keeps every page and revision as MediaWiki's API shows them", async () => {
      const spaceId = await buildWikiSpace(db());
      const report = await importText(db(), full(), { spaceId, dataDir });
      assert.equal(report.stopped, null);
      assert.deepEqual(report.problems, []);
      assert.equal(report.schema, "0.11");
      assert.equal(report.pages, oracle.length);
      assert.deepEqual(report.revisions, { read: 25, created: 25, existing: 0 });
      assert.equal(report.redirects, oracle.filter((p) => p.redirect).length);
      const rows = await wikiRows(db(), spaceId);
      assert.equal(rows.pages.length, oracle.length);
      for (const expected of oracle) {
        const page = rows.pages.find((p) => p.number === expected.pageid);
        assert.ok(page, expected.title);
        assert.equal(page.namespace, expected.ns, expected.title);
        assert.equal(page.title, bare(expected));
        assert.equal(page.latest, expected.latest_revid, expected.title);
        assert.equal(page.length, expected.length, expected.title);
        const target = expected.redirect_target;
        assert.deepEqual(
          { title: page.redirect_title, fragment: page.redirect_fragment },
          target ? { title: target.title, fragment: target.fragment } : { title: null, fragment: null },
          expected.title,
        );
        const revisions = rows.revisions.filter((r) => r.page === expected.pageid);
        assert.deepEqual(
          revisions.map((r) => ({
            revid: r.number,
            parentid: r.parent ?? 0,
            timestamp: r.timestamp.replace(".000Z", "Z"),
            user: r.user_name ?? r.ip,
            userid: r.user_number ?? 0,
            anon: r.ip !== null ? true : null,
            minor: r.minor === 1,
            comment: r.comment,
            size: r.size,
            sha1: r.sha1,
          })),
          expected.revisions.map((r) => ({ ...r, sha1: hexToBase36(r.sha1) })),
          expected.title,
        );
      }
      assert.deepEqual(
        rows.revisions.filter((r) => r.sha1 !== revisionSha1(r.text)).map((r) => r.number),
        [],
        "the stored sha1 is the text's",
      );
    });

    it("gives the same rows from the gzip, bzip2 and schema 0.10 files as from the plain one", async () => {
      const plain = await buildWikiSpace(db());
      await importText(db(), full(), { spaceId: plain, dataDir });
      const expected = await wikiRows(db(), plain);
      const bzip2 = spawnSync("bzip2", ["-c"], { input: full() });
      assert.equal(bzip2.status, 0, "bzip2 is installed");
      const variants: [string, Buffer][] = [
        ["gzip", fs.readFileSync(path.join(XML, "wikicommunsdev-full.xml.gz"))],
        ["bzip2", bzip2.stdout],
        ["0.10", fs.readFileSync(path.join(XML, "wikicommunsdev-full-schema-0.10.xml"))],
      ];
      for (const [name, bytes] of variants) {
        const spaceId = await buildWikiSpace(db());
        const report = await importText(db(), bytes, { spaceId, dataDir });
        assert.equal(report.stopped, null, name);
        assert.deepEqual(report.problems, [], name);
        assert.deepEqual(await wikiRows(db(), spaceId), expected, name);
      }
    });

    it("stores an upload's bytes with their sha1, and the log items as events", async () => {
      const spaceId = await buildWikiSpace(db());
      const xml = fs.readFileSync(path.join(XML, "wikicommunsdev-full-with-uploads.xml"), "utf8");
      const report = await importText(db(), xml, { spaceId, dataDir });
      assert.deepEqual(report.problems, []);
      assert.deepEqual(report.files, { read: 1, created: 1 });
      const contents = /<contents encoding="base64">([^<]+)<\/contents>/.exec(xml)?.[1] ?? "";
      const bytes = Buffer.from(contents.replace(/\s+/g, ""), "base64");
      const { files } = await wikiRows(db(), spaceId);
      assert.equal(files.length, 1);
      const [file] = files;
      assert.equal(file?.name, "Logo Les Marmites.png");
      assert.equal(file?.media_type, "image/png");
      assert.equal(file?.size, 1979);
      assert.equal(file?.timestamp, "2022-03-08T16:55:00.000Z");
      assert.equal(file?.user_name, "Inès");
      assert.equal(hexToBase36(file?.sha1 ?? "0"), "6arrnoguuewkvpcbizkx2i3lomodh0q");
      assert.deepEqual(fs.readFileSync(path.join(dataDir, file?.storage_key ?? "")), bytes);

      const logs = await importText(db(), fs.readFileSync(path.join(XML, "wikicommunsdev-logs.xml")), {
        spaceId,
        dataDir,
      });
      assert.deepEqual(logs.logEvents, { read: 6, created: 6 });
      const events = (await wikiRows(db(), spaceId)).logs;
      assert.deepEqual(
        events.map((e) => [e.number, e.type, e.action, e.namespace, e.title]),
        [
          [1, "create", "create", 0, "Accueil"],
          [2, "newusers", "autocreate", 2, "Inès"],
          [3, "newusers", "autocreate", 2, "Bastien L"],
          [4, "upload", "upload", 6, "Logo Les Marmites.png"],
          [5, "create", "create", 6, "Logo Les Marmites.png"],
          [6, "move", "move", 0, "Grainothèque de Tourcoing"],
        ],
      );
      assert.match(events[3]?.params ?? "", /^a:3:\{s:8:"img_sha1";s:31:"6arrnoguuewkvpcbizkx2i3lomodh0q"/);
    });

    it("adds nothing when the same export is imported again", async () => {
      const spaceId = await buildWikiSpace(db());
      const xml = fs.readFileSync(path.join(XML, "wikicommunsdev-full-with-uploads.xml"));
      await importText(db(), xml, { spaceId, dataDir });
      await importText(db(), fs.readFileSync(path.join(XML, "wikicommunsdev-logs.xml")), {
        spaceId,
        dataDir,
      });
      const once = await wikiRows(db(), spaceId);
      const again = await importText(db(), xml, { spaceId, dataDir, batchSize: 7 });
      await importText(db(), fs.readFileSync(path.join(XML, "wikicommunsdev-logs.xml")), {
        spaceId,
        dataDir,
      });
      assert.deepEqual(again.revisions, { read: 25, created: 0, existing: 25 });
      assert.equal(again.files.created, 0);
      assert.equal(again.changedPages, 0);
      assert.deepEqual(await wikiRows(db(), spaceId), once);
    });

    it("reports a corrupted sha1 by its revision and still imports the revision", async () => {
      const spaceId = await buildWikiSpace(db());
      const xml = full()
        .toString("utf8")
        .replace(
          "<sha1>602sevs65qgmxkkeh2o7uauatjwprj6</sha1>",
          "<sha1>000000000000000000000000000beef</sha1>",
        );
      const report = await importText(db(), xml, { spaceId, dataDir });
      assert.equal(report.stopped, null);
      assert.equal(report.problems.length, 1);
      assert.equal(report.problems[0]?.revision, 21);
      assert.equal(report.problems[0]?.message.key, "wikiImport.sha1Mismatch");
      const revision = (await wikiRows(db(), spaceId)).revisions.find((r) => r.number === 21);
      assert.equal(revision?.sha1, "602sevs65qgmxkkeh2o7uauatjwprj6", "the computed sha1 is stored");
      assert.equal(report.revisions.created, 25);
    });

    it("stops at a dump cut in the middle of a revision's text, keeping only whole revisions", async () => {
      const text = full().toString("utf8");
      const cut = text.indexOf("<text", text.indexOf("<parentid>2</parentid>")) + 300;
      const spaceId = await buildWikiSpace(db());
      const report = await importText(db(), text.slice(0, cut), { spaceId, dataDir });
      assert.ok(report.stopped, "the report says reading stopped");
      assert.equal(report.stopped?.message.key, "import.xmlMalformed");
      assert.equal(report.stopped?.page, "Modèle:Fiche commun");
      assert.ok((report.stopped?.line ?? 0) > 100);
      const rows = await wikiRows(db(), spaceId);
      assert.deepEqual(
        rows.revisions.map((r) => r.number),
        [1, 2, 21],
      );
      for (const revision of rows.revisions) assert.equal(revision.sha1, revisionSha1(revision.text));
      assert.equal(rows.pages.find((p) => p.number === 2)?.latest, 2, "its page points at a whole revision");

      const rest = await importText(db(), text, { spaceId, dataDir });
      assert.equal(rest.stopped, null);
      assert.deepEqual(rest.revisions, { read: 25, created: 22, existing: 3 });
    });

    it("refuses what is not a MediaWiki export of a known schema, writing nothing", async () => {
      const spaceId = await buildWikiSpace(db());
      const unknown = full()
        .toString("utf8")
        .replace(/export-0\.11\//g, "export-0.12/");
      const newer = await importText(db(), unknown, { spaceId, dataDir });
      assert.equal(newer.stopped?.message.key, "import.mediawikiVersion");
      const html = await importText(db(), "<html><body>Pas un export</body></html>", { spaceId, dataDir });
      assert.equal(html.stopped?.message.key, "import.notMediawiki");
      const empty = await importText(db(), "", { spaceId, dataDir });
      assert.equal(empty.stopped?.message.key, "import.notMediawiki");
      assert.deepEqual(await wikiRows(db(), spaceId), { pages: [], revisions: [], files: [], logs: [] });
    });
  });
}
