// One measure of bench/wiki-import.ts, in a process of its own (its argument: the job, as JSON): the
// import (then, timed apart, the rendering of every page), the bare parse, or the raw driver inserts.
// Prints the figures as one JSON line.
import { createReadStream } from "node:fs";
import SQLite from "better-sqlite3";
import pg from "pg";
import { SaxesParser } from "saxes";
import { loadConfig } from "../src/config.ts";
import { newId } from "../src/core/ids.ts";
import { openDatabase, sqliteFile } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import { DumpReader } from "../src/modules/commons/service.ts";
import { importWiki } from "../src/modules/pages/import.ts";
import { refreshPages } from "../src/modules/pages/service.ts";
import { urls } from "../src/web/urls.ts";
import { buildWikiSpace } from "../test/helpers/wiki-import.ts";
import type { Job, Measure } from "./wiki-import.ts";

const BATCH = 500;

/** Peak resident memory and heap above the start, sampled every 10 ms while `run` runs. */
async function sampled<T>(run: () => Promise<T>) {
  global.gc?.();
  const cpu = process.cpuUsage();
  const start = process.memoryUsage();
  let rss = start.rss;
  let heap = start.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss);
    heap = Math.max(heap, now.heapUsed);
  };
  const sampler = setInterval(sample, 10);
  const began = performance.now();
  const value = await run();
  const seconds = (performance.now() - began) / 1000;
  clearInterval(sampler);
  sample();
  const used = process.cpuUsage(cpu);
  const mib = (n: number) => n / 1024 / 1024;
  return {
    value,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMiB: mib(rss - start.rss),
    peakHeapMiB: mib(heap - start.heapUsed),
  };
}

async function prepared(env: Record<string, string>) {
  const config = loadConfig({ ...env, LOG_LEVEL: "warn" });
  const db = openDatabase(config);
  await migrate(db.kysely, db.dialect);
  const spaceId = await buildWikiSpace(db.kysely, "wiki-banc");
  return { config, db, spaceId };
}

async function importing(job: Extract<Job, { kind: "import" }>): Promise<Measure> {
  const { config, db, spaceId } = await prepared(job.env);
  try {
    const run = await sampled(() =>
      importWiki(db.kysely, createReadStream(job.file), { spaceId, dataDir: config.dataDir }),
    );
    const report = run.value;
    const measure: Measure = {
      revisions: report.revisions.created,
      seconds: run.seconds,
      cpuSeconds: run.cpuSeconds,
      peakRssMiB: run.peakRssMiB,
      peakHeapMiB: run.peakHeapMiB,
      pages: report.pages,
      problems: report.problems.length + report.moreProblems,
    };
    if (report.stopped || report.revisions.created !== report.revisions.read)
      throw new Error(`import incomplete: ${JSON.stringify({ ...report, problems: undefined })}`);
    if (job.refresh) {
      const ids = (await db.kysely.selectFrom("wiki_pages").select("id").orderBy("number").execute()).map(
        (p) => p.id,
      );
      const began = performance.now();
      await refreshPages(db.kysely, { spaceId, root: urls.wikiRoot("wiki-banc", false) }, ids);
      measure.refreshSeconds = (performance.now() - began) / 1000;
    }
    return measure;
  } finally {
    await db.close();
  }
}

/** The floor of reading: saxes over the file, each element's text gathered, revisions counted. */
async function parsing(job: Extract<Job, { kind: "parse" }>): Promise<Measure> {
  let revisions = 0;
  const run = await sampled(async () => {
    const parser = new SaxesParser({ xmlns: true, position: true });
    let text: string[] = [];
    parser.on("opentag", () => {
      text = [];
    });
    parser.on("text", (t) => text.push(t));
    parser.on("closetag", (tag) => {
      if (tag.local === "text") text.join("");
      if (tag.local === "revision") revisions += 1;
    });
    const decoder = new TextDecoder("utf-8");
    for await (const chunk of createReadStream(job.file))
      parser.write(decoder.decode(chunk, { stream: true }));
    parser.close();
  });
  return {
    revisions,
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    peakRssMiB: run.peakRssMiB,
    peakHeapMiB: run.peakHeapMiB,
  };
}

