import type { Context } from "../../context.ts";
import {
  ATTEMPT_WINDOW_MINUTES,
  addMinutes,
  LOGIN_FORGET_HOURS,
  loginDelaySeconds,
} from "../../core/accounts.ts";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { digest } from "./person.ts";
import * as store from "./store.ts";

/**
 * How often one may try: reset mails per address and password checks per person (a count within a
 * window), and logins per (account, address) pair (a growing delay, kept in the database so that every
 * process of the instance sees it).
 */
export function createLimits(ctx: Context) {
  const db = ctx.db.kysely;

  return {
    /**
     * Records an attempt against a key (an e-mail, a person) and tells whether it is within the limit.
     * Recorded before it is counted, so that simultaneous attempts cannot all slip under the limit.
     */
    async attemptAllowed(key: string, max: number): Promise<boolean> {
      const now = new Date();
      const since = addMinutes(now, -ATTEMPT_WINDOW_MINUTES).toISOString();
      await store.addHit(db, { id: newId(), key, at: now.toISOString() }, since);
      return (await store.countHits(db, key, since)) <= max;
    },

    clearAttempts: (key: string) => store.clearHits(db, key),

    /**
     * Takes a login try for the (e-mail, address) pair, or refuses it (LOGIN_DELAYED, with the
     * seconds left) while the pair must wait; a refused try is not counted. A try taken counts as a
     * failure, and makes the pair's other tries wait as one would, until `loginSucceeded` clears it:
     * simultaneous guesses get no more tries than one after the other.
     */
    async takeLoginTry(email: string, address: string): Promise<LoginTry> {
      // A digest: a fixed length whatever was typed, and neither the address nor the e-mail is kept.
      const key = digest(`${email}\n${address}`);
      const now = new Date();
      const at = now.toISOString();
      const forgetBefore = addMinutes(now, -LOGIN_FORGET_HOURS * 60).toISOString();
      const taken = await db.transaction().execute(async (trx) => {
        const row = await store.lockThrottle(trx, ctx.db.dialect, key, at);
        const fresh = row.last_at < forgetBefore;
        const wait = Date.parse(row.not_before) - now.getTime();
        if (!fresh && wait > 0) return { waitSeconds: Math.ceil(wait / 1000) };
        const failures = (fresh ? 0 : Number(row.failures)) + 1;
        await store.updateThrottle(trx, key, {
          failures,
          not_before: new Date(now.getTime() + loginDelaySeconds(failures) * 1000).toISOString(),
          last_at: at,
        });
        return { failures };
      });
      if ("waitSeconds" in taken)
        throw new DomainError("LOGIN_DELAYED", {}, { retryAfter: taken.waitSeconds });
      return { key, failures: taken.failures };
    },

    /** The try failed: the pair's wait starts now (never shorter), and old pairs are forgotten. */
    async loginFailed({ key, failures }: LoginTry): Promise<void> {
      const now = new Date();
      const notBefore = new Date(now.getTime() + loginDelaySeconds(failures) * 1000).toISOString();
      await store.extendThrottle(db, key, notBefore);
      await store.sweepThrottle(db, addMinutes(now, -LOGIN_FORGET_HOURS * 60).toISOString());
    },

    loginSucceeded: ({ key }: LoginTry) => store.clearThrottle(db, key),
  };
}

export interface LoginTry {
  key: string;
  failures: number;
}
