// `npm run bench`, start-up: how long a process takes to be useful and its peak resident memory, for the
// compiled runtime (bin/communs.js on dist/, what `npm start` and `npx communs` run) against the same
// sources through tsx (`node --import tsx src/main.ts`), with bare Node (`node -e ""`) as the floor:
// the server until its first /health answer, `communs --help`, and `communs ledger fec` on 100 000
// transfers (BENCH_STARTUP_TRANSFERS) booked once through the services in a temporary data folder.
// Each case runs BENCH_STARTUP_RUNS times (after one run not counted, which fills the disk cache and
// tsx's compile cache: tsx is measured at its best), the runtimes taking turns. Printed: median, spread
// (min–max) and ratio to the floor of the wall time, the CPU time (steadier on a busy machine; tsx's
// esbuild service process is not counted) and the peak memory. BENCH_STARTUP_COMPARE=path/to/bin/communs.js
// adds another checkout's command (say, before a change), on a copy of the data folder where the migrations
// that checkout does not know are forgotten (their tables stay, unread). Figures are printed, never asserted.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import { loadServices } from "../src/services.ts";
import { freePort, rssMiB } from "./processes.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.BENCH_STARTUP_RUNS || 7);
const TRANSFERS = Number(process.env.BENCH_STARTUP_TRANSFERS || 100_000);
const SLUG = "chambre-du-banc";
const YEAR = 2025;
const SIREN = "732829320";
/** Preloaded in every measured process: writes its peak resident memory and CPU time when it exits. */
const USAGE = path.join(ROOT, "bench/exit-usage.cjs");

interface Runtime {
  name: string;
  /** Node's arguments before the command's own. */
  args: string[];
  /** Its own data folder, when not the one filled here. */
  dataDir?: string;
}

const work = mkdtempSync(path.join(os.tmpdir(), "communs-bench-startup-"));
const dataDir = path.join(work, "data");
const COMPARED = process.env.BENCH_STARTUP_COMPARE ? path.resolve(process.env.BENCH_STARTUP_COMPARE) : "";

const RUNTIMES: Runtime[] = [
  { name: "compiled", args: ["bin/communs.js"] },
  { name: "tsx", args: ["--import", "tsx", "src/main.ts"] },
  ...(COMPARED ? [{ name: "compared", args: [COMPARED], dataDir: `${dataDir}-compared` }] : []),
];

interface Sample {
  ms: number;
  /** CPU time of the process (user and system) over its whole life: less sensitive than `ms` to a busy machine. */
  cpuMs: number;
  peakMiB: number;
  /** The server's resident memory right after its first /health answer. */
  readyMiB?: number;
}

