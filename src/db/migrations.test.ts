import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { LATEST_MIGRATION } from "./migrations.ts";

const folder = new URL("./migrations/", import.meta.url);
const recorded: Record<string, string> = JSON.parse(readFileSync(new URL("checksums.json", folder), "utf8"));

describe("migrations", () => {
  it("are frozen once landed: each file matches the checksum recorded when it landed", () => {
    const files = readdirSync(folder).filter((name) => name.endsWith(".ts"));
    for (const name of files) {
      const sum = createHash("sha256")
        .update(readFileSync(new URL(name, folder)))
        .digest("hex");
      assert.ok(
        recorded[name],
        `${name} has no recorded checksum: run \`node scripts/migration-checksums.js\` as it lands`,
      );
      assert.equal(sum, recorded[name], `${name} changed after it landed: write a new migration instead`);
    }
    assert.deepEqual(Object.keys(recorded).sort(), files.sort(), "a landed migration file was removed");
  });

  it("runs the newest migration file last", () => {
    const newest = readdirSync(folder)
      .filter((name) => /^\d{4}_.+\.ts$/.test(name))
      .sort()
      .at(-1);
    assert.equal(newest, `${LATEST_MIGRATION}.ts`);
  });
});
