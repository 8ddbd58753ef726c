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

type Db = Kysely<Database>;

/**
 * A chamber's starting chart (ANC 2018-06), plus the budget pool: envelopes are funded from it and give
 * back to it, a memo layer beside the accounts that the FEC leaves out.
 */
export const DEFAULT_CHART: { code: string; label: string; kind: LedgerAccountKind }[] = [
  { code: "512", label: "Banque", kind: "asset" },
  { code: "530", label: "Caisse", kind: "asset" },
  { code: "4681", label: "Frais des bénévoles à rembourser", kind: "liability" },
  { code: "6132", label: "Locations immobilières", kind: "expense" },
  { code: "625", label: "Déplacements, missions et réceptions", kind: "expense" },
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
  async function account(trx: Db, spaceId: string, code: string, field: string) {
    const found = await store.accountByCode(trx, spaceId, code);
    if (!found) throw validationError({ [field]: "ledger.accountUnknown" });
    return found;
  }

  /** Writes one entry holding one transfer; the caller holds the chain row (`chain`, as it read it). */
  async function write(
    trx: Db,
    spaceId: string,
    transfer: TransferInput,
    status: TransferStatus,
    links: { pendingId?: string; reversesId?: string; source?: { type: string; id: string } },
    chain: { last_hash: string; entries: number },
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
    await store.insertEntryAndTransfer(
      trx,
      {
        id: entryId,
        space_id: spaceId,
        number: chain.entries + 1,
        date: transfer.date,
        journal: transfer.journal,
        label: transfer.label,
        created_at: now,
      },
      row,
    );
    await store.advanceChain(trx, spaceId, hash ?? chain.last_hash, chain.entries + 1);
    if (status === "posted") await store.addToMonthly(trx, spaceId, row);
    return row;
  }

  /** An envelope never gives more than it holds, reservations included. */
  async function ensureAvailable(trx: Db, accountId: string, kind: LedgerAccountKind, amount: number) {
    if (kind !== "envelope") return;
    const balance = await store.balanceOf(trx, dialect, accountId);
    const left = available({
      debits: Number(balance.debits),
      credits: Number(balance.credits),
      pendingDebits: Number(balance.pending_debits),
    });
    if (left < amount) throw new DomainError("ENVELOPE_INSUFFICIENT");
  }

  /**
   * Books a transfer inside the caller's transaction. The same idempotency key again returns the first
   * transfer when the content is the same, and is refused (409) when it differs.
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
    const chain = await store.lockChain(trx, dialect, spaceId, GENESIS_HASH);
    const debit = await account(trx, spaceId, transfer.debitAccount, "debit");
    const credit = await account(trx, spaceId, transfer.creditAccount, "credit");
    const byIds = { ...transfer, debitAccount: debit.id, creditAccount: credit.id };
    const existing = await store.transferByKey(trx, spaceId, transfer.idempotencyKey);
    if (!existing && (await store.yearClosed(trx, spaceId, Number(transfer.date.slice(0, 4)))))
      throw new DomainError("YEAR_CLOSED");
    if (existing) {
      const same =
        existing.status === input.status &&
        existing.reverses_id === (input.reverses ?? null) &&
        sameTransfer(inputOf(existing), byIds);
      if (!same) throw new DomainError("IDEMPOTENCY_CONFLICT");
      return { transfer: existing, replayed: true };
    }
    await ensureAvailable(trx, debit.id, debit.kind, transfer.amount);
    const links = { source: input.source, reversesId: input.reverses };
    const row = await write(trx, spaceId, byIds, input.status, links, chain);
    if (input.status === "posted") {
      await store.addToBalance(trx, debit.id, { debits: transfer.amount });
      await store.addToBalance(trx, credit.id, { credits: transfer.amount });
    } else {
      await store.addToBalance(trx, debit.id, { pending_debits: transfer.amount });
      await store.addToBalance(trx, credit.id, { pending_credits: transfer.amount });
    }
    return { transfer: row, replayed: false };
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
    const row = await write(trx, spaceId, transfer, status, { pendingId: pending.id }, chain);
    await store.addToBalance(trx, pending.debit_account_id, {
      pending_debits: -amount,
      ...(status === "posted" ? { debits: amount } : {}),
    });
    await store.addToBalance(trx, pending.credit_account_id, {
      pending_credits: -amount,
      ...(status === "posted" ? { credits: amount } : {}),
    });
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

  /** The accounts every chamber starts with (plan comptable associatif), created the first time. */
  async function ensureChart(trx: Db, spaceId: string) {
    const codes = DEFAULT_CHART.map((a) => a.code);
    const present = new Set(await store.existingCodes(trx, spaceId, codes));
    if (present.size === codes.length) return;
    for (const account of DEFAULT_CHART)
      if (!present.has(account.code))
        await store.insertAccount(trx, {
          id: newId(),
          space_id: spaceId,
          ...account,
          commons_id: null,
          created_at: new Date().toISOString(),
        });
  }

  return { bookIn, settleIn, reverseIn, ensureChart };
}

export type Booking = ReturnType<typeof createBooking>;
