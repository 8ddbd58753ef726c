// Meetings and the task board under load, on SQLite and (when it answers) PostgreSQL: an assembly with
// 1 000 meetings over four years (200 recurring, some cancelled, most past ones with published minutes,
// half of those with the pad they were read from) and 20 000 tasks (BENCH_MEETINGS, BENCH_TASKS). The
// load's rows/s (Kysely batches) against the bare driver loading as many rows for a neighbouring space.
// Then, signed in as a member (the page cache is for anonymous visitors only, and off here), at 50
// connections: the meeting list, a meeting with its minutes, the task board and the space's iCalendar
// feed, next to a bare Fastify "hello" measured in the same run; and the feed alone, one request at a
// time (median of 20). Figures are printed, never asserted. The pad parser (1 MB) is bench/pad.ts and
// the scheduled mails bench/jobs.ts, both in `npm run bench`.
//   node scripts/build.js && node --expose-gc --import tsx bench/meetings.ts
//   BENCH_DIALECTS=sqlite BENCH_ONLY=board BENCH_DURATION=3 … to measure again only some of it.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { urls } from "../src/web/urls.ts";
import { EMAIL, PASSWORD, SLUG, seed } from "./meetings-seed.ts";
import { type Dialect, postgresDialect } from "./postgres.ts";
import { rssMiB, type Server, startServer, stop } from "./processes.ts";

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION || 10);
const WARMUP = 2;
const ONLY = new RegExp(process.env.BENCH_ONLY ?? "");
const DIALECTS = new RegExp(process.env.BENCH_DIALECTS ?? "");
const MEETINGS = Number(process.env.BENCH_MEETINGS || 1_000);
const TASKS = Number(process.env.BENCH_TASKS || 20_000);
const FEED_SAMPLES = 20;

const fixed = (n: number, digits = 0) => n.toFixed(digits);

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

/**
 * autocannon's figures for a route; a slow page's answers are waited for (60 s) rather than counted
 * as timeouts, and the server is let finish what it still holds before the next route is measured.
 */
