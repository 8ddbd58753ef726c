import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildAssembly, buildMember, signIn } from "../../../test/helpers/factories.ts";
import { MEDIAWIKI_FIXTURES } from "../../../test/helpers/fixtures.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";

const DUMP = fs.readFileSync(path.join(MEDIAWIKI_FIXTURES, "xml/wikicommunsdev-full.xml.gz"));
const IMPORTER = "Sp%C3%A9cial:Importer";

for (const dialect of testDialects()) {
  describe(`importing a MediaWiki from the web [${dialect.name}]`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-wiki-import-"));
    const h = useApp(dialect, { dataDir });
    let root = "";
    let admin: Visitor;
    let member: Visitor;

    before(async () => {
      const by = await buildAdmin(h.app);
      const assembly = await buildAssembly(h.app, { by, name: "Assemblée du wiki importé" });
      root = `/espaces/${assembly.slug}/wiki`;
      admin = await signIn(h, by);
      member = await signIn(h, await buildMember(h.app, assembly, "member", { name: "Malo" }));
    });

    const upload = async (who: Visitor, filename: string, content: Buffer | string) => {
      await who.get(`${root}/${IMPORTER}`);
      const body = multipartBody(
        { _csrf: who.csrfToken() },
        { file: { filename, type: "application/octet-stream", content } },
      );
      return who.request({ method: "POST", url: `${root}/${IMPORTER}`, ...body });
    };
    const count = async (table: "wiki_pages" | "wiki_revisions") =>
      (await h.db.kysely.selectFrom(table).select("id").execute()).length;
    const kept = () => fs.readdirSync(path.join(dataDir, "wiki-imports")).filter((f) => !f.endsWith(".json"));
    const actions = async () =>
      (await h.db.kysely.selectFrom("audit_events").select("action").execute()).map((e) => e.action);

    it("refuses a file that is no MediaWiki export with a French 400, and writes nothing", async () => {
      const text = await upload(admin, "notes.txt", "Des notes de réunion.");
      assert.equal(text.statusCode, 400);
      assert.match(text.body, /«\snotes\.txt\s» n’est pas un export MediaWiki\s:\sdéposez un fichier \.xml/);
      const csv = await upload(admin, "faux.xml", "nom;ville\nJardin;Lilleville\n");
      assert.equal(csv.statusCode, 400);
      assert.match(
        csv.body,
        /Ce fichier ne peut pas être importé\s:\sCe fichier n’est pas un export XML de MediaWiki/,
      );
      assert.doesNotMatch(csv.body, /Importer ces/);
      const empty = await upload(admin, "vide.xml", "");
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Choisissez le fichier de l’export/);
      assert.equal(await count("wiki_pages"), 0);
      assert.equal(await count("wiki_revisions"), 0);
      assert.deepEqual(kept(), [], "no upload is kept");
    });

    it("leaves the import to the instance's administrators", async () => {
      assert.equal((await member.get(`${root}/${IMPORTER}`)).statusCode, 403);
      assert.doesNotMatch((await member.get(`${root}/Accueil`)).body, /Importer un wiki/);
      const body = multipartBody(
        { _csrf: member.csrfToken() },
        { file: { filename: "wiki.xml.gz", type: "application/gzip", content: DUMP } },
      );
      const refused = await member.request({ method: "POST", url: `${root}/${IMPORTER}`, ...body });
      assert.equal(refused.statusCode, 403);
      assert.equal(await count("wiki_revisions"), 0);
      const anonymous = await h.app.inject({ url: `${root}/${IMPORTER}` });
      assert.notEqual(anonymous.statusCode, 200);
    });

    it("previews the dump without writing, imports it as a job once confirmed, then reports", async () => {
      const form = await admin.get(`${root}/${IMPORTER}`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /enctype="multipart\/form-data"/);
      assert.match((await admin.get(`${root}/Accueil`)).body, /Sp%C3%A9cial:Importer">Importer un wiki<\/a>/);
      assert.match(form.body, /Aucun wiki n’est celui de l’instance/);

      const preview = await upload(admin, "wikicommunsdev-full.xml.gz", DUMP);
      assert.equal(preview.statusCode, 200, preview.body.slice(0, 400));
      assert.match(preview.body, /Aperçu de l’import du wiki/);
      assert.match(preview.body, /Wiki d’origine\s:\sWiki des communs \(schéma 0\.11\)/);
      assert.match(preview.body, /<th scope="row">pages<\/th><td>15<\/td>/);
      assert.match(preview.body, /<th scope="row">révisions<\/th><td>25<\/td>/);
      assert.match(preview.body, /<th scope="row">redirections<\/th><td>3<\/td>/);
      assert.match(preview.body, /Faire de ce wiki celui de l’instance \(adresses \/wiki\/Titre\)/);
      assert.equal(await count("wiki_pages"), 0, "a preview writes nothing");
      assert.equal(await count("wiki_revisions"), 0);

      const confirm = /<form method="post" action="([^"]+Importer\/[0-9a-f-]{36})"/.exec(preview.body)?.[1];
      assert.ok(confirm);
      await admin.get(`${root}/${IMPORTER}`);
      const started = await admin.request({
        method: "POST",
        url: confirm,
        payload: new URLSearchParams({ _csrf: admin.csrfToken(), racine: "oui" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(started.statusCode, 303, started.body.slice(0, 400));
      const progress = String(started.headers.location);
      assert.match(
        progress,
        /^\/wiki\/Sp%C3%A9cial:Importer\/[0-9a-f-]{36}$/,
        "the wiki now answers at /wiki",
      );

      let page = await admin.get(progress);
      for (let i = 0; i < 400 && /http-equiv="refresh"/.test(page.body); i++) {
        assert.match(page.body, /<progress/);
        await new Promise((resolve) => setTimeout(resolve, 25));
        page = await admin.get(progress);
      }
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /http-equiv="refresh"/, "the finished page stops reloading");
      assert.match(page.body, /Compte rendu de l’import du wiki/);
      assert.match(page.body, /Import terminé \(schéma 0\.11\)\s:/);
      assert.match(page.body, /révisions ajoutées\s:\s25/);
      assert.match(page.body, /<a href="\/wiki">Aller au wiki<\/a>/);
      assert.equal(await count("wiki_revisions"), 25);

      const home = await h.app.inject({ url: "/wiki/Accueil" });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /class="wiki-categories"[\s\S]*>Événements<\/a>/);
      const underSpace = await h.app.inject({ url: `${root}/Accueil` });
      assert.equal(underSpace.headers.location, "/wiki/Accueil", "the space's address leads to /wiki");
      const done = await actions();
      assert.ok(done.includes("wiki.placedAtRoot"));
      assert.ok(done.includes("wiki.imported"));
      assert.equal((await member.get(progress)).statusCode, 403, "nobody else sees it");

      const again = await upload(admin, "wikicommunsdev-full.xml.gz", DUMP);
      assert.equal(again.statusCode, 200);
      assert.match(again.body, /<th scope="row">révisions<\/th><td>25<\/td>/);
      assert.doesNotMatch(again.body, /name="racine"/, "already the instance's wiki");
      const cancel = /action="(\/wiki\/[^"]+\/annuler)"/.exec(again.body)?.[1];
      assert.ok(cancel, "its forms are at /wiki now");
      assert.equal((await admin.submit("/wiki/Accueil", cancel, {})).statusCode, 303);
      assert.deepEqual(kept(), [], "a cancelled upload is removed");
    });

    it("makes this wiki the instance's, or stops it, from the same page, in the log", async () => {
      const page = "/wiki/Sp%C3%A9cial:Importer";
      const form = await admin.get(page);
      assert.match(form.body, /Ce wiki est celui de l’instance/);
      const stopped = await admin.submit(page, `${page}/racine`, { racine: "non" });
      assert.equal(stopped.statusCode, 303);
      assert.equal(stopped.headers.location, `${root}/${IMPORTER}`);
      assert.equal((await h.app.inject({ url: "/wiki/Accueil" })).statusCode, 404);
      assert.ok((await actions()).includes("wiki.removedFromRoot"));
      const home = await h.app.inject({ url: `${root}/Accueil` });
      assert.doesNotMatch(home.body, /href="\/wiki\//, "its links follow it under the space");
      const placed = await admin.submit(`${root}/${IMPORTER}`, `${root}/${IMPORTER}/racine`, {
        racine: "oui",
      });
      assert.equal(placed.headers.location, page);
      assert.equal((await h.app.inject({ url: "/wiki/Accueil" })).statusCode, 200);
      assert.equal(
        (await member.submit("/wiki/Accueil", `${root}/${IMPORTER}/racine`, { racine: "non" })).statusCode,
        403,
      );
    });
  });
}

