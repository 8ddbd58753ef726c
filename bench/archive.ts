// The static archive of an instance whose wiki has 2 000 pages × 5 revisions (issue 13): an assembly at
// the root of `/wiki` holding the generated export of bench/wiki-dump.ts (imported and rendered as the
// command does), 60 commons and a year of meetings, then `buildArchive` as `communs archive` runs it
// (every page through the application in this process). Prints the seconds of each step, pages per
// second, files, bytes, the peak memory and the link check; next to floors measured in the same run:
// the same number of pages of the same size written with bare fs, and a bare Fastify answering a
// static page of that size as many times through inject. Figures are printed, never asserted.
//   node --import tsx bench/archive.ts            (BENCH_WIKI_PAGES=500 for a quick look;
//   BENCH_ARCHIVE_DATA=DIR keeps the seeded instance in DIR and reuses it on the next run)
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import Fastify from "fastify";
import { buildApp } from "../src/app.ts";
import { wikiXmlOf } from "../src/cli/archive.ts";
import { injectFetcher, workerFetcher } from "../src/cli/archive-fetch.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase, sqliteFile } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import { buildArchive } from "../src/modules/archive/service.ts";
import { importWiki } from "../src/modules/pages/import.ts";
import { refreshPages, setWikiSpace } from "../src/modules/pages/service.ts";
import { buildAdmin, buildAssembly, buildCommons, buildMember } from "../test/helpers/factories.ts";
import { loadWithKysely, spaceRows } from "./meetings-data.ts";
import { wikiDump } from "./wiki-dump.ts";

const PAGES = Number(process.env.BENCH_WIKI_PAGES || 2000);
const REVISIONS = 5;
const COMMONS = 60;
const SLUG = "wiki-des-communs";
const LIVE = "https://communs.bench.example";
const kept = process.env.BENCH_ARCHIVE_DATA;
const dataDir = kept ? path.resolve(kept) : mkdtempSync(path.join(os.tmpdir(), "communs-bench-archive-"));
const work = mkdtempSync(path.join(os.tmpdir(), "communs-bench-archive-out-"));
const seeded = existsSync(sqliteFile(dataDir));
mkdirSync(dataDir, { recursive: true });

const config = {
  ...loadConfig({
    COMMUNS_DATA_DIR: dataDir,
    COMMUNS_PUBLIC_URL: LIVE,
    COMMUNS_GEOCODER: "none",
    COMMUNS_MAP_TILE_URL: "",
    LOG_LEVEL: "warn",
  }),
  pageCacheMs: 0,
};
const db = openDatabase(config);
await migrate(db.kysely, db.dialect);
const app = await buildApp({ config: { ...config, jobs: { ...config.jobs, inServer: false } }, db });
await app.ready();

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const s = (seconds: number) => `${seconds.toFixed(2)} s`;

async function seed(): Promise<void> {
  const began = performance.now();
  const admin = await buildAdmin(app);
  const assembly = await buildAssembly(app, { by: admin, slug: SLUG, name: "Wiki des communs" });
  const member = await buildMember(app, assembly, "member", { name: "Camille" });
  for (let i = 1; i <= COMMONS; i++)
    await buildCommons(app, SLUG, member, { name: `Commun ${i}`, summary: `Le commun ${i}.` });
  // The meetings' attendance lists want eight people.
  const others = [];
  for (const name of ["Alix", "Bao", "Chloé", "Dalia", "Ewen", "Fanny"])
    others.push(await buildMember(app, assembly, "member", { name }));
  const people = [admin, member, ...others].map((p) => ({ id: p.id, name: p.displayName }));
  await loadWithKysely(db.kysely, spaceRows(assembly.space.id, people, 12, 20));
  await setWikiSpace(db.kysely, assembly.space.id);
  const report = await importWiki(db.kysely, Readable.from(wikiDump(PAGES, REVISIONS)), {
    spaceId: assembly.space.id,
    dataDir,
    refresh: (pageIds) => refreshPages(db.kysely, { spaceId: assembly.space.id, root: "/wiki" }, pageIds),
  });
  if (report.stopped) throw new Error(`import stopped: ${JSON.stringify(report.stopped)}`);
  console.log(
    `seeded: ${report.pages} wiki pages, ${report.revisions.created} revisions, ${COMMONS} commons, meetings, in ${s((performance.now() - began) / 1000)}`,
  );
}

