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

describe("French as it is written in messages", () => {
  const N = "\u202f";

  it("spaces the message's punctuation but not the values put into it", () => {
    const text = translate("fr", "import.failed", { reason: "ligne 3: https://exemple.test/x?y=1 à 10:36" });
    assert.ok(
      text.startsWith(`Le fichier n’a pas pu être lu jusqu’au bout, rien n’a été importé${N}: `),
      text,
    );
    assert.ok(text.endsWith("ligne 3: https://exemple.test/x?y=1 à 10:36"), text);
    assert.equal(translate("en", "import.failed", { reason: "x" }).includes(N), false);
  });

  it("leaves no French message with a breakable space before ; : ! ? or inside « »", () => {
    for (const key of keysOf("fr"))
      assert.doesNotMatch(translate("fr", key), /[ \u00a0][;:!?»]|«[ \u00a0]/, key);
  });

  it("joins names to « de » and « à » where the review found them wrong", () => {
    assert.equal(
      translate("fr", "members.title", { name: "Assemblée des communs" }),
      "Membres de l’Assemblée des communs",
    );
    assert.equal(
      translate("fr", "space.linkedAssembly", { name: "Assemblée des communs" }),
      "Rattachée à l’Assemblée des communs",
    );
    assert.equal(
      translate("fr", "audit.titleSpace", { name: "Chambre des jardins" }),
      "Journal de la Chambre des jardins",
    );
    assert.equal(translate("fr", "import.confirm", { count: 12 }), "Importer ces 12 communs");
    assert.equal(
      translate("en", "members.title", { name: "Assemblée des communs" }),
      "Members of Assemblée des communs",
    );
  });

  it("has no French message putting a bare « de » or « à » before an inserted name", () => {
    const names = /(?:^|\s)(?:de|à) \{(?:name|donor|space|assembly|chamber)\}/;
    for (const key of keysOf("fr")) assert.doesNotMatch(translate("fr", key), names, key);
  });
});
