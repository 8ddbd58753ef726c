// `npm run bench`: throughput and latency of a few Communs routes on SQLite, next to a bare Fastify
// "hello" route measured in the same run. Figures are printed, never asserted: they depend on the machine.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { rssMiB, type Server, startServer, stop } from "./processes.ts";
import { seed } from "./seed.ts";

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION || 10); // seconds per route
const WARMUP = 2; // seconds per route, not counted
const SLUG = "assemblee-banc";
const TARGET = { ratio: 0.3, p99: 50 };

interface Row {
  route: string;
  server: Server;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(server: Server, route: string): Promise<Row> {
  const url = server.url + route;
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  const { requests, latency, non2xx, errors } = result;
  return { route, server, rps: requests.mean, p50: latency.p50, p99: latency.p99, non2xx, errors };
}

function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => line[i]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ");
  console.log(format(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const line of lines) console.log(format(line));
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), "communs-bench-"));
const servers: Server[] = [];
try {
  await seed(dataDir, SLUG);
  const hello = await startServer("hello", ["--import", "tsx", "bench/hello.ts"]);
  servers.push(hello);
  const communs = await startServer("communs", ["bin/communs.js", "serve"], { COMMUNS_DATA_DIR: dataDir });
  servers.push(communs);
  // The same instance with its anonymous page cache off: what every page costs to render.
  const uncached = await startServer("communs (no page cache)", ["bin/communs.js", "serve"], {
    COMMUNS_DATA_DIR: dataDir,
    COMMUNS_PAGE_CACHE_MS: "0",
  });
  servers.push(uncached);

  console.log(
    `autocannon: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per route, ${os.cpus().length} CPU(s), Node ${process.version}, SQLite\n`,
  );
  const rows: Row[] = [];
  for (const [server, route] of [
    [hello, "/"],
    [communs, "/health"],
    [communs, "/"],
    [communs, `/espaces/${SLUG}`],
    [uncached, "/"],
    [uncached, `/espaces/${SLUG}`],
  ] as const) {
    process.stdout.write(`  measuring ${server.name} ${route} …\n`);
    rows.push(await measure(server, route));
  }

  const base = rows[0]?.rps ?? 1;
  console.log();
  printTable(
    ["route", "req/s", "p50 ms", "p99 ms", "vs hello", "non-2xx", "errors"],
    rows.map((row) => [
      `${row.server.name} ${row.route}`,
      row.rps.toFixed(0),
      String(row.p50),
      String(row.p99),
      `${((row.rps / base) * 100).toFixed(1)} %`,
      String(row.non2xx),
      String(row.errors),
    ]),
  );
  console.log();
  for (const server of servers) {
    const rss = rssMiB(server.child.pid);
    console.log(`RSS after the run, ${server.name}: ${rss === undefined ? "n/a" : `${rss.toFixed(0)} MiB`}`);
  }
  console.log(
    `\nTarget (informational): pages ≥ ${TARGET.ratio * 100} % of hello req/s with p99 < ${TARGET.p99} ms`,
  );
  for (const row of rows.filter((r) => r.server !== hello && r.route !== "/health")) {
    const met = row.rps / base >= TARGET.ratio && row.p99 < TARGET.p99 && row.non2xx === 0;
    console.log(`  ${row.server.name} ${row.route}: ${met ? "met" : "not met"}`);
  }
} finally {
  await Promise.all(servers.map(stop));
  rmSync(dataDir, { recursive: true, force: true });
}
