import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Person } from "../src/modules/accounts/service.ts";
import { useApp } from "./helpers/app.ts";
import { testDialects } from "./helpers/db.ts";
import { buildAdmin, buildAssembly, buildPerson, signIn } from "./helpers/factories.ts";

for (const dialect of testDialects()) {
  describe(`anonymous page cache [${dialect.name}]`, () => {
    const h = useApp(dialect, { pageCacheMs: 60_000 });
    let admin: Person;

    before(async () => {
      admin = await buildAdmin(h.app, "Admin");
      await buildAssembly(h.app, {
        by: admin,
        slug: "assemblee-une",
        name: "Assemblée Une",
        territory: "Ici",
      });
    });

    const anonymous = (url: string, headers: Record<string, string> = {}) =>
      h.app.inject({ method: "GET", url, headers });

    it("serves the same page to anonymous visitors until a write goes through this server", async () => {
      const first = await anonymous("/");
      assert.match(first.body, /Assemblée Une/);
      // A change made outside HTTP (as the CLI would) is not seen while the page is fresh…
      await h.app.communs.spaces.create(admin, { kind: "assembly", name: "Assemblée Deux", territory: "Là" });
      const cached = await anonymous("/");
      assert.equal(cached.body, first.body);
      assert.match(String(cached.headers["content-security-policy"]), /script-src 'self'/, "headers kept");
      assert.equal(cached.headers["set-cookie"], undefined);
      // …but the next write handled by the server empties the cache.
      await h.app.inject({ method: "POST", url: "/api/v1/spaces/assemblee-une/join", payload: {} });
      assert.match((await anonymous("/")).body, /Assemblée Deux/);
    });

    it("keeps the map's points the same way, and forgets them after a write", async () => {
      const url = "/espaces/assemblee-une/communs/carte.json";
      const place = { street: "", postcode: "", commune: "Ici", latitude: 50.6, longitude: 3.1 };
      await h.app.communs.commons.create(
        admin,
        "assemblee-une",
        { name: "Jardin", places: [place] as never },
        { confirmed: true },
      );
      assert.equal((await anonymous(url)).json().points.length, 1);
      await h.app.communs.commons.create(
        admin,
        "assemblee-une",
        { name: "Atelier", places: [place] as never },
        { confirmed: true },
      );
      assert.equal((await anonymous(url)).json().points.length, 1, "kept while fresh");
      await h.app.inject({ method: "POST", url: "/api/v1/spaces/assemblee-une/join", payload: {} });
      assert.equal((await anonymous(url)).json().points.length, 2);
    });

    it("never serves a cached page to a signed-in person, nor a page with a form", async () => {
      await anonymous("/");
      await h.app.communs.spaces.create(admin, {
        kind: "assembly",
        name: "Assemblée Trois",
        territory: "Où",
      });
      const person = await signIn(h, await buildPerson(h.app, { name: "Personne" }));
      assert.match((await person.get("/")).body, /Assemblée Trois/);

      const login = [await anonymous("/connexion"), await anonymous("/connexion")];
      for (const page of login)
        assert.ok(page.headers["set-cookie"], "each visitor gets their own CSRF cookie");
    });

    it("keeps one page per language", async () => {
      const english = await anonymous("/espaces/assemblee-une", { "accept-language": "en" });
      const french = await anonymous("/espaces/assemblee-une", { "accept-language": "fr" });
      assert.match(english.body, /<html lang="en">/);
      assert.match(french.body, /<html lang="fr">/);
    });
  });

  describe(`anonymous page cache expiry [${dialect.name}]`, () => {
    const h = useApp(dialect, { pageCacheMs: 50 });

    it("renders the page again once it is older than the setting", async () => {
      const { spaces } = h.app.communs;
      const admin = await buildAdmin(h.app, "Admin");
      assert.doesNotMatch((await h.app.inject({ method: "GET", url: "/" })).body, /Assemblée Tardive/);
      await spaces.create(admin, { kind: "assembly", name: "Assemblée Tardive", territory: "Plus tard" });
      await sleep(80);
      assert.match((await h.app.inject({ method: "GET", url: "/" })).body, /Assemblée Tardive/);
    });
  });
}
