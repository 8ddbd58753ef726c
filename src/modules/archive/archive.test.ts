// The static archive of a seeded instance, made through the application as `communs archive` makes it:
// every public page at its address, the directory complete past 200 entries, redirects landing on their
// section, no form nor link to the live site, the link check (and its failure), the sitemap, the search
// index queried with Pagefind's own script, and the folder replaced in one rename.
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { buildWikiSpace, importText, wikiRows } from "../../../test/helpers/wiki-import.ts";
import type { Database } from "../../db/schema.ts";
import { checkArchive } from "./check.ts";
import { serveArchive } from "./server.ts";
import { ArchiveError, type ArchiveReport } from "./service.ts";
import {
  ASSEMBLY,
  archiveApp,
  archiveOf,
  CHAMBER,
  COMMONS,
  COMPOST_SECTION,
  GARDENS,
  LIVE,
  OLD_ADDRESS,
  OLD_TARGET,
  RARE_WORD,
  seedInstance,
} from "./test-helpers.ts";

const BASE = "https://archive.communs.example";
const SECTION_ID = COMPOST_SECTION.replace(/ /g, "_");
const SECTION_HREF = `/wiki/Compostage#${encodeURIComponent(SECTION_ID)}`;

async function filesOf(dir: string, prefix = ""): Promise<string[]> {
  const list: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) list.push(...(await filesOf(path.join(dir, entry.name), relative)));
    else list.push(relative);
  }
  return list;
}

