import type { ImportItem, ImportMessage } from "../../../core/import-loop.ts";
import { MAX_AMOUNT } from "../../../core/ledger.ts";
import { oneLine } from "../../../core/text.ts";

/** A message key and its parameters, which the interface translates. */
export type DonationMessage = ImportMessage;

/** One donation as a source reports it, before it is booked; `(source, externalId)` deduplicates it. */
export interface DonationRecord {
  source: "helloasso" | "liberapay" | "bank" | "manual";
  /** The source's id: dedup key with source. */
  externalId: string;
  /** Integer cents > 0. */
  amount: number;
  /** YYYY-MM-DD */
  date: string;
  /** null when anonymous or unknown. */
  donor: { name: string; email: string } | null;
  /** "card", "transfer", "sepa", "cash", "check", "liberapay"… */
  method: string;
  /** A one-line description for the ledger. */
  label: string;
}

/**
 * One row read from a donation file: a record, a row that is not a donation (refunded, a debit…) or a row
 * that is broken. `at` says where it is ("ligne 12") for the report.
 */
export type DonationItem = ImportItem<DonationRecord>;

/** The file as a whole cannot be read: not text, no header, a required column missing, broken quoting. */
export class DonationFileError extends Error {
  constructor(readonly detail: DonationMessage) {
    super(detail.key);
    this.name = "DonationFileError";
  }
}

export const LABEL_MAX = 200;

/** A label for the ledger: one line, at most LABEL_MAX characters. */
export function ledgerLabel(text: string): string {
  return [...oneLine(text)].slice(0, LABEL_MAX).join("");
}

export function validAmount(cents: number): boolean {
  return Number.isSafeInteger(cents) && cents > 0 && cents <= MAX_AMOUNT;
}

/** A real calendar day as YYYY-MM-DD, or undefined. */
export function isoDay(year: string, month: string, day: string): string | undefined {
  const date = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : undefined;
}

/** "2024-03-12", "2024-03-12T10:00:00+01:00", "12/03/2024" or "12/03/2024 10:00" as YYYY-MM-DD. */
export function dayOf(text: string): string | undefined {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value);
  if (iso) return isoDay(iso[1] as string, iso[2] as string, iso[3] as string);
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T].*)?$/.exec(value);
  if (french) return isoDay(french[3] as string, french[2] as string, french[1] as string);
  return undefined;
}