/** Every file under `dir` with its size. */
function filesOf(dir: string): { file: string; size: number }[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { file, size: statSync(file).size };
    });
}

try {
  if (!seeded) await seed();
  else console.log(`reusing the instance seeded in ${dataDir}`);

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const out = path.join(work, "archive");
  const began = performance.now();
  const workers = await workerFetcher(config);
  const startSeconds = (performance.now() - began) / 1000;
  const report = await buildArchive({
    out,
    publicUrl: LIVE,
    baseUrl: "https://archive.bench.example",
    fetch: workers?.fetch ?? injectFetcher(app),
    wikiXml: wikiXmlOf(app, LIVE),
  });
  await workers?.close();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  const written = filesOf(out);
  const pages = written.filter(
    (f) => f.file.endsWith(".html") && !f.file.includes(`${path.sep}pagefind${path.sep}`),
  );
  const htmlBytes = pages.reduce((sum, f) => sum + f.size, 0);
  const average = Math.round(htmlBytes / Math.max(pages.length, 1));
  const totalBytes = written.reduce((sum, f) => sum + f.size, 0);

  // Floor 1: the same number of pages of the same size, written with bare fs in as many folders.
  const page = `<!doctype html><html><body>${"x".repeat(Math.max(average - 40, 0))}</body></html>`;
  const floorDir = path.join(work, "floor");
  let floorBegan = performance.now();
  for (let i = 0; i < report.pages; i++) {
    const folder = path.join(floorDir, `d${i % 100}`, `p${i}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "index.html"), page);
  }
  const fsSeconds = (performance.now() - floorBegan) / 1000;

  // Floor 2: a bare Fastify answering that page as many times, 8 at a time as the crawl asks.
  const bare = Fastify();
  bare.get("/*", (_request, reply) => reply.type("text/html; charset=utf-8").send(page));
  await bare.ready();
  floorBegan = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < report.pages) {
        next += 1;
        await bare.inject({ method: "GET", url: `/wiki/Page_${next}` });
      }
    }),
  );
  const injectSeconds = (performance.now() - floorBegan) / 1000;
  await bare.close();

  const seconds = report.seconds + startSeconds;
  const rate = report.pages / seconds;
  console.log(
    `\nArchive of an instance with a ${PAGES}-page wiki × ${REVISIONS} revisions (${os.cpus().length} CPU(s), Node ${process.version}, SQLite)`,
  );
  console.log(
    `  total ${s(seconds)}: ${report.pages} pages (${Math.round(rate)} pages/s), ${report.files} other files, ${report.redirects} redirects, ${written.length} files written, ${mib(totalBytes)} (pages ${mib(htmlBytes)}, ${average} B each on average)`,
  );
  const { steps } = report;
  console.log(
    `  steps: crawl ${s(steps.crawl)}, rewrite ${s(steps.rewrite)}, redirects ${s(steps.redirects)}, data ${s(steps.extras)}, Pagefind ${s(steps.search)}, link check ${s(steps.check)} (no broken link; ${report.dead} dead links kept as text, to ${report.deadAddresses.length} addresses: ${report.deadAddresses.slice(0, 3).join(", ")}…)`,
  );
  console.log(
    `  ${workers ? `${workers.threads} worker threads, started in ${s(startSeconds)} (in the total)` : "one thread (a single core)"}; peak memory (RSS) of the process during the archive: ${mib(peak)}`,
  );
  console.log(
    `  floor, bare fs writing ${report.pages} pages of ${average} B: ${s(fsSeconds)} (${Math.round(report.pages / fsSeconds)} pages/s; the archive is ${(seconds / fsSeconds).toFixed(1)}× it)`,
  );
  console.log(
    `  floor, bare Fastify inject of that page ${report.pages} times: ${s(injectSeconds)} (${Math.round(report.pages / injectSeconds)} pages/s; the archive is ${(seconds / injectSeconds).toFixed(1)}× it)`,
  );
  console.log(
    `  target (informational): under 7 s for the 2 000-page wiki: ${seconds < 7 ? "met" : "not met"}`,
  );
} finally {
  await app.close();
  await db.close();
  rmSync(work, { recursive: true, force: true });
  if (!kept) rmSync(dataDir, { recursive: true, force: true });
}
