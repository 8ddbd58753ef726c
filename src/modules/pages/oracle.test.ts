// The fixture wiki imported, rendered, then read back through the JSON API, page by page, against what
// MediaWiki's own API said of it (expected/pages.json): titles and namespaces, redirects with their
// fragment, rendered categories (those templates and transclusions add included), links, revisions.
import assert from "node:assert/strict";
import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAssembly, buildMember } from "../../../test/helpers/factories.ts";
import { EXPECTED, XML } from "../../../test/helpers/wiki-import.ts";
import type { Actor } from "../../core/policy.ts";
import { importWiki } from "./import.ts";
import { refreshPages } from "./service.ts";

interface OraclePage {
  ns: number;
  title: string;
  url: string;
  redirect: boolean;
  redirect_target?: { title: string; fragment: string | null } | null;
  categories_rendered: string[];
  links: string[];
  images: string[];
  revisions: {
    revid: number;
    parentid: number;
    timestamp: string;
    user: string;
    anon: boolean | null;
    minor: boolean;
    comment: string;
    size: number;
    sha1: string;
  }[];
}

const oracle: OraclePage[] = JSON.parse(readFileSync(path.join(EXPECTED, "pages.json"), "utf8")).pages;
const base36 = (hex: string) => BigInt(`0x${hex}`).toString(36).padStart(31, "0");
const sorted = (values: string[]) => [...new Set(values)].sort();

for (const dialect of testDialects()) {
  describe(`the fixture wiki through the API, against MediaWiki's [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let slug = "";
    let admin: Actor;

    before(async () => {
      const assembly = await buildAssembly(h.app, { name: "Wiki des communs" });
      slug = assembly.slug;
      admin = assembly.admin;
      const spaceId = assembly.space.id;
      const root = `/espaces/${slug}/wiki`;
      await importWiki(h.db.kysely, createReadStream(path.join(XML, "wikicommunsdev-full.xml")), {
        spaceId,
        dataDir: h.app.communs.config.dataDir,
        refresh: (ids) => refreshPages(h.db.kysely, { spaceId, root }, ids),
      });
    });

    it("gives every page as MediaWiki did, asked by its MediaWiki address", async () => {
      assert.equal(oracle.length, 15);
      for (const expected of oracle) {
        const encoded = new URL(expected.url).pathname.replace(/^\/wiki\//, "");
        const answer = await h.app.inject({ url: `/api/v1/spaces/${slug}/pages?title=${encoded}` });
        assert.equal(answer.statusCode, 200, `${expected.title}: ${answer.body}`);
        const page = answer.json();
        const label = expected.title;
        assert.equal(page.title, expected.title, label);
        assert.equal(page.namespace, expected.ns, label);
        assert.deepEqual(
          page.redirect,
          expected.redirect
            ? { title: expected.redirect_target?.title, fragment: expected.redirect_target?.fragment ?? null }
            : null,
          label,
        );
        if (!expected.redirect) {
          assert.deepEqual(
            sorted(page.categories.map((c: string) => `Catégorie:${c}`)),
            sorted(expected.categories_rendered),
            label,
          );
          assert.deepEqual(sorted(page.links), sorted([...expected.links, ...expected.images]), label);
        }
        assert.deepEqual(
          page.revisions,
          expected.revisions.map((r) => ({
            id: r.revid,
            parentId: r.parentid,
            timestamp: r.timestamp,
            user: r.user,
            anon: r.anon === true,
            minor: r.minor,
            comment: r.comment,
            size: r.size,
            sha1: base36(r.sha1),
          })),
          label,
        );
      }
    });

    it("keeps an imported page in wikitext when a member edits it, its template's categories with it", async () => {
      const { pages } = h.app.communs;
      const member = await buildMember(h.app, { slug, admin }, "member", { name: "Iris" });
      const editing = await pages.editing(member, slug, "Cuisine collective Les Marmites");
      assert.equal(editing.format, "wikitext");
      const saved = await pages.save(member, slug, "Cuisine collective Les Marmites", {
        text: `${editing.text}\n\nUne ligne de plus.`,
        base: editing.base ?? undefined,
        comment: "ajout",
        minor: false,
      });
      assert.equal(saved.status, "saved");
      const page = (
        await h.app.inject({ url: `/api/v1/spaces/${slug}/pages?title=Cuisine_collective_Les_Marmites` })
      ).json();
      assert.ok(page.categories.includes("Communs de Lille"), "the template still adds its category");
      const latest = await pages.version(undefined, slug, page.revisions.at(-1).id);
      assert.equal(latest.revision.format, "wikitext");
      assert.match(latest.html, /Une ligne de plus/);
    });

    it("lands a redirect with its section on the anchor MediaWiki gives that heading", async () => {
      const redirecting = oracle.find((p) => p.redirect_target?.fragment);
      assert.ok(redirecting?.redirect_target);
      const answer = await h.app.inject({
        url: `/espaces/${slug}/wiki/${new URL(redirecting.url).pathname.slice(6)}`,
      });
      assert.equal(answer.statusCode, 302);
      const location = decodeURI(String(answer.headers.location));
      const [, fragment] = location.split("#");
      const target = await h.app.inject({ url: String(answer.headers.location).split("#")[0] });
      assert.equal(target.statusCode, 200);
      assert.ok(fragment, location);
      assert.match(
        target.body,
        new RegExp(`id="${fragment?.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`),
        "the heading's anchor is on the page",
      );
    });
  });
}
