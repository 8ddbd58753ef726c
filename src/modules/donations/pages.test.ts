import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildChamber, buildMember } from "../../../test/helpers/factories.ts";
import {
  assertFrenchRefusal,
  browserOf,
  encode,
  encodings,
  formValue,
  frenchMessage,
  postAs,
  RUNS,
  snapshot,
} from "../../../test/helpers/fuzz.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";
import { newId } from "../../core/ids.ts";
import { parseAmount } from "../../core/ledger.ts";
import { translate } from "../../web/i18n.ts";
import type { Person } from "../accounts/service.ts";

const CHAMBER = "chambre-des-dons";
const LIST = `/espaces/${CHAMBER}/dons`;
const NEW = `${LIST}/nouveau`;
const IMPORT = `${LIST}/import`;
const FIXTURES = new URL("../../../test/fixtures/donations/", import.meta.url);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-dons-"));

const fixture = (name: string) => fs.readFileSync(new URL(name, FIXTURES));
const keyOf = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
const count = (c: string) => new RegExp(`<tr data-count="${c}"><th scope="row">[^<]+</th><td>(\\d+)</td>`);
const counted = (html: string, c: string) => Number(count(c).exec(html)?.[1] ?? Number.NaN);

for (const dialect of testDialects()) {
  describe(`the treasurer's donation pages [${dialect.name}]`, () => {
    const h = useApp(dialect, { dataDir });
    let treasurer: Visitor;
    let member: Visitor;
    let anonymous: Visitor;
    let treasurerPerson: Person;

    const donationCount = async () =>
      Number(
        (
          await h.db.kysely
            .selectFrom("donations")
            .select((eb) => eb.fn.countAll<number | string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** Credits less debits of an account; its debits too (money arrives on the debit side of 512). */
    const account = async (code: string) => {
      const found = (await h.app.communs.ledger.accounts(CHAMBER)).find((a) => a.code === code);
      return { balance: found?.balance ?? 0, debits: found?.debits ?? 0 };
    };

    before(async () => {
      const { ledger } = h.app.communs;
      const chamber = await buildChamber(h.app, { slug: CHAMBER, name: "Chambre des dons" });
      const as = (name: string) => ({ name, email: `${name}.dons@exemple.test` });
      treasurerPerson = await buildMember(h.app, chamber, "treasurer", as("tess"));
      await buildMember(h.app, chamber, "member", as("malo"));
      await ledger.createAccount(CHAMBER, {
        code: "ENV-SALLE",
        label: "Location de salles",
        kind: "envelope",
      });
      treasurer = new Visitor(h);
      assert.equal((await treasurer.login("tess.dons@exemple.test")).statusCode, 303);
      member = new Visitor(h);
      assert.equal((await member.login("malo.dons@exemple.test")).statusCode, 303);
      anonymous = new Visitor(h);
    });

    /** The manual form as the treasurer's browser sends it: read the page, post with its key. */
    const enter = async (who: Visitor, fields: Record<string, string>, key?: string) => {
      await who.get(NEW);
      const formKey = key ?? keyOf(who.lastHtml);
      assert.ok(formKey, "the form carries an idempotency key");
      return who.request({
        method: "POST",
        url: LIST,
        payload: new URLSearchParams({
          _csrf: who.csrfToken(),
          idempotencyKey: formKey,
          ...fields,
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    };
    const valid = {
      "donor.name": "Claire Martin",
      "donor.email": "claire@exemple.test",
      display: "name",
      amount: "12,50",
      date: "2026-03-14",
      method: "cheque",
      envelope: "ENV-SALLE",
    };

    it("shows the list to treasurers only: a member is refused, a visitor is sent to log in", async () => {
      for (const url of [LIST, NEW, IMPORT]) {
        const visitor = await anonymous.get(url);
        assert.equal(visitor.statusCode, 303, url);
        assert.equal(visitor.headers.location, `/connexion?suite=${encodeURIComponent(url)}`);
        const refused = await member.get(url);
        assert.equal(refused.statusCode, 403, url);
        assert.equal(assertFrenchRefusal(refused, url), frenchMessage("FORBIDDEN"));
        const page = await treasurer.get(url);
        assert.equal(page.statusCode, 200, url);
        assert.match(page.body, /<html lang="fr"/);
      }
      assert.match((await treasurer.get(LIST)).body, /Aucun don enregistré/);
      assert.equal((await treasurer.get("/espaces/nulle-part/dons")).statusCode, 404);
    });

    it("adds a Dons tab to the chamber for those who book, and only for them", async () => {
      const tab = new RegExp(`<a href="${LIST}">Dons</a>`);
      assert.match((await treasurer.get(`/espaces/${CHAMBER}`)).body, tab);
      assert.doesNotMatch((await member.get(`/espaces/${CHAMBER}`)).body, tab);
      assert.doesNotMatch((await anonymous.get(`/espaces/${CHAMBER}`)).body, tab);
    });

    it("books a donation typed in euros French style on 754, 512 and its envelope, then lists it", async () => {
      const [income, bank, envelope] = await Promise.all([
        account("754"),
        account("512"),
        account("ENV-SALLE"),
      ]);
      const response = await enter(treasurer, valid);
      assert.equal(response.statusCode, 303, response.body.slice(0, 500));
      assert.equal(response.headers.location, LIST);
      assert.equal((await account("754")).balance - income.balance, 1250);
      assert.equal((await account("512")).debits - bank.debits, 1250);
      assert.equal((await account("ENV-SALLE")).balance - envelope.balance, 1250);
      const list = await treasurer.get(LIST);
      assert.match(list.body, /Don de 12,50\u00a0€ enregistré\./, "the notice after the redirect");
      const row = /<tr class="donation"[^>]*>(.*?)<\/tr>/s.exec(list.body)?.[1] ?? "";
      assert.match(row, /<time datetime="2026-03-14">14\/03\/2026<\/time>/);
      assert.match(row, /12,50\u00a0€/);
      assert.match(row, /Claire Martin/);
      assert.match(row, /claire@exemple\.test/);
      assert.match(row, /affiché sous son nom/);
      assert.match(row, /Saisie/);
      assert.match(row, /Chèque/);
      assert.match(row, /ENV-SALLE Location de salles/);
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("books a donation sent twice with the same key once, even twice at the same moment", async () => {
      const before = { donations: await donationCount(), income: (await account("754")).balance };
      const key = newId();
      const fields = { ...valid, amount: "1 234,56", "donor.name": "Paul Deux-Fois", date: "2026-03-15" };
      const first = await enter(treasurer, fields, key);
      const second = await enter(treasurer, fields, key);
      assert.equal(first.statusCode, 303);
      assert.equal(second.statusCode, 303);
      assert.match((await treasurer.get(LIST)).body, /Ce don était déjà enregistré/);
      const racing = newId();
      const both = await Promise.all([enter(treasurer, fields, racing), enter(treasurer, fields, racing)]);
      assert.deepEqual(
        both.map((r) => r.statusCode),
        [303, 303],
        both.map((r) => r.body.slice(0, 300)).join("\n"),
      );
      assert.equal(await donationCount(), before.donations + 2);
      assert.equal((await account("754")).balance - before.income, 2 * 123_456);
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("refuses a bad amount and a missing date with French messages, linked, and books nothing", async () => {
      const before = await snapshot(h.db);
      const key = newId();
      const response = await enter(treasurer, { ...valid, amount: "abc", date: "" }, key);
      assert.equal(response.statusCode, 400);
      assert.equal(assertFrenchRefusal(response), frenchMessage("VALIDATION_FAILED"));
      const amountMessage = translate("fr", "msg.donations.amountInvalid");
      assert.ok(response.body.includes(`<a href="#amount">Montant (€)\u202f: ${amountMessage}</a>`));
      assert.ok(response.body.includes(`<a href="#date">Date\u202f: Ce champ est obligatoire.</a>`));
      assert.ok(response.body.includes(`<p class="error" id="amount-error">${amountMessage}</p>`));
      assert.match(response.body, /name="amount" type="text" inputMode="decimal"[^>]*value="abc"/i);
      assert.equal(keyOf(response.body), key, "the form keeps its key: correcting it books once");
      assert.deepEqual(await snapshot(h.db), before);

      const named = await enter(treasurer, { ...valid, anonymous: "1", date: "31/02/2026" });
      assert.equal(named.statusCode, 400);
      assert.ok(named.body.includes(translate("fr", "msg.donations.anonymousNamed")));
      assert.ok(named.body.includes(translate("fr", "msg.donations.dateInvalid")));
      const pseudonym = await enter(treasurer, { ...valid, display: "pseudonym", pseudonym: " " });
      assert.equal(pseudonym.statusCode, 400);
      assert.ok(
        pseudonym.body.includes('<a href="#pseudonym">Pseudonyme\u202f: Ce champ est obligatoire.</a>'),
      );
      const envelope = await enter(treasurer, { ...valid, envelope: "512" });
      assert.equal(envelope.statusCode, 400);
      assert.ok(envelope.body.includes(translate("fr", "msg.ledger.envelopeUnknown")));
      const long = await enter(treasurer, { ...valid, "donor.name": "x".repeat(121) });
      assert.equal(long.statusCode, 400);
      assert.ok(long.body.includes("120 caractères au plus."));
      const keyless = await enter(treasurer, valid, "pas une clé");
      assert.equal(keyless.statusCode, 400);
      assert.ok(keyless.body.includes(translate("fr", "msg.donations.keyMissing")));
      assert.deepEqual(await snapshot(h.db), before);
    });

    it("refuses a form without its CSRF token (403) and books nothing", async () => {
      const before = await snapshot(h.db);
      await treasurer.get(NEW);
      const response = await treasurer.request({
        method: "POST",
        url: LIST,
        payload: new URLSearchParams({ idempotencyKey: newId(), ...valid }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(response.statusCode, 403);
      assert.equal(assertFrenchRefusal(response), frenchMessage("CSRF_INVALID"));
      const upload = await treasurer.request({
        method: "POST",
        url: IMPORT,
        ...multipartBody(
          { source: "liberapay" },
          { file: { filename: "l.csv", type: "text/csv", content: fixture("liberapay-patrons.csv") } },
        ),
      });
      assert.equal(upload.statusCode, 403);
      assert.deepEqual(await snapshot(h.db), before);
    });

    /** Uploads a file for a preview, as the import page's form sends it. */
    const upload = async (
      who: Visitor,
      fields: Record<string, string>,
      file?: { name: string; content: Buffer | string },
    ) => {
      await who.get(IMPORT);
      const files: Parameters<typeof multipartBody>[1] = file
        ? { file: { filename: file.name, type: "text/csv", content: file.content } }
        : {};
      return who.request({
        method: "POST",
        url: IMPORT,
        ...multipartBody({ _csrf: who.csrfToken(), ...fields }, files),
      });
    };
    const confirmAction = (html: string) =>
      /action="(\/espaces\/[^"]+\/dons\/import\/[0-9a-f-]{36})"/.exec(html)?.[1];
    const BANK = {
      source: "bank",
      "mapping.date": "Date",
      "mapping.amount": "Montant(EUROS)",
      "mapping.label": "Libellé",
      "mapping.id": "",
      "mapping.dateFormat": "DD/MM/YYYY",
    };

    for (const [source, file, fields, total] of [
      ["helloasso", "helloasso-paiements.csv", { source: "helloasso" }, 138_956],
      ["liberapay", "liberapay-patrons.csv", { source: "liberapay" }, 1055],
      ["bank", "banque-releve.csv", BANK, 223_000],
    ] as const) {
      it(`imports the ${source} fixture: a preview books nothing, confirming books, again books nothing`, async () => {
        const before = { snapshot: await snapshot(h.db), income: (await account("754")).balance };
        const content = fixture(file);
        const preview = await upload(treasurer, fields, { name: file, content });
        assert.equal(preview.statusCode, 200, preview.body.slice(0, 800));
        assert.match(preview.body, /Aperçu de l’import de dons/);
        assert.match(preview.body, /Ce que l’import ferait/);
        assert.deepEqual(
          ["read", "booked", "known", "skipped", "invalid"].map((c) => counted(preview.body, c)),
          [6, 4, 0, 2, 0],
        );
        assert.match(preview.body, /ligne \d+ : /, "the rows set aside, with their reason");
        assert.deepEqual(await snapshot(h.db), before.snapshot, "a preview books nothing");
        const action = confirmAction(preview.body);
        assert.ok(action, "a confirm button");

        assert.equal(
          (await member.submit(`/espaces/${CHAMBER}`, action, {})).statusCode,
          403,
          "a member cannot confirm",
        );
        const confirmed = await treasurer.submit(IMPORT, action, {});
        assert.equal(confirmed.statusCode, 303);
        assert.equal(confirmed.headers.location, action);
        const again = await treasurer.submit(IMPORT, action, {});
        assert.equal(again.statusCode, 303, "a second click goes to the report");
        const report = await treasurer.get(action);
        assert.equal(report.statusCode, 200);
        assert.match(report.body, /Compte rendu de l’import de dons/);
        assert.match(report.body, /Ce que l’import a fait/);
        assert.equal(counted(report.body, "booked"), 4);
        assert.equal((await account("754")).balance - before.income, total);
        assert.equal((await h.app.communs.ledger.accounts(CHAMBER)).length > 0, true);
        assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
        assert.equal((await member.get(action)).statusCode, 403);

        const reimport = await upload(treasurer, fields, { name: file, content });
        assert.equal(reimport.statusCode, 200);
        assert.equal(counted(reimport.body, "booked"), 0);
        assert.equal(counted(reimport.body, "known"), 4);
        assert.equal(confirmAction(reimport.body), undefined, "nothing to confirm");
        assert.match(reimport.body, /aucun nouveau don/);
        assert.equal((await account("754")).balance - before.income, total);
        const list = await treasurer.get(LIST);
        assert.match(list.body, new RegExp(translate("fr", `donations.source.${source}`)));
      });
    }

    it("books each donation of a bank statement with the donor of the column chosen, shown per row in the preview", async () => {
      const content = fixture("banque-releve-tiers.csv");
      const fields = {
        ...BANK,
        "mapping.date": "Date opération",
        "mapping.amount": "Montant",
        "mapping.donor": "Tiers",
      };
      const donorsOf = (html: string) =>
        [...html.matchAll(/<td class="donor">([^<]*)<\/td>/g)].map((m) => m[1]);
      const form = await treasurer.get(IMPORT);
      assert.match(form.body, /name="mapping\.donor"/, "the upload form asks for the donor's column");
      const guessed = await upload(treasurer, { ...fields, "mapping.donor": "" }, { name: "t.csv", content });
      assert.equal(guessed.statusCode, 200, guessed.body.slice(0, 800));
      assert.deepEqual(donorsOf(guessed.body), ["MME CLAIRE MARTIN", "ASSOCIATION LES AMIS", "inconnu"]);
      assert.match(guessed.body, /1\u202f000,00\u00a0€/);
      const guessedAction = confirmAction(guessed.body);
      assert.ok(guessedAction);
      assert.equal((await treasurer.submit(IMPORT, `${guessedAction}/annuler`, {})).statusCode, 303);
      const preview = await upload(treasurer, fields, { name: "t.csv", content });
      assert.deepEqual(donorsOf(preview.body), ["MME CLAIRE MARTIN", "ASSOCIATION LES AMIS", "inconnu"]);
      const action = confirmAction(preview.body);
      assert.ok(action);
      assert.equal((await treasurer.submit(IMPORT, action, {})).statusCode, 303);
      const donors = await h.db.kysely
        .selectFrom("donations")
        .select(["donor_name", "amount", "display"])
        .where("source", "=", "bank")
        .where("date", ">=", "2026-11-02")
        .where("donor_name", "in", ["MME CLAIRE MARTIN", "ASSOCIATION LES AMIS"])
        .orderBy("date")
        .execute();
      assert.deepEqual(
        donors.map((d) => [d.donor_name, Number(d.amount), d.display]),
        [
          ["MME CLAIRE MARTIN", 8000, "hidden"],
          ["ASSOCIATION LES AMIS", 100000, "hidden"],
        ],
      );
      assert.match((await treasurer.get(LIST)).body, /ASSOCIATION LES AMIS/);
      const wrong = await upload(
        treasurer,
        { ...fields, "mapping.donor": "Payeur" },
        { name: "t.csv", content },
      );
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Colonne «\u202fPayeur\u202f» introuvable/);
    });

    it("refuses an upload without a file, a bank statement without its columns, and a file it cannot read", async () => {
      const before = await snapshot(h.db);
      const noFile = await upload(treasurer, { source: "liberapay" });
      assert.equal(noFile.statusCode, 400);
      assert.ok(
        noFile.body.includes(
          `<a href="#file">Fichier CSV\u202f: ${translate("fr", "msg.donations.noFile")}</a>`,
        ),
      );
      const noColumns = await upload(
        treasurer,
        { ...BANK, "mapping.amount": " ", "mapping.dateFormat": "MM/DD" },
        { name: "b.csv", content: fixture("banque-releve.csv") },
      );
      assert.equal(noColumns.statusCode, 400);
      assert.ok(
        noColumns.body.includes(
          '<a href="#mapping.amount">Colonne du montant\u202f: Ce champ est obligatoire.</a>',
        ),
      );
      assert.ok(noColumns.body.includes(translate("fr", "msg.donations.dateFormatUnknown")));
      const wrongColumn = await upload(
        treasurer,
        { ...BANK, "mapping.amount": "Crédit" },
        { name: "b.csv", content: fixture("banque-releve.csv") },
      );
      assert.equal(wrongColumn.statusCode, 400);
      assert.match(wrongColumn.body, /Colonne «\u202fCrédit\u202f» introuvable/);
      assert.equal(confirmAction(wrongColumn.body), undefined);
      const unknown = await upload(treasurer, { source: "paypal" }, { name: "p.csv", content: "a,b\n1,2\n" });
      assert.equal(unknown.statusCode, 400);
      assert.ok(unknown.body.includes(translate("fr", "msg.donations.sourceUnknown")));
      const binary = await upload(
        treasurer,
        { source: "helloasso" },
        { name: "x.csv", content: Buffer.from([0, 1, 2, 255]) },
      );
      assert.equal(binary.statusCode, 400);
      assert.match(binary.body, /Le fichier ne peut pas être importé/);
      assert.deepEqual(await snapshot(h.db), before);
      const gone = await treasurer.submit(IMPORT, `${IMPORT}/${newId()}`, {});
      assert.equal(gone.statusCode, 404);
      const leftovers = fs.readdirSync(path.join(dataDir, "donation-imports"));
      assert.ok(
        leftovers.every((name) => name.endsWith(".report.json")),
        `only reports are kept: ${leftovers.join(", ")}`,
      );
    });

    it("lists donations newest first, fifty to a page, with links between pages", async () => {
      for (let i = 0; i < 51; i++)
        await h.app.communs.donations.record(
          treasurerPerson,
          CHAMBER,
          { amount: 100 + i, date: `2025-01-${String(1 + (i % 28)).padStart(2, "0")}`, display: "hidden" },
          `ancien-${i}`,
        );
      const total = await donationCount();
      const pages = Math.ceil(total / 50);
      const rows = (html: string) =>
        [...html.matchAll(/<tr class="donation"[^>]*>.*?datetime="([^"]+)"/gs)].map((m) => m[1]);
      const first = await treasurer.get(LIST);
      assert.ok(first.body.includes(`${total} dons`));
      const firstRows = rows(first.body);
      assert.equal(firstRows.length, 50);
      assert.deepEqual(firstRows, [...firstRows].sort().reverse(), "newest first");
      assert.ok(first.body.includes(`<a rel="next" href="${LIST}?page=2">Plus anciens</a>`));
      assert.ok(first.body.includes(`Page 1 sur ${pages}`));
      const last = await treasurer.get(`${LIST}?page=${pages}`);
      const lastRows = rows(last.body);
      assert.equal(lastRows.length, total - 50 * (pages - 1));
      assert.ok(
        lastRows.every((d) => d?.startsWith("2025-01-")),
        "the oldest come last",
      );
      assert.ok(last.body.includes('rel="prev"'));
      const beyond = await treasurer.get(`${LIST}?page=999`);
      assert.deepEqual(rows(beyond.body), lastRows, "past the end: the last page");
      assert.equal(rows((await treasurer.get(`${LIST}?page=abc`)).body).length, 50);
    });

    it("answers the manual form under random input with a booking or a French 4xx, never a 5xx", async () => {
      const browser = await browserOf(treasurer, NEW);
      const plausibleAmount = fc.oneof(
        fc.constantFrom("12,50", "0", "0,001", "1 000 000,00", "-5", "12.5", "1e3", "€", "999999999999,99"),
        fc
          .integer({ min: 1, max: 10_000_000 })
          .map((c) => `${Math.floor(c / 100)},${String(c % 100).padStart(2, "0")}`),
      );
      const plausibleDate = fc.oneof(
        fc.constantFrom("2026-03-01", "", "2026-02-30", "1999-12-31", "14/03/2026", "2026-3-1", "9999-01-01"),
        fc
          .date({ min: new Date("1990-01-01"), max: new Date("2110-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            anonymous: formValue(fc.constantFrom("1", "", "on")),
            "donor.name": formValue(fc.constantFrom("Claire", "", "  ", "<b>x</b>")),
            "donor.email": formValue(fc.constantFrom("", "a@b.c", "pas une adresse")),
            display: formValue(fc.constantFrom(...["name", "pseudonym", "hidden", "", "tout"])),
            pseudonym: formValue(fc.constantFrom("Le Lutin", "", " ")),
            amount: formValue(plausibleAmount),
            date: formValue(plausibleDate),
            method: formValue(fc.constantFrom("card", "cash", "cheque", "", "bitcoin")),
            envelope: formValue(fc.constantFrom("", "ENV-SALLE", "754", "ENV")),
            idempotencyKey: formValue(fc.constant("").map(() => newId())),
          }),
          encodings,
          async (fields, encoding) => {
            const donations = await donationCount();
            const body = encode(fields, browser.csrf, encoding);
            const response = await postAs(h, browser, LIST, body);
            assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body.slice(0, 300)}`);
            if (response.statusCode === 303) {
              assert.equal(response.headers.location, LIST);
              const key = body.parsed.idempotencyKey;
              assert.equal(typeof key, "string");
              const row = await h.db.kysely
                .selectFrom("donations")
                .select(["amount"])
                .where("external_id", "=", key as string)
                .executeTakeFirst();
              assert.ok(row, "a booking is found by its form key");
              assert.equal(Number(row.amount), parseAmount(body.parsed.amount as string));
              assert.equal(await donationCount(), donations + 1);
            } else {
              assertFrenchRefusal(response);
              assert.equal(await donationCount(), donations, "a refusal books nothing");
            }
          },
        ),
        { numRuns: RUNS },
      );
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });
  });
}
