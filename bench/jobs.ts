// Durable jobs: 10 000 `mail.send` jobs through the runner to a local SMTP server (jobs per second, and
// the server's count: none sent twice, none lost), next to the floor measured in the same run:
// nodemailer sending as many mails straight to the same server, as many at once as the runner runs.
// Then the same count of scheduled mails: jobs enqueued earlier with their due time, now come (spread
// over the last day, in no order), beside 1 000 due tomorrow that must stay put; the runner sends the
// due ones, each once, and none early. On SQLite (a file) and, when BENCH_DATABASE_URL's server answers,
// PostgreSQL. Figures are printed, never asserted. `node --import tsx bench/jobs.ts` (BENCH_JOBS=… to
// change the count).
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import pg from "pg";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { newId } from "../src/core/ids.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import { createRunner } from "../src/modules/jobs/runner.ts";
import { createJobs } from "../src/modules/jobs/service.ts";
import { createMailer } from "../src/modules/mail/service.ts";
import * as outbox from "../src/modules/mail/store.ts";

const COUNT = Number(process.env.BENCH_JOBS || 10_000);
/** Scheduled mails not due yet, beside the due ones: none may be sent. */
const LATER = Math.ceil(COUNT / 10);
const PG_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const PG_NAME = `bench_jobs_${process.pid}`;

/** A tiny SMTP server: accepts every mail and counts each by its subject. */
async function smtpServer() {
  const subjects = new Map<string, number>();
  let received = 0;
  const server = net.createServer((socket) => {
    let buffer = "";
    let inData = false;
    socket.write("220 banc ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const subject = /^Subject: (.*)$/m.exec(buffer.slice(0, end))?.[1] ?? "";
          subjects.set(subject, (subjects.get(subject) ?? 0) + 1);
          received += 1;
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 OK\r\n");
          continue;
        }
        const end = buffer.indexOf("\r\n");
        if (end < 0) return;
        const command = buffer.slice(0, end).toUpperCase();
        buffer = buffer.slice(end + 2);
        if (command.startsWith("EHLO")) socket.write("250-banc\r\n250 8BITMIME\r\n");
        else if (command.startsWith("DATA")) {
          inData = true;
          socket.write("354 go\r\n");
        } else if (command.startsWith("QUIT")) socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    /** Subjects received more than once. */
    twice: () => [...subjects.values()].filter((n) => n > 1).length,
    /** Subjects received that start with `prefix`. */
    startingWith: (prefix: string) => [...subjects.keys()].filter((s) => s.startsWith(prefix)).length,
    reset() {
      subjects.clear();
      received = 0;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

type Smtp = Awaited<ReturnType<typeof smtpServer>>;

async function untilReceived(smtp: Smtp, count: number): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (smtp.received < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** The runner's side: enqueue every mail (outbox and job), then run them. */
async function throughRunner(smtp: Smtp, env: Record<string, string>) {
  const config = loadConfig({ ...env, SMTP_URL: smtp.url, LOG_LEVEL: "warn" });
  const db = openDatabase(config);
  try {
    await migrate(db.kysely, db.dialect);
    const ctx = { db, config, log: pino({ level: "warn" }) };
    const jobs = createJobs(ctx);
    const mailer = createMailer(ctx, jobs);
    smtp.reset();
    const enqueueStart = performance.now();
    for (let n = 0; n < COUNT; n++)
      await mailer.send({ to: `personne${n}@bench.test`, subject: `banc ${n}`, text: "Bonjour." });
    const enqueueSeconds = (performance.now() - enqueueStart) / 1000;
    const runner = createRunner(jobs, config.jobs, (error) => console.error(error));
    const start = performance.now();
    runner.start();
    await untilReceived(smtp, COUNT);
    const seconds = (performance.now() - start) / 1000;
    await runner.stop();
    const unsent = await db.kysely
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("sent_at", "is", null)
      .executeTakeFirstOrThrow();
    return {
      enqueuePerSecond: COUNT / enqueueSeconds,
      perSecond: smtp.received / seconds,
      received: smtp.received,
      twice: smtp.twice(),
      unsent: Number(unsent.n),
      failed: await jobs.countFailed(),
      concurrency: config.jobs.concurrency,
    };
  } finally {
    await db.close();
  }
}

/**
 * Scheduled mails: each kept in the outbox with a `mail.send` job due at its time, COUNT of them due
 * over the last day (enqueued in no order of time) and LATER due tomorrow; then the runner starts.
 */
async function scheduled(smtp: Smtp, env: Record<string, string>) {
  const config = loadConfig({ ...env, SMTP_URL: smtp.url, LOG_LEVEL: "warn" });
  const db = openDatabase(config);
  try {
    await migrate(db.kysely, db.dialect);
    const ctx = { db, config, log: pino({ level: "warn" }) };
    const jobs = createJobs(ctx);
    createMailer(ctx, jobs);
    smtp.reset();
    const now = Date.now();
    const enqueueStart = performance.now();
    for (let n = 0; n < COUNT + LATER; n++) {
      const id = newId();
      const later = n >= COUNT;
      await outbox.insertMail(db.kysely, {
        id,
        to_address: `personne${n}@bench.test`,
        subject: later ? `demain ${n}` : `prevu ${n}`,
        body_text: "Bonjour.",
        headers: null,
        attachments: null,
        created_at: new Date(now - 86_400_000).toISOString(),
        sent_at: null,
      });
      // Due times in no order: the n-th mail at a pseudo-random minute of the last day, or tomorrow.
      const minutes = (n * 7_919) % 1_440;
      const dueAt = new Date(later ? now + 86_400_000 : now - (minutes + 1) * 60_000);
      await jobs.enqueue("mail.send", { outboxId: id }, { dueAt, maxAttempts: 10 });
    }
    const enqueueSeconds = (performance.now() - enqueueStart) / 1000;
    const runner = createRunner(jobs, config.jobs, (error) => console.error(error));
    const start = performance.now();
    runner.start();
    await untilReceived(smtp, COUNT);
    const seconds = (performance.now() - start) / 1000;
    // A moment more, for a mail sent early to show.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await runner.stop();
    const waiting = await db.kysely
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "pending")
      .where("kind", "=", "mail.send")
      .executeTakeFirstOrThrow();
    return {
      enqueuePerSecond: (COUNT + LATER) / enqueueSeconds,
      perSecond: smtp.startingWith("prevu") / seconds,
      received: smtp.startingWith("prevu"),
      early: smtp.startingWith("demain"),
      waiting: Number(waiting.n),
      twice: smtp.twice(),
      failed: await jobs.countFailed(),
    };
  } finally {
    await db.close();
  }
}

/** The floor: nodemailer alone, as many mails at once as the runner runs jobs. */
async function floor(smtp: Smtp, concurrency: number) {
  const transport = nodemailer.createTransport(smtp.url);
  smtp.reset();
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < COUNT) {
        const n = next++;
        await transport.sendMail({
          from: "Communs <communs@localhost>",
          to: `personne${n}@bench.test`,
          subject: `banc ${n}`,
          text: "Bonjour.",
        });
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: smtp.received / seconds, twice: smtp.twice() };
}

/** A fresh PostgreSQL database for the bench, or none when no server answers. */
async function postgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  await admin.query(`drop database if exists ${PG_NAME} with (force)`);
  await admin.query(`create database ${PG_NAME}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${PG_NAME}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: PG_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${PG_NAME} with (force)`);
      await cleanup.end();
    },
  };
}

