import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { oneLine } from "../../core/text.ts";
import { translate } from "../../web/i18n.ts";
import { recordEvent } from "../audit/service.ts";
import { digest, newSecret, type Person, toPerson } from "./person.ts";
import * as store from "./store.ts";

/**
 * Personal API tokens: sent as `Authorization: Bearer cmn_…`, shown once, kept only as a digest,
 * revocable by their owner.
 */
export function createTokens(ctx: Context) {
  const db = ctx.db.kysely;
  return {
    async personFromToken(token: string): Promise<Person | undefined> {
      const row = await store.findTokenPerson(db, digest(token));
      if (!row) return undefined;
      // "Last used" to the minute: a script calling the API in a loop does not write on every call.
      const now = new Date();
      const last = row.token_last_used_at ? Date.parse(row.token_last_used_at) : 0;
      if (now.getTime() - last >= 60_000) await store.touchToken(db, row.token_id, now.toISOString());
      return toPerson(row);
    },

    listTokens(person: Person) {
      return store.listTokens(db, person.id);
    },

    /** Returns the token itself once; only its digest is kept. */
    async createToken(person: Person, input: { name?: unknown }): Promise<{ id: string; token: string }> {
      const name = oneLine(input.name) || translate(person.language, "token.defaultName");
      if ([...name].length > 80) throw validationError({ name: "field.tooLong.80" });
      const token = newSecret("cmn_");
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await store.insertToken(trx, {
          id,
          person_id: person.id,
          name,
          token_hash: digest(token),
          created_at: new Date().toISOString(),
          last_used_at: null,
          revoked_at: null,
        });
        await recordEvent(trx, {
          actorId: person.id,
          action: "token.created",
          subjectType: "api_token",
          subjectId: id,
          after: { name },
        });
      });
      return { id, token };
    },

    async revokeToken(person: Person, tokenId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await store.revokeToken(trx, person.id, tokenId, new Date().toISOString()))) {
          throw new DomainError("NOT_FOUND");
        }
        await recordEvent(trx, {
          actorId: person.id,
          action: "token.revoked",
          subjectType: "api_token",
          subjectId: tokenId,
        });
      });
    },
  };
}
