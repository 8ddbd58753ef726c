// The chamber ledger under load, on SQLite and (when it answers) PostgreSQL: 1 000 000 posted transfers
// (BENCH_LEDGER_TRANSFERS) over 50 accounts and the twelve months of one year, booked through the real
// service (hash chain, entries, balances). Printed: booking throughput one by one and batched, the
// transparency page and the accounts API under autocannon (10 connections), one account's balance as
// the service reads it, then `communs ledger verify` and `communs ledger fec` run as the CLI runs them
// (child processes: wall time and peak resident memory), at a smaller size too, to show how each grows
// with the number of transfers. Figures are printed, never asserted. Beside the booking figures, the
// floor (ledger-floor.ts: the bare driver doing the same writes) and the booking's ratio to it.
// BENCH_LEDGER_ONLY=booking stops each dialect after the booking samples and their floor.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import type { Database } from "../src/db/schema.ts";
import { createAccounts } from "../src/modules/accounts/service.ts";
import { createJobs } from "../src/modules/jobs/service.ts";
import { type BookingInput, createLedger } from "../src/modules/ledger/service.ts";
import * as books from "../src/modules/ledger/store-public.ts";
import { createMailer } from "../src/modules/mail/service.ts";
import * as transparency from "../src/modules/transparency/store.ts";
import { loadServices } from "../src/services.ts";
import { type Floor, type FloorSpace, pgFloor, sqliteFloor } from "./ledger-floor.ts";
import { type Server, startServer, stop } from "./processes.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TRANSFERS = Number(process.env.BENCH_LEDGER_TRANSFERS || 1_000_000);
/** Transfers booked one by one, then as many batched, at the start: the throughput sample. */
const SAMPLE = Number(process.env.BENCH_LEDGER_SAMPLE || 20_000);
const BATCH = 500;
/** Rounds of the samples, each followed by as many of the floor's. */
const ROUNDS = 5;
/** Transfers per transaction for the rest of the fill. */
const FILL_BATCH = Number(process.env.BENCH_LEDGER_FILL_BATCH || BATCH);
/** `verify` and the FEC are also measured at this size, to compare with the full one. */
const SMALL = Math.min(Number(process.env.BENCH_LEDGER_SMALL || 100_000), TRANSFERS);
const CONNECTIONS = 10;
const DURATION = Number(process.env.BENCH_DURATION || 10);
const WARMUP = 2;
const YEAR = 2025;
const SLUG = "chambre-du-banc";
const SIREN = "732829320";
const PG_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
/** Its own database, so that two runs at the same time do not drop each other's. */
const PG_NAME = `bench_ledger_${process.pid}`;
const DIALECTS = (process.env.BENCH_LEDGER_DIALECTS || "sqlite,postgres").split(",");
const BOOKING_ONLY = process.env.BENCH_LEDGER_ONLY === "booking";

// ---------------------------------------------------------------------------------------------------
// The chart: the 10 accounts every chamber starts with, and 40 more: 50 accounts.

const BANKS = ["512", "5121", "5122", "5123", "5124"];
const INCOMES = ["754", "7542", "7541", "7543", "7544", "7545", "7546", "7547", "7548", "756", "7588", "758"];
const EXPENSES = [
  "6132",
  "625",
  "6061",
  "6063",
  "6064",
  "6068",
  "6135",
  "6156",
  "616",
  "6226",
  "623",
  "6251",
  "6256",
  "6257",
  "626",
  "627",
  "6281",
];
const ENVELOPES = Array.from({ length: 11 }, (_, i) => `ENV-${String(i + 1).padStart(2, "0")}`);
const EXTRA_ACCOUNTS: { code: string; label: string; kind: string }[] = [
  ...BANKS.slice(1).map((code, i) => ({ code, label: `Banque, compte ${i + 2}`, kind: "asset" })),
  ...INCOMES.slice(2).map((code, i) => ({ code, label: `Produits, catégorie ${i + 1}`, kind: "income" })),
  ...EXPENSES.slice(2).map((code, i) => ({ code, label: `Charges, catégorie ${i + 1}`, kind: "expense" })),
  ...ENVELOPES.map((code, i) => ({ code, label: `Enveloppe ${i + 1}`, kind: "envelope" })),
];
const DONORS = ["Don de Camille", "Don de Louise M.", "Don", "Don de Renard roux", "Don HelloAsso", "Don"];
const SPENDING = ["Location de salle", "Frais de déplacement", "Fournitures", "Repas de l’assemblée"];

