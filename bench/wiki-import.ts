// The MediaWiki import (issue 13), on SQLite (a file, as `npm start` uses) and (when it answers)
// PostgreSQL: generated exports of 2 000 and 10 000 pages × 5 revisions of about 3 KB (bench/wiki-dump.ts:
// templates, links, redirects, categories), each imported by `importWiki` into a fresh database in a
// process of its own: revisions/s, seconds, peak resident memory and peak heap (sampled every 10 ms,
// above the process's start; flat in the dump's size if it streams). Next to it, in the same run, two
// floors: a bare streaming saxes parse of the same file (keeping each element's text, as any import
// must) and a raw driver insert of the same revision rows (better-sqlite3 prepared inserts, one
// transaction per 500; pg multi-row inserts of 500), the parse not timed. Then the rendering pass
// (`refreshPages` over all pages), timed on its own. Figures are printed, never asserted.
//   node --expose-gc --import tsx bench/wiki-import.ts
//   BENCH_DIALECTS=sqlite BENCH_PAGES=2000 BENCH_REFRESH=0 … for a quick look.
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Dialect, postgresDialect } from "./postgres.ts";
import { wikiDump } from "./wiki-dump.ts";

const DIALECTS = new RegExp(process.env.BENCH_DIALECTS ?? "");
const SIZES = (process.env.BENCH_PAGES || "2000,10000").split(",").map(Number);
const REVISIONS = 5;
/** Renders every page after the import, unless BENCH_REFRESH=0. */
const REFRESH = process.env.BENCH_REFRESH !== "0";
const SELF = fileURLToPath(import.meta.url);

export type Job =
  | { kind: "import"; env: Record<string, string>; file: string; refresh: boolean }
  | { kind: "parse"; file: string }
  | { kind: "insert"; env: Record<string, string>; file: string };

export interface Measure {
  revisions: number;
  seconds: number;
  /** This process's CPU time (on PostgreSQL, the server's is not in it): steadier on a shared machine. */
  cpuSeconds?: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  pages?: number;
  refreshSeconds?: number;
  problems?: number;
}

/** Runs one measure in a fresh Node process, so that each peak is its own. */
function inChild(job: Job): Measure {
  const run = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      "--import",
      "tsx",
      path.join(path.dirname(SELF), "wiki-import-run.ts"),
      JSON.stringify(job),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 },
  );
  const line = run.stdout.trim().split("\n").at(-1) ?? "";
  if (run.status !== 0 || !line.startsWith("{")) throw new Error(`${job.kind} failed: ${run.stdout}`);
  return JSON.parse(line) as Measure;
}

async function writeDump(file: string, pages: number): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of wikiDump(pages, REVISIONS)) if (!out.write(chunk)) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(row(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(row(line));
}

const rate = (m: Measure) => m.revisions / m.seconds;

const work = mkdtempSync(path.join(os.tmpdir(), "communs-bench-wiki-import-"));
const dropped: Dialect[] = [];
try {
  const files = new Map<number, string>();
  for (const pages of SIZES) {
    const file = path.join(work, `wiki-${pages}x${REVISIONS}.xml`);
    await writeDump(file, pages);
    files.set(pages, file);
  }
  console.log(
    `\nWiki import: generated exports of ${SIZES.map((n) => `${n} pages`).join(" and ")} × ${REVISIONS} revisions (${SIZES.map((n) => `${fixed(statSync(files.get(n) ?? "").size / 1e6, 1)} MB`).join(", ")}), each measure in a process of its own, ${os.cpus().length} CPU(s), load ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}\n`,
  );
  const parses = new Map<number, Measure>();
  for (const [pages, file] of files) parses.set(pages, inChild({ kind: "parse", file }));

  for (const name of ["sqlite", "postgres"] as const) {
    if (!DIALECTS.test(name)) continue;
    const lines: string[][] = [];
    const renders: string[][] = [];
    let skipped = false;
    for (const [pages, file] of files) {
      const fresh = async (label: string): Promise<Dialect | undefined> => {
        if (name === "sqlite") {
          const dir = path.join(work, `${label}-${pages}`);
          mkdirSync(dir);
          return { name, env: { COMMUNS_DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true }) };
        }
        const dialect = await postgresDialect(`communs_bench_wiki_${label}`, {
          COMMUNS_DATA_DIR: path.join(work, `pg-${label}-${pages}`),
        });
        if (dialect) dropped.push(dialect);
        return dialect;
      };
      const importing = await fresh("import");
      const inserting = await fresh("insert");
      if (!importing || !inserting) {
        skipped = true;
        break;
      }
      process.stdout.write(`  [${name}] importing ${pages} pages …\n`);
      const imported = inChild({ kind: "import", env: importing.env, file, refresh: REFRESH });
      await importing.drop();
      process.stdout.write(`  [${name}] raw inserts of ${pages} pages …\n`);
      const inserted = inChild({ kind: "insert", env: inserting.env, file });
      await inserting.drop();
      const parsed = parses.get(pages) as Measure;
      // Parsing and writing one after the other: what an import that did nothing else would take.
      const floor = 1 / (1 / rate(parsed) + 1 / rate(inserted));
      const label = `${pages} × ${REVISIONS}`;
      lines.push(
        [
          `${label}: importWiki`,
          String(imported.revisions),
          fixed(imported.seconds, 2),
          fixed(imported.cpuSeconds ?? 0, 2),
          fixed(rate(imported)),
          fixed(rate(imported) / floor, 2),
          fixed(imported.peakRssMiB, 1),
          fixed(imported.peakHeapMiB, 1),
        ],
        [
          `${label}: floor, saxes parse`,
          String(parsed.revisions),
          fixed(parsed.seconds, 2),
          fixed(parsed.cpuSeconds ?? 0, 2),
          fixed(rate(parsed)),
          fixed(rate(imported) / rate(parsed), 2),
          fixed(parsed.peakRssMiB, 1),
          fixed(parsed.peakHeapMiB, 1),
        ],
        [
          `${label}: floor, raw driver insert`,
          String(inserted.revisions),
          fixed(inserted.seconds, 2),
          "",
          fixed(rate(inserted)),
          fixed(rate(imported) / rate(inserted), 2),
          fixed(inserted.peakRssMiB, 1),
          fixed(inserted.peakHeapMiB, 1),
        ],
        [`${label}: floor, parse then insert`, "", "", "", fixed(floor), "1.00", "", ""],
      );
      if (imported.refreshSeconds !== undefined && imported.pages)
        renders.push([
          label,
          String(imported.pages),
          fixed(imported.refreshSeconds, 2),
          fixed(imported.pages / imported.refreshSeconds, 1),
        ]);
      if (imported.problems) console.log(`  [${name}] the import reported ${imported.problems} problems`);
    }
    if (skipped) continue;
    console.log(`\n[${name}] import of a whole MediaWiki export (revisions, pages, redirects; no rendering)`);
    table(
      [
        "",
        "revisions",
        "seconds",
        "CPU s",
        "revisions/s",
        "importWiki ÷ floor",
        "peak RSS MiB",
        "peak heap MiB",
      ],
      lines,
    );
    if (renders.length > 0) {
      console.log(`\n[${name}] rendering pass after the import (refreshPages over all pages)`);
      table(["", "pages", "seconds", "pages/s"], renders);
    }
    console.log();
  }
} finally {
  for (const dialect of dropped) await dialect.drop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
