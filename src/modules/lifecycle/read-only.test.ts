// The read-only sweep: once the site is read-only, every registered route that writes (POST, PUT,
// PATCH, DELETE), tried by a signed-in administrator through a form or with an API token, is refused
// with the French page or `READ_ONLY` JSON, and no table gains or loses a row; pages, feeds and exports
// still answer. Logging out is the one write left: it only ends one's own session.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildCommons,
  buildToken,
  signIn,
} from "../../../test/helpers/factories.ts";
import { useClockedApp } from "../../../test/helpers/lifecycle.ts";
import { TABLES } from "../../db/schema.ts";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

for (const dialect of testDialects()) {
  describe(`read-only sweep [${dialect.name}]`, () => {
    const h = useClockedApp(dialect, "2026-09-15T10:00:00Z");

    async function counts(): Promise<Record<string, number>> {
      const result: Record<string, number> = {};
      for (const table of TABLES) {
        const row = await h.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow();
        result[table] = Number(row.n);
      }
      return result;
    }

    it("refuses every write of every route, writes nothing, and keeps reading, feeds and exports open", async () => {
      const admin = await buildAdmin(h.app);
      const { slug } = await buildAssembly(h.app, { by: admin });
      await buildCommons(h.app, slug, admin);
      const token = await buildToken(h.app, admin);
      const browser = await signIn(h, admin);
      await h.app.communs.lifecycle.operatorSet({
        stage: "read-only",
        startsOn: "2026-09-01",
        message: "Le réseau continue ailleurs.",
        nextUrl: "https://ailleurs.exemple.org",
      });
      await browser.get("/profil");
      const csrf = browser.csrfToken();
      const before = await counts();

      const writes = h.app.registeredRoutes.filter((r) => WRITES.has(r.method));
      assert.ok(writes.length > 80, `${writes.length} write routes`);
      let swept = 0;
      for (const route of writes) {
        if (route.method === "POST" && route.url === "/deconnexion") continue;
        const url = route.url
          .replace(/:slug\b/g, slug)
          .replace(/:\w+/g, "x")
          .replace(/\*/g, "x");
        const where = `${route.method} ${route.url}`;
        if (url.startsWith("/api/")) {
          const response = await h.app.inject({
            method: route.method as "POST",
            url,
            headers: { authorization: `Bearer ${token}` },
            payload: {},
          });
          assert.equal(response.statusCode, 409, where);
          assert.deepEqual(
            response.json(),
            {
              error: "READ_ONLY",
              message:
                "Le site est en lecture seule\u202f: on ne peut plus s’y connecter ni rien y modifier. Vous pouvez toujours lire ses pages, ses flux et ses exports.",
            },
            where,
          );
        } else {
          const response = await browser.request({
            method: route.method as "POST",
            url,
            payload: new URLSearchParams({ _csrf: csrf, name: "Écrit quand même" }).toString(),
            headers: { "content-type": "application/x-www-form-urlencoded" },
          });
          assert.equal(response.statusCode, 409, where);
          assert.match(String(response.headers["content-type"]), /^text\/html/, where);
          assert.match(response.body, /<h1>Site en lecture seule<\/h1>/, where);
          assert.match(response.body, /class="site-notice site-notice-readOnly"/, where);
          assert.match(response.body, /Le réseau continue ailleurs\./, where);
        }
        swept += 1;
      }
      assert.deepEqual(await counts(), before, "no table gained or lost a row");
      assert.ok(swept === writes.length - 1);

      for (const url of [
        "/",
        `/espaces/${slug}`,
        `/espaces/${slug}/activite.atom`,
        `/espaces/${slug}/communs/export/csv`,
        `/espaces/${slug}/reunions.ics`,
        "/connexion",
      ]) {
        const page = await new Visitor(h).get(url);
        assert.equal(page.statusCode, 200, url);
      }
      const api = await h.app.inject({
        method: "GET",
        url: `/api/v1/spaces/${slug}/commons`,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(api.statusCode, 200);
      assert.equal((await browser.get("/profil")).statusCode, 200, "a session opened before still reads");

      const out = await browser.request({
        method: "POST",
        url: "/deconnexion",
        payload: new URLSearchParams({ _csrf: csrf }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(out.statusCode, 303, "logging out still works");
      assert.equal((await browser.get("/profil")).statusCode, 303);
    });

    it("refuses writes the same way once archived, saying so", async () => {
      await h.app.communs.lifecycle.operatorSet({ stage: "archived", startsOn: "2026-09-10" });
      const refused = await new Visitor(h).submit("/connexion", "/connexion", {
        email: "a@exemple.test",
        password: "x",
      });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /<h1>Site archivé<\/h1>/);
      assert.match(refused.body, /Ce site est archivé/);
      const api = await h.app.inject({ method: "POST", url: "/api/v1/tokens", payload: {} });
      assert.equal(api.json().error, "READ_ONLY");
      assert.match(api.json().message, /Le site est archivé/);
    });
  });
}
