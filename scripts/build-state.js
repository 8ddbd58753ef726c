// What dist/ was compiled from, shared by the build (scripts/build.js writes it) and the command
// (bin/communs.js checks it before running dist/). Plain JavaScript: it runs before anything is compiled.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
export const DIST = path.join(ROOT, "dist");
/**
 * `sources`: every source file of the bundle (paths from the root) as it was compiled, its modification
 * time and the SHA-256 of its content; `chunks`: the source files each JavaScript file of dist/ holds.
 */
export const STAMP = path.join(DIST, "build.json");

const digest = (full) => createHash("sha256").update(readFileSync(full)).digest("hex");

/** A source file as it is now, or null when it is gone. */
export function fingerprint(file) {
  const full = path.join(ROOT, file);
  const stat = statSync(full, { throwIfNoEntry: false });
  return stat ? { mtime: stat.mtimeMs, sha256: digest(full) } : null;
}

/**
 * Why dist/ must not run, in French for the operator, or undefined when it matches its sources. A file
 * with the modification time it had when compiled is taken as unchanged; any other (an edit, a pull, a
 * copy) is compared by content, so that a copied folder still runs and an edited one never does.
 */
export function staleness() {
  let sources;
  try {
    sources = JSON.parse(readFileSync(STAMP, "utf8")).sources;
  } catch {
    return "le code compilé (dist/) manque";
  }
  for (const [file, compiled] of Object.entries(sources)) {
    const full = path.join(ROOT, file);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat?.mtimeMs === compiled?.mtime) continue;
    if (!stat || !compiled || digest(full) !== compiled.sha256)
      return `le code compilé (dist/) est plus ancien que ${file}`;
  }
  return undefined;
}
