import { createHash } from "node:crypto";
import { type FieldErrors, validationError } from "./errors.ts";
import { checkLine, oneLine } from "./text.ts";

/**
 * The ledger's pure rules (RULES.md, "Ledger"): amounts in integer cents, transfers between two
 * accounts that are never changed once written, their idempotency, the hash chain of posted transfers,
 * balances, envelopes that never go below zero, and the French FEC file's formats.
 */
export type TransferStatus = "pending" | "posted" | "voided";

export interface TransferInput {
  idempotencyKey: string;
  debitAccount: string;
  creditAccount: string;
  /** Integer cents, > 0. */
  amount: number;
  /** YYYY-MM-DD */
  date: string;
  label: string;
  journal: string;
  pieceRef: string;
}

export const MAX_AMOUNT = 100_000_000_000; // a thousand million euros, in cents

/** "12,50", "1 234,56", "12.5" or "12" (euros) as integer cents; undefined when it is not an amount. */
export function parseAmount(text: string): number | undefined {
  const cleaned = text
    .trim()
    .replace(/[\s\u00a0\u202f]/g, "")
    .replace(/€$/, "");
  const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return cents > 0 && cents <= MAX_AMOUNT ? cents : undefined;
}

/** Cents as French readers write euros: "1 234,56" (narrow no-break space between thousands). */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  return `${sign}${euros},${String(abs % 100).padStart(2, "0")}`;
}

/** Today as YYYY-MM-DD (UTC), the default day of a payment or a correction. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function validDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/** Cleans and checks a transfer; throws a validation error naming each bad field. */
export function checkTransfer(raw: Partial<Record<keyof TransferInput, unknown>>): TransferInput {
  const errors: FieldErrors = {};
  const transfer: TransferInput = {
    idempotencyKey: oneLine(raw.idempotencyKey),
    debitAccount: oneLine(raw.debitAccount),
    creditAccount: oneLine(raw.creditAccount),
    amount: typeof raw.amount === "number" ? raw.amount : Number.NaN,
    date: oneLine(raw.date),
    label: oneLine(raw.label),
    journal: oneLine(raw.journal),
    pieceRef: oneLine(raw.pieceRef),
  };
  checkLine(errors, "idempotencyKey", transfer.idempotencyKey, { required: true, max: 200 });
  checkLine(errors, "debitAccount", transfer.debitAccount, { required: true, max: 60 });
  checkLine(errors, "creditAccount", transfer.creditAccount, { required: true, max: 60 });
  if (!errors.creditAccount && transfer.debitAccount === transfer.creditAccount)
    errors.creditAccount = "ledger.sameAccount";
  if (!Number.isSafeInteger(transfer.amount) || transfer.amount <= 0 || transfer.amount > MAX_AMOUNT)
    errors.amount = "ledger.amountInvalid";
  if (!validDate(transfer.date)) errors.date = "ledger.dateInvalid";
  checkLine(errors, "label", transfer.label, { required: true, max: 200 });
  checkLine(errors, "journal", transfer.journal, { required: true, max: 10 });
  checkLine(errors, "pieceRef", transfer.pieceRef, { required: false, max: 60 });
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return transfer;
}

/** What a replay with the same idempotency key must repeat exactly to get the first transfer back. */
export function sameTransfer(a: TransferInput, b: TransferInput): boolean {
  return canonicalContent(a) === canonicalContent(b);
}

/** A transfer's content in a fixed order: what its hash covers. */
export function canonicalContent(t: TransferInput): string {
  return JSON.stringify([
    t.idempotencyKey,
    t.debitAccount,
    t.creditAccount,
    t.amount,
    t.date,
    t.label,
    t.journal,
    t.pieceRef,
  ]);
}

/** Each posted transfer stores sha256(previous hash + canonical content): any edit breaks the chain. */
export function chainHash(previousHash: string, transfer: TransferInput): string {
  return createHash("sha256").update(previousHash).update(canonicalContent(transfer)).digest("hex");
}

export const GENESIS_HASH = "0".repeat(64);

