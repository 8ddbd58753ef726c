import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { email, useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { startSmtp } from "../../../test/helpers/smtp.ts";

const smtp = await startSmtp();
after(() => smtp.close());

for (const dialect of testDialects()) {
  describe(`mail through SMTP [${dialect.name}]`, () => {
    const h = useApp(dialect, { smtpUrl: smtp.url, mailFrom: "Communs <communs@exemple.test>" });
    let address = "";

    before(async () => {
      address = email();
      await new Visitor(h).register({ email: address, displayName: "Irène" });
    });

    it("sends the reset link through the SMTP server and marks the outbox entry sent", async () => {
      const asked = await new Visitor(h).submit("/mot-de-passe-oublie", "/mot-de-passe-oublie", {
        email: address,
      });
      assert.equal(asked.statusCode, 303);
      await h.app.communs.mailer.idle();
      const mail = smtp.received.find((m) => m.to.includes(address) && m.data.includes("reinitialisation/"));
      assert.ok(mail, "the SMTP server received the reset mail");
      assert.match(mail.data, /From: Communs <communs@exemple\.test>/);
      const rows = await h.db.kysely
        .selectFrom("outbox")
        .selectAll()
        .where("to_address", "=", address)
        .execute();
      assert.equal(rows.length, 2, "the confirmation and the reset");
      assert.ok(
        rows.every((row) => row.sent_at),
        "both marked sent",
      );
    });
  });

  describe(`mail with extra headers [${dialect.name}]`, () => {
    const h = useApp(dialect, { smtpUrl: smtp.url });

    it("keeps them in the outbox and hands them to SMTP (one-click unsubscribe)", async () => {
      const to = email("abonnee");
      const headers = {
        "List-Unsubscribe": "<http://communs.test/desabonnement/abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      };
      await h.app.communs.mailer.send({ to, subject: "Nouvelles", text: "Bonjour.", headers });
      await h.app.communs.mailer.idle();
      const mail = smtp.received.find((m) => m.to.includes(to));
      assert.ok(mail, "the SMTP server received it");
      assert.match(mail.data, /^List-Unsubscribe: <http:\/\/communs\.test\/desabonnement\/abc>\r?$/m);
      assert.match(mail.data, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      const row = await h.db.kysely
        .selectFrom("outbox")
        .select(["headers", "sent_at"])
        .where("to_address", "=", to)
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(row.headers ?? "{}"), headers);
      assert.ok(row.sent_at);
    });
  });

  describe(`mail when the SMTP server is down [${dialect.name}]`, () => {
    const h = useApp(dialect, { smtpUrl: "smtp://127.0.0.1:1" });

    it("still answers the person and keeps the mail unsent in the outbox", async () => {
      const address = email();
      await new Visitor(h).register({ email: address, displayName: "Jules" });
      const asked = await new Visitor(h).submit("/mot-de-passe-oublie", "/mot-de-passe-oublie", {
        email: address,
      });
      assert.equal(asked.statusCode, 303);
      await h.app.communs.mailer.idle();
      const rows = await h.db.kysely
        .selectFrom("outbox")
        .selectAll()
        .where("to_address", "=", address)
        .execute();
      assert.ok(rows.some((row) => row.body_text.includes("reinitialisation/")));
      assert.ok(
        rows.every((row) => row.sent_at === null),
        "kept unsent",
      );
      const jobs = await h.db.kysely.selectFrom("jobs").selectAll().where("kind", "=", "mail.send").execute();
      assert.ok(jobs.length >= 2);
      for (const job of jobs) {
        assert.equal(job.status, "pending", "to be tried again later");
        assert.equal(job.attempts, 1);
        assert.match(job.last_error ?? "", /ECONNREFUSED/);
        assert.ok(job.due_at > new Date().toISOString(), "after a delay");
      }
    });
  });
}
