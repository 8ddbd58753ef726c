// The archive's page-rendering threads (cli/archive-fetch.ts): each builds the application over the same
// database and answers addresses as an anonymous visitor; a thread that cannot start leaves none running.
import assert from "node:assert/strict";
import os from "node:os";
import { describe, it } from "node:test";
import { workerFetcher } from "../src/cli/archive-fetch.ts";
import { loadConfig } from "../src/config.ts";
import { urls } from "../src/web/urls.ts";
import { cliInstance } from "./helpers/cli.ts";
import { testDialects } from "./helpers/db.ts";

const cores = os.availableParallelism();

for (const dialect of testDialects()) {
  describe(`archive worker threads [${dialect.name}]`, () => {
    const instance = cliInstance(dialect, "archive-fetch");

    it("answers pages from one thread per core, as the application does", async () => {
      const workers = await workerFetcher(loadConfig(instance.env));
      if (cores < 2) return assert.equal(workers, null, "one core: no threads");
      assert.ok(workers);
      try {
        assert.equal(workers.threads, Math.min(4, cores));
        const addresses = [urls.home(), urls.health(), "/nulle-part", urls.home()];
        const answers = await Promise.all(addresses.map(workers.fetch));
        assert.deepEqual(
          answers.map((a) => a.status),
          [200, 200, 404, 200],
        );
        assert.match(answers[0]?.body.toString("utf8") ?? "", /<html lang="fr"/);
        assert.equal(answers[0]?.body.toString("utf8"), answers[3]?.body.toString("utf8"));
      } finally {
        await workers.close();
      }
    });
  });
}

describe("archive worker threads that cannot start", () => {
  it("refuse with the reason and leave no thread running", async () => {
    const config = loadConfig({ DATABASE_URL: "postgres://nobody@127.0.0.1:9/nothing", LOG_LEVEL: "silent" });
    if (cores < 2) return assert.equal(await workerFetcher(config), null, "one core: no threads");
    await assert.rejects(workerFetcher(config), /ECONNREFUSED/);
  });
});
