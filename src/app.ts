import path from "node:path";
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Config } from "./config.ts";
import type { Context } from "./context.ts";
import type { Language, Person } from "./core/accounts.ts";
import type { Db } from "./db/connection.ts";
import { cookieSecret } from "./db/instance-settings.ts";
import { accountRoutes } from "./modules/accounts/routes.ts";
import { auditRoutes } from "./modules/audit/routes.ts";
import { claimRoutes } from "./modules/claims/routes.ts";
import { commonsRoutes } from "./modules/commons/routes.ts";
import { decisionRoutes } from "./modules/decisions/routes.ts";
import { decisionApiRoutes } from "./modules/decisions/routes-api.ts";
import { socialCodeRoutes } from "./modules/decisions/routes-code.ts";
import { donationRoutes } from "./modules/donations/routes.ts";
import { healthRoutes } from "./modules/health/routes.ts";
import { homeRoutes } from "./modules/home/routes.ts";
import { jobRoutes } from "./modules/jobs/routes.ts";
import { createRunner } from "./modules/jobs/runner.ts";
import { ledgerRoutes } from "./modules/ledger/routes.ts";
import { registerLifecycleGuard } from "./modules/lifecycle/guard.tsx";
import { lifecycleRoutes } from "./modules/lifecycle/routes.ts";
import { meetingRoutes } from "./modules/meetings/routes.ts";
import { notificationRoutes } from "./modules/notifications/routes.ts";
import { pageRoutes } from "./modules/pages/routes.ts";
import { spaceRoutes } from "./modules/spaces/routes.ts";
import { tagRoutes } from "./modules/tags/routes.ts";
import { taskRoutes } from "./modules/tasks/routes.ts";
import { transparencyRoutes } from "./modules/transparency/routes.ts";
import { treasuryRoutes } from "./modules/treasury/routes.ts";
import "./messages.ts";
import { ROOT } from "./paths.ts";
import { loadServices, type Services } from "./services.ts";
import { errorHandler, frameworkErrorHandler, notFoundHandler } from "./web/errors.tsx";
import { clearSessionCookie, isApi, SAFE_METHODS, SESSION_COOKIE } from "./web/http.ts";
import { negotiate, type Params, translate } from "./web/i18n.ts";
import { pageCache } from "./web/page-cache.ts";
import { registerRoutes } from "./web/routes.ts";
import { vendorAssets } from "./web/vendor-assets.ts";

declare module "fastify" {
  interface FastifyInstance {
    communs: Services;
    /** Every route as registered (method and URL), for the authorization matrix and other checks. */
    registeredRoutes: { method: string; url: string }[];
  }
  interface FastifyRequest {
    person: Person | undefined;
    sessionSecret: string | undefined;
    viaToken: boolean;
    lang: Language;
    t: (key: string, params?: Params) => string;
    /** The signed-in person's unread notifications, for the header of a page. */
    unreadNotifications: number | undefined;
  }
  interface FastifyContextConfig {
    /** `false` on a route whose address carries its own proof (a mailed one-click unsubscribe link). */
    csrf?: false;
  }
}

const ASSETS = path.join(ROOT, "src", "web", "assets");

/** Paths a log line may show: the query string and the secret of a mailed link are dropped. */
export function loggableUrl(url: string): string {
  return url.replace(/\?.*$/, "").replace(/^\/(reinitialisation|confirmation)\/.+$/, "/$1/…");
}

/**
 * Structured logs (pino) that never hold a password, a token or a cookie: requests are logged as
 * method, path and address only, and any field named like a secret is censored.
 */
export function loggerOptions(level: string): FastifyServerOptions["logger"] {
  return {
    level,
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "authorization",
        "*.authorization",
        "cookie",
        "*.cookie",
      ],
      censor: "[caché]",
    },
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: loggableUrl(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
}

/**
 * The server's logger: on a terminal, lines a person reads (pino-pretty, loaded only then); anywhere
 * else (a file, journald, a log collector) JSON lines, written as fast as pino writes them.
 */
