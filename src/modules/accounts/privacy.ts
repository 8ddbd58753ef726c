/**
 * A person's rights over their data (RGPD): downloading it, and deleting the account. Deleting
 * anonymises: what the books must keep (ledger entries, claims and their receipts) stays, under the
 * name the person chooses to leave on it or « anonyme »; the ledger itself is never rewritten.
 */
import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { normaliseEmail, PASSWORD_CHECKS } from "../../core/accounts.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { type Actor, authorize } from "../../core/policy.ts";
import type { Database } from "../../db/schema.ts";
import { recordEvent } from "../audit/service.ts";
import type { createLimits } from "./limits.ts";
import { passwordMatches } from "./passwords.ts";
import * as store from "./store.ts";
import { anonymise, countOtherAdmins, makeAdmin, personalRecords } from "./store-privacy.ts";

/** The name left on what stays when the person does not keep theirs. */
export const ANONYMOUS = "anonyme";

export interface Deletion {
  current?: unknown;
  /** `name`: leave the shown name on what stays; anything else: « anonyme ». */
  shownAs?: unknown;
  /** The last administrator names who takes over (an e-mail address). */
  successor?: unknown;
}

function parsed(value: string | null): unknown {
  return value === null ? null : JSON.parse(value);
}

export function createPrivacy(ctx: Context, limits: ReturnType<typeof createLimits>) {
  const db = ctx.db.kysely;

  async function ownRow(actor: Actor) {
    const row = await store.findPersonById(db, actor.id);
    if (!row) throw new DomainError("NOT_FOUND");
    return row;
  }

  /** Whether the instance would be left without an administrator. */
  async function isLastAdmin(q: Kysely<Database>, row: { id: string; is_admin: number }) {
    return row.is_admin === 1 && (await countOtherAdmins(q, row.id)) === 0;
  }

  async function successorOf(q: Kysely<Database>, row: { id: string }, input: unknown) {
    const email = normaliseEmail(input);
    if (email === "") throw validationError({ successor: "account.successorRequired" });
    const successor = await store.findPersonByEmail(q, email);
    if (!successor || successor.id === row.id || !successor.confirmed_at)
      throw validationError({ successor: "account.successorUnknown" });
    return successor;
  }

  return {
    /** Everything the instance holds about the person, as one JSON document. */
    async exportData(actor: Actor | undefined) {
      authorize(actor, "account.export");
      const row = await ownRow(actor);
      const records = await personalRecords(db, row.id, row.email);
      return {
        exportedAt: new Date().toISOString(),
        profile: {
          id: row.id,
          email: row.email,
          displayName: row.display_name,
          introduction: row.introduction,
          language: row.language,
          isAdmin: row.is_admin === 1,
          createdAt: row.created_at,
          confirmedAt: row.confirmed_at,
        },
        ...records,
        events: records.events.map((e) => ({ ...e, before: parsed(e.before), after: parsed(e.after) })),
      };
    },

    /** What the confirmation page must ask: a successor, when the person is the last administrator. */
    async deletionFacts(actor: Actor | undefined) {
      authorize(actor, "account.delete");
      const row = await ownRow(actor);
      return { displayName: row.display_name, lastAdmin: await isLastAdmin(db, row) };
    },

    /** Checks the password, then anonymises the account in one transaction, audited. */
    async deleteAccount(actor: Actor | undefined, input: Deletion): Promise<void> {
      authorize(actor, "account.delete");
      const key = `password:${actor.id}`;
      if (!(await limits.attemptAllowed(key, PASSWORD_CHECKS))) throw new DomainError("TOO_MANY_ATTEMPTS");
      const row = await ownRow(actor);
      const current = typeof input.current === "string" ? input.current : "";
      if (!(await passwordMatches(row.password_hash, current)))
        throw new DomainError("WRONG_PASSWORD", { current: "password.wrong" });
      await limits.clearAttempts(key);
      const shownName = input.shownAs === "name" ? row.display_name : ANONYMOUS;
      await db.transaction().execute(async (trx) => {
        await store.lockPersons(trx, ctx.db.dialect);
        if (await isLastAdmin(trx, row)) {
          const successor = await successorOf(trx, row, input.successor);
          await makeAdmin(trx, successor.id);
          await recordEvent(trx, {
            actorId: row.id,
            action: "person.madeAdmin",
            subjectType: "person",
            subjectId: successor.id,
            after: { name: successor.display_name },
          });
        }
        await anonymise(trx, row, shownName, new Date().toISOString());
        await recordEvent(trx, {
          actorId: row.id,
          action: "person.deleted",
          subjectType: "person",
          subjectId: row.id,
          after: { shownAs: shownName },
        });
      });
    },
  };
}
