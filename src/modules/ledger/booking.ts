import type { Kysely } from "kysely";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import {
  available,
  chainHash,
  checkTransfer,
  GENESIS_HASH,
  sameTransfer,
  type TransferInput,
  type TransferStatus,
} from "../../core/ledger.ts";
import { oneLine } from "../../core/text.ts";
import type { DialectName } from "../../db/connection.ts";
import type { Database, LedgerAccountKind } from "../../db/schema.ts";
import * as store from "./store.ts";
import { hasExpenseAccount } from "./store-public.ts";

type Db = Kysely<Database>;

/**
 * A chamber's starting chart (ANC 2018-06), plus the budget pool: envelopes are funded from it and give
 * back to it, a memo layer beside the accounts that the FEC leaves out.
 */
export const DEFAULT_CHART: { code: string; label: string; kind: LedgerAccountKind }[] = [
  { code: "512", label: "Banque", kind: "asset" },
  { code: "530", label: "Caisse", kind: "asset" },
  { code: "4681", label: "Frais des bénévoles à rembourser", kind: "liability" },
  // Expense categories from the associations' chart of accounts, named as a member would say them.
  { code: "604", label: "Prestations de services", kind: "expense" },
  { code: "606", label: "Fournitures", kind: "expense" },
  { code: "6132", label: "Locations immobilières", kind: "expense" },
  { code: "618", label: "Documentation", kind: "expense" },
  { code: "6226", label: "Honoraires", kind: "expense" },
  { code: "623", label: "Impression et communication", kind: "expense" },
  { code: "625", label: "Déplacements, missions et réceptions", kind: "expense" },
  { code: "6257", label: "Réceptions", kind: "expense" },
  { code: "626", label: "Frais postaux et de téléphone", kind: "expense" },
  { code: "627", label: "Frais bancaires", kind: "expense" },
  { code: "110", label: "Report à nouveau", kind: "equity" },
  { code: "120", label: "Résultat de l’exercice", kind: "equity" },
  { code: "754", label: "Dons manuels", kind: "income" },
  { code: "7542", label: "Mécénat", kind: "income" },
  { code: "ENV", label: "Réserve des enveloppes", kind: "memo" },
];

export interface BookingInput {
  idempotencyKey: string;
  /** Account codes of the space. */
  debit: string;
  credit: string;
  amount: number;
  date: string;
  label: string;
  journal: string;
  pieceRef?: string;
  status: "pending" | "posted";
  source?: { type: string; id: string };
  /** The posted transfer this one reverses (a correction). */
  reverses?: string;
}

/** A stored transfer as the hash and idempotency checks read it (accounts by id). */
export function inputOf(row: store.TransferRow): TransferInput {
  return {
    idempotencyKey: row.idempotency_key,
    debitAccount: row.debit_account_id,
    creditAccount: row.credit_account_id,
    amount: Number(row.amount),
    date: row.date,
    label: row.label,
    journal: row.journal,
    pieceRef: row.piece_ref,
  };
}

/**
 * Booking, inside the caller's transaction. Every booking first takes the space's chain row (locked on
 * PostgreSQL; SQLite runs one write transaction at a time), so entry numbers stay continuous, the hash
 * chain stays linear, and an envelope's availability is checked against what is really there, whatever
 * runs at the same time.
 */
