import nodemailer from "nodemailer";
import type { Context } from "../../context.ts";
import { newId } from "../../core/ids.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Every mail is kept in the outbox table first. With SMTP_URL set it is then sent and marked sent;
 * without it the operator reads it with `communs outbox`. The log names the mail but never holds its
 * body, which may carry a single-use link.
 */
export function createMailer(ctx: Context): Mailer {
  const transport = ctx.config.smtpUrl ? nodemailer.createTransport(ctx.config.smtpUrl) : undefined;
  return {
    async send(mail) {
      const id = newId();
      await ctx.db.kysely
        .insertInto("outbox")
        .values({
          id,
          to_address: mail.to,
          subject: mail.subject,
          body_text: mail.text,
          created_at: new Date().toISOString(),
          sent_at: null,
        })
        .execute();
      if (!transport) {
        ctx.log.info({ outboxId: id, subject: mail.subject }, "mail kept in the outbox (no SMTP_URL set)");
        return;
      }
      try {
        await transport.sendMail({
          from: ctx.config.mailFrom,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
        });
        await ctx.db.kysely
          .updateTable("outbox")
          .set({ sent_at: new Date().toISOString() })
          .where("id", "=", id)
          .execute();
        ctx.log.info({ outboxId: id, subject: mail.subject }, "mail sent");
      } catch (error) {
        // The request that triggered the mail still succeeds: the mail stays unsent in the outbox.
        ctx.log.error({ outboxId: id, err: (error as Error).message }, "mail could not be sent");
      }
    },
  };
}

export async function listOutbox(ctx: Context, limit = 20) {
  return ctx.db.kysely
    .selectFrom("outbox")
    .select(["id", "to_address", "subject", "body_text", "created_at", "sent_at"])
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
