// The MediaWiki XML export of a space's wiki, read back by the importer: the same pages and revisions
// (ids, parents, authors, times, comments, minor flags, sha1, texts, redirects).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { buildWikiSpace, importText, wikiRows, XML } from "../../../test/helpers/wiki-import.ts";
import { exportWikiXml } from "./export-xml.ts";

for (const dialect of testDialects()) {
  describe(`exporting a wiki as MediaWiki XML [${dialect.name}]`, () => {
    let database: TestDatabase;
    const db = () => database.db.kysely;
    before(async () => {
      database = await dialect.create();
    });
    after(() => database.drop());

    it("writes every revision so that an import gives the same wiki back", async () => {
      const first = await buildWikiSpace(db());
      await importText(db(), fs.readFileSync(path.join(XML, "wikicommunsdev-full.xml")), { spaceId: first });
      const chunks: string[] = [];
      await exportWikiXml(
        db(),
        first,
        async (chunk) => {
          chunks.push(chunk);
        },
        { siteName: "Wiki des communs", base: "https://communs.test/wiki/Accueil" },
      );
      const xml = chunks.join("");
      assert.match(xml, /^<mediawiki xmlns="http:\/\/www\.mediawiki\.org\/xml\/export-0\.11\/"/);
      assert.match(xml, /<namespace key="10" case="first-letter">Modèle<\/namespace>/);
      assert.match(xml, /<title>Modèle:Fiche commun<\/title>/);
      assert.match(xml, /<redirect title="Plénière des communs – 9 avril 2022" \/>/);
      assert.match(xml, /<contributor>\n {8}<ip>127\.0\.0\.1<\/ip>\n {6}<\/contributor>/);
      assert.match(xml, /<minor\/>\n {6}<comment>typo<\/comment>/);
      assert.match(xml, /<text bytes="865" sha1="0rh43c3tr6gavtwoblm78jo61jsn0kx" xml:space="preserve">/);

      const second = await buildWikiSpace(db());
      const report = await importText(db(), xml, { spaceId: second });
      assert.equal(report.stopped, null);
      assert.deepEqual(report.problems, [], "the stated sha1 and sizes hold");
      assert.deepEqual(report.revisions, { read: 25, created: 25, existing: 0 });
      const before = await wikiRows(db(), first);
      const after = await wikiRows(db(), second);
      assert.deepEqual(after.pages, before.pages);
      assert.deepEqual(after.revisions, before.revisions);
    });

    it("writes an empty wiki as an export without pages", async () => {
      const spaceId = await buildWikiSpace(db());
      const chunks: string[] = [];
      await exportWikiXml(db(), spaceId, async (chunk) => {
        chunks.push(chunk);
      });
      const report = await importText(db(), chunks.join(""), { spaceId });
      assert.equal(report.stopped, null);
      assert.equal(report.pages, 0);
    });
  });
}
