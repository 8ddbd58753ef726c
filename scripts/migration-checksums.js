// Records the sha256 of each migration file that has none yet in src/db/migrations/checksums.json.
// Run it once when a new migration lands; it never rewrites a recorded checksum (the tests fail when a
// landed migration changes: fix it with a new migration instead).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const folder = path.resolve("src/db/migrations");
const file = path.join(folder, "checksums.json");
const recorded = JSON.parse(readFileSync(file, "utf8"));
for (const name of readdirSync(folder).sort()) {
  if (!name.endsWith(".ts") || name in recorded) continue;
  recorded[name] = createHash("sha256")
    .update(readFileSync(path.join(folder, name)))
    .digest("hex");
  process.stdout.write(`recorded ${name}\n`);
}
writeFileSync(file, `${JSON.stringify(recorded, null, 2)}\n`);
