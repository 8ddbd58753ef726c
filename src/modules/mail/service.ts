import nodemailer from "nodemailer";
import type { Context } from "../../context.ts";
import { newId } from "../../core/ids.ts";
import * as store from "./store.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Keeps the mail in the outbox, then hands it to SMTP in the background. */
  send(mail: Mail): Promise<void>;
  /** Resolves once every mail handed to SMTP so far is sent or has failed (shutdown, tests). */
  idle(): Promise<void>;
}

/**
 * Every mail is kept in the outbox table first. With SMTP_URL set it is then sent in the background
 * and marked sent: the request that caused it answers at once, however slow the mail server, and its
 * answer takes as long whether or not a mail was due (so a reset request does not tell by its timing
 * whether an address has an account). Without SMTP_URL the operator reads the outbox with
 * `communs outbox`. The log names a mail but never holds its body, which may carry a single-use link.
 */
export function createMailer(ctx: Context): Mailer {
  const transport = ctx.config.smtpUrl ? nodemailer.createTransport(ctx.config.smtpUrl) : undefined;
  const inFlight = new Set<Promise<void>>();

  async function deliver(id: string, mail: Mail): Promise<void> {
    if (!transport) return;
    try {
      await transport.sendMail({
        from: ctx.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
      await store.markSent(ctx.db.kysely, id, new Date().toISOString());
      ctx.log.info({ outboxId: id, subject: mail.subject }, "mail sent");
    } catch (error) {
      // The mail stays unsent in the outbox, where the operator sees it.
      ctx.log.error({ outboxId: id, err: (error as Error).message }, "mail could not be sent");
    }
  }

  return {
    async send(mail) {
      const id = newId();
      await store.insertMail(ctx.db.kysely, {
        id,
        to_address: mail.to,
        subject: mail.subject,
        body_text: mail.text,
        created_at: new Date().toISOString(),
        sent_at: null,
      });
      if (!transport) {
        ctx.log.info({ outboxId: id, subject: mail.subject }, "mail kept in the outbox (no SMTP_URL set)");
        return;
      }
      const delivery = deliver(id, mail).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    },

    async idle() {
      await Promise.all(inFlight);
    },
  };
}

/** The newest mails of the outbox, for the operator (`communs outbox`). */
export function listOutbox(ctx: Context, limit = 20) {
  return store.listOutbox(ctx.db.kysely, limit);
}
