import { formatAmount } from "../core/ledger.ts";
import { dateFormat } from "./i18n.ts";

/** Cents as a French reader sees an amount: "1 234,56 €". */
export function euros(cents: number | string): string {
  return `${formatAmount(Number(cents))}\u00a0€`;
}

/** A day (YYYY-MM-DD) as its readers write it: 09/04/2026 in French, 09/04/2026 in British English. */
export function shortDate(date: string, lang: string): string {
  const format = dateFormat(lang === "en" ? "en" : "fr", { timeZone: "UTC" });
  return format.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}
