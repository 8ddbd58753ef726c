// Decisions under load (issue 12), on SQLite and (when it answers) PostgreSQL: a chamber with 10 000
// proposals and 200 000 objections and positions (BENCH_PROPOSALS, BENCH_ANSWERS; bench/decisions-seed.ts).
// Signed in as a member, uncached, at 50 connections: the register and a proposal page, next to a bare
// Fastify "hello" measured in the same run (skipped, and said so, when this build has no such pages);
// the same two reads through the service, 50 at a time, next to a bare read of one proposal by its id
// (the floor). Then 1 000 proposals whose deadline passes at once: the seconds `settleDue()` takes, and
// again with two service instances (two connections, as two processes) settling together, each proposal
// decided once (its outcome's audit events counted). Figures are printed, never asserted.
//   node scripts/build.js && node --expose-gc --import tsx bench/decisions.ts
//   BENCH_DIALECTS=sqlite BENCH_DURATION=3 BENCH_PROPOSALS=2000 BENCH_ANSWERS=40000 … for a quick look.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/connection.ts";
import { loadServices } from "../src/services.ts";
import { EMAIL, PASSWORD, SLUG, seed } from "./decisions-seed.ts";
import { type Dialect, postgresDialect } from "./postgres.ts";
import { rssMiB, type Server, startServer, stop } from "./processes.ts";

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION || 10);
const WARMUP = 2;
const DIALECTS = new RegExp(process.env.BENCH_DIALECTS ?? "");
const PROPOSALS = Number(process.env.BENCH_PROPOSALS || 10_000);
const ANSWERS = Number(process.env.BENCH_ANSWERS || 200_000);

const fixed = (n: number, digits = 0) => n.toFixed(digits);

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(row(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(row(line));
}

/** Logs in as a browser does (the form's CSRF cookie and token, then the session cookie). */
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

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
}

/**
 * Waits (up to 5 minutes) until the server answers /health at once: the requests of a run it still
 * holds are done, before the next run (or its stop, which would cut them off).
 */
async function drained(base: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const start = performance.now();
    try {
      await (await fetch(`${base}/health`)).arrayBuffer();
      if (performance.now() - start < 20) return;
    } catch {
      // closed after waiting in the server's queue: ask again
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function http(url: string, headers: Record<string, string> = {}): Promise<Figures> {
  const options = { url, headers, connections: CONNECTIONS, timeout: 60 };
  const base = new URL(url).origin;
  await autocannon({ ...options, duration: WARMUP });
  await drained(base);
  const r = await autocannon({ ...options, duration: DURATION });
  await drained(base);
  return {
    rps: r.requests.mean,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.non2xx + r.errors + r.timeouts,
  };
}

/** 50 callers at once for DURATION seconds (after a warm-up): calls a second, median and 99th percentile. */
async function calls(run: () => Promise<unknown>): Promise<Figures> {
  const loop = async (seconds: number, latencies: number[]) => {
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < end) {
          const start = performance.now();
          await run();
          latencies.push(performance.now() - start);
        }
      }),
    );
  };
  await loop(WARMUP, []);
  const latencies: number[] = [];
  await loop(DURATION, latencies);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / DURATION, p50: at(0.5), p99: at(0.99), bad: 0 };
}

function report(title: string, lines: [string, Figures][], floor: Figures): void {
  console.log(title);
  table(
    ["", "req/s", "p50 ms", "p99 ms", "req/s ÷ floor", "p50 ÷ floor", "p99 ÷ floor", "non-2xx/errors"],
    lines.map(([label, f]) => [
      label,
      fixed(f.rps, 1),
      fixed(f.p50, 1),
      fixed(f.p99, 1),
      fixed(f.rps / floor.rps, 3),
      fixed(f.p50 / Math.max(floor.p50, 0.01), 1),
      fixed(f.p99 / Math.max(floor.p99, 0.01), 1),
      String(f.bad),
    ]),
  );
  console.log();
}

async function pages(dialect: Dialect, hello: Server, shown: number): Promise<void> {
  const server = await startServer(`communs ${dialect.name}`, ["bin/communs.js", "serve"], {
    ...dialect.env,
    COMMUNS_PAGE_CACHE_MS: "0",
    COMMUNS_GEOCODER: "none",
  });
  try {
    const headers = { cookie: await signIn(server) };
    const register = `${server.url}/espaces/${SLUG}/decisions`;
    const proposal = `${register}/${shown}`;
    const probe = await fetch(register, { headers });
    await probe.arrayBuffer();
    if (probe.status === 404) {
      console.log(
        `[${dialect.name}] no decisions pages in this build (${register} → 404): HTTP part skipped\n`,
      );
      return;
    }
    const floor = await http(`${hello.url}/`);
    const lines: [string, Figures][] = [["hello (bare Fastify, floor)", floor]];
    for (const [label, url] of [
      ["register (in force)", register],
      ["register (all)", `${register}?statut=toutes`],
      ["proposal page", proposal],
    ] as const) {
      process.stdout.write(`  [${dialect.name}] measuring ${label} …\n`);
      lines.push([label, await http(url, headers)]);
    }
    report(`[${dialect.name}] pages, signed in, uncached, ${CONNECTIONS} connections`, lines, floor);
    console.log(`server's resident memory after the runs: ${fixed(rssMiB(server.child.pid) ?? 0)} MiB\n`);
  } finally {
    await stop(server);
  }
}

async function instance(dialect: Dialect) {
  const config = loadConfig({ ...dialect.env, LOG_LEVEL: "warn", COMMUNS_GEOCODER: "none" });
  const db = openDatabase(config);
  const services = await loadServices({ db, config, log: pino({ level: "warn" }) });
  return { db, services };
}

