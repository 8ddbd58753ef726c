// On a terminal the server's log is read by a person: lines, not JSON; anywhere else it stays JSON lines.
// Either way a reset link's secret stays out of it.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { buildApp, loggerOptions, serverLogger } from "../../src/app.ts";
import { testConfig } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

function capture(isTTY: boolean) {
  const lines: string[] = [];
  const output = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { lines, output };
}

for (const dialect of testDialects()) {
  describe(`the server's log on a terminal [${dialect.name}]`, () => {
    it("writes readable lines through pino-pretty, secrets still hidden", async () => {
      const database = await dialect.create();
      const { lines, output } = capture(true);
      const app = await buildApp({
        config: testConfig(),
        db: database.db,
        logger: await serverLogger("info", output),
      });
      try {
        await app.inject({ method: "GET", url: "/reinitialisation/secret-tres-reconnaissable" });
        for (let i = 0; i < 50 && lines.length < 2; i++) await sleep(20);
      } finally {
        await app.close();
        await database.drop();
      }
      const log = lines.join("");
      assert.ok(lines.length >= 2, "requests were logged");
      assert.match(log, /INFO.*: incoming request/);
      assert.match(log, /"url": "\/reinitialisation\/…"/);
      assert.ok(!lines.some((line) => line.startsWith("{")), "no JSON line on a terminal");
      assert.ok(!log.includes("secret-tres-reconnaissable"));
    });
  });
}

describe("the server's log elsewhere", () => {
  it("stays JSON lines, with no pretty-printing stream in the way", async () => {
    const { output } = capture(false);
    const options = (await serverLogger("info", output)) as object;
    assert.deepEqual(Object.keys(options), Object.keys(loggerOptions("info") as object));
    assert.ok(!("stream" in options) && !("transport" in options));
  });
});
