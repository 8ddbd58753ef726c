/**
 * The one place where services are built, each once, with the services it depends on. The web
 * application builds them all and hands them to routes (`app.communs`); a command of the command line
 * builds only those it names, and loads only their modules (each factory imports its module when it is
 * first needed); tests use the application's. Nothing else constructs a service.
 */
import type { Config } from "./config.ts";
import type { Context } from "./context.ts";
import type { Geocoder } from "./core/geocoding.ts";
import type { Db } from "./db/connection.ts";
import type { Accounts } from "./modules/accounts/service.ts";
import type { Audit } from "./modules/audit/service.ts";
import type { Claims } from "./modules/claims/service.ts";
import type { Imports } from "./modules/commons/import.ts";
import type { Commons } from "./modules/commons/service.ts";
import type { Decisions } from "./modules/decisions/service.ts";
import type { DonationCorrections } from "./modules/donations/corrections.ts";
import type { DonationImports } from "./modules/donations/imports.ts";
import type { HelloassoNotifications } from "./modules/donations/notifications.ts";
import type { Donations } from "./modules/donations/service.ts";
import type { Health } from "./modules/health/service.ts";
import type { Home } from "./modules/home/service.ts";
import type { JobsAdmin } from "./modules/jobs/admin.ts";
import type { JobQueue } from "./modules/jobs/service.ts";
import type { Ledger } from "./modules/ledger/service.ts";
import type { Lifecycle } from "./modules/lifecycle/service.ts";
import type { Mailer } from "./modules/mail/service.ts";
import type { Meetings } from "./modules/meetings/service.ts";
import type { Notifications } from "./modules/notifications/service.ts";
import type { Pages } from "./modules/pages/service.ts";
import type { Spaces } from "./modules/spaces/service.ts";
import type { Tags } from "./modules/tags/service.ts";
import type { Tasks } from "./modules/tasks/service.ts";
import type { Transparency } from "./modules/transparency/service.ts";
import type { Treasury } from "./modules/treasury/service.ts";

interface Built {
  jobs: JobQueue;
  jobsAdmin: JobsAdmin;
  mailer: Mailer;
  notifications: Notifications;
  health: Health;
  accounts: Accounts;
  spaces: Spaces;
  audit: Audit;
  geocoder: Geocoder | null;
  commons: Commons;
  tags: Tags;
  imports: Imports;
  ledger: Ledger;
  donations: Donations;
  donationImports: DonationImports;
  donationCorrections: DonationCorrections;
  helloasso: HelloassoNotifications;
  claims: Claims;
  tasks: Tasks;
  treasury: Treasury;
  transparency: Transparency;
  home: Home;
  meetings: Meetings;
  decisions: Decisions;
  pages: Pages;
  lifecycle: Lifecycle;
}

export type ServiceName = keyof Built;
/** Some services, with the settings and the database they were built over. */
export type LoadedServices<N extends ServiceName> = Pick<Built, N> & { config: Config; db: Db };
export type Services = LoadedServices<ServiceName>;

type Need = <K extends ServiceName>(name: K) => Promise<Built[K]>;