/**
 * The index of the first transfer whose stored hash does not follow from the one before (`previous`
 * for the first): a transfer changed, removed or inserted behind the ledger's back. Undefined when the
 * chain holds. Called page by page, each page starting from the last hash of the one before.
 */
export function firstChainBreak(
  transfers: readonly (TransferInput & { hash: string })[],
  previous = GENESIS_HASH,
): number | undefined {
  let last = previous;
  for (const [i, transfer] of transfers.entries()) {
    if (chainHash(last, transfer) !== transfer.hash) return i;
    last = transfer.hash;
  }
  return undefined;
}

export interface Balance {
  /** Sum of posted debits, in cents. */
  debits: number;
  /** Sum of posted credits, in cents. */
  credits: number;
  /** Sum of pending debits (reservations), in cents. */
  pendingDebits: number;
  /** Sum of pending credits, in cents. */
  pendingCredits: number;
}

const ZERO_BALANCE: Balance = { debits: 0, credits: 0, pendingDebits: 0, pendingCredits: 0 };

/**
 * Adds one transfer to the balances, as booking it did: posted moves money, pending reserves it, and a
 * settlement (the transfer that posts or voids a pending one, with the same accounts and amount) first
 * releases the reservation. Changes `balances` in place: `ledger verify` runs it over every transfer.
 */
export function applyTransfer(
  balances: Map<string, Balance>,
  transfer: Pick<TransferInput, "debitAccount" | "creditAccount" | "amount">,
  status: TransferStatus,
  settles = false,
): void {
  const of = (account: string) => {
    let balance = balances.get(account);
    if (!balance) {
      balance = { ...ZERO_BALANCE };
      balances.set(account, balance);
    }
    return balance;
  };
  const debit = of(transfer.debitAccount);
  const credit = of(transfer.creditAccount);
  const { amount } = transfer;
  if (settles) {
    debit.pendingDebits -= amount;
    credit.pendingCredits -= amount;
  }
  if (status === "posted") {
    debit.debits += amount;
    credit.credits += amount;
  } else if (status === "pending") {
    debit.pendingDebits += amount;
    credit.pendingCredits += amount;
  }
}

/**
 * What an envelope (a budget held in an account) can still give: what came in, less what went out and
 * what is reserved. Money leaves an envelope by a debit of its account.
 */
export function available(balance: Pick<Balance, "debits" | "credits" | "pendingDebits">): number {
  return balance.credits - balance.debits - balance.pendingDebits;
}

/** The 18 columns of the FEC, in their legal order. */
export const FEC_COLUMNS = [
  "JournalCode",
  "JournalLib",
  "EcritureNum",
  "EcritureDate",
  "CompteNum",
  "CompteLib",
  "CompAuxNum",
  "CompAuxLib",
  "PieceRef",
  "PieceDate",
  "EcritureLib",
  "Debit",
  "Credit",
  "EcritureLet",
  "DateLet",
  "ValidDate",
  "Montantdevise",
  "Idevise",
] as const;

export type FecLine = Record<(typeof FEC_COLUMNS)[number], string>;

/** YYYY-MM-DD as the FEC writes dates: AAAAMMJJ. */
export function fecDate(date: string): string {
  return date.replaceAll("-", "");
}

/** Cents as the FEC writes amounts: a decimal comma, no thousands separator. */
export function fecAmount(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
}

/** One line of the file: fields may not hold the separator (a tab) nor line breaks. */
export function fecRow(line: FecLine): string {
  return FEC_COLUMNS.map((column) => line[column].replace(/[\t\r\n|]+/g, " ")).join("\t");
}

/** A SIREN is nine digits whose Luhn checksum is valid. */
export function validSiren(siren: string): boolean {
  if (!/^\d{9}$/.test(siren)) return false;
  let sum = 0;
  for (const [i, char] of [...siren].entries()) {
    let digit = Number(char);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** `<SIREN>FEC<AAAAMMJJ of the closing date>.txt` */
export function fecFileName(siren: string, closingDate: string): string {
  return `${siren}FEC${fecDate(closingDate)}.txt`;
}
