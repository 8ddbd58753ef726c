/**
 * The one place where services are built, each once, with the services it depends on. The web
 * application hands them to routes (`app.communs`), the command line to its commands, tests to
 * themselves: nothing else constructs a service.
 */
import type { Config } from "./config.ts";
import type { Context } from "./context.ts";
import type { Db } from "./db/connection.ts";
import { createAccounts } from "./modules/accounts/service.ts";
import { createAudit } from "./modules/audit/service.ts";
import { createImports } from "./modules/commons/import.ts";
import { createCommons } from "./modules/commons/service.ts";
import { createGeocoder } from "./modules/geocoding/service.ts";
import { createHealth } from "./modules/health/service.ts";
import { createClaims } from "./modules/ledger/claims.ts";
import { createDonationImports } from "./modules/ledger/donation-import.ts";
import { createDonations } from "./modules/ledger/donation-service.ts";
import { createLedger } from "./modules/ledger/service.ts";
import { createTreasury } from "./modules/ledger/settings.ts";
import { createMailer } from "./modules/mail/service.ts";
import { createSpaces } from "./modules/spaces/service.ts";
import { createTags } from "./modules/tags/service.ts";

export function createServices(ctx: Context) {
  const mailer = createMailer(ctx);
  const spaces = createSpaces(ctx);
  const geocoder = createGeocoder(ctx);
  const commons = createCommons(ctx, geocoder);
  const ledger = createLedger(ctx);
  const donations = createDonations(ctx, ledger);
  return {
    config: ctx.config as Config,
    db: ctx.db as Db,
    mailer,
    health: createHealth(ctx),
    accounts: createAccounts(ctx, mailer),
    spaces,
    audit: createAudit(ctx),
    commons,
    tags: createTags(ctx, commons),
    imports: createImports(ctx, commons),
    geocoder,
    ledger,
    donations,
    donationImports: createDonationImports(ctx, ledger, donations),
    claims: createClaims(ctx, ledger),
    treasury: createTreasury(ctx, ledger),
  };
}

export type Services = ReturnType<typeof createServices>;
