// The directory of commons under load, on SQLite and (when it answers) PostgreSQL: the CSV import of
// 10 000 generated commons (records/s, peak memory, against 2 000 to show memory stays flat), then,
// signed in (no page cache), the map data at three zoom levels, the list page (plain, a tag, a text
// search) and a record's page; the same pages anonymous through the page cache, and the GeoJSON
// export of all, at 50 connections, next to a bare "hello" route measured in the same run.
// Figures are printed, never asserted.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sql } from "kysely";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { DEFAULT_KINDS } from "../src/core/commons.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import { createAccounts } from "../src/modules/accounts/service.ts";
import { IMPORTERS } from "../src/modules/commons/formats/index.ts";
import { createImports } from "../src/modules/commons/import.ts";
import { createCommons } from "../src/modules/commons/service.ts";
import { createJobs } from "../src/modules/jobs/service.ts";
import { createMailer } from "../src/modules/mail/service.ts";
import { createNotifications } from "../src/modules/notifications/service.ts";
import { loadServices } from "../src/services.ts";
import { SESSION_COOKIE } from "../src/web/http.ts";
import { type Dialect, postgresDialect } from "./postgres.ts";
import { type Server, startServer, stop } from "./processes.ts";

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION || 10);
const WARMUP = 2;
/** To measure again only some routes (`BENCH_ONLY=record`) or one database (`BENCH_DIALECTS=postgres`). */
const ONLY = new RegExp(process.env.BENCH_ONLY ?? "");
const DIALECTS = new RegExp(process.env.BENCH_DIALECTS ?? "");
const RECORDS = 10_000;
const SMALL = 2_000;
const PASSWORD = "mot de passe du banc d’essai";

const COMMUNES = [
  ["Roubaisville", "59100", 50.69, 3.17],
  ["Lilleville", "59000", 50.63, 3.06],
  ["Tourquennes", "59200", 50.72, 3.16],
  ["Villeneuve-des-Champs", "59650", 50.62, 3.14],
  ["Marcq-sur-Deûle", "59700", 50.67, 3.1],
  ["Lambersart-le-Bois", "59130", 50.65, 3.02],
  ["Wattreloup", "59150", 50.7, 3.22],
  ["Croix-Haute", "59170", 50.68, 3.15],
] as const;
const WORDS = [
  "Jardin",
  "Atelier",
  "Repair café",
  "Cuisine",
  "Grainothèque",
  "Fablab",
  "Tiers-lieu",
  "Bibliothèque",
];
const QUALIFIERS = [
  "partagé",
  "des voisins",
  "solidaire",
  "du quartier",
  "libre",
  "collectif",
  "ouvert",
  "paysan",
];
const TAGS = Array.from({ length: 40 }, (_, i) => `thème ${i + 1}`);

