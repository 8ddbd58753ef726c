// Runs every test file with node's test runner. Node 20 does not expand globs itself, so the files
// are listed here: `*.test.ts` and `*.test.tsx` beside the code in src/, and under test/.
// Tests import the TypeScript sources through tsx; the command line's tests run bin/communs.js as
// users do, on the compiled dist/, which is rebuilt first when older than the sources.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { staleness } from "./build-state.js";

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : testFiles(full);
    return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

if (staleness()) {
  const build = spawnSync(process.execPath, ["scripts/build.js"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Tests that measure how fast the server answers run after the others, alone: two test files at
// once on a two-core machine would measure each other.
const ALONE = new Set([path.join("test", "imports.test.ts")]);

// No test may reach the national address API (the default geocoder since `auto`): geocoding is off
// unless a test turns it on, and the API's address, for every command a test starts, is a local port
// where nothing listens; tests that geocode point it at the local Addok stub (geocoding/fixture.ts).
const env = {
  ...process.env,
  COMMUNS_GEOCODER: "none",
  COMMUNS_GEOCODER_URL: "http://127.0.0.1:9/geocodage",
};

function run(files, concurrency) {
  if (files.length === 0) return 0;
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files],
    { stdio: "inherit", env },
  );
  return result.status ?? 1;
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...testFiles("src"), ...testFiles("test")].sort();
const together = run(
  files.filter((file) => !ALONE.has(path.normalize(file))),
  2,
);
const alone = run(
  files.filter((file) => ALONE.has(path.normalize(file))),
  1,
);
process.exit(together || alone);
