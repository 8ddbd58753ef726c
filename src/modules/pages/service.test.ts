import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAssembly, buildMember, buildPerson, errorCode } from "../../../test/helpers/factories.ts";
import { revisionSha1 } from "../../core/wiki.ts";
import type { Person } from "../accounts/service.ts";

for (const dialect of testDialects()) {
  describe(`a space's wiki pages [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let assembly: Awaited<ReturnType<typeof buildAssembly>>;
    let malo: Person;
    let olga: Person;

    before(async () => {
      assembly = await buildAssembly(h.app, { name: "Assemblée des pages" });
      malo = await buildMember(h.app, assembly, "member", { name: "Malo" });
      olga = await buildMember(h.app, assembly, "member", { name: "Olga" });
    });

    it("saves revisions with their author, size and MediaWiki's sha1, and links to missing pages as red", async () => {
      const { pages } = h.app.communs;
      const text = "Le [[Jardin partagé|jardin]] du quartier.\n\n[[Catégorie:Jardinage]]";
      const saved = await pages.save(malo, assembly.slug, "Accueil", {
        text,
        comment: "début",
        minor: false,
      });
      assert.equal(saved.status, "saved");
      const view = await pages.view(undefined, assembly.slug, "accueil");
      assert.equal(view.page?.title, "Accueil");
      assert.match(view.page?.html ?? "", /class="new"|Sp%C3%A9cial:Modifier|Spécial:Modifier/);
      assert.deepEqual(view.categories, [{ name: "Jardinage", exists: false }]);
      const history = await pages.history(undefined, assembly.slug, "Accueil");
      assert.equal(history.revisions.length, 1);
      const first = history.revisions[0];
      assert.equal(first?.user_name, "Malo");
      assert.equal(first?.sha1, revisionSha1(text));
      assert.equal(first?.size, Buffer.byteLength(text));
      assert.equal(first?.parent, null);

      await pages.save(olga, assembly.slug, "Jardin partagé", {
        text: "Les bacs.",
        comment: "",
        minor: false,
      });
      const again = await pages.view(undefined, assembly.slug, "Accueil");
      assert.doesNotMatch(
        again.page?.html ?? "",
        /Modifier/,
        "the red link turned blue once the page existed",
      );
      const back = await pages.backlinks(undefined, assembly.slug, "Jardin partagé");
      assert.deepEqual(
        back.pages.map((p) => p.fullTitle),
        ["Accueil"],
      );
    });

    it("merges two edits of different lines, and gives both texts back when they touch the same one", async () => {
      const { pages } = h.app.communs;
      const title = "Programme";
      const created = await pages.save(malo, assembly.slug, title, {
        text: "ligne un\nligne deux\nligne trois",
        comment: "",
        minor: false,
      });
      assert.equal(created.status, "saved");
      const base = created.status === "saved" ? created.revision : 0;
      const first = await pages.save(olga, assembly.slug, title, {
        text: "ligne UN\nligne deux\nligne trois",
        base,
        comment: "",
        minor: false,
      });
      assert.equal(first.status, "saved");
      const merged = await pages.save(malo, assembly.slug, title, {
        text: "ligne un\nligne deux\nligne TROIS",
        base,
        comment: "",
        minor: true,
      });
      assert.equal(merged.status, "merged");
      const view = await pages.view(undefined, assembly.slug, title);
      const latest = await pages.version(undefined, assembly.slug, view.page?.latest ?? 0);
      assert.equal(latest.revision.text, "ligne UN\nligne deux\nligne TROIS");

      const conflict = await pages.save(olga, assembly.slug, title, {
        text: "ligne un modifiée\nligne deux\nligne trois",
        base,
        comment: "",
        minor: false,
      });
      assert.equal(conflict.status, "conflict");
      if (conflict.status === "conflict") {
        assert.equal(conflict.mine, "ligne un modifiée\nligne deux\nligne trois");
        assert.equal(conflict.theirs, "ligne UN\nligne deux\nligne TROIS");
      }
      const history = await pages.history(undefined, assembly.slug, title);
      assert.equal(history.revisions.length, 3, "the conflict wrote nothing");
      const diff = await pages.diff(undefined, assembly.slug, base, view.page?.latest ?? 0);
      assert.equal(diff.from.text, "ligne un\nligne deux\nligne trois");
    });

    it("moves a page and leaves a redirect; searches in French, accents folded", async () => {
      const { pages } = h.app.communs;
      await pages.save(malo, assembly.slug, "Réparations", {
        text: "Nous réparons les vélos le samedi.\n\n== Horaires ==\nDe 10 h à 12 h.",
        comment: "",
        minor: false,
      });
      const moved = await pages.move(malo, assembly.slug, "Réparations", {
        to: "Atelier de réparation",
        reason: "plus clair",
      });
      assert.equal(moved.title, "Atelier de réparation");
      const old = await pages.view(undefined, assembly.slug, "Réparations");
      assert.deepEqual(old.redirect, { ns: 0, title: "Atelier de réparation", fragment: null });
      const history = await pages.history(undefined, assembly.slug, "Atelier de réparation");
      assert.equal(history.revisions.length, 2);
      assert.equal(history.revisions[0]?.minor, 1);

      const found = await pages.search(undefined, assembly.slug, "reparer velo");
      assert.deepEqual(
        found.results.map((r) => r.fullTitle),
        ["Atelier de réparation"],
      );
    });

    it("lets members write and everyone read", async () => {
      const { pages } = h.app.communs;
      const stranger = await buildPerson(h.app);
      assert.equal(
        await errorCode(() =>
          pages.save(stranger, assembly.slug, "Intrus", { text: "x", comment: "", minor: false }),
        ),
        "FORBIDDEN",
      );
      assert.equal(
        await errorCode(() =>
          pages.save(undefined, assembly.slug, "Intrus", { text: "x", comment: "", minor: false }),
        ),
        "UNAUTHENTICATED",
      );
      assert.equal(
        await errorCode(() => pages.view(undefined, assembly.slug, "Spécial:Truc")),
        "PAGE_NOT_FOUND",
      );
    });
  });
}