/** A CSV as a spreadsheet user would type it, with French headers. */
function generateCsv(file: string, count: number): void {
  const lines = ["nom;résumé;type;tags;adresse;code postal;ville;latitude;longitude;id"];
  for (let i = 0; i < count; i++) {
    const [commune, postcode, lat, lon] = COMMUNES[i % COMMUNES.length] ?? COMMUNES[0];
    const name = `${WORDS[i % WORDS.length]} ${QUALIFIERS[(i * 7) % QUALIFIERS.length]} n° ${i + 1}`;
    const tags = [TAGS[i % TAGS.length], TAGS[(i * 3 + 1) % TAGS.length], TAGS[(i * 11 + 2) % TAGS.length]];
    const jitter = (n: number) => (((i * 9301 + 49297 * n) % 233280) / 233280 - 0.5) * 0.05;
    lines.push(
      [
        name,
        `Un commun généré pour le banc d’essai, numéro ${i + 1}`,
        DEFAULT_KINDS[i % DEFAULT_KINDS.length]?.slug,
        tags.join(", "),
        `${(i % 200) + 1} rue du Banc`,
        postcode,
        commune,
        (lat + jitter(1)).toFixed(6),
        (lon + jitter(2)).toFixed(6),
        `banc-${i + 1}`,
      ].join(";"),
    );
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

/** Imports a CSV in this process, sampling resident memory to find its peak above the start. */
async function importCsv(env: Record<string, string>, space: string, file: string) {
  const config = loadConfig({ ...env, LOG_LEVEL: "warn" });
  const db = openDatabase(config);
  try {
    await migrate(db.kysely, db.dialect);
    const ctx = { db, config, log: pino({ level: "warn" }) };
    const jobs = createJobs(ctx);
    const mailer = createMailer(ctx, jobs);
    const accounts = createAccounts(ctx, mailer);
    const notifications = createNotifications(ctx, mailer, jobs);
    const { spaces } = await loadServices(ctx, ["spaces"]);
    const found = await accounts.findByEmail("banc@bench.test");
    const admin =
      found ??
      (await accounts.createByOperator({
        email: "banc@bench.test",
        displayName: "Banc",
        password: PASSWORD,
        admin: true,
      }));
    await spaces.create(admin, {
      kind: "assembly",
      name: `Assemblée ${space}`,
      slug: space,
      territory: "Nord",
    });
    const imports = createImports(ctx, createCommons(ctx, null, jobs), jobs, notifications);
    global.gc?.();
    const heapStart = process.memoryUsage().heapUsed;
    const start = process.memoryUsage().rss;
    let peak = start;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const began = performance.now();
    const report = await imports.run(
      null,
      space,
      () => IMPORTERS.csv.importer(createReadStream(file), { filename: file }),
      { dryRun: false },
    );
    const seconds = (performance.now() - began) / 1000;
    clearInterval(sampler);
    if (report.failure || report.created === 0) throw new Error(`import failed: ${JSON.stringify(report)}`);
    // What the import still holds once garbage is collected: flat if it streams.
    global.gc?.();
    const retainedMiB = (process.memoryUsage().heapUsed - heapStart) / 1024 / 1024;
    // The pages are measured on a settled database: without this, autovacuum and a checkpoint wake up
    // (a minute after the bulk load) in the middle of a route's measurement on PostgreSQL.
    if (db.dialect === "postgres") {
      await sql`vacuum analyze`.execute(db.kysely);
      await sql`checkpoint`.execute(db.kysely);
    }
    // A session for the signed-in figures, and a record from the middle of the directory.
    const { session } = await accounts.login({ email: "banc@bench.test", password: PASSWORD });
    const middle = await db.kysely
      .selectFrom("commons")
      .select("slug")
      .orderBy("slug")
      .offset(Math.floor(report.created / 2))
      .limit(1)
      .executeTakeFirstOrThrow();
    return {
      created: report.created,
      seconds,
      peakMiB: (peak - start) / 1024 / 1024,
      retainedMiB,
      session,
      recordSlug: middle.slug,
    };
  } finally {
    await db.close();
  }
}

/** The cookies a signed-in browser sends: its session, and the CSRF secret its first page set. */
async function browserCookies(url: string, session: string) {
  const first = await fetch(`${url}/`, { headers: { cookie: session } });
  const csrf = first.headers.getSetCookie().map((c) => c.split(";")[0]);
  return { cookie: [session, ...csrf].join("; ") };
}

async function measure(url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, headers, connections: CONNECTIONS, duration: WARMUP });
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
  return { rps: r.requests.mean, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(row(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(row(line));
}

const work = mkdtempSync(path.join(os.tmpdir(), "communs-bench-commons-"));
const servers: Server[] = [];
const dialects: Dialect[] = [];
try {
  const big = path.join(work, "communs-10000.csv");
  const small = path.join(work, "communs-2000.csv");
  generateCsv(big, RECORDS);
  generateCsv(small, SMALL);
  const sqliteDir = path.join(work, "sqlite");
  if (DIALECTS.test("sqlite"))
    dialects.push({ name: "sqlite", env: { COMMUNS_DATA_DIR: sqliteDir }, drop: async () => {} });
  const postgres = DIALECTS.test("postgres") ? await postgresDialect("communs_bench") : undefined;
  if (postgres)
    dialects.push({ ...postgres, env: { ...postgres.env, COMMUNS_DATA_DIR: path.join(work, "pg") } });

  const hello = await startServer("hello", ["--import", "tsx", "bench/hello.ts"]);
  servers.push(hello);
  console.log(
    `Directory of commons: ${RECORDS} generated commons, autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per route, ${os.cpus().length} CPU(s), Node ${process.version}\n`,
  );
  const helloRps = (await measure(`${hello.url}/`)).rps;
  console.log(`hello: ${helloRps.toFixed(0)} req/s\n`);

  for (const dialect of dialects) {
    const smallRun = await importCsv(dialect.env, "petite", small);
    const bigRun = await importCsv(dialect.env, "banc", big);
    console.log(`[${dialect.name}] CSV import`);
    table(
      ["file", "records", "seconds", "records/s", "peak RSS above start", "heap kept after GC"],
      [smallRun, bigRun].map((r) => [
        `${r.created} rows`,
        String(r.created),
        r.seconds.toFixed(2),
        (r.created / r.seconds).toFixed(0),
        `${r.peakMiB.toFixed(1)} MiB`,
        `${r.retainedMiB.toFixed(1)} MiB`,
      ]),
    );
    const server = await startServer(`communs ${dialect.name}`, ["bin/communs.js", "serve"], {
      ...dialect.env,
      COMMUNS_PAGE_CACHE_MS: "0",
      COMMUNS_GEOCODER: "none",
    });
    servers.push(server);
    // The default settings: anonymous pages are rendered at most once a second per URL.
    const cached = await startServer(`communs ${dialect.name} (page cache)`, ["bin/communs.js", "serve"], {
      ...dialect.env,
      COMMUNS_GEOCODER: "none",
    });
    servers.push(cached);
    const base = `${server.url}/espaces/banc/communs`;
    const cachedBase = `${cached.url}/espaces/banc/communs`;
    const single = performance.now();
    const geojson = await fetch(`${base}/export/geojson`);
    const bytes = (await geojson.arrayBuffer()).byteLength;
    const singleMs = performance.now() - single;
    const signedIn = await browserCookies(server.url, `${SESSION_COOKIE}=${bigRun.session}`);
    // Viewports as map.js asks them: a region, a city, a street (snapped to the zoom's tile grid).
    const routes: [string, string, Record<string, string>][] = [
      [
        "map data, zoom 7 (region), signed in",
        `${base}/carte.json?zoom=7&bbox=49.21875,0,52.03125,5.625`,
        signedIn,
      ],
      [
        "map data, zoom 12 (city), signed in",
        `${base}/carte.json?zoom=12&bbox=50.625,3.03,50.7,3.2`,
        signedIn,
      ],
      [
        "map data, zoom 16 (street), signed in",
        `${base}/carte.json?zoom=16&bbox=50.685,3.165,50.695,3.18`,
        signedIn,
      ],
      ["list, 50 a page, signed in", `${base}?size=50`, signedIn],
      ["list, tag filter, signed in", `${base}?tag=theme-7`, signedIn],
      ["list, text search, signed in", `${base}?q=jardins+partages`, signedIn],
      ["record page, signed in", `${base}/${bigRun.recordSlug}`, signedIn],
      ["tag page, signed in", `${server.url}/espaces/banc/etiquettes/theme-7`, signedIn],
      ["list, 50 a page (page cache)", `${cachedBase}?size=50`, {}],
      ["list, text search (page cache)", `${cachedBase}?q=jardins+partages`, {}],
      ["map data, zoom 12 (page cache)", `${cachedBase}/carte.json?zoom=12&bbox=50.625,3.03,50.7,3.2`, {}],
      ["GeoJSON export of all", `${base}/export/geojson`, {}],
    ];
    const lines: string[][] = [];
    for (const [label, url, headers] of routes.filter(([label]) => ONLY.test(label))) {
      process.stdout.write(`  measuring ${label} …\n`);
      const m = await measure(url, headers);
      lines.push([
        label,
        m.rps.toFixed(1),
        String(m.p50),
        String(m.p99),
        `${((m.rps / helloRps) * 100).toFixed(2)} %`,
        String(m.non2xx),
        String(m.errors),
      ]);
    }
    console.log(`\n[${dialect.name}] pages and data, ${RECORDS} commons`);
    table(["route", "req/s", "p50 ms", "p99 ms", "vs hello", "non-2xx", "errors"], lines);
    console.log(
      `GeoJSON of all ${RECORDS} alone: ${singleMs.toFixed(0)} ms for ${(bytes / 1024 / 1024).toFixed(1)} MiB\n`,
    );
    await stop(server);
    await stop(cached);
  }
  console.log(
    "Targets (informational), signed in at 50 connections: map data ≥ 1 000 req/s and p99 < 100 ms; list, tag, search and record pages p99 < 100 ms; GeoJSON of 10 000 < 1 s; import ≥ 5 000 records/s, memory flat",
  );
} finally {
  await Promise.all(servers.map(stop));
  for (const dialect of dialects) await dialect.drop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
