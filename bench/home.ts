// The signed-in home page with « à traiter » for a person in 50 spaces (facilitator of every one, with
// pending requests, claims to approve and places without coordinates in each), at 50 connections, on
// SQLite and (when it answers) PostgreSQL, next to a bare Fastify "hello" measured in the same run; then
// the page as first read after a write (what is kept from reads is read again after any write).
// Figures are printed, never asserted.
//   node scripts/build.js && node --import tsx bench/home.ts
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import type { Person } from "../src/modules/accounts/service.ts";
import { loadServices, type Services } from "../src/services.ts";
import { admit } from "../test/helpers/spaces.ts";
import { type Dialect, postgresDialect } from "./postgres.ts";
import { type Server, startServer, stop } from "./processes.ts";

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION || 10);
const WARMUP = 2;
const SPACES = 50;
const PASSWORD = "mot de passe du banc d’essai";
const EMAIL = "occupee@bench.test";

/** An address the geocoder (off here) did not place: an item of « à traiter » for the facilitator. */
const UNPLACED = {
  label: "",
  street: "1 rue du Banc",
  postcode: "59000",
  commune: "Vallée",
  inseeCode: "",
  country: "FR",
  latitude: null,
  longitude: null,
  coarse: false,
};

/** Half assemblies (places without coordinates), half chambers (two requests, two claims each). */
async function fillSpace(services: Services, admin: Person, busy: Person, helpers: Person[], n: number) {
  const { spaces, commons, claims } = services;
  const kind = n % 2 === 0 ? "assembly" : "chamber";
  const slug = `espace-${n}`;
  await spaces.create(admin, { kind, name: `Espace ${n}`, slug, territory: "Vallée", theme: "essai" });
  await admit({ communs: services }, admin, slug, busy, "facilitator");
  const [author, askerA, askerB] = [0, 1, 2].map((i) => helpers[(n + i) % helpers.length]);
  if (!author || !askerA || !askerB) throw new Error("not enough helpers");
  await admit({ communs: services }, admin, slug, author);
  if (kind === "assembly") {
    for (let i = 0; i < 10; i++)
      await commons.create(
        author,
        slug,
        { name: `Commun ${n}-${i}`, places: [UNPLACED] },
        { confirmed: true },
      );
    return;
  }
  for (const asker of [askerA, askerB]) await spaces.join(asker, slug, { introduction: "Bonjour" });
  for (const title of ["Salle", "Affiches"])
    await claims.submit(author, slug, { title, amount: 4_200, date: "2026-03-01", account: "6132" });
}

/** An administrator, a person in 50 spaces, and the people who ask, write claims and add commons. */
async function seed(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ ...env, LOG_LEVEL: "warn", COMMUNS_GEOCODER: "none" });
  const db = openDatabase(config);
  try {
    await migrate(db.kysely, db.dialect);
    const services = await loadServices({ db, config, log: pino({ level: "warn" }) });
    const person = (email: string, displayName: string, admin = false) =>
      services.accounts.createByOperator({ email, displayName, password: PASSWORD, admin });
    const admin = await person("admin@bench.test", "Admin", true);
    const busy = await person(EMAIL, "Occupée");
    const helpers = [];
    for (let i = 0; i < 20; i++) helpers.push(await person(`aide${i}@bench.test`, `Aide ${i}`));
    for (let n = 0; n < SPACES; n++) await fillSpace(services, admin, busy, helpers, n);
  } finally {
    await db.close();
  }
}

/** Logs in as a browser would (the form's CSRF token, then the session cookie); answers the cookies. */
async function signIn(server: Server): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const form = await fetch(`${server.url}/connexion`);
  keep(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const login = await fetch(`${server.url}/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ _csrf: token, email: EMAIL, password: PASSWORD }).toString(),
  });
  keep(login);
  if (login.status !== 303) throw new Error(`login answered ${login.status}`);
  return cookie();
}

/**
 * The home page as it is first read after a change (nothing kept from before): `times` times, the
 * person saves their profile (a write), then reads the page alone. Answers the median and worst, in ms.
 */
async function afterWrites(server: Server, cookie: string, times = 50) {
  const page = await (await fetch(`${server.url}/profil`, { headers: { cookie } })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const saved = await fetch(`${server.url}/profil`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ _csrf: token, displayName: `Occupée ${i}`, language: "fr" }).toString(),
    });
    if (saved.status !== 303) throw new Error(`saving the profile answered ${saved.status}`);
    const start = performance.now();
    await (await fetch(`${server.url}/`, { headers: { cookie } })).text();
    durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  return { median: durations[Math.floor(times / 2)] ?? 0, worst: durations[times - 1] ?? 0 };
}

async function measure(url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, headers, connections: CONNECTIONS, duration: WARMUP });
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
  return { rps: r.requests.mean, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

const work = mkdtempSync(path.join(os.tmpdir(), "communs-bench-home-"));
const servers: Server[] = [];
const dialects: Dialect[] = [
  { name: "sqlite", env: { COMMUNS_DATA_DIR: path.join(work, "sqlite") }, drop: async () => {} },
];
try {
  const postgres = await postgresDialect("communs_bench_home", { COMMUNS_DATA_DIR: path.join(work, "pg") });
  if (postgres) dialects.push(postgres);
  const hello = await startServer("hello", ["--import", "tsx", "bench/hello.ts"]);
  servers.push(hello);
  console.log(
    `Signed-in home page, a person in ${SPACES} spaces, autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s, ${os.cpus().length} CPU(s), Node ${process.version}\n`,
  );
  const lines: string[][] = [];
  for (const dialect of dialects) {
    await seed(dialect.env);
    const server = await startServer(`communs ${dialect.name}`, ["bin/communs.js", "serve"], {
      ...dialect.env,
      COMMUNS_GEOCODER: "none",
    });
    servers.push(server);
    const cookie = await signIn(server);
    const page = await (await fetch(`${server.url}/`, { headers: { cookie } })).text();
    const items = (/<section class="todo"[\s\S]*?<\/section>/.exec(page)?.[0].match(/<li>/g) ?? []).length;
    process.stdout.write(`  [${dialect.name}] « à traiter » shows ${items} items; measuring …\n`);
    const helloRun = await measure(`${hello.url}/`);
    const homeRun = await measure(`${server.url}/`, { cookie });
    const cold = await afterWrites(server, cookie);
    process.stdout.write(
      `  [${dialect.name}] first read after a write, alone: median ${cold.median.toFixed(1)} ms, worst ${cold.worst.toFixed(1)} ms\n`,
    );
    for (const [label, m] of [
      ["hello (same run)", helloRun],
      ["home, signed in", homeRun],
    ] as const)
      lines.push([
        `${dialect.name}: ${label}`,
        m.rps.toFixed(1),
        String(m.p50),
        String(m.p99),
        `${((m.rps / helloRun.rps) * 100).toFixed(2)} %`,
        String(m.non2xx),
        String(m.errors),
      ]);
    await stop(server);
  }
  const header = ["route", "req/s", "p50 ms", "p99 ms", "vs hello", "non-2xx", "errors"];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`\n${row(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const line of lines) console.log(row(line));
} finally {
  await Promise.all(servers.map(stop));
  for (const dialect of dialects) await dialect.drop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