for (const dialect of testDialects()) {
  describe(`the static archive of an instance [${dialect.name}]`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let work: string;
    let out: string;
    let report: ArchiveReport;
    let rareSlug: string;
    let html: Map<string, string>;
    const read = (file: string) => readFile(path.join(out, file), "utf8");

    before(async () => {
      database = await dialect.create();
      app = await archiveApp(database.db);
      ({ rareSlug } = await seedInstance(app));
      work = await mkdtemp(path.join(os.tmpdir(), "communs-archive-"));
      out = path.join(work, "site");
      report = await archiveOf(app, { out, baseUrl: BASE });
      html = new Map();
      for (const file of await filesOf(out))
        if (file.endsWith(".html") && !file.startsWith("pagefind/")) html.set(file, await read(file));
    });
    after(async () => {
      await app?.close();
      await database?.drop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it("writes every public page at its address, queries as named folders, data as files", () => {
      for (const file of [
        "index.html",
        `espaces/${ASSEMBLY}/index.html`,
        `espaces/${ASSEMBLY}/communs/index.html`,
        `espaces/${ASSEMBLY}/carte/index.html`,
        `espaces/${ASSEMBLY}/reunions/index.html`,
        `espaces/${ASSEMBLY}/decisions/__statut=toutes/index.html`,
        `espaces/${CHAMBER}/code-social/index.html`,
        `espaces/${CHAMBER}/code-social/__version=1/index.html`,
        `espaces/${CHAMBER}/transparence/index.html`,
        "archive/recherche/index.html",
        "archive/donnees/index.html",
      ])
        assert.ok(html.has(file), `${file} is in the archive`);
      const minutes = [...html.keys()].filter((file) => /reunions\/[^/_]+\/index\.html$/.test(file));
      assert.ok(minutes.length >= 4, "each meeting has its page");
      assert.ok(report.pages >= COMMONS + 20, `${report.pages} pages`);
      assert.ok(report.files > 0 && report.bytes > 0 && report.seconds > 0 && report.pagesPerSecond > 0);
    });

    it("keeps the whole directory, past 200 commons, each listed and each with its page", async () => {
      const listed = new Set<string>();
      const listings = [...html.keys()].filter((file) =>
        new RegExp(`^espaces/${ASSEMBLY}/communs/(__page=\\d+/)?index\\.html$`).test(file),
      );
      assert.equal(listings.length, Math.ceil(COMMONS / 50));
      for (const file of listings)
        for (const match of (html.get(file) ?? "").matchAll(
          /href="\/espaces\/lilleville\/communs\/(commun-[^"/#]+)"/g,
        ))
          listed.add(match[1] ?? "");
      assert.equal(listed.size, COMMONS);
      for (const slug of listed) assert.ok(html.has(`espaces/${ASSEMBLY}/communs/${slug}/index.html`), slug);
      const csv = await read(`espaces/${ASSEMBLY}/communs/export/csv.csv`);
      assert.equal(
        csv.match(/Le commun numéro \d+ de Lilleville/g)?.length,
        COMMONS,
        "the CSV export holds every commons",
      );
      const map = JSON.parse(await read(`espaces/${ASSEMBLY}/communs/carte.json`));
      assert.ok(Array.isArray(map.points), "the map's data is a static file");
      assert.match(
        html.get(`espaces/${ASSEMBLY}/carte/index.html`) ?? "",
        /data-points-url="\/espaces\/lilleville\/communs\/carte\.json"/,
      );
    });

    it("keeps every wiki page at its address, with its history and each old revision, its category complete", () => {
      const members = new Set<string>();
      for (const [file, text] of html)
        if (file.startsWith("wiki/Catégorie:Jardins/"))
          for (const match of text.matchAll(/href="\/wiki\/(Jardin_\d+)"/g)) members.add(match[1] ?? "");
      assert.equal(members.size, GARDENS, "the category lists every garden, past 200");
      for (const title of members) {
        assert.ok(html.has(`wiki/${title}/index.html`), title);
        assert.ok(html.has(`wiki/Spécial:Historique/${title}/index.html`), `history of ${title}`);
      }
      const history = html.get("wiki/Spécial:Historique/Jardin_1/index.html") ?? "";
      const versions = [...history.matchAll(/href="\/wiki\/Sp%C3%A9cial:Version\/(\d+)"/g)].map((m) => m[1]);
      assert.equal(new Set(versions).size, 3, "the history links its three revisions");
      for (const n of versions) assert.ok(html.has(`wiki/Spécial:Version/${n}/index.html`), `revision ${n}`);
      const index = new Set<string>();
      for (const [file, text] of html)
        if (file.startsWith("wiki/Spécial:Toutes_les_pages/"))
          for (const match of text.matchAll(/href="\/wiki\/(Jardin_\d+)"/g)) index.add(match[1] ?? "");
      assert.equal(index.size, GARDENS, "the A–Z index lists every page");
    });

    it("leaves no form, no login and no link to the live site; dead links keep their text", () => {
      for (const [file, text] of html) {
        assert.doesNotMatch(text, /<form\b/i, `${file} has no form`);
        assert.ok(!text.includes(LIVE) && !text.includes("communs.test"), `${file} names no live address`);
        assert.doesNotMatch(
          text,
          /href="\/(connexion|inscription|api\/|profil)/,
          `${file} leads to no login`,
        );
        assert.doesNotMatch(text, /\/modifier"/, `${file} leads to no edit`);
      }
      const page = html.get(`espaces/${ASSEMBLY}/communs/${rareSlug}/index.html`) ?? "";
      assert.match(page, /<a rel="nofollow ugc">une page disparue<\/a>/);
      assert.match(page, /<a href="\/espaces\/lilleville" rel="nofollow ugc">l’assemblée<\/a>/);
      assert.doesNotMatch(page, /modifier l’assemblée/);
    });

    it("shows the archive's notice, and canonical addresses at --base-url", () => {
      for (const [file, text] of html) {
        if (text.includes('http-equiv="refresh"')) continue;
        assert.match(text, /Archive statique du \d+/, `${file} has the notice`);
      }
      assert.match(
        html.get(`espaces/${ASSEMBLY}/index.html`) ?? "",
        new RegExp(`<link rel="canonical" href="${BASE}/espaces/lilleville" />`),
      );
    });

    it("turns a redirect into a page and the servers' maps, landing on the section", async () => {
      const page = html.get(`espaces/${ASSEMBLY}/communs/${rareSlug}/index.html`) ?? "";
      assert.match(page, /href="\/espaces\/lilleville#contenu"[^>]*>l’ancienne page/);
      const redirect = html.get("ancienne-adresse/index.html") ?? "";
      assert.match(redirect, /<meta http-equiv="refresh" content="0; url=\/espaces\/lilleville#contenu" \/>/);
      const redirects = JSON.parse(await read("_redirects.json"));
      assert.deepEqual(
        redirects.find((r: { from: string }) => r.from === OLD_ADDRESS),
        { from: OLD_ADDRESS, to: OLD_TARGET },
      );
      assert.deepEqual(
        redirects.find((r: { from: string }) => r.from === "/wiki/Composteur"),
        { from: "/wiki/Composteur", to: SECTION_HREF },
      );
      assert.ok(
        html.get("wiki/Composteur/index.html")?.includes(`url=${SECTION_HREF}"`),
        "the redirect page lands on the section",
      );
      const target = html.get("wiki/Compostage/index.html") ?? "";
      assert.ok(target.includes(`id="${SECTION_ID}"`), "the section's anchor is on the page");
      assert.match(
        await read("_redirects.nginx.conf"),
        /"\/ancienne-adresse" "\/espaces\/lilleville#contenu";/,
      );
      assert.match(await read("Caddyfile.redirects"), /"\/ancienne-adresse" "\/espaces\/lilleville#contenu"/);
      assert.match(html.get(`espaces/${ASSEMBLY}/index.html`) ?? "", /id="contenu"/);
      const server = await serveArchive(out);
      try {
        const answer = await fetch(`${server.url}${OLD_ADDRESS}`, { redirect: "manual" });
        assert.equal(answer.status, 301);
        assert.equal(answer.headers.get("location"), OLD_TARGET);
        const target = await fetch(`${server.url}/espaces/lilleville`);
        assert.equal(target.status, 200);
        assert.match(await target.text(), /Assemblée de Lilleville/);
      } finally {
        await server.close();
      }
    });

    it("answers MediaWiki's old addresses of every wiki page in the servers' maps", async () => {
      const nginx = await read("_redirects.nginx.conf");
      assert.match(nginx, /"\/index\.php\?title=Jardin_7" "\/wiki\/Jardin_7";/);
      assert.match(
        nginx,
        /"\/index\.php\?title=Jardin_7&action=history" "\/wiki\/Sp%C3%A9cial:Historique\/Jardin_7";/,
      );
      assert.match(nginx, /"\/index\.php\?title=Cat%C3%A9gorie:Jardins" "\/wiki\/Cat%C3%A9gorie:Jardins";/);
      assert.ok(
        nginx.includes(`"/index.php?title=Composteur" "${SECTION_HREF}";`),
        "a redirect lands on its section",
      );
      for (let i = 1; i <= GARDENS; i++)
        assert.ok(nginx.includes(`"/index.php?title=Jardin_${i}&action=history"`), `history of Jardin ${i}`);
      assert.match(await read("Caddyfile.redirects"), /"\/index\.php\?title=Jardin_7" "\/wiki\/Jardin_7"/);
      const server = await serveArchive(out);
      try {
        for (const [address, location] of [
          ["/index.php?title=Jardin_1&action=history", "/wiki/Sp%C3%A9cial:Historique/Jardin_1"],
          ["/index.php?action=history&title=Jardin_1", "/wiki/Sp%C3%A9cial:Historique/Jardin_1"],
          ["/index.php?title=Cat%C3%A9gorie:Jardins", "/wiki/Cat%C3%A9gorie:Jardins"],
          ["/index.php?title=Composteur", SECTION_HREF],
        ]) {
          const answer = await fetch(`${server.url}${address}`, { redirect: "manual" });
          assert.equal(answer.status, 301, address);
          assert.equal(answer.headers.get("location"), location, address);
          const landed = await fetch(new URL(location ?? "", server.url));
          assert.equal(landed.status, 200, location);
        }
      } finally {
        await server.close();
      }
    });

    it("offers the wiki as MediaWiki XML, which an import takes back whole", async () => {
      const data = html.get("archive/donnees/index.html") ?? "";
      assert.match(data, new RegExp(`href="/archive/donnees/wiki-${ASSEMBLY}\\.xml"`));
      const files = await readdir(path.join(out, "archive", "donnees"));
      assert.deepEqual(
        files.filter((f) => f.endsWith(".xml")),
        [`wiki-${ASSEMBLY}.xml`],
        "only a space with pages has one",
      );
      const xml = await readFile(path.join(out, "archive", "donnees", `wiki-${ASSEMBLY}.xml`));
      // MediaWiki's timestamps are to the second; it has no Markdown model (the text comes back as wikitext).
      const second = (time: string) => time.replace(/\.\d{3}Z$/, ".000Z");
      const rows = async (db: Kysely<Database>, spaceId: string) => {
        const { pages, revisions } = await wikiRows(db, spaceId);
        return {
          pages: pages.map((p) => ({ ...p, created_at: second(p.created_at) })),
          revisions: revisions.map(({ format: _, ...r }) => ({ ...r, timestamp: second(r.timestamp) })),
        };
      };
      const original = await rows(app.communs.db.kysely, (await app.communs.spaces.get(ASSEMBLY)).id);
      const fresh = await dialect.create();
      try {
        const db = fresh.db.kysely;
        const copy = await buildWikiSpace(db);
        const imported = await importText(db, xml, { spaceId: copy });
        assert.equal(imported.stopped, null);
        assert.deepEqual(imported.problems, []);
        assert.equal(imported.revisions.created, GARDENS + 6);
        assert.deepEqual(await rows(db, copy), original);
      } finally {
        await fresh.drop();
      }
    });

    it("lists every page in sitemap.xml", async () => {
      const sitemap = await read("sitemap.xml");
      const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
      assert.equal(locations.length, report.pages);
      assert.ok(locations.includes(`${BASE}/espaces/lilleville/communs/${rareSlug}`));
      assert.ok(locations.includes(`${BASE}/espaces/velo/code-social?version=1`) === false);
      assert.ok(locations.includes(`${BASE}/espaces/velo/code-social/__version=1`));
    });

    it("finds a page by a word of its body, with Pagefind's own search script", async () => {
      const server = await serveArchive(out);
      try {
        const pagefind = await import(pathToFileURL(path.join(out, "pagefind", "pagefind.js")).href);
        await pagefind.options({ basePath: `${server.url}/pagefind/` });
        const found = await pagefind.search(RARE_WORD);
        assert.equal(found.results.length, 1);
        const data = await found.results[0].data();
        assert.equal(new URL(data.url).pathname, `/espaces/lilleville/communs/${rareSlug}/`);
        assert.match(data.excerpt, /<mark>ornithorynque/);
      } finally {
        await server.close();
      }
    });

    it("checks its links: none broken, and a broken one (or a missing anchor) is named", async () => {
      assert.deepEqual(await checkArchive({ dir: out, liveOrigin: LIVE, archiveOrigin: BASE }), []);
      const file = path.join(out, "espaces", ASSEMBLY, "a-propos", "index.html");
      const original = await readFile(file, "utf8");
      await writeFile(
        file,
        original.replace(
          "</main>",
          `<a href="/nulle-part">x</a><a href="/espaces/lilleville#absente">y</a><a href="${LIVE}/espaces">z</a></main>`,
        ),
      );
      try {
        const broken = await checkArchive({ dir: out, liveOrigin: LIVE, archiveOrigin: BASE });
        assert.deepEqual(
          broken.map((link) => link.message),
          [
            "/espaces/lilleville/a-propos/ : /nulle-part ne mène à aucun fichier de l’archive",
            "/espaces/lilleville/a-propos/ : /espaces/lilleville#absente : l’ancre « absente » n’existe pas dans la page",
            `/espaces/lilleville/a-propos/ : ${LIVE}/espaces pointe vers le site en ligne`,
          ].map((line) =>
            line.replace(/ : /g, "\u202f: ").replace(/« /g, "«\u202f").replace(/ »/g, "\u202f»"),
          ),
        );
      } finally {
        await writeFile(file, original);
      }
    });

    it("fails on a broken link, leaving no folder behind, and replaces an archive in one swap", async () => {
      const failing = path.join(work, "echec");
      const error = await archiveOf(app, {
        out: failing,
        fetch: async (address) => {
          const answer = await app.inject({ method: "GET", url: address });
          const body =
            address === "/assets/style.css"
              ? Buffer.from(`${answer.body}\n.x{background:url(/absent.png)}`)
              : answer.rawPayload;
          return { status: answer.statusCode, headers: answer.headers, body };
        },
      }).catch((e: unknown) => e);
      assert.ok(error instanceof ArchiveError, String(error));
      assert.match(error.message, /^Archive non écrite\s: 1 lien cassé\s:/);
      assert.match(error.message, /\/assets\/style\.css\s: \/absent\.png ne mène à aucun fichier/);
      assert.deepEqual((await readdir(work)).sort(), ["site"]);

      await writeFile(path.join(out, "ancien-fichier.txt"), "de l’archive précédente");
      await archiveOf(app, { out, baseUrl: BASE });
      const after = await readdir(out);
      assert.ok(!after.includes("ancien-fichier.txt"), "the previous archive is gone");
      assert.ok(after.includes("index.html"));
      assert.deepEqual((await readdir(work)).sort(), ["site"], "no temporary folder left");
    });
  });
}
