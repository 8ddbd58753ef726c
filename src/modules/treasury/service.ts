import type { Context } from "../../context.ts";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { parseAmount, today, validSiren } from "../../core/ledger.ts";
import { type Actor, can } from "../../core/policy.ts";
import { checkLine, oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { LedgerAccountKind } from "../../db/schema.ts";
import { recordEvent } from "../audit/service.ts";
import type { EnvelopeBalance, Ledger } from "../ledger/service.ts";
import { findMembership } from "../spaces/service.ts";
import { createCategories } from "./service-categories.ts";
import * as store from "./store.ts";

/** The treasurer's page lists this many posted transfers at a time, newest first. */
export const TREASURY_TRANSFERS = 50;

/** The journals a transfer may be filed in, for the list's filter. */
export const JOURNALS = ["BQ", "CA", "OD", "ENV", "CL"] as const;

/** The list's filter as the address carries it (`du`, `au`, `compte`, `journal`, `q`, `avant`). */
export interface RawTransferFilter {
  du?: string;
  au?: string;
  compte?: string;
  journal?: string;
  q?: string;
  avant?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CURSOR = /^(\d{4}-\d{2}-\d{2})~([\w-]{1,64})$/;

/** The filter of the year's list; an address no form writes (a malformed day or cursor) is a 400. */
export function transferFilter(year: number, raw: RawTransferFilter): store.TransferFilter {
  const one = (value: unknown) => (typeof value === "string" ? oneLine(value) : "");
  const [from, to, cursor] = [one(raw.du), one(raw.au), one(raw.avant)];
  const journal = one(raw.journal);
  if ((from && !DAY.test(from)) || (to && !DAY.test(to)) || (cursor && !CURSOR.test(cursor)))
    throw new DomainError("BAD_REQUEST");
  if (journal && !(JOURNALS as readonly string[]).includes(journal)) throw new DomainError("BAD_REQUEST");
  const [, date, id] = CURSOR.exec(cursor) ?? [];
  return {
    from: from || `${year}-01-01`,
    to: to || `${year}-12-31`,
    account: one(raw.compte).slice(0, 40) || undefined,
    journal: journal || undefined,
    text: one(raw.q).slice(0, 200) || undefined,
    before: date && id ? { date, id } : undefined,
  };
}

/** Where the next page of the list starts: after its last row. */
export function cursorOf(transfer: { date: string; id: string }): string {
  return `${transfer.date}~${transfer.id}`;
}

/** The budget pool envelopes are funded from, and the journal of the envelope layer. */
const POOL = "ENV";

export interface TreasuryTransfer {
  id: string;
  date: string;
  label: string;
  journal: string;
  amount: number;
  debitCode: string;
  debitLabel: string;
  creditCode: string;
  creditLabel: string;
  /** This transfer is itself a correction of another. */
  isReversal: boolean;
  /** A correction of this transfer was booked. */
  reversed: boolean;
}

export interface TreasuryAccount {
  code: string;
  label: string;
  kind: LedgerAccountKind;
  debits: number;
  credits: number;
  pendingDebits: number;
  pendingCredits: number;
}

export interface TreasuryOverview {
  space: { slug: string; name: string };
  siren: string;
  year: number;
  /** Years to choose from (transfers' years and the current one), newest first. */
  years: number[];
  closedYears: number[];
  /** Past years not closed yet: what the close form offers. */
  closableYears: number[];
  accounts: TreasuryAccount[];
  envelopes: EnvelopeBalance[];
  transfers: TreasuryTransfer[];
  filter: store.TransferFilter;
  /** Where the older transfers start, when there are more than the page shows. */
  older?: string;
}

/** A transfer's own page: its lines, who booked it, what it books, and its correction. */
export interface TransferDetail extends TreasuryTransfer {
  status: string;
  pieceRef: string;
  source?: { type: string; id: string };
  /** The donation it books, reverses or corrects: its page corrects it. */
  donationId?: string;
  createdAt: string;
  reversesId: string | null;
  reversalId: string | null;
  bookedBy?: string;
  /** Its year is closed: no correction may be dated in it. */
  yearClosed: boolean;
}

/** Form fields as the treasurer's page names them, from the names the ledger's checks give. */
function renamed(error: unknown, names: Record<string, string>): unknown {
  if (!(error instanceof DomainError) || error.code !== "VALIDATION_FAILED") return error;
  const fields: FieldErrors = {};
  for (const [name, message] of Object.entries(error.fields)) fields[names[name] ?? name] = message;
  return validationError(fields);
}

/**
 * The treasurer's side of the chamber ledger: the chamber's ledger settings (its SIREN) and the
 * bookkeeping actions of the "Comptabilité" page. Only people who book the chamber's money (treasurers,
 * facilitators, administrators: `canBook`) see or do any of it; the check lives here, not in the views.
 * Form values come in as typed (euros as text), and refusals name the page's fields.
 */
export function createTreasury(ctx: Pick<Context, "db">, ledger: Ledger) {
  const db = ctx.db.kysely;

  const chamber = ledger.chamber;

  /** The chamber, when the actor books its money; refused otherwise. */
  function booker(actor: Actor | undefined, spaceSlug: string) {
    return ledger.authorized(actor, "ledger.book", spaceSlug);
  }

  return {
    /** The chamber's expense categories, as the treasurer keeps them. */
    categories: createCategories(ctx, ledger),

    /** Whether the actor books the chamber's money (for views: what to offer; the actions check again). */
    async canBook(actor: Actor | undefined, spaceSlug: string): Promise<boolean> {
      const space = await chamber(spaceSlug);
      const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
      return can(actor, "ledger.book", { space, membership });
    },

    /** The chamber's ledger settings; public (the SIREN is printed on the FEC anyone may download). */
    async get(spaceSlug: string): Promise<{ siren: string }> {
      const space = await chamber(spaceSlug);
      return { siren: await store.chamberSiren(db, space.id) };
    },

    /** Whether the chamber has a SIREN, so that its FEC may be downloaded. */
    async hasSiren(spaceId: string): Promise<boolean> {
      return (await store.chamberSiren(db, spaceId)) !== "";
    },

    /**
     * A chamber's FEC of a year: public once the chamber has a SIREN (the file is named by it, and its
     * transfers' labels already follow the donors' choices); `file` is missing until then.
     */
    async fec(spaceSlug: string, year: number) {
      const space = await chamber(spaceSlug);
      const siren = await store.chamberSiren(db, space.id);
      return { space, file: siren ? ledger.fec(space, { year, siren }) : undefined };
    },

    /** Sets the chamber's SIREN (spaces are ignored: "123 456 782"); empty unsets it. */
    async setSiren(actor: Actor | undefined, spaceSlug: string, raw: string): Promise<{ siren: string }> {
      const { space } = await booker(actor, spaceSlug);
      const siren = oneLine(raw).replace(/[\s\u00a0\u202f.]/g, "");
      if (siren !== "" && !validSiren(siren)) throw validationError({ siren: "ledger.sirenInvalid" });
      await db.transaction().execute(async (trx) => {
        const before = await store.chamberSiren(trx, space.id);
        if (before === siren) return;
        await store.saveSiren(trx, space.id, siren);
        await recordEvent(trx, {
          actorId: actor?.id ?? null,
          spaceId: space.id,
          action: "ledger.sirenSet",
          subjectType: "space",
          subjectId: space.id,
          before: { siren: before },
          after: { siren },
        });
      });
      return { siren };
    },

    /** What the treasurer's page shows for a year. */
    async overview(
      actor: Actor | undefined,
      spaceSlug: string,
      year: number,
      filter: store.TransferFilter = transferFilter(year, {}),
    ): Promise<TreasuryOverview> {
      const { space } = await booker(actor, spaceSlug);
      const [siren, years, closed, accounts, envelopes, page] = await Promise.all([
        store.chamberSiren(db, space.id),
        ledger.years(space.id),
        store.closedYears(db, space.id),
        ledger.accountsOf(space.id),
        ledger.envelopes(space.id),
        store.postedPage(db, space.id, filter, TREASURY_TRANSFERS + 1),
      ]);
      const current = Number(today().slice(0, 4));
      const all = [...new Set([year, current, ...years])].sort((a, b) => b - a);
      const closable = [...new Set([current - 1, ...years])]
        .filter((y) => y < current && y >= 2000 && !closed.includes(y))
        .sort((a, b) => b - a);
      return {
        space: { slug: space.slug, name: space.name },
        siren,
        year,
        years: all,
        closedYears: closed,
        closableYears: closable,
        accounts: accounts.map(({ balance: _balance, archived: _archived, ...account }) => account),
        envelopes,
        transfers: page.slice(0, TREASURY_TRANSFERS),
        filter,
        older:
          page.length > TREASURY_TRANSFERS
            ? cursorOf(page[TREASURY_TRANSFERS - 1] as TreasuryTransfer)
            : undefined,
      };
    },

    /** A transfer of the chamber as its own page shows it; 404 for another chamber's or none. */
    async transfer(actor: Actor | undefined, spaceSlug: string, id: string) {
      const { space } = await booker(actor, spaceSlug);
      const transfer = await store.transferDetail(db, space.id, id);
      if (!transfer) throw new DomainError("TRANSFER_NOT_FOUND");
      const [bookedBy, closed] = await Promise.all([
        store.bookedBy(db, [transfer.id, ...(transfer.source ? [transfer.source.id] : [])]),
        store.closedYears(db, space.id),
      ]);
      const detail: TransferDetail = {
        ...transfer,
        bookedBy,
        yearClosed: closed.includes(Number(transfer.date.slice(0, 4))),
      };
      return { space: { slug: space.slug, name: space.name }, transfer: detail };
    },

    /** Creates an envelope (an account of kind "envelope") of the chamber. */
    async createEnvelope(actor: Actor | undefined, spaceSlug: string, raw: { code: string; label: string }) {
      const { space } = await booker(actor, spaceSlug);
      const code = oneLine(raw.code);
      const errors: FieldErrors = {};
      checkLine(errors, "envelopeCode", code, { required: true, max: 40 });
      checkLine(errors, "envelopeLabel", oneLine(raw.label), { required: true, max: 120 });
      if (!errors.envelopeCode && (await ledger.account(db, space.id, code)))
        errors.envelopeCode = "treasury.codeTaken";
      if (Object.keys(errors).length > 0) throw validationError(errors);
      try {
        await ledger.createAccount(spaceSlug, { code, label: raw.label, kind: "envelope" });
      } catch (error) {
        if (error instanceof DomainError && error.code === "CONFLICT")
          throw validationError({ envelopeCode: "treasury.codeTaken" });
        throw renamed(error, { code: "envelopeCode", label: "envelopeLabel" });
      }
      await recordEvent(db, {
        actorId: actor?.id ?? null,
        spaceId: space.id,
        action: "ledger.envelopeCreated",
        subjectType: "space",
        subjectId: space.id,
        after: { code, label: oneLine(raw.label) },
      });
      return { code };
    },

    /**
     * Funds an envelope from the budget pool: ENV debited, the envelope credited, journal ENV, posted.
     * The form's idempotency key makes a resubmitted form book once (the same again returns the first).
     */
    async fundEnvelope(
      actor: Actor | undefined,
      spaceSlug: string,
      raw: { envelope: string; amount: string; date: string; idempotencyKey: string },
    ) {
      const { space } = await booker(actor, spaceSlug);
      const errors: FieldErrors = {};
      const amount = parseAmount(raw.amount ?? "");
      if (amount === undefined) errors.fundAmount = "treasury.amountInvalid";
      const key = oneLine(raw.idempotencyKey);
      checkLine(errors, "idempotencyKey", key, { required: true, max: 100 });
      const envelope = await ledger.account(db, space.id, oneLine(raw.envelope));
      if (envelope?.kind !== "envelope") errors.fundEnvelope = "ledger.envelopeUnknown";
      if (Object.keys(errors).length > 0 || !envelope || amount === undefined) throw validationError(errors);
      try {
        return await guardConstraints(() =>
          db.transaction().execute(async (trx) => {
            await ledger.ensureChart(trx, space.id);
            const booked = await ledger.bookIn(trx, space.id, {
              idempotencyKey: `dotation:${key}`,
              debit: POOL,
              credit: envelope.code,
              amount,
              date: oneLine(raw.date),
              label: `Dotation de l’enveloppe ${envelope.label}`,
              journal: POOL,
              status: "posted",
            });
            if (!booked.replayed)
              await recordEvent(trx, {
                actorId: actor?.id ?? null,
                spaceId: space.id,
                action: "ledger.envelopeFunded",
                subjectType: "transfer",
                subjectId: booked.transfer.id,
                after: { envelope: envelope.code, amount, date: booked.transfer.date },
              });
            return booked;
          }),
        );
      } catch (error) {
        throw renamed(error, {
          amount: "fundAmount",
          date: "fundDate",
          credit: "fundEnvelope",
          creditAccount: "fundEnvelope",
        });
      }
    },

    /**
     * Closes a past year (see ledger.closeYear): asked twice, by the year and an explicit confirmation,
     * since nothing can be dated in it afterwards.
     */
    async closeYear(
      actor: Actor | undefined,
      spaceSlug: string,
      raw: { year: string; confirmed: boolean },
    ): Promise<{ year: number; entries: number }> {
      const { space } = await booker(actor, spaceSlug);
      const errors: FieldErrors = {};
      const year = /^\d{4}$/.test(oneLine(raw.year)) ? Number(oneLine(raw.year)) : Number.NaN;
      if (!(year >= 2000 && year < Number(today().slice(0, 4)))) errors.closeYear = "treasury.pastYear";
      if (!raw.confirmed) errors.closeConfirm = "treasury.confirmRequired";
      if (Object.keys(errors).length > 0) throw validationError(errors);
      const { entries } = await ledger.closeYear(spaceSlug, year).catch((error: unknown) => {
        throw renamed(error, { year: "closeYear" });
      });
      await recordEvent(db, {
        actorId: actor?.id ?? null,
        spaceId: space.id,
        action: "ledger.yearClosed",
        subjectType: "space",
        subjectId: space.id,
        after: { year, entries },
      });
      return { year, entries };
    },

    /** Corrects a posted transfer by its reversal (see ledger.reverse), dated as the treasurer says. */
    async reverse(actor: Actor | undefined, spaceSlug: string, transferId: string, raw: { date: string }) {
      const { space } = await booker(actor, spaceSlug);
      try {
        return await guardConstraints(() =>
          db.transaction().execute(async (trx) => {
            const booked = await ledger.reverseIn(trx, space.id, transferId, {
              idempotencyKey: `reverse:${transferId}`,
              date: oneLine(raw.date),
            });
            if (!booked.replayed)
              await recordEvent(trx, {
                actorId: actor?.id ?? null,
                spaceId: space.id,
                action: "ledger.transferReversed",
                subjectType: "transfer",
                subjectId: transferId,
                after: { reversal: booked.transfer.id, date: booked.transfer.date },
              });
            return booked;
          }),
        );
      } catch (error) {
        // The key is the transfer's own: a conflict on it means a reversal with another date exists.
        if (error instanceof DomainError && error.code === "IDEMPOTENCY_CONFLICT")
          throw new DomainError("TRANSFER_NOT_REVERSIBLE");
        throw renamed(error, { date: "reverseDate" });
      }
    },
  };
}

export type Treasury = ReturnType<typeof createTreasury>;
