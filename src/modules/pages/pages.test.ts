import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAssembly, buildMember, buildToken, signIn } from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";

for (const dialect of testDialects()) {
  describe(`the wiki's pages over HTTP [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let slug = "";
    let root = "";
    let malo: Person;
    let browser: Visitor;
    let other: Visitor;

    before(async () => {
      const assembly = await buildAssembly(h.app, { name: "Assemblée du wiki" });
      slug = assembly.slug;
      root = `/espaces/${slug}/wiki`;
      malo = await buildMember(h.app, assembly, "member", { name: "Malo" });
      browser = await signIn(h, malo);
      other = await signIn(h, await buildMember(h.app, assembly, "member", { name: "Olga" }));
    });

    it("creates a page with a red link, follows it and creates the page, without JavaScript", async () => {
      const edit = `${root}/Sp%C3%A9cial:Modifier/Accueil`;
      const form = await browser.get(edit);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<textarea[^>]*name="text"/);
      const saved = await browser.submit(edit, edit, {
        text: "Voir [[Compost collectif]].",
        comment: "premier jet",
        base: "",
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `${root}/Accueil`);
      const page = await h.app.inject({ url: `${root}/Accueil` });
      assert.equal(page.statusCode, 200);
      const red =
        /href="([^"]*Sp%C3%A9cial:Modifier\/Compost_collectif|[^"]*Spécial:Modifier\/Compost_collectif)"/.exec(
          page.body,
        );
      assert.ok(red, "a red link to the missing page");
      const missing = await h.app.inject({ url: `${root}/Compost_collectif` });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /Cette page n’existe pas encore/);
      const target = `${root}/Sp%C3%A9cial:Modifier/Compost_collectif`;
      assert.equal(
        (await browser.submit(target, target, { text: "Le bac à compost.", base: "" })).statusCode,
        303,
      );
      const after = await h.app.inject({ url: `${root}/Accueil` });
      assert.doesNotMatch(after.body, /Modifier\/Compost_collectif/);
    });

    it("shows the history, a diff and an old revision; an edit conflict keeps both texts", async () => {
      const edit = `${root}/Sp%C3%A9cial:Modifier/Accueil`;
      const form = await browser.get(edit);
      const base = /name="base" value="(\d+)"/.exec(form.body)?.[1] ?? "";
      assert.ok(base);
      await other.submit(edit, edit, { text: "Voir [[Compost collectif]] et le jardin.", base });
      const conflict = await browser.submit(edit, edit, {
        text: "Voir le [[Compost collectif]] du quartier.",
        base,
      });
      assert.equal(conflict.statusCode, 409);
      assert.match(conflict.body, /Conflit de modification/);
      assert.match(conflict.body, /Voir le \[\[Compost collectif\]\] du quartier\./, "my text is kept");
      assert.match(conflict.body, /et le jardin\./, "theirs is shown");

      const history = await h.app.inject({ url: `${root}/Sp%C3%A9cial:Historique/Accueil` });
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /Olga/);
      assert.match(history.body, /premier jet/);
      const diffLink = /href="([^"]*Diff\/\d+\/\d+)"/.exec(history.body)?.[1] ?? "";
      const diff = await h.app.inject({ url: diffLink });
      assert.equal(diff.statusCode, 200);
      assert.match(diff.body, /<ins>[\s\S]*et le jardin/);
      const old = await h.app.inject({ url: `${root}/Sp%C3%A9cial:Version/${base}` });
      assert.equal(old.statusCode, 200);
      assert.match(old.body, /pas la version actuelle/);
    });

    it("sends MediaWiki's old addresses on to their new place", async () => {
      await h.app.communs.pages.placeAtRoot(
        (await h.app.communs.pages.wiki(undefined, slug)).spaceId,
        "/wiki",
      );
      const cases: [string, RegExp][] = [
        [
          "/index.php?title=Accueil&action=history",
          /^\/wiki\/Sp%C3%A9cial:Historique\/Accueil$|^\/wiki\/Spécial:Historique\/Accueil$/,
        ],
        ["/index.php?title=Accueil", /^\/wiki\/Accueil$/],
        ["/index.php?title=Sp%C3%A9cial:Modifications_r%C3%A9centes", /Modifications_r/],
        ["/wiki/Special:RecentChanges", /Modifications_r/],
        ["/wiki/accueil", /^\/wiki\/Accueil$/],
      ];
      for (const [from, to] of cases) {
        const answer = await h.app.inject({ url: from });
        assert.equal(answer.statusCode, 301, from);
        assert.match(
          decodeURI(String(answer.headers.location)),
          new RegExp(to.source.replace(/%C3%A9/g, "é")),
          from,
        );
      }
      const page = await h.app.inject({ url: "/wiki/Accueil" });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /href="\/wiki\/Compost_collectif"/);
      const feed = await h.app.inject({ url: "/wiki/Sp%C3%A9cial:Modifications_r%C3%A9centes/atom" });
      assert.equal(feed.statusCode, 200);
      assert.match(String(feed.headers["content-type"]), /atom/);
      assert.match(feed.body, /Compost collectif/);
      const found = await h.app.inject({ url: "/wiki/Sp%C3%A9cial:Recherche?q=compost" });
      assert.match(found.body, /Compost collectif/);
    });

    it("gives pages over the API and refuses a stale edit with 409", async () => {
      const token = await buildToken(h.app, malo);
      const auth = { authorization: `Bearer ${token}` };
      const created = await h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${slug}/pages`,
        headers: auth,
        payload: { title: "Catégorie:Jardins", text: "Les jardins." },
      });
      assert.equal(created.statusCode, 201, created.body);
      const got = await h.app.inject({ url: `/api/v1/spaces/${slug}/pages?title=Category:Jardins` });
      assert.equal(got.statusCode, 200);
      const page = got.json();
      assert.equal(page.title, "Catégorie:Jardins");
      assert.equal(page.namespace, 14);
      assert.equal(page.revisions.length, 1);
      const base = page.revisions[0].id;
      const put = (text: string) =>
        h.app.inject({
          method: "PUT",
          url: `/api/v1/spaces/${slug}/pages?title=Cat%C3%A9gorie:Jardins`,
          headers: auth,
          payload: { text, baseRevision: base },
        });
      assert.equal((await put("Les jardins partagés.")).statusCode, 200);
      const stale = await put("Les grands jardins.");
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error, "EDIT_CONFLICT");
      const list = await h.app.inject({ url: `/api/v1/spaces/${slug}/pages` });
      assert.ok(list.json().pages.some((p: { title: string }) => p.title === "Accueil"));
      const anonymous = await h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${slug}/pages`,
        payload: { title: "X", text: "y" },
      });
      assert.equal(anonymous.statusCode, 401);
    });
  });
}