for (const dialect of testDialects()) {
  describe(`a wiki import's progress page, jobs run apart [${dialect.name}]`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-wiki-import-apart-"));
    const jobs = { inServer: false, pollMs: 20, concurrency: 1, leaseMs: 60_000, retryMs: 0 };
    const h = useApp(dialect, { dataDir, jobs });

    it("reloads itself while the preview and the import wait for their job, then shows the report", async () => {
      const by = await buildAdmin(h.app);
      const assembly = await buildAssembly(h.app, { by });
      const root = `/espaces/${assembly.slug}/wiki`;
      const admin = await signIn(h, by);
      await admin.get(`${root}/${IMPORTER}`);
      const body = multipartBody(
        { _csrf: admin.csrfToken() },
        { file: { filename: "wiki.xml.gz", type: "application/gzip", content: DUMP } },
      );
      const uploaded = await admin.request({ method: "POST", url: `${root}/${IMPORTER}`, ...body });
      assert.equal(uploaded.statusCode, 303, "no runner here: the preview is shown under way");
      const page = String(uploaded.headers.location);
      const reading = await admin.get(page);
      assert.match(reading.body, /<meta http-equiv="refresh" content="1"\/>/);
      assert.match(reading.body, /Lecture de l’export en cours/);
      await h.app.communs.jobs.idle(["import.wiki"]);
      const preview = await admin.get(page);
      assert.match(preview.body, /<th scope="row">pages<\/th><td>15<\/td>/);
      assert.doesNotMatch(preview.body, /http-equiv="refresh"/);

      assert.equal((await admin.submit(page, page, {})).statusCode, 303);
      const running = await admin.get(page);
      assert.match(running.body, /Import du wiki en cours/);
      assert.match(running.body, /<meta http-equiv="refresh" content="1"\/>/);
      assert.match(running.body, /<progress id="import-progress" max="100" value="0">/);
      await h.app.communs.jobs.idle(["import.wiki"]);
      const report = await admin.get(page);
      assert.match(report.body, /révisions ajoutées\s:\s25/);
      assert.match(report.body, new RegExp(`<a href="${root}">Aller au wiki</a>`));
      const home = await h.app.inject({ url: `${root}/Accueil` });
      assert.match(home.body, /class="wiki-categories"[\s\S]*>Événements<\/a>/);
      assert.equal((await h.app.inject({ url: "/wiki/Accueil" })).statusCode, 404, "not ticked: no /wiki");
    });
  });
}