const env = { ...process.env, COMMUNS_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" };
let usageFiles = 0;

/** Starts `node …args`, with the usage preload; `ready` resolves when it is useful. */
async function measure(
  args: string[],
  ready: (child: ReturnType<typeof spawn>) => Promise<number | undefined>,
  extraEnv: Record<string, string> = {},
): Promise<Sample> {
  const usageFile = path.join(work, `usage-${usageFiles++}`);
  const began = performance.now();
  const child = spawn(process.execPath, ["--require", USAGE, ...args], {
    cwd: ROOT,
    env: { ...env, ...extraEnv, BENCH_USAGE_FILE: usageFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk) => {
    errors += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const readyMiB = await ready(child);
  const ms = performance.now() - began;
  const code = await exited;
  if (code !== 0) throw new Error(`node ${args.join(" ")} exited with ${code}: ${errors}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8"));
  return { ms, cpuMs: usage.cpu / 1000, peakMiB: usage.maxRSS / 1024, readyMiB };
}

const dataOf = (runtime: Runtime): Record<string, string> =>
  runtime.dataDir ? { COMMUNS_DATA_DIR: runtime.dataDir } : {};

/**
 * The compared checkout's copy of the data folder: the migrations it does not know are forgotten, since
 * its migrator refuses a database ahead of it (the tables they made stay, and it never reads them).
 */
function prepareCompared(runtime: Runtime): void {
  if (!runtime.dataDir) return;
  cpSync(dataDir, runtime.dataDir, { recursive: true });
  const sources = path.resolve(COMPARED, "../../src/db");
  const known = new Set(
    readdirSync(sources, { recursive: true, encoding: "utf8" })
      .filter((file) => file.includes("migration"))
      .flatMap((file) => readFileSync(path.join(sources, file), "utf8").match(/\b\d{4}_[a-z0-9_]+/g) ?? []),
  );
  const db = new Sqlite(path.join(runtime.dataDir, "communs.sqlite"));
  const names = db.prepare("select name from kysely_migration").pluck().all() as string[];
  const forget = db.prepare("delete from kysely_migration where name = ?");
  for (const name of names.filter((n) => !known.has(n))) forget.run(name);
  db.close();
}

/** Runs to its end. */
const toExit = (child: ReturnType<typeof spawn>) =>
  new Promise<undefined>((resolve) => child.once("exit", () => resolve(undefined)));

async function server(runtime: Runtime): Promise<Sample> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/health`;
  return measure(
    [...runtime.args, "serve"],
    async (child) => {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the ${runtime.name} server exited`);
        try {
          if ((await fetch(url)).ok) break;
        } catch {
          // not listening yet
        }
        await sleep(10);
      }
      const readyMiB = rssMiB(child.pid);
      child.kill("SIGTERM");
      return readyMiB;
    },
    { PORT: String(port), HOST: "127.0.0.1", ...dataOf(runtime) },
  );
}

async function fec(runtime: Runtime): Promise<Sample> {
  const out = path.join(work, "fec");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  const args = ["ledger", "fec", "--space", SLUG, "--year", String(YEAR), "--siren", SIREN, "--out", out];
  return measure([...runtime.args, ...args], toExit, dataOf(runtime));
}

/** An administrator, a chamber and its transfers, booked through the services 1 000 a transaction. */
async function fill(): Promise<void> {
  const config = loadConfig({ COMMUNS_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
  const db = openDatabase(config);
  try {
    await migrate(db.kysely, db.dialect);
    const { accounts, spaces, ledger } = await loadServices({ db, config, log: pino({ level: "warn" }) }, [
      "accounts",
      "spaces",
      "ledger",
    ]);
    const admin = await accounts.createByOperator({
      email: "banc@bench.test",
      displayName: "Banc",
      password: "mot de passe du banc d’essai",
      admin: true,
    });
    await spaces.create(admin, { kind: "chamber", name: "Chambre du banc", slug: SLUG, theme: "argent" });
    const space = await ledger.chamber(SLUG);
    for (let from = 0; from < TRANSFERS; from += 1_000) {
      await db.kysely.transaction().execute(async (trx) => {
        await ledger.ensureChart(trx, space.id);
        for (let i = from; i < Math.min(from + 1_000, TRANSFERS); i++) {
          const amount = ((i * 2_654_435_761) % 49_900) + 100;
          const day = Math.floor((i * 365) / TRANSFERS);
          const date = new Date(Date.UTC(YEAR, 0, 1 + day)).toISOString().slice(0, 10);
          // Two donations, then a smaller expense: the bank never goes below zero.
          const expense = i % 3 === 2;
          await ledger.bookIn(trx, space.id, {
            idempotencyKey: `banc-${i}`,
            amount: expense ? Math.ceil(amount / 2) : amount,
            date,
            status: "posted",
            debit: expense ? "6132" : "512",
            credit: expense ? "512" : "754",
            label: expense ? "Location de salle" : "Don",
            journal: "BQ",
            pieceRef: `P${i}`,
          });
        }
      });
    }
  } finally {
    await db.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const spread = (values: number[], digits = 0) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(row(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(row(line));
}

try {
  process.stdout.write(`  booking ${TRANSFERS.toLocaleString("en")} transfers through the services …\n`);
  const filled = performance.now();
  await fill();
  process.stdout.write(`  booked in ${((performance.now() - filled) / 1000).toFixed(1)} s\n`);
  for (const runtime of RUNTIMES) prepareCompared(runtime);

  const cases: { name: string; run: (runtime: Runtime) => Promise<Sample> }[] = [
    { name: "communs --help", run: (r) => measure([...r.args, "--help"], toExit) },
    { name: "server → first /health", run: server },
    { name: `ledger fec, ${TRANSFERS.toLocaleString("en")} transfers`, run: fec },
  ];
  const floor: Sample[] = [];
  const samples = new Map<string, Sample[]>();
  for (let round = 0; round <= RUNS; round++) {
    process.stdout.write(round === 0 ? "  warming up …\n" : `  round ${round} of ${RUNS} …\n`);
    const bare = await measure(["-e", ""], toExit);
    if (round > 0) floor.push(bare);
    for (const { name, run } of cases)
      for (const runtime of RUNTIMES) {
        const sample = await run(runtime);
        const key = `${name}\u0000${runtime.name}`;
        if (round > 0) samples.set(key, [...(samples.get(key) ?? []), sample]);
      }
  }

  const metrics = [
    { title: "wall ms", of: (s: Sample) => s.ms },
    { title: "CPU ms", of: (s: Sample) => s.cpuMs },
    { title: "peak MiB", of: (s: Sample) => s.peakMiB },
  ];
  /** Median, spread and ratio to the floor of each metric. */
  const figures = (list: Sample[]) =>
    metrics.flatMap(({ of }) => {
      const values = list.map(of);
      return [median(values).toFixed(0), spread(values), (median(values) / median(floor.map(of))).toFixed(2)];
    });
  console.log(
    `\nStart-up and peak memory, median of ${RUNS} runs (min–max) and ratio to the floor, ${os.cpus().length} CPU(s), load ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}, SQLite\n`,
  );
  const rows = [['node -e ""', "floor", ...figures(floor), ""]];
  const of = (name: string, runtime: string) => samples.get(`${name}\u0000${runtime}`) ?? [];
  for (const { name } of cases)
    for (const runtime of RUNTIMES) {
      const list = of(name, runtime.name);
      const ready = list.flatMap((s) => (s.readyMiB === undefined ? [] : [s.readyMiB]));
      rows.push([
        name,
        runtime.name,
        ...figures(list),
        ready.length ? `${median(ready).toFixed(0)} (${spread(ready)})` : "",
      ]);
    }
  table(
    [
      "case",
      "runtime",
      ...metrics.flatMap(({ title }) => [title, "min–max", "× floor"]),
      "RSS at /health MiB",
    ],
    rows,
  );
  console.log("\ntsx against compiled (median against median):");
  for (const { name } of cases) {
    const ratio = (metric: (s: Sample) => number) =>
      median(of(name, "tsx").map(metric)) / median(of(name, "compiled").map(metric));
    const extra =
      median(of(name, "tsx").map((s) => s.peakMiB)) - median(of(name, "compiled").map((s) => s.peakMiB));
    console.log(
      `  ${name}: ${ratio((s) => s.ms).toFixed(2)} × the wall time, ${ratio((s) => s.cpuMs).toFixed(2)} × the CPU time, +${extra.toFixed(0)} MiB at the peak`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
