// A separate jobs worker: the server enqueues (here: a mail kept in the outbox with its mail.send job)
// and `communs jobs run` sends it, once with `--once`, or until it is stopped.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, describe, it } from "node:test";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { createJobs } from "../src/modules/jobs/service.ts";
import { createMailer } from "../src/modules/mail/service.ts";
import { BIN, cliInstance, run } from "./helpers/cli.ts";
import { testDialects } from "./helpers/db.ts";
import { startSmtp } from "./helpers/smtp.ts";

const smtp = await startSmtp();
after(() => smtp.close());
/** The subjects of the mails the SMTP server received. */
const subjects = () => smtp.received.map((mail) => /^Subject: (.*)$/m.exec(mail.data)?.[1]?.trim() ?? "");

for (const dialect of testDialects()) {
  describe(`communs jobs run [${dialect.name}]`, () => {
    const instance = cliInstance(dialect, "jobs", { SMTP_URL: smtp.url });

    /** What the server does when it sends a mail and does not run jobs itself. */
    async function sendMail(subject: string): Promise<void> {
      const ctx = { db: instance.db, config: loadConfig(instance.env), log: pino({ level: "silent" }) };
      await createMailer(ctx, createJobs(ctx)).send({ to: "irene@exemple.test", subject, text: "Bonjour." });
    }

    const sent = async (subject: string) =>
      (
        await instance.db.kysely
          .selectFrom("outbox")
          .select("sent_at")
          .where("subject", "=", subject)
          .executeTakeFirst()
      )?.sent_at;

    it("sends the mails due with --once, then exits", async () => {
      await sendMail(`Une fois ${dialect.name}`);
      assert.equal(await sent(`Une fois ${dialect.name}`), null, "waiting for a worker");
      await run(process.execPath, [BIN, "jobs", "run", "--once"], { env: instance.env });
      assert.deepEqual(
        subjects().filter((s) => s === `Une fois ${dialect.name}`),
        [`Une fois ${dialect.name}`],
      );
      assert.ok(await sent(`Une fois ${dialect.name}`), "marked sent");
      await run(process.execPath, [BIN, "jobs", "run", "--once"], { env: instance.env });
      assert.equal(subjects().filter((s) => s === `Une fois ${dialect.name}`).length, 1, "sent once");
    });

    it("runs until stopped, sending what is enqueued meanwhile, and stops cleanly", async () => {
      const worker = spawn(process.execPath, [BIN, "jobs", "run"], { env: instance.env, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => worker.on("exit", resolve));
      const subject = `En continu ${dialect.name}`;
      await sendMail(subject);
      const deadline = Date.now() + 30_000;
      while (!subjects().includes(subject) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(subjects().includes(subject), "the worker sent it");
      worker.kill("SIGTERM");
      assert.equal(await exited, 0);
    });
  });
}
