// A separate jobs worker: the server enqueues (here: a mail kept in the outbox with its mail.send job)
// and `communs jobs run` sends it, once with `--once`, or until it is stopped.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { loadConfig } from "../src/config.ts";
import { type Db, openSqlite, sqliteFile } from "../src/db/connection.ts";
import { createJobs } from "../src/modules/jobs/service.ts";
import { createMailer } from "../src/modules/mail/service.ts";
import { type TestDatabase, testDialects } from "./helpers/db.ts";

const run = promisify(execFile);
const BIN = path.resolve("bin/communs.js");

/** A real SMTP server on 127.0.0.1 that keeps the subjects it receives. */
async function startSmtp() {
  const subjects: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => {
        data += chunk.toString("utf8");
      });
      stream.on("end", () => {
        subjects.push(/^Subject: (.*)$/m.exec(data)?.[1]?.trim() ?? "");
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    subjects,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const smtp = await startSmtp();
after(() => smtp.close());

for (const dialect of testDialects()) {
  describe(`communs jobs run [${dialect.name}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-jobs-"));
    let database: TestDatabase | undefined;
    let env: NodeJS.ProcessEnv = {};
    let db: Db;

    before(async () => {
      env = {
        ...process.env,
        LOG_LEVEL: "warn",
        COMMUNS_DATA_DIR: dir,
        DATABASE_URL: "",
        SMTP_URL: smtp.url,
      };
      if (dialect.name === "postgres") {
        database = await dialect.create();
        env.DATABASE_URL = database.url;
        db = database.db;
      } else {
        await run(process.execPath, [BIN, "migrate"], { env });
        db = openSqlite(sqliteFile(dir));
      }
    });

    after(async () => {
      if (database) await database.drop();
      else await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /** What the server does when it sends a mail and does not run jobs itself. */
    async function sendMail(subject: string): Promise<void> {
      const config = loadConfig(env);
      const ctx = { db, config, log: pino({ level: "silent" }) };
      await createMailer(ctx, createJobs(ctx)).send({ to: "irene@exemple.test", subject, text: "Bonjour." });
    }

    const sent = async (subject: string) =>
      (
        await db.kysely
          .selectFrom("outbox")
          .select("sent_at")
          .where("subject", "=", subject)
          .executeTakeFirst()
      )?.sent_at;

    it("sends the mails due with --once, then exits", async () => {
      await sendMail(`Une fois ${dialect.name}`);
      assert.equal(await sent(`Une fois ${dialect.name}`), null, "waiting for a worker");
      await run(process.execPath, [BIN, "jobs", "run", "--once"], { env });
      assert.deepEqual(
        smtp.subjects.filter((s) => s === `Une fois ${dialect.name}`),
        [`Une fois ${dialect.name}`],
      );
      assert.ok(await sent(`Une fois ${dialect.name}`), "marked sent");
      await run(process.execPath, [BIN, "jobs", "run", "--once"], { env });
      assert.equal(smtp.subjects.filter((s) => s === `Une fois ${dialect.name}`).length, 1, "sent once");
    });

    it("runs until stopped, sending what is enqueued meanwhile, and stops cleanly", async () => {
      const worker = spawn(process.execPath, [BIN, "jobs", "run"], { env, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => worker.on("exit", resolve));
      const subject = `En continu ${dialect.name}`;
      await sendMail(subject);
      const deadline = Date.now() + 30_000;
      while (!smtp.subjects.includes(subject) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(smtp.subjects.includes(subject), "the worker sent it");
      worker.kill("SIGTERM");
      assert.equal(await exited, 0);
    });
  });
}
