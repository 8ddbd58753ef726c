// The session cookie is HttpOnly, SameSite=Lax and for the whole site; it is Secure when the request
// came over HTTPS through a trusted proxy, and only then.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { email, useApp, Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

function setCookie(response: LightMyRequestResponse, name: string): string {
  const header = response.headers["set-cookie"];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const found = all.find((line) => line.startsWith(`${name}=`));
  assert.ok(found, `no ${name} cookie set; got ${JSON.stringify(all)}`);
  return found;
}

function assertFlags(line: string, secure: boolean): void {
  assert.match(line, /;\s*HttpOnly(;|$)/i, line);
  assert.match(line, /;\s*SameSite=Lax(;|$)/i, line);
  assert.match(line, /;\s*Path=\/(;|$)/, line);
  if (secure) assert.match(line, /;\s*Secure(;|$)/i, line);
  else assert.doesNotMatch(line, /;\s*Secure(;|$)/i, line);
}

/** Registers, logs out and logs in again, checking each cookie the server sets on the way. */
async function checkCookies(visitor: Visitor, secure: boolean): Promise<void> {
  const first = await visitor.get("/inscription");
  assertFlags(setCookie(first, "communs_csrf"), secure);
  const address = email();
  const registered = await visitor.register({ email: address, displayName: "Cléo" });
  assert.equal(registered.statusCode, 303);
  assertFlags(setCookie(registered, "communs_session"), secure);
  assertFlags(setCookie(registered, "communs_flash"), secure);
  const logout = await visitor.submit("/", "/deconnexion", {});
  const cleared = setCookie(logout, "communs_session");
  assert.match(cleared, /Expires=Thu, 01 Jan 1970|Max-Age=0/i, cleared);
  const login = await visitor.login(address);
  assert.equal(login.statusCode, 303);
  const session = setCookie(login, "communs_session");
  assertFlags(session, secure);
  assert.match(session, /Max-Age=2592000/, "the session lasts 30 days");
}

for (const dialect of testDialects()) {
  describe(`cookie flags over plain HTTP [${dialect.name}]`, () => {
    const h = useApp(dialect);

    it("sets HttpOnly, SameSite=Lax, Path=/ and not Secure", async () => {
      await checkCookies(new Visitor(h), false);
    });

    it("ignores X-Forwarded-Proto when the proxy is not trusted", async () => {
      await checkCookies(new Visitor(h, { "x-forwarded-proto": "https" }), false);
    });
  });

  describe(`cookie flags behind a trusted proxy [${dialect.name}]`, () => {
    const h = useApp(dialect, { trustProxy: true });

    it("adds Secure when the request arrived over HTTPS", async () => {
      await checkCookies(new Visitor(h, { "x-forwarded-proto": "https" }), true);
    });

    it("leaves Secure out when the proxy says the request came over HTTP", async () => {
      await checkCookies(new Visitor(h, { "x-forwarded-proto": "http" }), false);
    });
  });
}
