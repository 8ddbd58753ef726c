// Whatever file is given to the wiki import (random bytes, XML-ish noise, the real export cut, spliced
// or mutated), it never fails but with a report of a clear, translated reason, and what it wrote is
// whole: every revision's sha1 and size are its text's, every page points at one of its revisions.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import "../../messages.ts";
import { buildWikiSpace, importText, wikiRows, XML } from "../../../test/helpers/wiki-import.ts";
import { revisionSha1, revisionSize } from "../../core/wiki.ts";
import { translate } from "../../web/i18n.ts";

const FIXTURE = fs.readFileSync(path.join(XML, "wikicommunsdev-full-with-uploads.xml"), "utf8");
const LOGS = fs.readFileSync(path.join(XML, "wikicommunsdev-logs.xml"), "utf8");
const TAGS = [
  "<page>",
  "</page>",
  "<revision>",
  "</revision>",
  "<id>7</id>",
  "<id>x</id>",
  "<title>Accueil</title>",
  "<title></title>",
  "<ns>0</ns>",
  "<timestamp>2022-01-01T00:00:00Z</timestamp>",
  "<timestamp>hier</timestamp>",
  '<text bytes="3" sha1="abc">abc</text>',
  "<text>",
  "</text>",
  "<upload><filename>a.png</filename><contents>!!!</contents></upload>",
  "<logitem><id>9</id></logitem>",
  "<sha1>zz</sha1>",
  "&amp;",
  "&bogus;",
  "<![CDATA[x]]>",
  "<!-- c -->",
];
const ROOT = FIXTURE.slice(0, FIXTURE.indexOf("<page>"));

const input = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
  fc.array(fc.constantFrom(...TAGS), { maxLength: 30 }).map((tags) => `${ROOT}${tags.join("")}</mediawiki>`),
  fc.nat({ max: FIXTURE.length }).map((at) => FIXTURE.slice(0, at)),
  fc
    .tuple(fc.nat({ max: FIXTURE.length }), fc.nat({ max: 200 }), fc.string({ maxLength: 20 }))
    .map(([at, drop, insert]) => FIXTURE.slice(0, at) + insert + FIXTURE.slice(at + drop)),
  fc
    .tuple(fc.nat({ max: LOGS.length }), fc.string({ maxLength: 5 }))
    .map(([at, s]) => LOGS.slice(0, at) + s + LOGS.slice(at)),
);

for (const dialect of testDialects()) {
  describe(`the wiki import given anything [${dialect.name}]`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await dialect.create();
    });
    after(() => database.drop());

    it("reports a clear reason or imports, and writes only whole revisions", async () => {
      const dataDir = fs.mkdtempSync(
        path.join(await import("node:os").then((os) => os.tmpdir()), "communs-wiki-fuzz-"),
      );
      try {
        await fc.assert(
          fc.asyncProperty(input, async (file) => {
            const db = database.db.kysely;
            const spaceId = await buildWikiSpace(db);
            const report = await importText(db, file, { spaceId, dataDir, batchSize: 3 });
            if (report.stopped) {
              const { key, params } = report.stopped.message;
              assert.notEqual(translate("fr", key, params), key, `a French message for ${key}`);
            }
            for (const problem of report.problems)
              assert.notEqual(translate("fr", problem.message.key), problem.message.key);
            const rows = await wikiRows(db, spaceId);
            for (const revision of rows.revisions) {
              assert.equal(revision.sha1, revisionSha1(revision.text));
              assert.equal(revision.size, revisionSize(revision.text));
            }
            for (const page of rows.pages)
              assert.ok(rows.revisions.some((r) => r.page === page.number && r.number === page.latest));
          }),
          { numRuns: dialect.name === "sqlite" ? 150 : 60 },
        );
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
