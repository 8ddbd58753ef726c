import type { Context } from "../../context.ts";
import { DomainError } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { DONATION_METHODS, type Donations } from "./donation-service.ts";
import { DonationFileError, type DonationItem, type DonationMessage } from "./donations/index.ts";
import type { Ledger } from "./service.ts";

export interface DonationImportReport {
  dryRun: boolean;
  read: number;
  booked: number;
  /** Already booked from an earlier import: nothing done. */
  known: number;
  skipped: number;
  invalid: number;
  problems: { at: string; reason: DonationMessage }[];
  failure: DonationMessage | null;
}

class DryRunDone extends Error {}
const REPORT_LIMIT = 200;

function methodOf(method: string): string {
  return (DONATION_METHODS as readonly string[]).includes(method) ? method : "other";
}

/**
 * Books the donations of a file (HelloAsso, Liberapay, bank) in one transaction: all or nothing. Each is
 * found again by (source, external id), so importing the same file twice books nothing more. Donors
 * are not shown on the transparency page unless they say so: an import cannot know, so it hides them.
 * A dry run does the same work and rolls it back: the preview.
 */
export function createDonationImports(ctx: Context, ledger: Ledger, donations: Donations) {
  const db = ctx.db.kysely;
  return {
    async run(
      actor: Actor | null,
      spaceSlug: string,
      items: () => AsyncIterable<DonationItem>,
      options: { dryRun: boolean },
    ): Promise<DonationImportReport> {
      // The command line runs as the operator of the instance; on the web, those who book money import.
      const space = actor
        ? (await ledger.authorized(actor, "ledger.book", spaceSlug)).space
        : await ledger.chamber(spaceSlug);
      const report: DonationImportReport = {
        dryRun: options.dryRun,
        read: 0,
        booked: 0,
        known: 0,
        skipped: 0,
        invalid: 0,
        problems: [],
        failure: null,
      };
      const problem = (at: string, reason: DonationMessage) => {
        if (report.problems.length < REPORT_LIMIT) report.problems.push({ at, reason });
      };
      try {
        await db.transaction().execute(async (trx) => {
          for await (const item of items()) {
            report.read++;
            if ("skipped" in item) {
              report.skipped++;
              problem(item.at, item.skipped);
              continue;
            }
            if ("invalid" in item) {
              report.invalid++;
              problem(item.at, item.invalid);
              continue;
            }
            const { record } = item;
            try {
              const { replayed } = await donations.recordIn(
                trx,
                space,
                {
                  amount: record.amount,
                  date: record.date,
                  donor: record.donor,
                  display: "hidden",
                  method: methodOf(record.method),
                  source: record.source,
                  externalId: record.externalId,
                },
                `${record.source}:${record.externalId}`,
                actor?.id ?? null,
              );
              if (replayed) report.known++;
              else report.booked++;
            } catch (error) {
              if (!(error instanceof DomainError) || error.status >= 500) throw error;
              report.invalid++;
              problem(item.at, { key: `error.${error.code}` });
            }
          }
          if (options.dryRun) throw new DryRunDone();
        });
      } catch (error) {
        if (error instanceof DryRunDone) return report;
        if (error instanceof DonationFileError)
          return { ...report, booked: 0, known: 0, failure: error.detail };
        throw error;
      }
      return report;
    },
  };
}
