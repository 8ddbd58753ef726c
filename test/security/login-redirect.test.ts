// After logging in, the person goes back to the page they asked for, and never to another site:
// `/connexion?suite=%2F.%2F%2Fevil.example%2Fphish` once ended in `Location: //evil.example/phish`.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { useApp, Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { buildPerson, PASSWORD } from "../helpers/factories.ts";
import { redirectTarget, staysOnSite } from "../helpers/redirects.ts";

for (const dialect of testDialects()) {
  describe(`redirect after login [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let address = "";

    before(async () => {
      address = (await buildPerson(h.app, { name: "Retour" })).email;
    });

    /** Logs in through the form of `/connexion?<query>`, as a browser would; answers the Location. */
    async function loginWith(query: string) {
      const visitor = new Visitor(h);
      const url = `/connexion?${query}`;
      const page = await visitor.get(url);
      assert.equal(page.statusCode, 200, url);
      const action = /<form method="post" action="([^"]*)"/.exec(page.body)?.[1]?.replace(/&amp;/g, "&");
      const response = await visitor.submit(url, url, { email: address, password: PASSWORD });
      assert.equal(response.statusCode, 303, url);
      return { location: String(response.headers.location), action: action ?? "" };
    }

    it("goes home instead of the addresses the security probe used", async () => {
      for (const query of [
        "suite=%2F.%2F%2Fevil.example%2Fphish",
        "suite=/%2e//evil.example/phish",
        "suite=%2F%252e%2F%2Fevil.example%2Fphish",
        "suite=/a/..//evil.example/phish",
        "suite=/..//evil.example/phish",
        "suite=%2F%2e%2e%2F%2Fevil.example",
        "suite=/%5C/evil.example",
      ]) {
        const { location, action } = await loginWith(query);
        assert.equal(location, "/", query);
        assert.equal(action, "/connexion", `the form does not carry it on either: ${query}`);
      }
    });

    it("still goes back to the page asked for", async () => {
      const { location, action } = await loginWith("suite=%2Fespaces%2Fx%3Favant%3D1");
      assert.equal(location, "/espaces/x?avant=1");
      assert.equal(action, "/connexion?suite=%2Fespaces%2Fx%3Favant%3D1");
    });

    it("sends the person only to a path of this site, whatever the encoding", async () => {
      await fc.assert(
        fc.asyncProperty(redirectTarget, async (raw) => {
          const { location, action } = await loginWith(`suite=${encodeURIComponent(raw)}`);
          const where = `${JSON.stringify(raw)} → ${location}`;
          assert.ok(staysOnSite(location), where);
          const carried = action.startsWith("/connexion?suite=")
            ? decodeURIComponent(action.slice("/connexion?suite=".length))
            : "/";
          assert.ok(action === "/connexion" || staysOnSite(carried), `form action ${action} for ${where}`);
          assert.equal(location, carried, where);
        }),
        { numRuns: 40 },
      );
    });
  });
}