/** Deterministic transfers: half donations, a fifth envelope moves, the rest spending. */
function makeTransfer(i: number, envelopes: Map<string, number>): BookingInput {
  const amount = ((i * 2_654_435_761) % 49_900) + 100;
  const day = new Date(Date.UTC(YEAR, 0, 1) + Math.floor((i * 365) / TRANSFERS) * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  const base = { idempotencyKey: `banc-${i}`, amount, date, status: "posted" as const };
  const kind = i % 10;
  const pick = <T>(list: readonly T[], salt: number) => list[(i * 7 + salt) % list.length] as T;
  if (kind < 5) {
    const cash = i % 50 === 0;
    return {
      ...base,
      debit: cash ? "530" : pick(BANKS, 1),
      credit: pick(INCOMES, 3),
      label: pick(DONORS, 5),
      journal: cash ? "CA" : "BQ",
      pieceRef: `D${i}`,
    };
  }
  if (kind < 7) {
    const envelope = pick(ENVELOPES, 2);
    const held = envelopes.get(envelope) ?? 0;
    const spend = kind === 6 && held >= amount;
    envelopes.set(envelope, held + (spend ? -amount : amount));
    return {
      ...base,
      debit: spend ? envelope : "ENV",
      credit: spend ? "ENV" : envelope,
      label: spend ? "Dépense sur l’enveloppe" : "Dotation de l’enveloppe",
      journal: "ENV",
    };
  }
  return {
    ...base,
    debit: pick(EXPENSES, 4),
    credit: pick(BANKS, 6),
    label: pick(SPENDING, 8),
    journal: "BQ",
    pieceRef: `F${i}`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Helpers.

interface Dialect {
  name: "sqlite" | "postgres";
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function postgresDialect(work: string): Promise<Dialect | undefined> {
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
    await admin.query(`drop database if exists ${PG_NAME} with (force)`);
    await admin.query(`create database ${PG_NAME}`);
  } catch (error) {
    console.log(`PostgreSQL does not answer at ${PG_URL} (${error}): SQLite only.\n`);
    return undefined;
  } finally {
    await admin.end().catch(() => {});
  }
  const url = new URL(PG_URL);
  url.pathname = `/${PG_NAME}`;
  return {
    name: "postgres",
    env: { DATABASE_URL: url.toString(), COMMUNS_DATA_DIR: path.join(work, "pg") },
    async drop() {
      const cleanup = new pg.Client({ connectionString: PG_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${PG_NAME} with (force)`);
      await cleanup.end();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(row(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(row(line));
}

const int = (n: number) =>
  Math.round(n)
    .toLocaleString("fr-FR")
    .replace(/\u202f/g, " ");
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Peak resident memory (VmHWM) of a child process, read from /proc while it runs (Linux only). */
function peakKiB(pid: number | undefined): number | undefined {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib ? Number(kib) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `communs …` as an operator would, timing it and following its peak resident memory. */
async function cli(args: string[], env: Record<string, string>) {
  const began = performance.now();
  const child: ChildProcess = spawn(process.execPath, ["bin/communs.js", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", ...env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, peakKiB(child.pid) ?? 0);
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearInterval(sampler);
  return { seconds: (performance.now() - began) / 1000, peakMiB: peak / 1024, code, output: output.trim() };
}

/** A request that takes longer than this alone is measured one at a time: 10 connections would only queue. */
const SLOW_MS = 1_000;
const SLOW_REQUESTS = 10;

async function sequential(url: string, count: number) {
  const ms: number[] = [];
  let non2xx = 0;
  for (let i = 0; i < count; i++) {
    const began = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    ms.push(performance.now() - began);
    if (response.status >= 300) non2xx++;
  }
  return { ms, non2xx };
}

/**
 * autocannon at 10 connections (2 s warm-up, then the measure), unless one request alone takes more
 * than a second: then 10 requests one after the other. Either way the server is left idle (its queue
 * drained, /health answered) before the next route.
 */
async function measure(url: string) {
  const probe = await sequential(url, 2);
  const alone = probe.ms.at(-1) ?? 0;
  if (alone > SLOW_MS) {
    const { ms, non2xx } = await sequential(url, SLOW_REQUESTS);
    const sorted = [...ms, ...probe.ms].sort((a, b) => a - b);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    return {
      mode: `1 conn., ${sorted.length} req.`,
      rps: 1000 / mean,
      p50: Math.round(percentile(sorted, 50)),
      p99: Math.round(percentile(sorted, 99)),
      max: Math.round(sorted.at(-1) ?? 0),
      count: sorted.length,
      non2xx: non2xx + probe.non2xx,
      errors: 0,
    };
  }
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP, timeout: 120 });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, timeout: 120 });
  await fetch(new URL("/health", url));
  return {
    mode: `${CONNECTIONS} conn., ${DURATION} s`,
    rps: r.requests.mean,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    count: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** Median of a few timed runs of one query, in ms. */
async function timed(run: () => Promise<unknown>, times = 5): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const began = performance.now();
    await run();
    ms.push(performance.now() - began);
  }
  return ms.sort((a, b) => a - b)[Math.floor(times / 2)] ?? Number.NaN;
}

// ---------------------------------------------------------------------------------------------------
// The floor.

const FLOOR_SLUG = "chambre-du-plancher";

async function floorSpace(db: Kysely<Database>): Promise<FloorSpace> {
  const rows = await db
    .selectFrom("ledger_accounts as a")
    .innerJoin("spaces as s", "s.id", "a.space_id")
    .select(["a.space_id", "a.code", "a.id"])
    .where("s.slug", "=", FLOOR_SLUG)
    .execute();
  const spaceId = rows[0]?.space_id;
  if (!spaceId) throw new Error("floor space missing");
  return { spaceId, accounts: new Map(rows.map((r) => [r.code, r.id])) };
}

/** The bare driver on the bench's database. */
function openFloor(dialect: Dialect, dataDir: string, space: FloorSpace): Promise<Floor> {
  process.stdout.write(`  [${dialect.name}] the floor: the same writes by the bare driver …\n`);
  return dialect.name === "postgres"
    ? pgFloor(dialect.env.DATABASE_URL ?? "", space)
    : sqliteFloor(path.join(dataDir, "communs.sqlite"), space);
}

const ratio = (measured: number, floor: number) => (measured / floor).toFixed(2);

function bookingLines(
  sample: number,
  oneByOne: number,
  batched: number,
  floor: { oneByOne: number; batched: number },
): string[][] {
  return [
    [
      "one by one (one transaction each), fresh ledger",
      int(sample),
      int(oneByOne),
      int(floor.oneByOne),
      ratio(oneByOne, floor.oneByOne),
    ],
    [
      `batched (${BATCH} a transaction), fresh ledger`,
      int(sample),
      int(batched),
      int(floor.batched),
      ratio(batched, floor.batched),
    ],
  ];
}

// ---------------------------------------------------------------------------------------------------
// One dialect.

interface CliRow {
  size: number;
  verify: Awaited<ReturnType<typeof cli>>;
  fec: Awaited<ReturnType<typeof cli>>;
  fecLines: number;
  fecBytes: number;
}

async function verifyAndFec(dialect: Dialect, out: string, size: number): Promise<CliRow> {
  process.stdout.write(`  [${dialect.name}] ledger verify and FEC at ${int(size)} transfers …\n`);
  const verify = await cli(["ledger", "verify", "--space", SLUG], dialect.env);
  if (verify.code !== 0) console.log(`  ledger verify exited with ${verify.code}: ${verify.output}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const fec = await cli(
    ["ledger", "fec", "--space", SLUG, "--year", String(YEAR), "--siren", SIREN, "--out", out],
    dialect.env,
  );
  if (fec.code !== 0) console.log(`  ledger fec exited with ${fec.code}: ${fec.output}`);
  const file = readdirSync(out).find((f) => f.endsWith(".txt"));
  const fecLines = Number(/(\d+) lignes/.exec(fec.output)?.[1] ?? 0);
  const fecBytes = file ? statSync(path.join(out, file)).size : 0;
  rmSync(out, { recursive: true, force: true });
  return { size, verify, fec, fecLines, fecBytes };
}

async function run(dialect: Dialect, work: string) {
  const startedAt = performance.now();
  const config = loadConfig({ ...dialect.env, LOG_LEVEL: "warn" });
  const db = openDatabase(config);
  const servers: Server[] = [];
  try {
    await migrate(db.kysely, db.dialect);
    const ctx = { db, config, log: pino({ level: "warn" }) };
    const jobs = createJobs(ctx);
    const mailer = createMailer(ctx, jobs);
    const accounts = createAccounts(ctx, mailer);
    const admin = await accounts.createByOperator({
      email: "banc@bench.test",
      displayName: "Banc",
      password: "mot de passe du banc d’essai",
      admin: true,
    });
    const { spaces } = await loadServices(ctx, ["spaces"]);
    await spaces.create(admin, { kind: "chamber", name: "Chambre du banc", slug: SLUG, theme: "argent" });
    await spaces.create(admin, {
      kind: "chamber",
      name: "Chambre du plancher",
      slug: FLOOR_SLUG,
      theme: "argent",
    });
    const ledger = createLedger(ctx);
    const space = await ledger.chamber(SLUG);
    for (const slug of [SLUG, FLOOR_SLUG]) {
      const { id } = await ledger.chamber(slug);
      await db.kysely.transaction().execute((trx) => ledger.ensureChart(trx, id));
      for (const account of EXTRA_ACCOUNTS) await ledger.createAccount(slug, account);
    }
    const chart = await ledger.accounts(SLUG);
    const envelopes = new Map<string, number>();
    let next = 0;
    /**
     * What autovacuum does in production, which this machine's PostgreSQL has turned off: fresh
     * statistics for the planner, and the dead row versions left by a million updates of the balance
     * and monthly rows cleared (without it, reading 600 monthly rows walks millions of dead ones).
     */
    async function analyze() {
      if (db.dialect === "postgres") await sql`vacuum (analyze)`.execute(db.kysely);
    }
    // The CLI on an empty ledger: its own start, database driver included, under every figure below.
    const rows: CliRow[] = BOOKING_ONLY ? [] : [await verifyAndFec(dialect, path.join(work, "fec"), 0)];

    // Throughput samples on a fresh ledger, one transaction per transfer then 500 per transaction, each
    // in rounds that alternate with the floor's same writes: a busy machine slows both alike.
    const sample = Math.min(SAMPLE, Math.floor(TRANSFERS / 2));
    async function batch(size: number) {
      const end = Math.min(next + size, TRANSFERS);
      await db.kysely.transaction().execute(async (trx) => {
        for (let i = next; i < end; i++) await ledger.bookIn(trx, space.id, makeTransfer(i, envelopes));
      });
      next = end;
    }
    const bare = await openFloor(dialect, config.dataDir, await floorSpace(db.kysely));
    const floorEnvelopes = new Map<string, number>();
    let floorNext = 0;
    async function rounds(perTransaction: number) {
      const how = perTransaction === 1 ? "one by one" : `${perTransaction} a transaction`;
      process.stdout.write(
        `  [${dialect.name}] booking ${int(sample)} transfers ${how}, in ${ROUNDS} rounds alternating with the floor …\n`,
      );
      let ours = 0;
      let floor = 0;
      for (let done = 0; done < sample; ) {
        const size = Math.min(Math.ceil(sample / ROUNDS), sample - done);
        const began = performance.now();
        if (perTransaction === 1)
          for (const end = next + size; next < end; next++)
            await ledger.book(SLUG, makeTransfer(next, envelopes));
        else for (const end = next + size; next < end; ) await batch(Math.min(perTransaction, end - next));
        ours += performance.now() - began;
        const inputs = Array.from({ length: size }, () => makeTransfer(floorNext++, floorEnvelopes));
        floor += await bare.run(inputs, perTransaction);
        done += size;
      }
      return { ours: sample / (ours / 1000), floor: sample / (floor / 1000) };
    }
    const [alone, batches] = await (async () => {
      try {
        return [await rounds(1), await rounds(BATCH)];
      } finally {
        await bare.close();
      }
    })();
    const oneByOne = alone.ours;
    const batched = batches.ours;
    const floor = { oneByOne: alone.floor, batched: batches.floor };
    const booking = bookingLines(sample, oneByOne, batched, floor);
    if (BOOKING_ONLY) {
      console.log(`\n[${dialect.name}] booking only (BENCH_LEDGER_ONLY=booking)\n`);
      table(["booking", "transfers", "transfers/s", "floor/s", "ratio"], booking);
      console.log();
      return { oneByOne, batched, floor, fillRate: Number.NaN, httpLines: [], rows };
    }

    // The rest, batched, with the rate every 100 000 to show how it holds as the tables grow.
    const progress: string[][] = [];
    const fillBegan = performance.now();
    const fillFrom = next;
    let pauses = 0; // the CLI runs at the smaller size, not counted in the fill
    let stepBegan = performance.now();
    let stepFrom = next;
    while (next < TRANSFERS) {
      // Stop at each 100 000 and at the smaller size, where figures are taken.
      const stopAt = Math.min(
        Math.floor(next / 100_000) * 100_000 + 100_000,
        SMALL > next ? SMALL : TRANSFERS,
      );
      await batch(Math.min(FILL_BATCH, stopAt - next));
      if (next % 100_000 === 0 || next === TRANSFERS) {
        const rate = (next - stepFrom) / ((performance.now() - stepBegan) / 1000);
        progress.push([int(next), int(rate)]);
        process.stdout.write(`  [${dialect.name}] ${int(next)} transfers booked (${int(rate)}/s lately)\n`);
        stepBegan = performance.now();
        stepFrom = next;
      }
      if (next === SMALL && SMALL < TRANSFERS) {
        const paused = performance.now();
        await analyze();
        rows.push(await verifyAndFec(dialect, path.join(work, "fec"), next));
        pauses += performance.now() - paused;
        stepBegan = performance.now();
      }
    }
    const fillSeconds = (performance.now() - fillBegan - pauses) / 1000;
    await analyze();
    const fillRate = (TRANSFERS - fillFrom) / fillSeconds;
    const booked = await db.kysely
      .selectFrom("ledger_transfers")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("space_id", "=", space.id)
      .where("status", "=", "posted")
      .executeTakeFirstOrThrow();

    // Reads, in this process: one account's balance, and each query of the transparency page.
    const one = chart.find((a) => a.code === "ENV-03")?.code ?? "ENV-03";
    const latencies: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const t = performance.now();
      const found = (await ledger.accounts(SLUG)).find((a) => a.code === one);
      if (!found) throw new Error("account missing");
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    process.stdout.write(`  [${dialect.name}] timing the transparency page's queries …\n`);
    const k = db.kysely;
    const queries: [string, () => Promise<unknown>][] = [
      ["transferYears (all years)", () => books.transferYears(k, space.id)],
      ["envelopeBalances", () => books.envelopeBalances(k, space.id)],
      ["monthlyTotals", () => transparency.monthlyTotals(k, space.id, YEAR)],
      ["categoryTotals", () => transparency.categoryTotals(k, space.id, YEAR)],
      ["latestTransfers (200)", () => books.latestTransfers(k, space.id, YEAR, 200)],
      ["countTransfers", () => transparency.countTransfers(k, space.id, YEAR)],
    ];
    const queryTimes: string[][] = [];
    for (const [name, query] of queries) queryTimes.push([name, (await timed(query, 3)).toFixed(1)]);

    // Pages and API under load, every request rendered (page cache off), then with the default cache.
    const env = { ...dialect.env, COMMUNS_GEOCODER: "none" };
    const server = await startServer(`communs ${dialect.name}`, ["bin/communs.js", "serve"], {
      DATABASE_URL: "",
      ...env,
      COMMUNS_PAGE_CACHE_MS: "0",
    });
    servers.push(server);
    const cached = await startServer(`communs ${dialect.name} (page cache)`, ["bin/communs.js", "serve"], {
      DATABASE_URL: "",
      ...env,
    });
    servers.push(cached);
    const page = `/espaces/${SLUG}/transparence?annee=${YEAR}`;
    const single = performance.now();
    const first = await fetch(server.url + page);
    const firstBytes = (await first.arrayBuffer()).byteLength;
    const singleMs = performance.now() - single;
    if (first.status !== 200) throw new Error(`transparency page answered ${first.status}`);
    const httpLines: string[][] = [];
    for (const [label, url] of [
      ["transparency page", server.url + page],
      ["transparency page (page cache 1 s)", cached.url + page],
      ["accounts API (every balance)", `${server.url}/api/v1/spaces/${SLUG}/ledger/accounts`],
    ] as const) {
      process.stdout.write(`  [${dialect.name}] measuring ${label} …\n`);
      const m = await measure(url);
      httpLines.push([
        label,
        m.mode,
        m.rps.toFixed(1),
        String(m.count),
        String(m.p50),
        String(m.p99),
        String(m.max),
        String(m.non2xx),
        String(m.errors),
      ]);
    }
    await Promise.all(servers.map(stop));

    // The CLI at full size.
    rows.push(await verifyAndFec(dialect, path.join(work, "fec"), TRANSFERS));

    console.log(
      `\n[${dialect.name}] ${int(Number(booked.n))} posted transfers in ${YEAR}, ${chart.length} accounts\n`,
    );
    table(
      ["booking", "transfers", "transfers/s", "floor/s", "ratio"],
      [
        ...booking,
        [
          `fill to ${int(TRANSFERS)}, batched (${FILL_BATCH} a transaction)`,
          int(TRANSFERS - fillFrom),
          int(fillRate),
          "",
          "",
        ],
      ],
    );
    console.log(`fill rate over the last 100 000 transfers, as the ledger grows:`);
    console.log(`  ${progress.map(([n, r]) => `${n}: ${r}/s`).join(" · ")}`);
    console.log();
    table(
      ["route", "measured with", "req/s", "requests", "p50 ms", "p99 ms", "max ms", "non-2xx", "errors"],
      httpLines,
    );
    console.log(
      `transparency page alone, first request: ${singleMs.toFixed(0)} ms (${(firstBytes / 1024).toFixed(0)} KiB)`,
    );
    console.log(
      `one account's balance (ledger.accounts() in process, 2 000 reads): p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
    );
    console.log();
    table(["transparency page query (in process, median of 3)", "ms"], queryTimes);
    console.log();
    table(
      [
        "ledger CLI (child process)",
        "transfers",
        "seconds",
        "peak RSS",
        "FEC lines",
        "FEC size",
        "lines/s",
        "exit",
      ],
      rows.flatMap((r) => [
        [
          "ledger verify",
          int(r.size),
          r.verify.seconds.toFixed(1),
          `${r.verify.peakMiB.toFixed(0)} MiB`,
          "",
          "",
          "",
          String(r.verify.code),
        ],
        [
          `ledger fec --year ${YEAR}`,
          int(r.size),
          r.fec.seconds.toFixed(1),
          `${r.fec.peakMiB.toFixed(0)} MiB`,
          int(r.fecLines),
          mib(r.fecBytes),
          int(r.fecLines / r.fec.seconds),
          String(r.fec.code),
        ],
      ]),
    );
    console.log(`verify said: ${rows.map((r) => r.verify.output.split("\n")[0]).join(" | ")}`);
    console.log(`[${dialect.name}] done in ${((performance.now() - startedAt) / 60_000).toFixed(1)} min\n`);
    return { oneByOne, batched, floor, fillRate, httpLines, rows };
  } finally {
    await Promise.all(servers.map(stop));
    await db.close();
  }
}

const overall = performance.now();
const work = mkdtempSync(path.join(os.tmpdir(), "communs-bench-ledger-"));
const dialects: Dialect[] = [];
try {
  console.log(
    `Chamber ledger: ${int(TRANSFERS)} posted transfers over 50 accounts in ${YEAR} per dialect (BENCH_LEDGER_TRANSFERS), samples of ${int(SAMPLE)}, verify and FEC also at ${int(SMALL)}; autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per route; ${os.cpus().length} CPU(s), Node ${process.version}\n`,
  );
  if (DIALECTS.includes("sqlite"))
    dialects.push({
      name: "sqlite",
      env: { COMMUNS_DATA_DIR: path.join(work, "sqlite") },
      drop: async () => {},
    });
  if (DIALECTS.includes("postgres")) {
    const postgres = await postgresDialect(work);
    if (postgres) dialects.push(postgres);
  }
  // The CLI's start alone: what every figure of the CLI table includes.
  const baseline = await cli(["--help"], {});
  const results = [];
  for (const dialect of dialects) results.push({ dialect, ...(await run(dialect, work)) });

  console.log(
    `CLI start alone (communs --help): ${baseline.seconds.toFixed(1)} s, peak RSS ${baseline.peakMiB.toFixed(0)} MiB (included in every CLI figure)`,
  );
  console.log("\nTargets (informational):");
  for (const r of results) {
    const full = r.rows.at(-1);
    const empty = r.rows[0];
    const page = r.httpLines[0];
    const booking = `one by one ${int(r.oneByOne)}/s (${ratio(r.oneByOne, r.floor.oneByOne)} of the floor), batched ${int(r.batched)}/s (${ratio(r.batched, r.floor.batched)})`;
    if (BOOKING_ONLY) {
      console.log(`  [${r.dialect.name}] booking (≥ 0.6 of the floor): ${booking}`);
      continue;
    }
    console.log(
      `  [${r.dialect.name}] booking (≥ 5 000/s on SQLite, ≥ 0.6 of the floor): ${booking}, fill ${int(r.fillRate)}/s; transparency page p99 < 100 ms: ${page?.[5]} ms (page cache on: ${r.httpLines[1]?.[5]} ms); FEC of ${int(full?.fecLines ?? 0)} lines < 20 s under 200 MB: ${full?.fec.seconds.toFixed(1)} s, peak RSS ${full?.fec.peakMiB.toFixed(0)} MiB (${empty?.fec.peakMiB.toFixed(0)} MiB on an empty ledger)`,
    );
  }
  console.log(`\nWhole ledger benchmark: ${((performance.now() - overall) / 60_000).toFixed(1)} min`);
} finally {
  for (const dialect of dialects) await dialect.drop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
