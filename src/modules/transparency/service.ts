import type { Context } from "../../context.ts";
import type { EnvelopeBalance, Ledger, PublicTransfer } from "../ledger/service.ts";
import type { Treasury } from "../treasury/service.ts";
import type { CategoryTotal } from "./store.ts";
import * as store from "./store.ts";

/** One month of a ledger: what came in and what went out, in cents. */
export interface MonthTotals {
  /** "2026-01" */
  month: string;
  income: number;
  spending: number;
}

/** The page lists this many transfers at most; the CSV has them all. */
export const LATEST_TRANSFERS = 200;

/** The figures the page opens with, in cents, as Open Collective's page does. */
export interface Headline {
  /** What the bank and cash accounts hold now (posted transfers, every year). */
  balance: number;
  /** What income accounts received in the year, net of corrections. */
  received: number;
  /** What expense accounts paid in the year, net of corrections. */
  spent: number;
}

export interface TransparencyData {
  space: { slug: string; name: string };
  year: number;
  headline: Headline;
  years: number[];
  envelopes: EnvelopeBalance[];
  months: MonthTotals[];
  categories: CategoryTotal[];
  transfers: PublicTransfer[];
  transferCount: number;
  /** The FEC is offered once the chamber has a SIREN (its file is named by it). */
  fecAvailable: boolean;
}

/** Twelve months of the year, each with its income and spending (zero when nothing moved). */
function yearMonths(year: number, totals: Awaited<ReturnType<typeof store.monthlyTotals>>) {
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, "0")}`;
    return { month, income: totals.income.get(month) ?? 0, spending: totals.spending.get(month) ?? 0 };
  });
}

function sum(amounts: number[]): number {
  return amounts.reduce((total, amount) => total + amount, 0);
}

/** The figures a chamber's money opens with: the bank and cash balance, and the year's ins and outs. */
function headlineOf(
  accounts: Awaited<ReturnType<Ledger["accountsOf"]>>,
  months: ReturnType<typeof yearMonths>,
): Headline {
  return {
    balance: sum(accounts.filter((a) => a.kind === "asset").map((a) => a.debits - a.credits)),
    received: sum(months.map((m) => m.income)),
    spent: sum(months.map((m) => m.spending)),
  };
}

/**
 * A chamber's public accounts: what anyone may read of its money, year by year (envelopes, months,
 * categories, transfers), and every transfer of a year for its CSV.
 */
export function createTransparency(ctx: Context, ledger: Ledger, treasury: Treasury) {
  const db = ctx.db.kysely;

  async function page(slug: string, year: number): Promise<TransparencyData> {
    const space = await ledger.chamber(slug);
    const [years, accounts, envelopes, monthly, categories, transfers, transferCount, fecAvailable] =
      await Promise.all([
        ledger.years(space.id),
        ledger.accountsOf(space.id),
        ledger.envelopes(space.id),
        store.monthlyTotals(db, space.id, year),
        store.categoryTotals(db, space.id, year),
        ledger.latestTransfers(space.id, year, LATEST_TRANSFERS),
        store.countTransfers(db, space.id, year),
        treasury.hasSiren(space.id),
      ]);
    const months = yearMonths(year, monthly);
    return {
      space: { slug: space.slug, name: space.name },
      year,
      headline: headlineOf(accounts, months),
      years: [...new Set([year, new Date().getUTCFullYear(), ...years])].sort((a, b) => b - a),
      envelopes,
      months,
      categories,
      transfers,
      transferCount,
      fecAvailable,
    };
  }

  return {
    page,

    /** A chamber's headline figures for its home page, as its transparency page opens, and its envelopes. */
    async headline(spaceId: string) {
      const year = new Date().getUTCFullYear();
      const [accounts, envelopes, totals] = await Promise.all([
        ledger.accountsOf(spaceId),
        ledger.envelopes(spaceId),
        store.monthlyTotals(db, spaceId, year),
      ]);
      return { envelopes, ...headlineOf(accounts, yearMonths(year, totals)) };
    },

    /** A year's posted transfers outside the budget layer, oldest first, read as they are written out. */
    async transfers(spaceSlug: string, year: number) {
      const space = await ledger.chamber(spaceSlug);
      return { space, transfers: ledger.transfers(space.id, year) };
    },
  };
}

export type Transparency = ReturnType<typeof createTransparency>;
