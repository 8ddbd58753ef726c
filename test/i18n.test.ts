import assert from "node:assert/strict";
import { describe, it } from "node:test";
import "../src/messages.ts";
import { ERRORS } from "../src/core/errors.ts";
import { keysOf, negotiate, translate } from "../src/web/i18n.ts";

describe("i18n", () => {
  it("has the same keys in French and English", () => {
    const fr = new Set(keysOf("fr"));
    const en = new Set(keysOf("en"));
    assert.deepEqual(
      [...fr].filter((k) => !en.has(k)),
      [],
    );
    assert.deepEqual(
      [...en].filter((k) => !fr.has(k)),
      [],
    );
  });

  it("has a message for every coded error in both languages", () => {
    for (const code of Object.keys(ERRORS)) {
      assert.notEqual(translate("fr", `error.${code}`), `error.${code}`, code);
      assert.notEqual(translate("en", `error.${code}`), `error.${code}`, code);
    }
  });

  it("fills parameters and numbered keys", () => {
    assert.equal(translate("fr", "space.joined", { name: "Lille" }), "Vous avez rejoint Lille.");
    assert.equal(translate("fr", "msg.field.tooLong.80"), "80 caractères au plus.");
    assert.equal(translate("en", "msg.field.tooLong.80"), "At most 80 characters.");
  });

  it("counts in each language's way", () => {
    assert.equal(translate("fr", "home.members", { count: 0 }), "0 membre");
    assert.equal(translate("fr", "home.members", { count: 1 }), "1 membre");
    assert.equal(translate("fr", "home.members", { count: 2 }), "2 membres");
    assert.equal(translate("en", "home.members", { count: 0 }), "0 members");
    assert.equal(translate("en", "home.members", { count: 1 }), "1 member");
  });

  it("picks French unless the browser prefers English", () => {
    assert.equal(negotiate(undefined), "fr");
    assert.equal(negotiate("en-GB,en;q=0.9,fr;q=0.8"), "en");
    assert.equal(negotiate("de-DE,fr;q=0.5,en;q=0.4"), "fr");
    assert.equal(negotiate("de"), "fr");
    assert.equal(negotiate("en;q=0,fr;q=0.1"), "fr");
  });
});