async function measure(server: Server, url: string, headers: Record<string, string> = {}) {
  const options = { url, headers, connections: CONNECTIONS, timeout: 60 };
  await autocannon({ ...options, duration: WARMUP });
  await settle(server);
  const r = await autocannon({ ...options, duration: DURATION });
  await settle(server);
  // None answered within the run: its latencies are longer than the run itself.
  const none = r.requests.total === 0 ? `> ${DURATION * 1000}` : undefined;
  return {
    rps: r.requests.mean,
    p50: none ?? String(r.latency.p50),
    p99: none ?? String(r.latency.p99),
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/**
 * Waits (up to 5 minutes) until the server answers /health at once: the requests of a run it still
 * holds are done. A request that waited too long is closed by the server: it is asked again.
 */
async function settle(server: Server): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const start = performance.now();
    try {
      await (await fetch(`${server.url}/health`)).arrayBuffer();
      if (performance.now() - start < 20) return;
    } catch {
      // closed after waiting in the server's queue: ask again
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One request at a time, after five not counted: the median and worst of `times`, in ms, and the size. */
async function alone(url: string, headers: Record<string, string>, times: number) {
  const durations: number[] = [];
  let bytes = 0;
  for (let i = 0; i < times + 5; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers });
    bytes = (await response.arrayBuffer()).byteLength;
    if (i >= 5) durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  return { median: durations[Math.floor(times / 2)] ?? 0, worst: durations[times - 1] ?? 0, bytes };
}

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(row(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(row(line));
}

const work = mkdtempSync(path.join(os.tmpdir(), "communs-bench-meetings-"));
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
    ? await postgresDialect("communs_bench_meetings", { COMMUNS_DATA_DIR: path.join(work, "pg") })
    : undefined;
  if (postgres) dialects.push(postgres);
  const hello = await startServer("hello", ["--import", "tsx", "bench/hello.ts"]);
  servers.push(hello);
  console.log(
    `\nMeetings and tasks: a space with ${MEETINGS} meetings (${MEETINGS / 5} recurring) and ${TASKS} tasks, signed in as a member, autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s a route, ${os.cpus().length} CPU(s), load ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}\n`,
  );
  for (const dialect of dialects) {
    const loaded = await seed(dialect, MEETINGS, TASKS);
    console.log(`[${dialect.name}] load of one space`);
    table(
      ["loader", "rows", "seconds", "rows/s", "× floor"],
      [
        ["bare driver (floor)", loaded.rows, loaded.floorMs, loaded.floorMs],
        ["Kysely batches", loaded.rows, loaded.kyselyMs, loaded.floorMs],
      ].map(([label, rows, ms, floor]) => [
        String(label),
        String(rows),
        fixed(Number(ms) / 1000, 2),
        fixed(Number(rows) / (Number(ms) / 1000)),
        fixed(Number(floor) / Number(ms), 2),
      ]),
    );
    console.log(`(the bench's memory grew by ${fixed(loaded.rssLoadMiB, 1)} MiB during the Kysely load)\n`);
    const server = await startServer(`communs ${dialect.name}`, ["bin/communs.js", "serve"], {
      ...dialect.env,
      COMMUNS_PAGE_CACHE_MS: "0",
      COMMUNS_GEOCODER: "none",
    });
    servers.push(server);
    const cookie = await signIn(server);
    const signedIn = { cookie };
    const space = `${server.url}/espaces/${SLUG}`;
    const feed = await alone(`${space}/reunions.ics`, {}, FEED_SAMPLES);
    const events = ((await (await fetch(`${space}/reunions.ics`)).text()).match(/^BEGIN:VEVENT/gm) ?? [])
      .length;
    const routes: [string, string][] = [
      ["meeting list", `${space}/reunions`],
      ["meeting with minutes", `${space}/reunions/${loaded.meetingId}`],
      ["task board", `${space}/taches`],
      ["iCal feed", `${space}/reunions.ics`],
    ];
    const helloRun = await measure(hello, `${hello.url}/`);
    const lines: [string, Awaited<ReturnType<typeof measure>>][] = [["hello (same run)", helloRun]];
    for (const [label, url] of routes.filter(([label]) => ONLY.test(label))) {
      const page = await fetch(url, { headers: signedIn });
      const body = await page.text();
      const kib = Buffer.byteLength(body) / 1024;
      if (url.endsWith("/reunions") && !body.includes(`action="${urls.logout()}"`))
        throw new Error("the member is not signed in");
      process.stdout.write(`  [${dialect.name}] measuring ${label} (${page.status}, ${fixed(kib)} KiB) …\n`);
      lines.push([label, await measure(server, url, signedIn)]);
    }
    console.log(
      `\n[${dialect.name}] signed in, uncached, ${CONNECTIONS} connections (load ${os.loadavg()[0]?.toFixed(1)})`,
    );
    table(
      ["route", "req/s", "p50 ms", "p99 ms", "vs hello", "non-2xx", "errors + timeouts"],
      lines.map(([label, m]) => [
        label,
        fixed(m.rps, 1),
        m.p50,
        m.p99,
        `${fixed((m.rps / helloRun.rps) * 100, 2)} %`,
        String(m.non2xx),
        String(m.errors),
      ]),
    );
    console.log(
      `iCal feed alone (${events} events, ${fixed(feed.bytes / 1024)} KiB): median ${fixed(feed.median, 1)} ms, worst ${fixed(feed.worst, 1)} ms of ${FEED_SAMPLES}`,
    );
    console.log(`server's resident memory after the runs: ${fixed(rssMiB(server.child.pid) ?? 0)} MiB\n`);
    await stop(server);
  }
  console.log(
    "Targets (informational): pages p99 < 100 ms at 50 connections; the feed of 1 000 events < 200 ms alone",
  );
} finally {
  await Promise.all(servers.map(stop));
  for (const dialect of dialects) await dialect.drop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
