import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";

for (const dialect of testDialects()) {
  describe(`health [${dialect.name}]`, () => {
    const h = useApp(dialect);

    it("reports ok and the database in use", async () => {
      const response = await h.app.inject({ method: "GET", url: "/health" });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: "ok", database: dialect.name });
    });
  });
}
