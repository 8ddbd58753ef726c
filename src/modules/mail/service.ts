import nodemailer from "nodemailer";
import type { Context } from "../../context.ts";
import type { Language } from "../../core/accounts.ts";
import { newId } from "../../core/ids.ts";
import type { JobQueue } from "../jobs/service.ts";
import { createLifecycle, type Lifecycle } from "../lifecycle/service.ts";
import * as store from "./store.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post…), kept with the mail in the outbox. */
  headers?: Record<string, string>;
  /** Small text files sent along (a meeting's calendar file). */
  attachments?: MailAttachment[];
  /** The recipient's language, for the lifecycle's banner (French when not given). */
  language?: Language;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface Mailer {
  /** Keeps the mail in the outbox, then has a `mail.send` job hand it to SMTP. */
  send(mail: Mail): Promise<void>;
  /** Sends the mails due now in this process and waits for them (shutdown, tests). */
  idle(): Promise<void>;
}

const SEND = "mail.send";
/** With the first retry after 30 s, doubling: a mail server may be away for about two hours. */
const SEND_ATTEMPTS = 10;

/**
 * Every mail is kept in the outbox table first. With SMTP_URL set a `mail.send` job then sends it
 * (retried with back-off while the mail server fails) and marks it sent, once: the request that caused
 * it answers at once, however slow the mail server, and its answer takes as long whether or not a mail
 * was due (so a reset request does not tell by its timing whether an address has an account). Without
 * SMTP_URL the operator reads the outbox with `communs outbox`. The log names a mail but never holds
 * its body, which may carry a single-use link.
 */
export function createMailer(
  ctx: Context,
  jobs: JobQueue,
  lifecycle: Pick<Lifecycle, "mailNotice"> = createLifecycle(ctx),
): Mailer {
  const transport = ctx.config.smtpUrl ? nodemailer.createTransport(ctx.config.smtpUrl) : undefined;
  if (transport) jobs.register(SEND, (payload: { outboxId: string }) => deliver(payload.outboxId));

  async function deliver(id: string): Promise<void> {
    const mail = await store.findMail(ctx.db.kysely, id);
    if (!mail || mail.sent_at || !transport) return;
    await transport.sendMail({
      from: ctx.config.mailFrom,
      to: mail.to_address,
      subject: mail.subject,
      text: mail.body_text,
      headers: mail.headers ? (JSON.parse(mail.headers) as Record<string, string>) : undefined,
      attachments: mail.attachments ? (JSON.parse(mail.attachments) as MailAttachment[]) : undefined,
    });
    await store.markSent(ctx.db.kysely, id, new Date().toISOString());
    ctx.log.info({ outboxId: id, subject: mail.subject }, "mail sent");
  }

  return {
    async send(mail) {
      const id = newId();
      await store.insertMail(ctx.db.kysely, {
        id,
        to_address: mail.to,
        subject: mail.subject,
        // While the instance closes, every mail opens with its banner (the dates, why, what next).
        body_text: `${await lifecycle.mailNotice(mail.language)}${mail.text}`,
        headers: mail.headers ? JSON.stringify(mail.headers) : null,
        attachments: mail.attachments?.length ? JSON.stringify(mail.attachments) : null,
        created_at: new Date().toISOString(),
        sent_at: null,
      });
      if (!transport) {
        ctx.log.info({ outboxId: id, subject: mail.subject }, "mail kept in the outbox (no SMTP_URL set)");
        return;
      }
      await jobs.enqueue(SEND, { outboxId: id }, { maxAttempts: SEND_ATTEMPTS });
    },

    idle: () => jobs.idle([SEND]),
  };
}

/** The newest mails of the outbox, for the operator (`communs outbox`). */
export function listOutbox(ctx: Context, limit = 20) {
  return store.listOutbox(ctx.db.kysely, limit);
}
