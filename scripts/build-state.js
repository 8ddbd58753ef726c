// What dist/ was compiled from, shared by the build (scripts/build.js writes it) and the command
// (bin/communs.js checks it before running dist/). Plain JavaScript: it runs before anything is compiled.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
export const DIST = path.join(ROOT, "dist");
/**
 * `sources`: every source file of the bundle (paths from the root) and its modification time when it
 * was compiled; `chunks`: the source files each JavaScript file of dist/ holds.
 */
export const STAMP = path.join(DIST, "build.json");

export function modifiedAt(file) {
  return statSync(path.join(ROOT, file), { throwIfNoEntry: false })?.mtimeMs ?? null;
}

/**
 * Why dist/ must not run, in French for the operator, or undefined when it matches its sources. A file
 * is compared by its modification time, which an edit, a `git pull` or a checkout all change.
 */
export function staleness() {
  let sources;
  try {
    sources = JSON.parse(readFileSync(STAMP, "utf8")).sources;
  } catch {
    return "le code compilé (dist/) manque";
  }
  for (const [file, compiled] of Object.entries(sources)) {
    const now = modifiedAt(file);
    if (now !== compiled) return `le code compilé (dist/) est plus ancien que ${file}`;
  }
  return undefined;
}
