import type { Readable } from "node:stream";
import { parseAmount } from "../../../core/ledger.ts";
import { at, cell, columnOf, csvRows } from "./csv.ts";
import { DonationFileError, type DonationItem, dayOf, ledgerLabel } from "./types.ts";

/**
 * Liberapay's patrons export (`/<name>/patrons/export.csv`, and the public `patrons/public.csv`):
 * `pledge_date,patron_id,patron_username,patron_public_name,donation_currency,weekly_amount,
 * patron_avatar_url`, amounts as decimals with a point, `private` when the patron hides the amount.
 * Each row is a patron's pledge from its date; its external id is the patron and the date, so that the
 * same export read twice gives the same ids and a pledge renewed on another date is a new one.
 */

const COLUMNS = {
  date: ["pledge_date"],
  patronId: ["patron_id"],
  username: ["patron_username"],
  publicName: ["patron_public_name"],
  currency: ["donation_currency"],
  weekly: ["weekly_amount"],
  monthly: ["monthly_amount"],
} as const;

type Columns = Record<keyof typeof COLUMNS, number>;

function columnsOf(headers: string[]): Columns {
  const columns = Object.fromEntries(
    Object.entries(COLUMNS).map(([field, names]) => [field, columnOf(headers, names)]),
  ) as Columns;
  for (const field of ["date", "patronId", "currency"] as const)
    if (columns[field] < 0)
      throw new DonationFileError({
        key: "ledger.donations.columnMissing",
        params: { column: COLUMNS[field][0] },
      });
  if (columns.weekly < 0 && columns.monthly < 0)
    throw new DonationFileError({
      key: "ledger.donations.columnMissing",
      params: { column: COLUMNS.weekly[0] },
    });
  return columns;
}

/** Anonymous patrons have no public name and a username made of `~` and their id. */
function donorName(cells: string[], columns: Columns): string | null {
  const publicName = cell(cells, columns.publicName);
  const username = cell(cells, columns.username);
  if (publicName) return publicName;
  return username && !username.startsWith("~") ? username : null;
}

function rowItem(line: number, cells: string[], columns: Columns): DonationItem {
  const where = at(line);
  const patronId = cell(cells, columns.patronId);
  if (!patronId) return { at: where, invalid: { key: "ledger.donations.idMissing" } };
  const date = dayOf(cell(cells, columns.date));
  if (!date) return { at: where, invalid: { key: "ledger.donations.dateInvalid" } };
  const currency = cell(cells, columns.currency).toUpperCase();
  if (currency !== "EUR")
    return {
      at: where,
      skipped: { key: "ledger.donations.currency", params: { currency: currency || "?" } },
    };
  const period = columns.weekly >= 0 ? "weekly" : "monthly";
  const text = cell(cells, columns[period]);
  if (text.toLowerCase() === "private" || text === "")
    return { at: where, skipped: { key: "ledger.donations.amountPrivate" } };
  const amount = parseAmount(text);
  if (amount === undefined) return { at: where, invalid: { key: "ledger.donations.amountInvalid" } };
  const name = donorName(cells, columns);
  const every = period === "weekly" ? "par semaine" : "par mois";
  return {
    at: where,
    record: {
      source: "liberapay",
      externalId: ledgerLabel(`${patronId}:${date}`),
      amount,
      date,
      donor: name ? { name: ledgerLabel(name), email: "" } : null,
      method: "liberapay",
      // No name in the label: labels are public, and donors choose how they are shown.
      label: `Don Liberapay ${every}`,
    },
  };
}

/** The pledges of a Liberapay patrons export, in euros. */
export async function* parseLiberapayCsv(input: Readable): AsyncGenerator<DonationItem> {
  let columns: Columns | undefined;
  for await (const { line, cells } of csvRows(input)) {
    if (!columns) columns = columnsOf(cells);
    else yield rowItem(line, cells, columns);
  }
  if (!columns) throw new DonationFileError({ key: "ledger.donations.empty" });
}
