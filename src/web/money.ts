import { formatAmount } from "../core/ledger.ts";

/** Cents as a French reader sees an amount: "1 234,56 €". */
export function euros(cents: number | string): string {
  return `${formatAmount(Number(cents))}\u00a0€`;
}

/** A day (YYYY-MM-DD) as its readers write it: 09/04/2026 in French, 09/04/2026 in British English. */
export function shortDate(date: string, lang: string): string {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`).toLocaleDateString(lang === "en" ? "en-GB" : "fr-FR", {
    timeZone: "UTC",
  });
}