/** The open proposals' deadlines put in the past, their outcomes (of an earlier run) undone. */
async function dueAtOnce(db: Awaited<ReturnType<typeof instance>>["db"], ids: string[]) {
  const past = new Date(Date.now() - 1000).toISOString();
  for (let from = 0; from < ids.length; from += 500) {
    const some = ids.slice(from, from + 500);
    await db.kysely
      .updateTable("proposals")
      .set({ outcome: null, decided_at: null, review_date: null, extensions: 0, deadline: past })
      .where("id", "in", some)
      .execute();
    await db.kysely.deleteFrom("audit_events").where("subject_id", "in", some).execute();
  }
}

/** How each of the proposals ended, and how many were decided more than once. */
async function outcomes(db: Awaited<ReturnType<typeof instance>>["db"], ids: string[]) {
  const events = await db.kysely
    .selectFrom("audit_events")
    .select(["subject_id", "action"])
    .where("action", "in", ["proposal.adopted", "proposal.notAdopted", "proposal.extended"])
    .where("subject_id", "in", ids)
    .execute();
  const decided = new Map<string, number>();
  const counts = { adopted: 0, notAdopted: 0, extended: 0 };
  for (const e of events) {
    counts[e.action.slice("proposal.".length) as keyof typeof counts] += 1;
    if (e.action !== "proposal.extended") decided.set(e.subject_id, (decided.get(e.subject_id) ?? 0) + 1);
  }
  const twice = [...decided.values()].filter((n) => n > 1).length;
  return `${counts.adopted} adopted, ${counts.notAdopted} not adopted, ${counts.extended} extended; decided twice: ${twice}`;
}

async function serviceAndSettling(dialect: Dialect, open: string[], shownId: string): Promise<void> {
  const a = await instance(dialect);
  const b = await instance(dialect);
  try {
    const { decisions, accounts } = a.services;
    const member = await accounts.findByEmail(EMAIL);
    if (!member) throw new Error("no member");
    const floor = await calls(() =>
      a.db.kysely.selectFrom("proposals").selectAll().where("id", "=", shownId).executeTakeFirst(),
    );
    const lines: [string, Figures][] = [["one proposal by id (Kysely, floor)", floor]];
    for (const [label, run] of [
      ["register (in force)", () => decisions.register(member, SLUG, {})],
      ["register (all)", () => decisions.register(member, SLUG, { statut: "toutes" })],
      ["view a proposal", () => decisions.view(member, shownId)],
    ] as const) {
      process.stdout.write(`  [${dialect.name}] measuring ${label} through the service …\n`);
      lines.push([label, await calls(run)]);
    }
    report(`[${dialect.name}] the service in-process, ${CONNECTIONS} callers at once`, lines, floor);

    await dueAtOnce(a.db, open);
    let began = performance.now();
    const settled = await decisions.settleDue(open.length * 2);
    const alone = (performance.now() - began) / 1000;
    console.log(
      `[${dialect.name}] ${open.length} deadlines passed at once: settleDue() took ${fixed(alone, 2)} s for ${settled} proposals (${fixed(settled / alone)} a second): ${await outcomes(a.db, open)}`,
    );
    await dueAtOnce(a.db, open);
    began = performance.now();
    const both = await Promise.allSettled([
      decisions.settleDue(open.length * 2),
      b.services.decisions.settleDue(open.length * 2),
    ]);
    const together = (performance.now() - began) / 1000;
    const failed = both
      .filter((r) => r.status === "rejected")
      .map((r) => String((r as PromiseRejectedResult).reason));
    const left = await a.db.kysely
      .selectFrom("proposals")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("id", "in", open)
      .where("outcome", "is", null)
      .where("deadline", "<=", new Date().toISOString())
      .executeTakeFirst();
    console.log(
      `[${dialect.name}] again, two instances settling together: ${fixed(together, 2)} s; ${await outcomes(a.db, open)}; still due: ${Number(left?.n ?? 0)}${failed.length ? `; failed: ${failed.join(" | ").slice(0, 300)}` : ""}\n`,
    );
    console.log(`the bench's resident memory: ${fixed(process.memoryUsage().rss / 1024 / 1024)} MiB\n`);
  } finally {
    await a.db.close();
    await b.db.close();
  }
}

const work = mkdtempSync(path.join(os.tmpdir(), "communs-bench-decisions-"));
const servers: Server[] = [];
const dialects: Dialect[] = [];
try {
  if (DIALECTS.test("sqlite"))
    dialects.push({
      name: "sqlite",
      env: { COMMUNS_DATA_DIR: path.join(work, "sqlite") },
      drop: async () => {},
    });
  const postgres = DIALECTS.test("postgres")
    ? await postgresDialect("communs_bench_decisions", { COMMUNS_DATA_DIR: path.join(work, "pg") })
    : undefined;
  if (postgres) dialects.push(postgres);
  const hello = await startServer("hello", ["--import", "tsx", "bench/hello.ts"]);
  servers.push(hello);
  console.log(
    `\nDecisions: a chamber with ${PROPOSALS} proposals and ${ANSWERS} objections and positions, autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s a route, ${os.cpus().length} CPU(s), load ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}\n`,
  );
  for (const dialect of dialects) {
    const seeded = await seed(dialect, PROPOSALS, ANSWERS);
    console.log(
      `[${dialect.name}] loaded ${seeded.rows} rows with Kysely in ${fixed(seeded.loadMs / 1000, 2)} s (${fixed(seeded.rows / (seeded.loadMs / 1000))} rows/s)\n`,
    );
    await pages(dialect, hello, seeded.shown.number);
    await serviceAndSettling(dialect, seeded.open, seeded.shown.id);
  }
} finally {
  await Promise.all(servers.map(stop));
  for (const dialect of dialects) await dialect.drop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
