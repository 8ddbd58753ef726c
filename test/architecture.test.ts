// The layout rules that dependency-cruiser cannot see (see .dependency-cruiser.cjs for the imports):
// SQL lives only in store files (and the database layer), and no source file grows past 400 lines.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const FILES = sources("src");
/** Kysely's query builders and raw SQL. */
const SQL =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`|\bsql<|\bsql\.(raw|ref|lit|join|table|id)\(/;
const MAY_HOLD_SQL = /(^src\/db\/)|(\/store(-[a-z-]+)?\.ts$)/;

describe("the code's layout", () => {
  it("keeps SQL in store files only", () => {
    const offenders = FILES.filter(
      (file) => !MAY_HOLD_SQL.test(file) && SQL.test(readFileSync(file, "utf8")),
    );
    assert.deepEqual(offenders, []);
  });

  it("keeps every source file under 400 lines", () => {
    const long = FILES.map((file) => ({
      file,
      lines: readFileSync(file, "utf8").split("\n").length - 1,
    })).filter(({ lines }) => lines > 400);
    assert.deepEqual(long, []);
  });
});
