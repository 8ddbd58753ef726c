import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { parseAmount } from "../../../core/ledger.ts";
import { oneLine } from "../../../core/text.ts";
import { at, cell, columnOf, csvRows } from "./csv.ts";
import { DonationFileError, type DonationItem, isoDay, ledgerLabel } from "./types.ts";

/**
 * A bank statement CSV, whose columns differ from bank to bank: the treasurer says which column holds
 * the date, the signed amount, the label and, when the bank gives them, the operation's id and the
 * donor's name. Credits are donations to review; debits are not donations.
 */
export interface BankMapping {
  date: string;
  amount: string;
  label: string;
  id?: string;
  /** The column of the payer's name; unsaid, the first of DONOR_COLUMNS the file has, if any. */
  donor?: string;
  dateFormat: "DD/MM/YYYY" | "YYYY-MM-DD";
}

/** The headers banks give the payer's name under, most specific first: the default guess. */
export const DONOR_COLUMNS = ["Tiers", "Nom du tiers", "Donateur", "Émetteur", "Contrepartie", "Nom"];

/** As long as a donor's name may be (see the donations service). */
const DONOR_MAX = 120;

type Columns = { date: number; amount: number; label: number; id: number; donor: number };

function columnsOf(headers: string[], mapping: BankMapping): Columns {
  const find = (name: string) => {
    const index = columnOf(headers, [name]);
    if (index < 0)
      throw new DonationFileError({ key: "ledger.donations.columnMissing", params: { column: name } });
    return index;
  };
  return {
    date: find(mapping.date),
    amount: find(mapping.amount),
    label: find(mapping.label),
    id: mapping.id ? find(mapping.id) : -1,
    donor: mapping.donor ? find(mapping.donor) : columnOf(headers, DONOR_COLUMNS),
  };
}

function dateOf(text: string, format: BankMapping["dateFormat"]): string | undefined {
  const match =
    format === "DD/MM/YYYY"
      ? /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)
      : /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, a, b, c] = match as unknown as [string, string, string, string];
  return format === "DD/MM/YYYY" ? isoDay(c, b, a) : isoDay(a, b, c);
}

/** A signed amount ("-12,50", "+1 234,56", "80.00") as signed cents, or undefined. */
function signedAmount(text: string): number | undefined {
  const match = /^([+-]?)\s*(.+)$/.exec(text.replace(/\s/g, " ").trim());
  if (!match) return undefined;
  const cents = parseAmount(match[2] as string);
  return cents === undefined ? undefined : match[1] === "-" ? -cents : cents;
}

/** Rows without an id: the same (date, amount, label) seen for the n-th time in the file. */
function contentId(date: string, amount: number, label: string, occurrence: number): string {
  return createHash("sha256")
    .update(JSON.stringify([date, amount, label, occurrence]))
    .digest("hex");
}

/** The credits of a bank statement, as donations to review. */
export async function* parseBankCsv(input: Readable, mapping: BankMapping): AsyncGenerator<DonationItem> {
  let columns: Columns | undefined;
  const seen = new Map<string, number>();
  for await (const { line, cells } of csvRows(input)) {
    if (!columns) {
      columns = columnsOf(cells, mapping);
      continue;
    }
    const where = at(line);
    const date = dateOf(cell(cells, columns.date), mapping.dateFormat);
    if (!date) {
      yield { at: where, invalid: { key: "ledger.donations.dateInvalid" } };
      continue;
    }
    const amount = signedAmount(cell(cells, columns.amount));
    if (amount === undefined) {
      yield { at: where, invalid: { key: "ledger.donations.amountInvalid" } };
      continue;
    }
    if (amount < 0) {
      yield { at: where, skipped: { key: "ledger.donations.debit" } };
      continue;
    }
    const label = ledgerLabel(cell(cells, columns.label));
    const donor = [...oneLine(cell(cells, columns.donor))].slice(0, DONOR_MAX).join("");
    let externalId = ledgerLabel(cell(cells, columns.id));
    if (!externalId) {
      const key = JSON.stringify([date, amount, label]);
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      externalId = contentId(date, amount, label, occurrence);
    }
    yield {
      at: where,
      record: {
        source: "bank",
        externalId,
        amount,
        date,
        donor: donor ? { name: donor, email: "" } : null,
        method: "transfer",
        label: label || "Virement reçu",
      },
    };
  }
  if (!columns) throw new DonationFileError({ key: "ledger.donations.empty" });
}
