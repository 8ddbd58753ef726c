import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import "../../messages.ts";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildChamberWithTreasurer,
  buildDonation,
  signIn,
  suffix,
} from "../../../test/helpers/factories.ts";
import { ACTIONS } from "../../core/policy.ts";
import { keysOf } from "../../web/i18n.ts";
import { NOTIFICATION_KINDS } from "../notifications/kinds.ts";
import { auditSentence } from "./sentences.ts";
import type { AuditEntry } from "./store.ts";

const SRC = path.join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$|messages/.test(entry.name) ? [full] : [];
  });
}

/**
 * Every kind of event the code records: the `"x.y"` literals on a line naming `action`, or within the
 * call that records an event (recordEvent, commonsEvent, ownEvent, a claim's change…). Permission names
 * and field-error keys written there are not kinds.
 */
function recordedKinds(): Set<string> {
  const fieldErrors = keysOf("fr").flatMap((key) => (key.startsWith("msg.") ? [key.slice(4)] : []));
  // Notification kinds name events told to people, not entries of the log.
  const notKinds = new Set<string>([...ACTIONS, ...fieldErrors, ...NOTIFICATION_KINDS]);
  const kinds = new Set<string>();
  for (const file of sources(SRC)) {
    const lines = readFileSync(file, "utf8").split("\n");
    lines.forEach((line, i) => {
      const call = /(recordEvents?|[a-z]Event|\bchange|\baudit)\(/.test(line);
      if (!call && !/\baction\b/.test(line)) return;
      const text = call ? lines.slice(i, i + 9).join("\n") : line;
      for (const [, kind] of text.matchAll(/"([a-z][A-Za-z]*\.[a-z][A-Za-z]*)"/g))
        if (kind && !notKinds.has(kind) && !/^[a-z]\./.test(kind)) kinds.add(kind);
    });
  }
  return kinds;
}

function entry(fields: Partial<AuditEntry> & { action: string }): AuditEntry {
  return {
    id: "0",
    at: "2026-03-14T09:30:00.000Z",
    subjectType: "expenseClaim",
    subjectId: "x",
    actorName: "Zoé",
    subjectName: null,
    spaceName: "Chambre des salles",
    spaceSlug: "salles",
    before: null,
    after: null,
    ...fields,
  };
}

describe("the log in sentences", () => {
  it("has a French and an English sentence for every kind of event the code records", () => {
    const kinds = recordedKinds();
    for (const known of ["person.deleted", "ledger.claimPaid", "commons.merged", "tags.familyChanged"])
      assert.ok(kinds.has(known), `the collector finds ${known}`);
    assert.ok(kinds.size >= 50, `${kinds.size} kinds found`);
    const fr = new Set(keysOf("fr"));
    const en = new Set(keysOf("en"));
    const missing = [...kinds].filter(
      (k) => !fr.has(`audit.sentence.${k}`) || !en.has(`audit.sentence.${k}`),
    );
    assert.deepEqual(missing, []);
  });

  it("says amounts in euros, roles by name, days as written, and no code or JSON", () => {
    const submitted = auditSentence(
      "fr",
      entry({
        action: "ledger.claimSubmitted",
        subjectName: "Salle du 9 avril",
        after: '{"title":"x","amount":12345}',
      }),
    );
    assert.equal(submitted, "Zoé a soumis la note de frais «\u202fSalle du 9 avril\u202f» de 123,45\u00a0€.");
    const role = auditSentence(
      "fr",
      entry({
        action: "membership.roleChanged",
        subjectType: "person",
        subjectName: "Hélène",
        before: '{"role":"member"}',
        after: '{"role":"treasurer"}',
      }),
    );
    assert.equal(role, "Zoé a changé le rôle d’Hélène\u202f: membre → trésorier·ère.");
    const donation = auditSentence(
      "fr",
      entry({
        action: "ledger.donationRecorded",
        after: '{"amount":5000,"date":"2026-03-14","source":"manual"}',
      }),
    );
    assert.equal(donation, "Zoé a enregistré un don de 50,00\u00a0€ daté du 14/03/2026.");
    const edited = auditSentence(
      "fr",
      entry({
        action: "commons.updated",
        subjectType: "commons",
        subjectName: "Jardin",
        before: '{"name":"Jardin","tags":["a"],"status":"active"}',
        after: '{"name":"Jardin","tags":["a","b"],"status":"paused"}',
      }),
    );
    assert.equal(edited, "Zoé a modifié la fiche «\u202fJardin\u202f»\u202f: étiquettes, statut.");
    const byOperator = auditSentence(
      "fr",
      entry({ action: "person.created", subjectType: "person", subjectName: "Alice", actorName: null }),
    );
    assert.equal(byOperator, "L’opérateur (ligne de commande) a créé le compte d’Alice.");
    const mailed = auditSentence(
      "fr",
      entry({
        action: "emailLink.sent",
        subjectType: "person",
        subjectName: "Yves",
        after: '{"purpose":"reset"}',
      }),
    );
    assert.equal(mailed, "Un lien pour choisir un nouveau mot de passe a été envoyé à Yves.");
  });

  it("falls back to a readable sentence for a kind it does not know", () => {
    const unknown = auditSentence(
      "fr",
      entry({ action: "meetings.scheduled", subjectType: "meeting", after: '{"title":"Plénière"}' }),
    );
    assert.equal(unknown, "Zoé a fait un changement\u202f: Plénière.");
    const nameless = auditSentence("fr", entry({ action: "x.y", subjectType: "commons" }));
    assert.equal(nameless, "Zoé a fait un changement\u202f: un commun.");
  });
});

for (const dialect of testDialects()) {
  describe(`a chamber's log as its facilitators read it [${dialect.name}]`, () => {
    const h = useApp(dialect);

    it("reads as sentences, with euros and names, without JSON or codes", async () => {
      const admin = await buildAdmin(h.app, "Facilitatrice");
      const chamber = await buildChamberWithTreasurer(h.app, { by: admin });
      const title = `Salle ${suffix()}`;
      const claim = await h.app.communs.claims.submit(chamber.member, chamber.slug, {
        title,
        amount: 12_000,
        date: "2026-03-14",
        account: "6132",
      });
      await h.app.communs.claims.approve(chamber.treasurer, claim.id);
      await buildDonation(h.app, chamber.slug, chamber.treasurer, { amount: 2_550 });
      const facilitator = await signIn(h, admin);
      const page = await facilitator.get(`/espaces/${chamber.slug}/journal`);
      assert.equal(page.statusCode, 200);
      const body = page.body;
      for (const text of [
        `Membre a soumis la note de frais «\u202f${title}\u202f» de 120,00\u00a0€.`,
        `Trésorière a approuvé la note de frais «\u202f${title}\u202f».`,
        "Trésorière a enregistré un don de 25,50\u00a0€ daté du 14/03/2026.",
        "a changé le rôle",
      ])
        assert.ok(body.includes(text), text);
      assert.doesNotMatch(body, /&quot;|\{"|ledger\.\w|membership\.\w|<code>|12000|2550/);
    });
  });
}
