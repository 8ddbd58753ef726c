import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import type { DialectName } from "./connection.ts";
import { foundation } from "./migrations/0001_foundation.ts";
import { emailConfirmation } from "./migrations/0002_email_confirmation.ts";
import { commons } from "./migrations/0003_commons.ts";
import { ledger } from "./migrations/0004_ledger.ts";
import { receipts } from "./migrations/0005_ledger_receipts.ts";
import { commonerConfirmation } from "./migrations/0006_commoner_confirmation.ts";
import { loginThrottle } from "./migrations/0007_login_throttle.ts";
import { jobs } from "./migrations/0008_jobs.ts";
import { notifications } from "./migrations/0009_notifications.ts";
import { directorySearch } from "./migrations/0010_directory_search.ts";
import { moneyPages } from "./migrations/0011_money_pages.ts";
import { spaceLogo } from "./migrations/0012_space_logo.ts";
import { donationCorrections } from "./migrations/0013_donation_corrections.ts";
import { meetingsTasks } from "./migrations/0014_meetings_tasks.ts";
import { decisions } from "./migrations/0015_decisions.ts";
import { wiki } from "./migrations/0016_wiki.ts";
import type { Step } from "./migrations/dialect.ts";
import type { Database } from "./schema.ts";

export { sumMonthlyFromTransfers } from "./migrations/0005_ledger_receipts.ts";

/**
 * One ordered list for both dialects. A migration, once landed, never changes (its file's checksum is
 * recorded in migrations/checksums.json and checked by the tests): a fix is a new migration.
 */
const STEPS: [string, Step][] = [
  ["0001_foundation", foundation],
  ["0002_email_confirmation", emailConfirmation],
  ["0003_commons", commons],
  ["0004_ledger", ledger],
  ["0005_ledger_receipts", receipts],
  ["0006_commoner_confirmation", commonerConfirmation],
  ["0007_login_throttle", loginThrottle],
  ["0008_jobs", jobs],
  ["0009_notifications", notifications],
  ["0010_directory_search", directorySearch],
  ["0011_money_pages", moneyPages],
  ["0012_space_logo", spaceLogo],
  ["0013_donation_corrections", donationCorrections],
  ["0014_meetings_tasks", meetingsTasks],
  ["0015_decisions", decisions],
  ["0016_wiki", wiki],
];

export const LATEST_MIGRATION = STEPS[STEPS.length - 1]?.[0] ?? "";

class Steps implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(STEPS.map(([name, step]) => [name, { up: (db) => step(db, this.dialect) }]));
  }
}

export async function migrate(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new Steps(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
