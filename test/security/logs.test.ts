// The logs (pino, at the most verbose level) never hold a password, a session cookie, a CSRF token,
// an API token or a reset link's secret, whatever the requests carried.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { buildApp, loggerOptions } from "../../src/app.ts";
import { email, type Harness, testConfig, Visitor } from "../helpers/app.ts";
import { type TestDatabase, testDialects } from "../helpers/db.ts";

const PASSWORD = "mot-de-passe-tres-reconnaissable-1";
const WRONG = "mot-de-passe-errone-reconnaissable-2";
const NEW_PASSWORD = "mot-de-passe-nouveau-reconnaissable-3";
const CHANGED = "mot-de-passe-change-reconnaissable-4";

for (const dialect of testDialects()) {
  describe(`secrets stay out of the logs [${dialect.name}]`, () => {
    const lines: string[] = [];
    let database: TestDatabase | undefined;
    let app: FastifyInstance | undefined;
    const h: Harness = {
      get app() {
        if (!app) throw new Error("app not ready");
        return app;
      },
      get db() {
        if (!database) throw new Error("database not ready");
        return database.db;
      },
    };

    before(async () => {
      database = await dialect.create();
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const logger = { ...(loggerOptions("trace") as object), stream } as FastifyServerOptions["logger"];
      app = await buildApp({ config: testConfig(), db: database.db, logger });
      await app.ready();
    });

    after(async () => {
      await app?.close();
      await database?.drop();
    });

    it("logs requests without passwords, cookies, tokens or reset secrets", async () => {
      const secrets: Record<string, string> = {};
      const address = email("logged");
      const visitor = new Visitor(h);

      await visitor.register({ email: address, displayName: "Lou", password: PASSWORD });
      secrets.session1 = visitor.cookie("communs_session") as string;
      secrets.csrfCookie = visitor.cookie("communs_csrf") as string;
      await visitor.submit("/", "/deconnexion", {});
      await visitor.login(address, WRONG);
      secrets.csrfToken = visitor.csrfToken();
      await visitor.login(address, PASSWORD);
      secrets.session2 = visitor.cookie("communs_session") as string;

      const page = await visitor.submit("/profil", "/profil/jetons", { name: "journal" });
      secrets.token = /cmn_[A-Za-z0-9_-]+/.exec(page.body)?.[0] as string;
      assert.ok(secrets.token);
      await h.app.inject({
        method: "GET",
        url: "/api/v1/me",
        headers: { authorization: `Bearer ${secrets.token}` },
      });
      await h.app.inject({
        method: "POST",
        url: "/api/v1/spaces",
        payload: { kind: "assembly", name: "X", territory: "Y" },
        headers: { authorization: `Bearer ${secrets.token}` },
      });
      await visitor.submit("/profil", "/profil/mot-de-passe", { current: PASSWORD, password: CHANGED });
      // A refused form (wrong CSRF token) and a refused JSON call are logged too.
      await visitor.request({
        method: "POST",
        url: "/profil/mot-de-passe",
        payload: new URLSearchParams({ _csrf: "faux", current: CHANGED, password: WRONG }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });

      await new Visitor(h).submit("/mot-de-passe-oublie", "/mot-de-passe-oublie", { email: address });
      const mails = await h.db.kysely
        .selectFrom("outbox")
        .select("body_text")
        .where("to_address", "=", address)
        .execute();
      const linkIn = (pattern: RegExp) =>
        mails.map((m) => pattern.exec(m.body_text)?.[1]).find(Boolean) as string;
      secrets.reset = linkIn(/\/reinitialisation\/(\S+)/);
      secrets.confirmation = linkIn(/\/confirmation\/(\S+)/);
      assert.ok(secrets.reset);
      const resetter = new Visitor(h);
      await resetter.get(`/reinitialisation/${secrets.reset}?suite=${secrets.reset}`);
      await resetter.submit(`/reinitialisation/${secrets.reset}`, `/reinitialisation/${secrets.reset}`, {
        password: NEW_PASSWORD,
      });
      secrets.session3 = resetter.cookie("communs_session") as string;
      await resetter.get(`/connexion?suite=${encodeURIComponent(`/profil?jeton=${secrets.token}`)}`);

      const log = lines.join("");
      assert.ok(lines.length > 20, "requests were logged");
      assert.match(log, /"url":"\/reinitialisation\/…"/, "the reset path is logged without its secret");
      assert.match(log, /"url":"\/profil\/jetons"/);
      for (const [name, value] of Object.entries({
        ...secrets,
        PASSWORD,
        WRONG,
        NEW_PASSWORD,
        CHANGED,
      })) {
        assert.ok(value, `${name} was captured`);
        assert.ok(!log.includes(value), `the log holds ${name}`);
        assert.ok(!log.includes(encodeURIComponent(value)), `the log holds ${name} (encoded)`);
      }
      assert.doesNotMatch(log, /cmn_/, "no token prefix at all");
      assert.doesNotMatch(log, /"(cookie|authorization|set-cookie)":"[^"[]/i, "no raw header");
    });
  });
}
