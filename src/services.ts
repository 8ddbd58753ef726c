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
import { createClaims } from "./modules/claims/service.ts";
import { createImports } from "./modules/commons/import.ts";
import { createCommons } from "./modules/commons/service.ts";
import { createDonationImports } from "./modules/donations/imports.ts";
import { createHelloassoNotifications } from "./modules/donations/notifications.ts";
import { createDonations } from "./modules/donations/service.ts";
import { createGeocoder } from "./modules/geocoding/service.ts";
import { createHealth } from "./modules/health/service.ts";
import { createLedger } from "./modules/ledger/service.ts";
import { createMailer } from "./modules/mail/service.ts";
import { createSpaces } from "./modules/spaces/service.ts";
import { createTags } from "./modules/tags/service.ts";
import { createTransparency } from "./modules/transparency/service.ts";
import { createTreasury } from "./modules/treasury/service.ts";

export function createServices(ctx: Context) {
  const mailer = createMailer(ctx);
  const spaces = createSpaces(ctx);
  const geocoder = createGeocoder(ctx);
  const commons = createCommons(ctx, geocoder);
  const ledger = createLedger(ctx);
  const donations = createDonations(ctx, ledger);
  const treasury = createTreasury(ctx, ledger);
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
    helloasso: createHelloassoNotifications(ctx, ledger, donations),
    claims: createClaims(ctx, ledger),
    treasury,
    transparency: createTransparency(ctx, ledger, treasury),
  };
}

export type Services = ReturnType<typeof createServices>;