type Row = (string | number | null)[];

/**
 * The floor of writing: the same pages and revision rows (the dump's own sha1 and size, ids made in
 * advance) inserted by the driver, 500 revisions a transaction; only the inserts are timed.
 */
async function inserting(job: Extract<Job, { kind: "insert" }>): Promise<Measure> {
  const { config, db, spaceId } = await prepared(job.env);
  await db.close();
  let write: (pages: Row[], revisions: Row[]) => Promise<void>;
  let close: () => Promise<void>;
  const pageColumns = "id, space_id, number, namespace, title, length, created_at, touched_at";
  const revisionColumns =
    "id, space_id, page_id, number, parent, timestamp, user_name, user_number, ip, comment, minor, size, sha1, format, text";
  if (config.databaseUrl) {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    const insert = async (table: string, columns: string, rows: Row[]) => {
      if (rows.length === 0) return;
      const width = rows[0]?.length ?? 0;
      const tuples = rows.map(
        (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`)})`,
      );
      await client.query(`insert into ${table} (${columns}) values ${tuples.join(", ")}`, rows.flat());
    };
    write = async (pages, revisions) => {
      await client.query("begin");
      await insert("wiki_pages", pageColumns, pages);
      await insert("wiki_revisions", revisionColumns, revisions);
      await client.query("commit");
    };
    close = () => client.end();
  } else {
    const database = new SQLite(sqliteFile(config.dataDir));
    database.pragma("journal_mode = WAL");
    database.pragma("foreign_keys = ON");
    database.pragma("synchronous = NORMAL");
    const page = database.prepare(`insert into wiki_pages (${pageColumns}) values (${"?, ".repeat(7)}?)`);
    const revision = database.prepare(
      `insert into wiki_revisions (${revisionColumns}) values (${"?, ".repeat(14)}?)`,
    );
    const batch = database.transaction((pages: Row[], revisions: Row[]) => {
      for (const row of pages) page.run(row);
      for (const row of revisions) revision.run(row);
    });
    write = async (pages, revisions) => {
      batch(pages, revisions);
    };
    close = async () => {
      database.close();
    };
  }
  let seconds = 0;
  let revisions = 0;
  const run = await sampled(async () => {
    const reader = new DumpReader({ history: true });
    const pageIds = new Map<number, string>();
    let pages: Row[] = [];
    let rows: Row[] = [];
    const flush = async () => {
      const began = performance.now();
      await write(pages, rows);
      seconds += (performance.now() - began) / 1000;
      revisions += rows.length;
      pages = [];
      rows = [];
    };
    const decoder = new TextDecoder("utf-8");
    const take = async () => {
      for (const item of reader.takeItems()) {
        if (item.kind !== "revision") continue;
        const { page: head, revision: r } = item;
        const number = head.id ?? 0;
        let pageId = pageIds.get(number);
        if (!pageId) {
          pageId = newId();
          pageIds.set(number, pageId);
          const title = head.title.slice(head.title.indexOf(":") + 1);
          pages.push([
            pageId,
            spaceId,
            number,
            head.ns,
            head.ns === 0 ? head.title : title,
            0,
            r.timestamp,
            r.timestamp,
          ]);
        }
        const { username, id, ip } = r.contributor;
        rows.push([
          newId(),
          spaceId,
          pageId,
          r.id,
          r.parentId,
          r.timestamp,
          username,
          id,
          ip,
          r.comment,
          r.minor ? 1 : 0,
          r.statedBytes,
          r.statedSha1,
          "wikitext",
          r.text,
        ]);
        if (rows.length >= BATCH) await flush();
      }
    };
    for await (const chunk of createReadStream(job.file)) {
      reader.write(decoder.decode(chunk, { stream: true }));
      await take();
    }
    reader.end();
    await take();
    await flush();
  });
  await close();
  return { revisions, seconds, peakRssMiB: run.peakRssMiB, peakHeapMiB: run.peakHeapMiB };
}

const job = JSON.parse(process.argv[2] ?? "{}") as Job;
const measure =
  job.kind === "import"
    ? await importing(job)
    : job.kind === "parse"
      ? await parsing(job)
      : await inserting(job);
console.log(JSON.stringify(measure));
