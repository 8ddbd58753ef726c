// Where a login goes back to: only a path of this site, however the address is encoded.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { redirectTarget, staysOnSite } from "../../../test/helpers/redirects.ts";
import { safeNext } from "./next.ts";

describe("the page to go back to after logging in", () => {
  it("refuses every way of writing another site that the security probe found", () => {
    for (const raw of [
      "/.//evil.example/phish",
      "/%2e//evil.example/phish",
      "/a/..//evil.example/phish",
      "/..//evil.example/phish",
      "/%2e%2e//evil.example",
      "/%2E%2e/%2e%2E//evil.example",
      "/./%2e/..//evil.example",
      "//evil.example/",
      "/\t/evil.example",
      "/\\evil.example",
      "/%5Cevil.example",
      "/%2F%2Fevil.example",
      "/%252F%252Fevil.example",
      "https://evil.example/",
      "http:evil.example",
      "javascript:alert(1)",
      "",
    ]) {
      assert.equal(safeNext(raw), "", JSON.stringify(raw));
    }
    assert.equal(safeNext(undefined), "");
    assert.equal(safeNext(["/profil"]), "");
  });

  it("keeps a path of this site, its query and its fragment", () => {
    assert.equal(safeNext("/espaces/x?avant=1#fin"), "/espaces/x?avant=1#fin");
    assert.equal(safeNext("/profil"), "/profil");
    assert.equal(safeNext("/espaces/a/./membres/../journal"), "/espaces/a/journal");
    assert.equal(safeNext("/connexion?suite=%2Fprofil"), "/connexion?suite=%2Fprofil");
  });

  it("gives back any plain path of this site unchanged", () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const query = fc.option(fc.stringMatching(/^[a-z]{1,6}=[a-z0-9]{0,6}$/), { nil: undefined });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), query, (segments, search) => {
        const path = `/${segments.join("/")}${search ? `?${search}` : ""}`;
        assert.equal(safeNext(path), path);
      }),
    );
  });

  it("answers, for any mix of encodings, nothing or a path that stays on this site", () => {
    fc.assert(
      fc.property(redirectTarget, (raw) => {
        const next = safeNext(raw);
        assert.ok(next === "" || staysOnSite(next), `${JSON.stringify(raw)} → ${JSON.stringify(next)}`);
      }),
      { numRuns: 5_000 },
    );
  });
});