/** How each service is made: its module, loaded on first need, and the services it is given. */
const FACTORIES: { [K in ServiceName]: (ctx: Context, need: Need) => Promise<Built[K]> } = {
  jobs: async (ctx) => (await import("./modules/jobs/service.ts")).createJobs(ctx),
  jobsAdmin: async (ctx) => (await import("./modules/jobs/admin.ts")).createJobsAdmin(ctx),
  mailer: async (ctx, need) =>
    (await import("./modules/mail/service.ts")).createMailer(
      ctx,
      await need("jobs"),
      await need("lifecycle"),
    ),
  notifications: async (ctx, need) =>
    (await import("./modules/notifications/service.ts")).createNotifications(
      ctx,
      await need("mailer"),
      await need("jobs"),
    ),
  health: async (ctx) => (await import("./modules/health/service.ts")).createHealth(ctx),
  accounts: async (ctx, need) =>
    (await import("./modules/accounts/service.ts")).createAccounts(ctx, await need("mailer")),
  spaces: async (ctx, need) =>
    (await import("./modules/spaces/service.ts")).createSpaces(
      ctx,
      await need("notifications"),
      (await need("decisions")).governance,
    ),
  audit: async (ctx) => (await import("./modules/audit/service.ts")).createAudit(ctx),
  geocoder: async (ctx) => (await import("./modules/geocoding/service.ts")).createGeocoder(ctx),
  commons: async (ctx, need) =>
    (await import("./modules/commons/service.ts")).createCommons(
      ctx,
      await need("geocoder"),
      await need("jobs"),
    ),
  tags: async (ctx, need) =>
    (await import("./modules/tags/service.ts")).createTags(ctx, await need("commons")),
  imports: async (ctx, need) =>
    (await import("./modules/commons/import.ts")).createImports(
      ctx,
      await need("commons"),
      await need("jobs"),
      await need("notifications"),
    ),
  ledger: async (ctx) => (await import("./modules/ledger/service.ts")).createLedger(ctx),
  donations: async (ctx, need) =>
    (await import("./modules/donations/service.ts")).createDonations(
      ctx,
      await need("ledger"),
      await need("notifications"),
    ),
  donationImports: async (ctx, need) =>
    (await import("./modules/donations/imports.ts")).createDonationImports(
      ctx,
      await need("ledger"),
      await need("donations"),
      await need("jobs"),
      await need("notifications"),
    ),
  donationCorrections: async (ctx, need) =>
    (await import("./modules/donations/corrections.ts")).createDonationCorrections(
      ctx,
      await need("ledger"),
      await need("donations"),
    ),
  helloasso: async (ctx, need) =>
    (await import("./modules/donations/notifications.ts")).createHelloassoNotifications(
      ctx,
      await need("ledger"),
      await need("donations"),
    ),
  claims: async (ctx, need) =>
    (await import("./modules/claims/service.ts")).createClaims(
      ctx,
      await need("ledger"),
      await need("notifications"),
      await need("decisions"),
    ),
  tasks: async (ctx, need) =>
    (await import("./modules/tasks/service.ts")).createTasks(
      ctx,
      await need("claims"),
      await need("jobs"),
      await need("notifications"),
    ),
  treasury: async (ctx, need) =>
    (await import("./modules/treasury/service.ts")).createTreasury(ctx, await need("ledger")),
  transparency: async (ctx, need) =>
    (await import("./modules/transparency/service.ts")).createTransparency(
      ctx,
      await need("ledger"),
      await need("treasury"),
    ),
  home: async (ctx, need) =>
    (await import("./modules/home/service.ts")).createHome(
      ctx,
      await need("spaces"),
      await need("claims"),
      await need("commons"),
      await need("audit"),
      await need("jobs"),
      await need("meetings"),
      await need("decisions"),
    ),
  meetings: async (ctx, need) =>
    (await import("./modules/meetings/service.ts")).createMeetings(
      ctx,
      await need("notifications"),
      await need("jobs"),
      await need("geocoder"),
    ),
  decisions: async (ctx, need) =>
    (await import("./modules/decisions/service.ts")).createDecisions(
      ctx,
      await need("notifications"),
      await need("jobs"),
    ),
  pages: async (ctx, need) =>
    (await import("./modules/pages/service.ts")).createPages(
      ctx,
      await need("jobs"),
      await need("notifications"),
    ),
  lifecycle: async (ctx) => (await import("./modules/lifecycle/service.ts")).createLifecycle(ctx),
};

/** Every service: what the web application and a jobs worker (every kind's handler registered) load. */
export const ALL_SERVICES = Object.keys(FACTORIES) as ServiceName[];

/** The services named (every one by default) and those they depend on, each built once. */
export async function loadServices<N extends ServiceName = ServiceName>(
  ctx: Context,
  names: readonly N[] = ALL_SERVICES as N[],
): Promise<LoadedServices<N>> {
  const made = new Map<ServiceName, Promise<unknown>>();
  const need: Need = <K extends ServiceName>(name: K) => {
    let service = made.get(name);
    if (!service) {
      service = FACTORIES[name](ctx, need);
      made.set(name, service);
    }
    return service as Promise<Built[K]>;
  };
  const entries = await Promise.all(names.map(async (name) => [name, await need(name)] as const));
  return { ...(Object.fromEntries(entries) as Pick<Built, N>), config: ctx.config, db: ctx.db };
}