export async function serverLogger(
  level: string,
  output: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Promise<FastifyServerOptions["logger"]> {
  const options = loggerOptions(level);
  if (!output.isTTY) return options;
  const { default: pretty } = await import("pino-pretty");
  const stream = pretty({ destination: output, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" });
  return { ...(options as object), stream } as FastifyServerOptions["logger"];
}

export interface AppOptions {
  config: Config;
  db: Db;
  logger?: FastifyServerOptions["logger"];
  /** The instance's clock, when a test moves it (the lifecycle's stage is read from it). */
  clock?: () => Date;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    frameworkErrors: frameworkErrorHandler,
    // API bodies are taken as their schema says: an unknown property or a value of the wrong type is
    // refused (400), not silently dropped or converted (Fastify's defaults).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });
  const registeredRoutes: { method: string; url: string }[] = [];
  app.decorate("registeredRoutes", registeredRoutes);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) registeredRoutes.push({ method, url: route.url });
  });
  const ctx: Context = { db, config, log: app.log, clock: options.clock };
  const services: Services = await loadServices(ctx);
  app.decorate("communs", services);
  if (config.jobs.inServer) {
    const runner = createRunner(services.jobs, config.jobs, (error) =>
      app.log.error({ err: error }, "jobs could not be taken"),
    );
    app.addHook("onReady", async () => runner.start());
    // Closing the application (serve's shutdown, a test's end) lets the jobs under way finish first.
    app.addHook("onClose", () => runner.stop());
  }
  app.decorateRequest("person", undefined);
  app.decorateRequest("sessionSecret", undefined);
  app.decorateRequest("viaToken", false);
  app.decorateRequest("lang", "fr");
  app.decorateRequest("unreadNotifications", undefined);
  app.decorateRequest("t", (key: string, params?: Params) => translate("fr", key, params));

  // First of all hooks: a cached page is sent before cookies, security headers (already in the
  // cached copy) or sessions are looked at.
  const pages = pageCache(config.pageCacheMs);
  app.addHook("onRequest", pages.serve);
  await app.register(cookie, { secret: await cookieSecret(db.kysely) });
  await app.register(formbody);
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { "upgrade-insecure-requests": null } },
    hsts: false,
  });
  await app.register(rateLimit, { global: false });
  await app.register(csrf, {
    cookieKey: "communs_csrf",
    cookieOpts: { path: "/", httpOnly: true, sameSite: "lax", secure: "auto", signed: true },
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Communs API",
        version: "1",
        description: "API JSON de Communs (session ou jeton Bearer).",
      },
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      },
    },
    hideUntagged: true,
  });
  await app.register(fastifyStatic, { root: ASSETS, prefix: "/assets/", maxAge: "1d" });
  await app.register(vendorAssets);

  app.addHook("onRequest", async (request, reply) => {
    const authorization = request.headers.authorization;
    if (authorization?.startsWith("Bearer ")) {
      request.viaToken = true;
      request.person = await services.accounts.personFromToken(authorization.slice(7).trim());
    } else {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) {
        request.person = await services.accounts.personFromSession(secret);
        if (request.person) request.sessionSecret = secret;
        else clearSessionCookie(reply);
      }
    }
    request.lang = request.person?.language ?? negotiate(request.headers["accept-language"]);
    const lang = request.lang;
    request.t = (key, params) => translate(lang, key, params);
  });
  // The lifecycle's banner on every page, and no login nor write once the site is read-only.
  registerLifecycleGuard(app);

  // Every state-changing form carries its token (login forms too, against login CSRF). API calls
  // need one only when they ride on a browser session: a Bearer token cannot be sent by another site,
  // and an API call with neither acts as nobody.
  app.addHook("preHandler", (request, reply, done) => {
    const apiWithoutSession = isApi(request) && !request.sessionSecret;
    const ownProof = request.routeOptions.config.csrf === false;
    if (SAFE_METHODS.has(request.method) || request.viaToken || apiWithoutSession || ownProof) return done();
    app.csrfProtection(request, reply, done);
  });

  // One indexed count per page read by someone signed in, for the header; never for static files
  // nor for data answered by a page route (carte.json, exports), which have no header.
  app.addHook("preHandler", async (request) => {
    if (!request.person || !request.sessionSecret || request.method !== "GET" || isApi(request)) return;
    const route = request.routeOptions.url ?? "";
    if (route.startsWith("/assets/") || /\.[a-z]+$/.test(route)) return;
    request.unreadNotifications = await services.notifications.unreadCount(request.person.id);
  });

  // Last of all onSend hooks, so that the cookies set by plugins are seen; then any write empties it.
  app.addHook("onSend", pages.keep);
  app.addHook("onResponse", pages.forget);

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  await registerRoutes(app, config, [
    healthRoutes,
    homeRoutes,
    auditRoutes,
    accountRoutes,
    spaceRoutes,
    commonsRoutes,
    tagRoutes,
    ledgerRoutes,
    donationRoutes,
    claimRoutes,
    taskRoutes,
    notificationRoutes,
    treasuryRoutes,
    transparencyRoutes,
    jobRoutes,
    meetingRoutes,
    decisionApiRoutes,
    socialCodeRoutes,
    decisionRoutes,
    pageRoutes,
    lifecycleRoutes,
  ]);
  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}