export function createBooking(dialect: DialectName) {
  /**
   * Writes one entry holding one transfer, the chain row and both balances (see store.writeBooking);
   * the caller holds the chain row (`chain`, as it read it). Nothing is written, and the answer is
   * undefined, when the idempotency key is taken or, with `unlessYearClosed`, the year is closed.
   */
  async function write(
    trx: Db,
    spaceId: string,
    transfer: TransferInput,
    status: TransferStatus,
    links: { pendingId?: string; reversesId?: string; source?: { type: string; id: string } },
    chain: { last_hash: string; entries: number },
    balances: { debit: store.BalanceChange; credit: store.BalanceChange; unlessYearClosed: boolean },
  ) {
    const hash = status === "posted" ? chainHash(chain.last_hash, transfer) : null;
    const now = new Date().toISOString();
    const entryId = newId();
    const row: store.TransferRow = {
      id: newId(),
      space_id: spaceId,
      entry_id: entryId,
      idempotency_key: transfer.idempotencyKey,
      debit_account_id: transfer.debitAccount,
      credit_account_id: transfer.creditAccount,
      amount: transfer.amount,
      date: transfer.date,
      label: transfer.label,
      journal: transfer.journal,
      piece_ref: transfer.pieceRef,
      status,
      pending_id: links.pendingId ?? null,
      reverses_id: links.reversesId ?? null,
      source_type: links.source?.type ?? null,
      source_id: links.source?.id ?? null,
      hash,
      created_at: now,
    };
    const written = await store.writeBooking(trx, dialect, {
      entry: {
        id: entryId,
        space_id: spaceId,
        number: chain.entries + 1,
        date: transfer.date,
        journal: transfer.journal,
        label: transfer.label,
        created_at: now,
      },
      transfer: row,
      chain: { last_hash: hash ?? chain.last_hash, entries: chain.entries + 1 },
      ...balances,
    });
    return written ? row : undefined;
  }

  /** An envelope never gives more than it holds, reservations included. */
  async function hasAvailable(trx: Db, accountId: string, kind: LedgerAccountKind | null, amount: number) {
    if (kind !== "envelope") return true;
    const balance = await store.balanceOf(trx, dialect, accountId);
    const left = available({
      debits: Number(balance.debits),
      credits: Number(balance.credits),
      pendingDebits: Number(balance.pending_debits),
    });
    return left >= amount;
  }

  /**
   * Why a booking was not written, in the order of the rules: its idempotency key already booked (the
   * same transfer again is answered with the first, a different one refused), then its year closed.
   * Undefined when neither.
   */
  async function refusal(trx: Db, spaceId: string, input: BookingInput, byIds: TransferInput) {
    const existing = await store.transferByKey(trx, spaceId, byIds.idempotencyKey);
    if (existing) {
      const same =
        existing.status === input.status &&
        existing.reverses_id === (input.reverses ?? null) &&
        sameTransfer(inputOf(existing), byIds);
      if (!same) throw new DomainError("IDEMPOTENCY_CONFLICT");
      return { transfer: existing, replayed: true };
    }
    if (await store.yearClosed(trx, spaceId, Number(byIds.date.slice(0, 4))))
      throw new DomainError("YEAR_CLOSED");
    return undefined;
  }

  /**
   * Books a transfer inside the caller's transaction. The same idempotency key again returns the first
   * transfer when the content is the same, and is refused (409) when it differs. On the way that
   * succeeds, one read (the chain row locked, the two accounts; an envelope's balance besides) and one
   * write; the refusals are sorted out afterwards, nothing written.
   */
  async function bookIn(
    trx: Db,
    spaceId: string,
    input: BookingInput,
  ): Promise<{ transfer: store.TransferRow; replayed: boolean }> {
    const transfer = checkTransfer({
      idempotencyKey: input.idempotencyKey,
      debitAccount: input.debit,
      creditAccount: input.credit,
      amount: input.amount,
      date: input.date,
      label: input.label,
      journal: input.journal,
      pieceRef: input.pieceRef ?? "",
    });
    if (input.status !== "pending" && input.status !== "posted")
      throw validationError({ status: "ledger.statusInvalid" });
    const codes = { debit: transfer.debitAccount, credit: transfer.creditAccount };
    const state = await store.bookingState(trx, dialect, spaceId, codes, GENESIS_HASH);
    if (!state.debitId) throw validationError({ debit: "ledger.accountUnknown" });
    if (!state.creditId) throw validationError({ credit: "ledger.accountUnknown" });
    const byIds = { ...transfer, debitAccount: state.debitId, creditAccount: state.creditId };
    if (!(await hasAvailable(trx, state.debitId, state.debitKind, transfer.amount))) {
      const replay = await refusal(trx, spaceId, input, byIds);
      if (replay) return replay;
      throw new DomainError("ENVELOPE_INSUFFICIENT");
    }
    const posted = input.status === "posted";
    const links = { source: input.source, reversesId: input.reverses };
    const row = await write(trx, spaceId, byIds, input.status, links, state, {
      debit: posted ? { debits: transfer.amount } : { pending_debits: transfer.amount },
      credit: posted ? { credits: transfer.amount } : { pending_credits: transfer.amount },
      unlessYearClosed: true,
    });
    if (row) return { transfer: row, replayed: false };
    const replay = await refusal(trx, spaceId, input, byIds);
    if (!replay) throw new Error(`booking ${transfer.idempotencyKey} neither written nor refused`);
    return replay;
  }

  /** Posts or voids a pending transfer inside the caller's transaction, by a new transfer pointing to it. */
  async function settleIn(
    trx: Db,
    spaceId: string,
    pendingId: string,
    outcome: "post" | "void",
    idempotencyKey: string,
  ): Promise<store.TransferRow> {
    const chain = await store.lockChain(trx, dialect, spaceId, GENESIS_HASH);
    const pending = await store.transferById(trx, pendingId);
    if (!pending || pending.space_id !== spaceId) throw new DomainError("TRANSFER_NOT_FOUND");
    const settled = await store.settlementOf(trx, pendingId);
    if (settled) {
      const same = settled.status === (outcome === "post" ? "posted" : "voided");
      if (!same) throw new DomainError("TRANSFER_NOT_PENDING");
      return (await store.transferById(trx, settled.id)) as store.TransferRow;
    }
    if (pending.status !== "pending") throw new DomainError("TRANSFER_NOT_PENDING");
    const key = oneLine(idempotencyKey) || `${outcome}:${pending.id}`;
    if (await store.transferByKey(trx, spaceId, key)) throw new DomainError("IDEMPOTENCY_CONFLICT");
    // A reservation on the budget layer is no bookkeeping: it may settle after its year is closed.
    const budgetOnly = await store.budgetOnly(trx, pending);
    if (!budgetOnly && (await store.yearClosed(trx, spaceId, Number(pending.date.slice(0, 4)))))
      throw new DomainError("YEAR_CLOSED");
    const amount = Number(pending.amount);
    const transfer: TransferInput = { ...inputOf(pending), idempotencyKey: key };
    const status: TransferStatus = outcome === "post" ? "posted" : "voided";
    const posted = status === "posted";
    // The key and the closed year are checked above: the write cannot be refused.
    const row = await write(trx, spaceId, transfer, status, { pendingId: pending.id }, chain, {
      debit: { pending_debits: -amount, ...(posted ? { debits: amount } : {}) },
      credit: { pending_credits: -amount, ...(posted ? { credits: amount } : {}) },
      unlessYearClosed: false,
    });
    if (!row) throw new Error(`settlement ${key} not written`);
    return row;
  }

  /**
   * Corrects a posted transfer by booking its mirror (accounts swapped) that points to it: nothing is
   * changed or deleted, and the mistake stays readable. A transfer is reversed once, and a reversal is
   * not itself reversed (book the right transfer instead).
   */
  async function reverseIn(
    trx: Db,
    spaceId: string,
    transferId: string,
    raw: { idempotencyKey: string; date: string; label?: string },
  ) {
    await store.lockChain(trx, dialect, spaceId, GENESIS_HASH);
    const original = await store.transferById(trx, transferId);
    if (!original || original.space_id !== spaceId) throw new DomainError("TRANSFER_NOT_FOUND");
    const key = oneLine(raw.idempotencyKey) || `reverse:${original.id}`;
    const replay = await store.transferByKey(trx, spaceId, key);
    const reversal = await store.reversalOf(trx, original.id);
    if (original.status !== "posted" || original.reverses_id || (reversal && reversal.id !== replay?.id))
      throw new DomainError("TRANSFER_NOT_REVERSIBLE");
    const debit = await store.accountById(trx, original.credit_account_id);
    const credit = await store.accountById(trx, original.debit_account_id);
    return bookIn(trx, spaceId, {
      idempotencyKey: key,
      debit: debit.code,
      credit: credit.code,
      amount: Number(original.amount),
      date: raw.date,
      label: oneLine(raw.label) || `Annulation : ${original.label}`,
      journal: original.journal,
      pieceRef: original.piece_ref,
      status: "posted",
      source:
        original.source_type && original.source_id
          ? { type: original.source_type, id: original.source_id }
          : undefined,
      reverses: original.id,
    });
  }

  /**
   * The accounts every chamber starts with (plan comptable associatif), created the first time. Expense
   * categories are the treasurer's once there are some: one deleted is not made again.
   */
  async function ensureChart(trx: Db, spaceId: string) {
    const codes = DEFAULT_CHART.map((a) => a.code);
    const present = new Set(await store.existingCodes(trx, spaceId, codes));
    if (present.size === codes.length) return;
    const categorised = await hasExpenseAccount(trx, spaceId);
    for (const account of DEFAULT_CHART)
      if (!present.has(account.code) && !(categorised && account.kind === "expense"))
        await store.insertAccount(trx, {
          id: newId(),
          space_id: spaceId,
          ...account,
          commons_id: null,
          created_at: new Date().toISOString(),
          archived_at: null,
        });
  }

  return { bookIn, settleIn, reverseIn, ensureChart };
}

export type Booking = ReturnType<typeof createBooking>;
