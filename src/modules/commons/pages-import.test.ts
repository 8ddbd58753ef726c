import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { email, useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { MEDIAWIKI_FIXTURES } from "../../../test/helpers/fixtures.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";

const SPACE = "assemblee-import";
const PAGE = `/espaces/${SPACE}/communs/import`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-import-"));
const WIKI = path.join(MEDIAWIKI_FIXTURES, "xml/wikicommunsdev-current.xml");
const CSV =
  "\ufeffnom;ville;tags\nJardin des Lilas;Lilleville;jardinage\nAtelier vélo;Roubaisville;vélo, réparation\n";

for (const dialect of testDialects()) {
  describe(`importing commons from the web [${dialect.name}]`, () => {
    const h = useApp(dialect, { dataDir });
    let facilitator: Visitor;
    let member: Visitor;

    before(async () => {
      facilitator = new Visitor(h);
      await facilitator.register({ email: email("fac"), displayName: "Fanny" });
      const admin = await h.app.communs.accounts.findByEmail(
        (await h.db.kysely.selectFrom("persons").select("email").executeTakeFirstOrThrow()).email,
      );
      assert.ok(admin);
      await h.app.communs.spaces.create(admin, {
        kind: "assembly",
        name: "Assemblée",
        slug: SPACE,
        territory: "Nord",
      });
      member = new Visitor(h);
      await member.register({ email: email("member"), displayName: "Malo" });
      await member.submit(`/espaces/${SPACE}`, `/espaces/${SPACE}/rejoindre`, {});
    });

    const upload = async (
      who: Visitor,
      fields: Record<string, string>,
      content: Buffer | string,
      filename = "a.csv",
    ) => {
      await who.get(PAGE);
      const body = multipartBody(
        { _csrf: who.csrfToken(), ...fields },
        { file: { filename, type: "application/octet-stream", content } },
      );
      return who.request({ method: "POST", url: PAGE, ...body });
    };
    const count = async () => (await h.db.kysely.selectFrom("commons").select("id").execute()).length;

    it("shows a preview of what a file would do, writes nothing until confirmed, then imports it", async () => {
      const preview = await upload(facilitator, { format: "csv" }, CSV);
      assert.equal(preview.statusCode, 200, preview.body.slice(0, 500));
      assert.match(preview.body, /Aperçu de l’import/);
      assert.match(preview.body, /<th scope="row">communs créés<\/th><td>2<\/td>/);
      assert.match(preview.body, /Jardin des Lilas/);
      assert.equal(await count(), 0, "a preview writes nothing");
      const confirm = /action="(\/espaces\/[^"]+\/communs\/import\/[0-9a-f-]{36})"/.exec(preview.body)?.[1];
      assert.ok(confirm);
      const started = await facilitator.submit(PAGE, confirm, {});
      assert.equal(started.statusCode, 303);
      assert.equal(started.headers.location, confirm);
      let page = await facilitator.get(confirm);
      for (let i = 0; i < 50 && page.headers.refresh; i++) {
        assert.match(page.body, /<progress/);
        await new Promise((resolve) => setTimeout(resolve, 50));
        page = await facilitator.get(confirm);
      }
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers.refresh, undefined, "the finished page stops refreshing");
      assert.match(page.body, /Compte rendu de l’import/);
      assert.match(page.body, /<th scope="row">communs créés<\/th><td>2<\/td>/);
      assert.equal(await count(), 2);
      const twice = await facilitator.submit(PAGE, confirm, {});
      assert.equal(twice.statusCode, 303, "confirming again shows the same import");
      assert.equal(await count(), 2, "and imports nothing twice");
      assert.equal((await member.get(confirm)).statusCode, 403, "nobody else sees it");
    });

    it("imports the commons pages of a MediaWiki export with its infobox template", async () => {
      const preview = await upload(
        facilitator,
        { format: "mediawiki", template: "Fiche commun" },
        fs.readFileSync(WIKI),
        "wiki.xml",
      );
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /<th scope="row">communs créés<\/th><td>4<\/td>/);
      assert.match(preview.body, /Redirection vers/);
    });

    it("explains what is wrong with a file or a form, and leaves only curators in", async () => {
      const noTemplate = await upload(
        facilitator,
        { format: "mediawiki" },
        fs.readFileSync(WIKI),
        "wiki.xml",
      );
      assert.equal(noTemplate.statusCode, 400);
      assert.match(noTemplate.body, /donnez le nom du modèle d’infobox/);
      const notWiki = await upload(facilitator, { format: "mediawiki", template: "X" }, CSV);
      assert.equal(notWiki.statusCode, 400);
      assert.match(notWiki.body, /n’est pas un export XML de MediaWiki/);
      const empty = await upload(facilitator, { format: "csv" }, "");
      assert.equal(empty.statusCode, 400);
      assert.equal((await member.get(PAGE)).statusCode, 403);
      const refused = await upload(member, { format: "csv" }, CSV);
      assert.equal(refused.statusCode, 403);
    });

    it("answers any file in any format without a 5xx, and a refused file writes nothing", async () => {
      const before = await count();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("csv", "geojson", "gogocarto", "jsonld", "mediawiki"),
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
            fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
            fc.constantFrom(
              CSV.slice(0, 30),
              '{"type":"FeatureCollection","features":[{',
              "<mediawiki",
              "[{}, 1]",
            ),
          ),
          async (format, content) => {
            const response = await upload(facilitator, { format, template: "Fiche commun" }, content);
            assert.ok(response.statusCode < 500, `${format} → ${response.statusCode}`);
          },
        ),
        { numRuns: 40 },
      );
      assert.equal(await count(), before, "previews never write");
    });
  });
}
