import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { addMinutes, CONFIRM_LINK_HOURS, RESET_LINK_MINUTES } from "../../core/accounts.ts";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Database, EmailLinkPurpose } from "../../db/schema.ts";
import { translate } from "../../web/i18n.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import type { Mailer } from "../mail/service.ts";
import { digest, newSecret, toPerson } from "./person.ts";
import * as store from "./store.ts";

const LINK_MINUTES: Record<EmailLinkPurpose, number> = {
  reset: RESET_LINK_MINUTES,
  confirm: CONFIRM_LINK_HOURS * 60,
};
const LINK_PATHS: Record<EmailLinkPurpose, (secret: string) => string> = {
  reset: urls.passwordReset,
  confirm: urls.confirmation,
};
const LINK_ERRORS = { reset: "RESET_LINK_INVALID", confirm: "CONFIRM_LINK_INVALID" } as const;

/** Single-use links mailed to a person: to confirm their address, to choose a new password. */
export function createLinks(ctx: Context, mailer: Mailer) {
  const db = ctx.db.kysely;
  return {
    /** Makes a link for the person and mails it in their language. */
    async mail(row: store.PersonRow, purpose: EmailLinkPurpose): Promise<void> {
      const secret = newSecret();
      const now = new Date();
      const linkId = newId();
      await db.transaction().execute(async (trx) => {
        await store.insertLink(trx, {
          id: linkId,
          person_id: row.id,
          purpose,
          token_hash: digest(secret),
          created_at: now.toISOString(),
          expires_at: addMinutes(now, LINK_MINUTES[purpose]).toISOString(),
          used_at: null,
        });
        await recordEvent(trx, {
          actorId: null,
          action: "emailLink.sent",
          subjectType: "person",
          subjectId: row.id,
          after: { purpose },
        });
      });
      const language = toPerson(row).language;
      await mailer.send({
        to: row.email,
        subject: translate(language, `mail.${purpose}.subject`),
        text: translate(language, `mail.${purpose}.body`, {
          name: row.display_name,
          url: `${ctx.config.publicUrl}${LINK_PATHS[purpose](secret)}`,
          minutes: LINK_MINUTES[purpose],
          hours: LINK_MINUTES[purpose] / 60,
        }),
      });
    },

    /** Uses a live link once, inside the caller's transaction. */
    async use(trx: Kysely<Database>, purpose: EmailLinkPurpose, secret: string, now: string) {
      const link = await store.findLiveLink(trx, purpose, digest(secret), now);
      if (!link || !(await store.useLink(trx, link.id, now))) throw new DomainError(LINK_ERRORS[purpose]);
      return link;
    },

    async isLive(purpose: EmailLinkPurpose, secret: string): Promise<boolean> {
      return (await store.findLiveLink(db, purpose, digest(secret), new Date().toISOString())) !== undefined;
    },
  };
}
