import { after, before } from "node:test";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildApp } from "../../src/app.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { normaliseEmail } from "../../src/core/accounts.ts";
import type { Db } from "../../src/db/connection.ts";
import type { TestDatabase, TestDialect } from "./db.ts";

export function testConfig(overrides: Partial<Config> = {}): Config {
  // The anonymous page cache is off: tests that write straight into the database must read it back at
  // once. Its own tests turn it on.
  return {
    ...loadConfig({}),
    publicUrl: "http://communs.test",
    loginRateLimit: 100_000,
    pageCacheMs: 0,
    // Never the national address API: a test that geocodes gives the local Addok stub's URL.
    geocoder: "none",
    geocoderUrl: "http://127.0.0.1:9/geocodage",
    mapTileUrl: "",
    ...overrides,
  };
}

export interface Harness {
  readonly app: FastifyInstance;
  readonly db: Db;
}

/**
 * Registers before/after hooks that give the suite a fresh database and app of one dialect; `clock`,
 * when given, is the instance's clock (a test that moves time reads it from a variable it changes).
 */
export function useApp(dialect: TestDialect, overrides: Partial<Config> = {}, clock?: () => Date): Harness {
  let database: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  before(async () => {
    database = await dialect.create();
    app = await buildApp({ config: testConfig(overrides), db: database.db, clock });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await database?.drop();
  });
  return {
    get app() {
      if (!app) throw new Error("app not ready");
      return app;
    },
    get db() {
      if (!database) throw new Error("database not ready");
      return database.db;
    },
  };
}

/**
 * A person with a browser: keeps cookies between requests and sends each form with the CSRF token of
 * the last page it read, as a real browser would.
 */
export class Visitor {
  private readonly cookies = new Map<string, string>();
  lastHtml = "";

  constructor(
    private readonly harness: Harness,
    private readonly headers: Record<string, string> = {},
  ) {}

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const expired =
        cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now());
      if (expired || cookie.value === "") this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await this.harness.app.inject({
      ...options,
      headers: { ...this.headers, ...(options.headers ?? {}) },
      cookies: Object.fromEntries(this.cookies),
    });
    this.remember(response);
    if (String(response.headers["content-type"] ?? "").startsWith("text/html")) this.lastHtml = response.body;
    return response;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request({ method: "GET", url });
  }

  csrfToken(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!match?.[1]) throw new Error("no CSRF token on the last page");
    return match[1];
  }

  /** Reads `page` (to get a token, as a browser would), then posts the form to `action`. */
  async submit(
    page: string,
    action: string,
    fields: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    await this.get(page);
    return this.request({
      method: "POST",
      url: action,
      payload: new URLSearchParams({ _csrf: this.csrfToken(), ...fields }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }

  /**
   * Registers as a person would: fills the form, then opens the confirmation link from the mail and
   * confirms. Answers the confirmation (a redirect, signed in), or the registration page itself when
   * no new confirmation mail came (refused input, or an address that already has an account).
   */
  async register(fields: { email: string; displayName: string; password?: string; introduction?: string }) {
    const previous = await lastMailTo(this.harness.db, fields.email);
    const response = await this.submit("/inscription", "/inscription", {
      password: "un mot de passe solide",
      ...fields,
    });
    const mail = await lastMailTo(this.harness.db, fields.email);
    const link = mail && mail.id !== previous?.id ? confirmationPath(mail.body_text) : undefined;
    return response.statusCode === 200 && link ? this.submit(link, link, {}) : response;
  }

  login(email: string, password = "un mot de passe solide") {
    return this.submit("/connexion", "/connexion", { email, password });
  }
}

let counter = 0;
/** A fresh e-mail address for a test, unique within the run. */
export function email(name = "personne"): string {
  counter += 1;
  return `${name}.${process.pid}.${counter}@exemple.test`;
}

/** The newest mail sent to an address (as the service normalises it). */
export function lastMailTo(db: Db, address: string) {
  return db.kysely
    .selectFrom("outbox")
    .select(["id", "subject", "body_text"])
    .where("to_address", "=", normaliseEmail(address))
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/** The path of the confirmation link in a mail's text, if it has one. */
export function confirmationPath(text: string): string | undefined {
  return /https?:\/\/[^/\s]+(\/confirmation\/\S+)/.exec(text)?.[1];
}