const int = (n: number) => Math.round(n).toLocaleString("fr-FR");

async function main(): Promise<void> {
  const smtp = await smtpServer();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "communs-bench-jobs-"));
  const postgres = await postgresDatabase();
  try {
    process.stdout.write(
      `\nJobs: ${int(COUNT)} mail.send jobs through the runner to a local SMTP server, then ${int(COUNT)} scheduled ones come due\n`,
    );
    const dialects: [string, Record<string, string>][] = [["sqlite", { COMMUNS_DATA_DIR: dataDir }]];
    if (postgres) dialects.push(["postgres", { DATABASE_URL: postgres.url }]);
    for (const [name, env] of dialects) {
      const runner = await throughRunner(smtp, env);
      const later = await scheduled(smtp, env);
      const bare = await floor(smtp, runner.concurrency);
      process.stdout.write(
        [
          `  [${name}] enqueue (outbox + job): ${int(runner.enqueuePerSecond)} mails/s`,
          `  [${name}] runner (${runner.concurrency} at once): ${int(runner.perSecond)} jobs/s — received ${int(runner.received)}, twice ${runner.twice}, unsent ${runner.unsent}, failed ${runner.failed}`,
          `  [${name}] scheduled: enqueue ${int(later.enqueuePerSecond)} mails/s; runner ${int(later.perSecond)} jobs/s — received ${int(later.received)} of ${int(COUNT)} due, twice ${later.twice}, sent early ${later.early} of ${int(LATER)} due tomorrow, waiting ${int(later.waiting)}, failed ${later.failed}`,
          `  [${name}] floor, nodemailer alone (${runner.concurrency} at once): ${int(bare.perSecond)} mails/s — twice ${bare.twice}`,
          `  [${name}] runner / floor: ${(runner.perSecond / bare.perSecond).toFixed(2)}; scheduled / floor: ${(later.perSecond / bare.perSecond).toFixed(2)}`,
          "",
        ].join("\n"),
      );
    }
  } finally {
    await postgres?.drop();
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
