import type { Writable } from "node:stream";
import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { GENESIS_HASH } from "../../core/ledger.ts";
import { type Actor, authorize, type Resource, type SignedInAction } from "../../core/policy.ts";
import { checkLine, oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database, LedgerAccountKind } from "../../db/schema.ts";
import { findMembership, findSpaceBySlug } from "../spaces/service.ts";
import { type BookingInput, createBooking } from "./booking.ts";
import { checkFecOptions, writeFec } from "./fec.ts";
import * as store from "./store.ts";
import * as publicStore from "./store-public.ts";
import { verifyLedger } from "./verify.ts";

export { type BookingInput, DEFAULT_CHART } from "./booking.ts";
export type { FecSummary } from "./fec.ts";
export type { AccountRow, TransferRow } from "./store.ts";
export type { EnvelopeBalance, PublicTransfer } from "./store-public.ts";

type Db = Kysely<Database>;

const ACCOUNT_KINDS: readonly LedgerAccountKind[] = [
  "asset",
  "liability",
  "equity",
  "income",
  "expense",
  "envelope",
  "memo",
];

/**
 * The chamber ledger's use cases: the accounts, booking (see booking.ts: transfers, entries, the hash
 * chain, envelopes, settling and reversing), the year close, `verify`, the FEC, and what anyone may read
 * of a chamber's books. Donations, expense claims, the treasurer's page and the transparency page book
 * and read through this service only.
 */
