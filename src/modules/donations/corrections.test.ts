import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildChamber, buildMember } from "../../../test/helpers/factories.ts";
import { snapshot } from "../../../test/helpers/fuzz.ts";
import { newId } from "../../core/ids.ts";
import { today } from "../../core/ledger.ts";
import { translate } from "../../web/i18n.ts";
import type { Person } from "../accounts/service.ts";
import { auditSentence } from "../audit/sentences.ts";

const CHAMBER = "chambre-des-corrections";
const keyOf = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];

for (const dialect of testDialects()) {
  describe(`a donation corrected from its page [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let treasurer: Visitor;
    let member: Visitor;
    let tess: Person;

    before(async () => {
      const chamber = await buildChamber(h.app, { slug: CHAMBER, name: "Chambre des corrections" });
      const as = (name: string) => ({ name, email: `${name}.corrections@exemple.test` });
      tess = await buildMember(h.app, chamber, "treasurer", as("tess"));
      await buildMember(h.app, chamber, "member", as("malo"));
      await h.app.communs.ledger.createAccount(CHAMBER, {
        code: "ENV-SALLE",
        label: "Salles",
        kind: "envelope",
      });
      treasurer = new Visitor(h);
      assert.equal((await treasurer.login("tess.corrections@exemple.test")).statusCode, 303);
      member = new Visitor(h);
      assert.equal((await member.login("malo.corrections@exemple.test")).statusCode, 303);
    });

    const balance = async (code: string) =>
      (await h.app.communs.ledger.accounts(CHAMBER)).find((a) => a.code === code)?.balance ?? 0;
    const transfer = (id: string) =>
      h.db.kysely.selectFrom("ledger_transfers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    /** A donation of 12,50 € to the envelope, from Claire Martin, booked by the treasurer. */
    const donated = async (extra: { source?: string; externalId?: string } = {}) =>
      (
        await h.app.communs.donations.record(
          tess,
          CHAMBER,
          {
            amount: 1250,
            date: "2026-03-14",
            donor: { name: "Claire Martin", email: "" },
            display: "name",
            envelope: "ENV-SALLE",
            ...extra,
          },
          newId(),
        )
      ).donation;
    /** The correction form as the treasurer's browser sends it: read the page, post with its key. */
    const correct = async (who: Visitor, id: string, fields: Record<string, string>, key?: string) => {
      const page = `/espaces/${CHAMBER}/dons/${id}`;
      await who.get(page);
      return who.request({
        method: "POST",
        url: `${page}/corriger`,
        payload: new URLSearchParams({
          _csrf: who.csrfToken(),
          idempotencyKey: key ?? keyOf(who.lastHtml) ?? "",
          ...fields,
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    };
    const corrected = {
      amount: "15,00",
      date: "2026-03-20",
      "donor.name": "Claire Martin-Durand",
      envelope: "",
      reason: "Montant mal lu sur le chèque",
    };

    it("shows the donation's page and its form to treasurers only", async () => {
      const donation = await donated();
      const page = await treasurer.get(`/espaces/${CHAMBER}/dons/${donation.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h2 id="corriger">Corriger ce don<\/h2>/);
      assert.match(page.body, /name="amount" type="text" value="12,50"/);
      assert.match(page.body, /name="donor\.name" type="text" value="Claire Martin"/);
      assert.match(page.body, new RegExp(`/comptabilite/mouvements/${donation.transferId}`));
      assert.match(
        (await treasurer.get(`/espaces/${CHAMBER}/dons`)).body,
        new RegExp(`/dons/${donation.id}"`),
      );
      assert.equal((await member.get(`/espaces/${CHAMBER}/dons/${donation.id}`)).statusCode, 403);
      assert.equal((await treasurer.get(`/espaces/${CHAMBER}/dons/${newId()}`)).statusCode, 404);
    });

    it("refuses bad input with French messages and writes nothing", async () => {
      const donation = await donated();
      const before = await snapshot(h.db);
      const bad = await correct(treasurer, donation.id, {
        ...corrected,
        amount: "douze",
        date: "2026-02-31",
        envelope: "ENV-NULLE",
        reason: " ",
      });
      assert.equal(bad.statusCode, 400);
      for (const message of ["donations.amountInvalid", "donations.dateInvalid", "ledger.envelopeUnknown"])
        assert.ok(bad.body.includes(translate("fr", `msg.${message}`)), message);
      assert.match(bad.body, /href="#reason">Motif\u202f: Ce champ est obligatoire\./);
      const long = await correct(treasurer, donation.id, { ...corrected, reason: "x".repeat(501) });
      assert.equal(long.statusCode, 400);
      const keyless = await correct(treasurer, donation.id, corrected, "pas une clé");
      assert.equal(keyless.statusCode, 400);
      const forged = await treasurer.request({
        method: "POST",
        url: `/espaces/${CHAMBER}/dons/${donation.id}/corriger`,
        payload: new URLSearchParams({ idempotencyKey: newId(), ...corrected }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(forged.statusCode, 403, "no CSRF token");
      assert.equal((await correct(member, donation.id, corrected, newId())).statusCode, 403);
      assert.deepEqual(await snapshot(h.db), before);
    });

    it("reverses the donation's transfers, books the corrected one, links them, audits, once per key", async () => {
      const donation = await donated();
      const income = await balance("754");
      const envelope = await balance("ENV-SALLE");
      const key = newId();
      const done = await correct(treasurer, donation.id, corrected, key);
      assert.equal(done.statusCode, 303, done.body.slice(0, 600));
      assert.equal(done.headers.location, `/espaces/${CHAMBER}/dons/${donation.id}`);

      const row = await h.db.kysely
        .selectFrom("donations")
        .selectAll()
        .where("id", "=", donation.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [Number(row.amount), row.date, row.donor_name, row.envelope_account_id],
        [1500, "2026-03-20", "Claire Martin-Durand", null],
      );
      const link = await h.db.kysely
        .selectFrom("donation_corrections")
        .selectAll()
        .where("donation_id", "=", donation.id)
        .executeTakeFirstOrThrow();
      assert.equal(link.original_transfer_id, donation.transferId);
      assert.equal(link.corrected_transfer_id, row.transfer_id);
      assert.equal(link.reason, corrected.reason);
      const reversal = await transfer(link.reversal_transfer_id);
      assert.equal(reversal.reverses_id, donation.transferId);
      assert.deepEqual(
        [Number(reversal.amount), reversal.date, reversal.source_id],
        [1250, today(), donation.externalId],
      );
      const fresh = await transfer(row.transfer_id);
      assert.deepEqual(
        [Number(fresh.amount), fresh.date, fresh.label, fresh.source_type, fresh.source_id],
        [1500, "2026-03-20", "Don de Claire Martin-Durand", "donation", donation.externalId],
      );
      assert.equal(await balance("754"), income + 250, "the income is the corrected amount");
      assert.equal(await balance("ENV-SALLE"), envelope - 1250, "the envelope's funding is reversed");
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);

      const events = await h.db.kysely
        .selectFrom("audit_events")
        .selectAll()
        .where("action", "=", "ledger.donationCorrected")
        .where("subject_id", "=", donation.id)
        .execute();
      assert.equal(events.length, 1);
      const [event] = events;
      assert.ok(event);
      const sentence = auditSentence("fr", {
        id: event.id,
        at: String(event.at),
        action: event.action,
        subjectType: event.subject_type,
        subjectId: event.subject_id,
        actorName: "Tess",
        subjectName: null,
        spaceName: null,
        spaceSlug: null,
        before: event.before,
        after: event.after,
      });
      assert.match(
        sentence,
        /Tess a corrigé un don de 12,50\u00a0€ daté du .+\u202f: 15,00\u00a0€ daté du .+ Motif\u202f: Montant mal lu/,
      );

      const before = await snapshot(h.db);
      const again = await correct(treasurer, donation.id, corrected, key);
      assert.equal(again.statusCode, 303, "a double submit");
      assert.deepEqual(await snapshot(h.db), before, "corrects nothing more");
      const page = await treasurer.get(`/espaces/${CHAMBER}/dons/${donation.id}`);
      assert.match(page.body, /Motif\u202f: Montant mal lu sur le chèque/);
      assert.ok(page.body.includes(`/comptabilite/mouvements/${link.reversal_transfer_id}`));
      assert.ok(page.body.includes(`/comptabilite/mouvements/${row.transfer_id}`));
      for (const id of [donation.transferId, link.reversal_transfer_id, row.transfer_id]) {
        const transferPage = await treasurer.get(`/espaces/${CHAMBER}/comptabilite/mouvements/${id}`);
        assert.ok(
          transferPage.body.includes(`href="/espaces/${CHAMBER}/dons/${donation.id}"`),
          "links to the donation",
        );
      }

      const twice = await correct(treasurer, donation.id, {
        ...corrected,
        amount: "16,00",
        envelope: "ENV-SALLE",
      });
      assert.equal(twice.statusCode, 303, "a second correction corrects the corrected transfer");
      assert.equal(await balance("754"), income + 350);
      assert.equal(await balance("ENV-SALLE"), envelope - 1250 + 1600);
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("corrects a donation whose envelope spent part of it, and refuses to take back more than is left", async () => {
      const donation = await donated();
      await h.app.communs.ledger.book(CHAMBER, {
        idempotencyKey: newId(),
        debit: "ENV-SALLE",
        credit: "ENV",
        amount: (await balance("ENV-SALLE")) - 250,
        date: "2026-03-16",
        label: "Location de la salle",
        journal: "ENV",
        status: "posted",
      });
      const up = await correct(treasurer, donation.id, { ...corrected, envelope: "ENV-SALLE" });
      assert.equal(up.statusCode, 303, up.body.slice(0, 400));
      assert.equal(await balance("ENV-SALLE"), 500, "250 left, 15,00 funded, 12,50 taken back");
      const before = await snapshot(h.db);
      const down = await correct(treasurer, donation.id, { ...corrected, amount: "1,00", envelope: "" });
      assert.equal(down.statusCode, 409);
      assert.deepEqual(await snapshot(h.db), before, "nothing written");
    });

    it("lets the source that brought a corrected donation bring it again without a conflict", async () => {
      const donation = await donated({ source: "bank", externalId: `releve-${newId()}` });
      assert.equal((await correct(treasurer, donation.id, corrected)).statusCode, 303);
      const again = await h.app.communs.donations.record(
        tess,
        CHAMBER,
        {
          amount: 1250,
          date: "2026-03-14",
          envelope: "ENV-SALLE",
          source: "bank",
          externalId: donation.externalId,
        },
        newId(),
      );
      assert.equal(again.replayed, true);
    });
  });
}
