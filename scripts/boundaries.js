// Checks the code's boundaries (.dependency-cruiser.cjs) with dependency-cruiser, as `npm test` does.
// The files are named one by one: TypeScript 7 has no compiler API, so dependency-cruiser reads the
// imports of the .ts files it is given itself, but skips them when it walks a folder.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const bin = path.resolve("node_modules/.bin/depcruise");
const result = spawnSync(
  bin,
  ["--config", ".dependency-cruiser.cjs", "--output-type", "err", ...sources("src")],
  {
    stdio: "inherit",
  },
);
process.exit(result.status ?? 1);