export function createLedger(ctx: Context) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;
  const { bookIn, settleIn, reverseIn, ensureChart } = createBooking(dialect);

  /** A chamber by its slug: any other space has no ledger (404), as the policy says. */
  async function chamber(slug: string) {
    const space = await findSpaceBySlug(db, slug);
    if (!space) throw new DomainError("SPACE_NOT_FOUND");
    authorize(undefined, "ledger.read", { space });
    return space;
  }

  /** The chamber and the actor's membership in it, once the policy allows the action there. */
  async function authorized(
    actor: Actor | undefined,
    action: SignedInAction,
    slug: string,
    more: Omit<Resource, "space" | "membership"> = {},
  ) {
    const space = await chamber(slug);
    const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
    authorize(actor, action, { space, membership, ...more });
    return { space, membership, actor };
  }

  /** A chamber's accounts and their balances, in cents. */
  async function accountsOf(spaceId: string) {
    return (await store.accountsOf(db, spaceId)).map((a) => ({
      code: a.code,
      label: a.label,
      kind: a.kind,
      debits: Number(a.debits),
      credits: Number(a.credits),
      pendingDebits: Number(a.pending_debits),
      pendingCredits: Number(a.pending_credits),
      /** Credits less debits: what an income or envelope account holds. */
      balance: Number(a.credits) - Number(a.debits),
      /** An archived expense category: offered to no new claim. */
      archived: a.archived_at !== null,
    }));
  }

  return {
    chamber,
    authorized,

    async createAccount(
      spaceSlug: string,
      raw: { code: string; label: string; kind: string; commonsId?: string | null },
    ) {
      const space = await chamber(spaceSlug);
      const errors: Record<string, string> = {};
      const code = oneLine(raw.code);
      const label = oneLine(raw.label);
      checkLine(errors, "code", code, { required: true, max: 40 });
      checkLine(errors, "label", label, { required: true, max: 120 });
      if (!ACCOUNT_KINDS.includes(raw.kind as LedgerAccountKind)) errors.kind = "ledger.kindUnknown";
      if (Object.keys(errors).length > 0) throw validationError(errors);
      await guardConstraints(
        () =>
          db.transaction().execute((trx) =>
            store.insertAccount(trx, {
              id: newId(),
              space_id: space.id,
              code,
              label,
              kind: raw.kind as LedgerAccountKind,
              commons_id: raw.commonsId ?? null,
              created_at: new Date().toISOString(),
              archived_at: null,
            }),
          ),
        "CONFLICT",
      );
    },

    async accounts(spaceSlug: string) {
      const space = await chamber(spaceSlug);
      return accountsOf(space.id);
    },

    accountsOf,

    /** An account of the space by its code, inside the caller's transaction or not. */
    account(trx: Db, spaceId: string, code: string) {
      return store.accountByCode(trx, spaceId, code);
    },

    accountById(trx: Db, id: string) {
      return store.accountById(trx, id);
    },

    /**
     * Books a transfer. The same idempotency key again returns the first transfer when the content is
     * the same, and is refused (409) when it differs.
     */
    async book(
      spaceSlug: string,
      input: BookingInput,
    ): Promise<{ transfer: store.TransferRow; replayed: boolean }> {
      const space = await chamber(spaceSlug);
      return guardConstraints(() => db.transaction().execute((trx) => bookIn(trx, space.id, input)));
    },

    bookIn,
    ensureChart,

    /** Posts or voids a pending transfer, by a new transfer that points to it (nothing is updated). */
    async settle(spaceSlug: string, pendingId: string, outcome: "post" | "void", idempotencyKey: string) {
      const space = await chamber(spaceSlug);
      return guardConstraints(() =>
        db.transaction().execute((trx) => settleIn(trx, space.id, pendingId, outcome, idempotencyKey)),
      );
    },

    settleIn,

    /** Corrects a posted transfer by its reversal (see reverseIn). */
    async reverse(
      spaceSlug: string,
      transferId: string,
      raw: { idempotencyKey: string; date: string; label?: string },
    ) {
      const space = await chamber(spaceSlug);
      return guardConstraints(() =>
        db.transaction().execute((trx) => reverseIn(trx, space.id, transferId, raw)),
      );
    },

    reverseIn,

    /**
     * Closes a year: the result accounts' balances of the year move to 120 (résultat de l'exercice) in
     * closing entries dated 31 December, then no transfer may be dated in the year. The next year's FEC
     * opens with the balance-sheet accounts, 120 included, carried forward.
     */
    async closeYear(spaceSlug: string, year: number) {
      const space = await chamber(spaceSlug);
      if (!Number.isInteger(year) || year < 2000 || year > 2100)
        throw validationError({ year: "ledger.yearInvalid" });
      return db.transaction().execute(async (trx) => {
        await store.lockChain(trx, dialect, space.id, GENESIS_HASH);
        if (await store.yearClosed(trx, space.id, year)) throw new DomainError("YEAR_CLOSED");
        if (await store.pendingBookkeeping(trx, space.id, year)) throw new DomainError("YEAR_HAS_PENDING");
        await ensureChart(trx, space.id);
        const [debits, credits] = await store.resultTotals(trx, space.id, year);
        const net = new Map<string, number>();
        for (const d of debits) net.set(d.code, (net.get(d.code) ?? 0) - Number(d.total));
        for (const c of credits) net.set(c.code, (net.get(c.code) ?? 0) + Number(c.total));
        let entries = 0;
        for (const [code, amount] of [...net].sort(([a], [b]) => a.localeCompare(b))) {
          if (amount === 0) continue;
          await bookIn(trx, space.id, {
            idempotencyKey: `close:${year}:${code}`,
            debit: amount > 0 ? code : "120",
            credit: amount > 0 ? "120" : code,
            amount: Math.abs(amount),
            date: `${year}-12-31`,
            label: `Clôture ${year} : solde du compte ${code}`,
            journal: store.CLOSING_JOURNAL,
            status: "posted",
          });
          entries++;
        }
        await store.closeYear(trx, space.id, year);
        return { entries };
      });
    },

    /**
     * Recomputes every balance from the transfers and checks the hash chain: what `communs ledger
     * verify` prints. An empty list of problems means the ledger is sound.
     */
    async verify(spaceSlug: string, options: { pageSize?: number } = {}): Promise<string[]> {
      return verifyLedger(db, await chamber(spaceSlug), options);
    },

    /**
     * The FEC of a chamber's year, once its options are checked: the file's name, and the writer that
     * streams it to `out` (which it does not end).
     */
    fec(space: { id: string }, raw: { year: number; siren: string }) {
      const options = checkFecOptions({ spaceId: space.id, ...raw });
      return {
        fileName: options.fileName,
        write: (out: Writable) => writeFec(db, dialect, options, out),
      };
    },

    /** The years a chamber has posted transfers in, newest first. */
    years(spaceId: string) {
      return publicStore.transferYears(db, spaceId);
    },

    /** What each envelope of a chamber holds, reservations deducted. */
    envelopes(spaceId: string) {
      return publicStore.envelopeBalances(db, spaceId);
    },

    /** The year's latest posted transfers outside the budget layer, newest first. */
    latestTransfers(spaceId: string, year: number, limit: number) {
      return publicStore.latestTransfers(db, spaceId, year, limit);
    },

    /** Every posted transfer of the year outside the budget layer, oldest first, read page by page. */
    transfers(spaceId: string, year: number, pageSize?: number) {
      return publicStore.allTransfers(db, spaceId, year, pageSize);
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;
