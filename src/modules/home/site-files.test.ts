import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";

for (const dialect of testDialects()) {
  describe(`the site's icon and web manifest [${dialect.name}]`, () => {
    const h = useApp(dialect, { instanceName: "Communs de Lilleville" });

    it("answers /favicon.ico with an icon instead of a 404", async () => {
      const response = await h.app.inject({ method: "GET", url: "/favicon.ico" });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /icon/);
      assert.deepEqual([...response.rawPayload.subarray(0, 4)], [0, 0, 1, 0], "an ICO file");
    });

    it("serves a manifest named after the instance, whose icons exist, and every page links both", async () => {
      const response = await h.app.inject({ method: "GET", url: "/manifest.webmanifest" });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /^application\/manifest\+json/);
      const manifest = response.json() as { name: string; start_url: string; icons: { src: string }[] };
      assert.equal(manifest.name, "Communs de Lilleville");
      assert.equal(manifest.start_url, "/");
      for (const { src } of manifest.icons)
        assert.equal((await h.app.inject({ method: "GET", url: src })).statusCode, 200, src);
      const page = await h.app.inject({ method: "GET", url: "/connexion" });
      assert.match(page.body, /<link rel="manifest" href="\/manifest.webmanifest"/);
      assert.match(page.body, /<link rel="icon" href="\/favicon.ico"/);
    });
  });
}
