import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildChamber } from "../../../test/helpers/factories.ts";
import { chosenYear } from "../../web/http.ts";
import type { Person } from "../accounts/service.ts";
import * as store from "./store.ts";

const CORRECTED = "chambre-corrigee";
const CHAMBER = "chambre-ouverte";
const BUSY = "chambre-affairee";
const HIDDEN_NAME = "Hortense Secrète";
const HIDDEN_EMAIL = "hortense.secrete@exemple.test";
const PSEUDONYM_OWNER = "Paul Véritable";

for (const dialect of testDialects()) {
  describe(`chamber transparency page [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let spaceId = "";

    const get = (url: string) => h.app.inject({ method: "GET", url });
    const page = (year?: string) =>
      get(`/espaces/${CHAMBER}/transparence${year === undefined ? "" : `?annee=${year}`}`);

    before(async () => {
      const { ledger, donations } = h.app.communs;
      const admin: Person = await buildAdmin(h.app, "Trésorier");
      for (const slug of [CHAMBER, BUSY, CORRECTED]) await buildChamber(h.app, { by: admin, slug });
      spaceId = (await ledger.chamber(CHAMBER)).id;
      await ledger.createAccount(CHAMBER, { code: "ENV-SALLE", label: "Salle", kind: "envelope" });
      await ledger.createAccount(CHAMBER, {
        code: "ENV-FETE",
        label: "Fête <i>de quartier</i>",
        kind: "envelope",
      });

      const donate = (key: string, input: Parameters<typeof donations.record>[2]) =>
        donations.record(admin, CHAMBER, input, key);
      await donate("don-cache", {
        amount: 5000,
        date: "2026-01-10",
        donor: { name: HIDDEN_NAME, email: HIDDEN_EMAIL },
        display: "hidden",
        envelope: "ENV-SALLE",
      });
      await donate("don-pseudo", {
        amount: 3000,
        date: "2026-02-03",
        donor: { name: PSEUDONYM_OWNER, email: "paul@exemple.test" },
        display: "pseudonym",
        pseudonym: "Le Lutin",
        method: "cash",
      });
      await donate("don-nom", {
        amount: 2000,
        date: "2026-02-20",
        donor: { name: "Nina <script>alert(1)</script>" },
        display: "name",
      });
      await donate("don-2025", {
        amount: 1000,
        date: "2025-12-31",
        donor: { name: "Ancien" },
        display: "name",
      });

      const book = (key: string, input: Partial<Parameters<typeof ledger.book>[1]>) =>
        ledger.book(CHAMBER, {
          idempotencyKey: key,
          debit: "6132",
          credit: "512",
          amount: 100,
          date: "2026-02-15",
          label: "Dépense",
          journal: "BQ",
          status: "posted",
          ...input,
        });
      await book("salle", { amount: 12_000, label: "Location salle <b>gras</b>" });
      // Envelope layer: a reservation on the room envelope, a funded and partly spent party envelope.
      await book("reserve-salle", {
        debit: "ENV-SALLE",
        credit: "ENV",
        amount: 1500,
        journal: "ENV",
        status: "pending",
        label: "Réservation salle",
      });
      await book("fete", {
        debit: "ENV",
        credit: "ENV-FETE",
        amount: 2000,
        journal: "ENV",
        label: "Budget fête",
      });
      await book("fete-achat", {
        debit: "ENV-FETE",
        credit: "ENV",
        amount: 700,
        journal: "ENV",
        label: "Achat",
      });
      // Expense claims: one approved then paid, one still pending, one rejected.
      const claim = (key: string, amount: number) =>
        book(key, {
          debit: "625",
          credit: "4681",
          amount,
          date: "2026-03-05",
          status: "pending",
          label: key,
        });
      const paid = await claim("frais-paye", 800);
      await ledger.settle(CHAMBER, paid.transfer.id, "post", "frais-paye:post");
      await claim("frais-attente", 400);
      const rejected = await claim("frais-refuse", 300);
      await ledger.settle(CHAMBER, rejected.transfer.id, "void", "frais-refuse:void");
    });

    it("totals income and spending by month and by category, leaving out the envelope layer", async () => {
      const monthly = await store.monthlyTotals(h.db.kysely, spaceId, 2026);
      assert.deepEqual(Object.fromEntries(monthly.income), { "2026-01": 5000, "2026-02": 5000 });
      assert.deepEqual(Object.fromEntries(monthly.spending), { "2026-02": 12_000, "2026-03": 800 });
      assert.deepEqual(await store.categoryTotals(h.db.kysely, spaceId, 2026), [
        { code: "754", label: "Dons manuels", side: "income", amount: 10_000 },
        { code: "6132", label: "Locations immobilières", side: "spending", amount: 12_000 },
        { code: "625", label: "Déplacements, missions et réceptions", side: "spending", amount: 800 },
      ]);
      const lastYear = await store.monthlyTotals(h.db.kysely, spaceId, 2025);
      assert.deepEqual(Object.fromEntries(lastYear.income), { "2025-12": 1000 });
      assert.deepEqual(await h.app.communs.ledger.years(spaceId), [2026, 2025]);
    });

    it("nets a correction in its month and leaves the year-closing entries out", async () => {
      const { ledger } = h.app.communs;
      const corrected = (await ledger.chamber(CORRECTED)).id;
      await h.db.kysely.transaction().execute((trx) => ledger.ensureChart(trx, corrected));
      const gift = (key: string, amount: number, date: string) =>
        ledger.book(CORRECTED, {
          idempotencyKey: key,
          debit: "512",
          credit: "754",
          amount,
          date,
          label: key,
          journal: "BQ",
          status: "posted",
        });
      await gift("don-juste", 4_000, "2025-03-01");
      const typo = await gift("don-en-trop", 40_000, "2025-03-02");
      await ledger.reverse(CORRECTED, typo.transfer.id, { idempotencyKey: "correction", date: "2025-04-01" });
      await ledger.closeYear(CORRECTED, 2025);
      const monthly = await store.monthlyTotals(h.db.kysely, corrected, 2025);
      assert.deepEqual(Object.fromEntries(monthly.income), { "2025-03": 44_000, "2025-04": -40_000 });
      assert.deepEqual(Object.fromEntries(monthly.spending), {});
      assert.deepEqual(await store.categoryTotals(h.db.kysely, corrected, 2025), [
        { code: "754", label: "Dons manuels", side: "income", amount: 4_000 },
      ]);
      assert.equal(
        await store.countTransfers(h.db.kysely, corrected, 2025),
        3,
        "the closing entry is not listed",
      );
      assert.deepEqual(await ledger.verify(CORRECTED), []);
    });

    it("shows the same totals on the page, as chart, month table and category table", async () => {
      const response = await page("2026");
      assert.equal(response.statusCode, 200);
      const html = response.body;
      assert.match(html, /<svg[^>]*>/);
      assert.match(html, /data-category="754"[\s\S]*?100,00\u00a0€/);
      assert.match(html, /data-category="6132"[\s\S]*?120,00\u00a0€/);
      assert.match(html, /data-category="625"[\s\S]*?8,00\u00a0€/);
      // Month table footer: 100 € in, 128 € out, -28 € difference.
      assert.match(
        html,
        /<tfoot>[\s\S]*100,00\u00a0€[\s\S]*128,00\u00a0€[\s\S]*-28,00\u00a0€[\s\S]*<\/tfoot>/,
      );
      assert.ok(!html.includes("Budget fête"), "envelope-layer transfers stay out of the list");
      assert.ok(!html.includes("frais-attente") && !html.includes("frais-refuse"));
      assert.equal((html.match(/<tr[^>]*class="transfer"/g) ?? []).length, 5);
    });

    it("opens with the headline figures, equal to the ledger's balances", async () => {
      const accounts = await h.app.communs.ledger.accounts(CHAMBER);
      const bank = accounts
        .filter((a) => a.kind === "asset")
        .reduce((sum, a) => sum + a.debits - a.credits, 0);
      // 110 € given over two years (20 € of it in cash), 120 € of room paid from the bank.
      assert.equal(bank, -1000);
      const html = (await page("2026")).body;
      const figure = (key: string) =>
        new RegExp(`data-headline="${key}"><dt>[^<]+</dt><dd class="amount">([^<]+)</dd>`).exec(html)?.[1];
      assert.equal(figure("balance"), "-10,00\u00a0€");
      assert.equal(figure("received"), "100,00\u00a0€");
      assert.equal(figure("spent"), "128,00\u00a0€");
      assert.ok(html.indexOf('data-headline="balance"') < html.indexOf('id="enveloppes"'), "before the rest");
      const lastYear = (await page("2025")).body;
      assert.match(
        lastYear,
        /data-headline="received"><dt>Reçu en 2025<\/dt><dd class="amount">10,00\u00a0€/,
      );
    });

    it("folds the months without movement and right-aligns every amount column", async () => {
      const html = (await page("2026")).body;
      assert.ok(
        html.includes('<tr class="quiet"><td colspan="4">avril – décembre 2026\u202f: aucun mouvement'),
      );
      assert.ok(!html.includes("avril 2026</th>"), "no row of zeros for a quiet month");
      for (const table of html.match(/<table[\s\S]*?<\/table>/g) ?? []) {
        const cells = table.match(/<td class="amount">/g)?.length ?? 0;
        const headers = table.match(/<th scope="col" class="amount">/g)?.length ?? 0;
        assert.ok(headers > 0 && cells > 0, table.slice(0, 80));
      }
    });

    it("gives each envelope its balance, reservations deducted", async () => {
      assert.deepEqual(await h.app.communs.ledger.envelopes(spaceId), [
        { code: "ENV-FETE", label: "Fête <i>de quartier</i>", balance: 1300 },
        { code: "ENV-SALLE", label: "Salle", balance: 3500 },
      ]);
      const html = (await page("2026")).body;
      assert.match(html, /data-envelope="ENV-SALLE">[\s\S]*?35,00\u00a0€/);
      assert.match(html, /data-envelope="ENV-FETE">[\s\S]*?13,00\u00a0€/);
    });

    it("shows donors only as they chose, on the page and in the CSV", async () => {
      const html = (await page("2026")).body;
      const csv = (await get(`/espaces/${CHAMBER}/transparence/mouvements-2026.csv`)).body;
      for (const text of [html, csv]) {
        assert.ok(!text.includes("Hortense"), "a hidden donor's name never shows");
        assert.ok(!text.includes(HIDDEN_EMAIL));
        assert.ok(!text.includes("Paul"), "a pseudonymous donor's name never shows");
        assert.ok(!text.includes("paul@exemple.test"));
        assert.ok(text.includes("Don du Lutin"));
      }
      assert.match(html, /<td>Don<\/td>/);
    });

    it("escapes labels", async () => {
      const html = (await page("2026")).body;
      assert.ok(!html.includes("<script>alert(1)"));
      // preact escapes `<` and `&` in text, which is enough to keep markup out.
      assert.ok(html.includes("Don de Nina &lt;script>alert(1)&lt;/script>"));
      assert.ok(!html.includes("<b>gras</b>") && html.includes("Location salle &lt;b>gras&lt;/b>"));
      assert.ok(!html.includes("<i>de quartier</i>") && html.includes("Fête &lt;i>de quartier&lt;/i>"));
    });

    it("serves the year's transfers as a CSV: BOM, `;`, a header and one line per transfer", async () => {
      const response = await get(`/espaces/${CHAMBER}/transparence/mouvements-2026.csv`);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /^text\/csv; charset=utf-8/);
      assert.match(String(response.headers["content-disposition"]), /attachment; filename="mouvements-/);
      assert.ok(response.body.startsWith("\ufeff"));
      const lines = response.body.slice(1).split("\r\n").filter(Boolean);
      assert.equal(
        lines[0],
        "date;libelle;montant;compte_debite;intitule_debite;compte_credite;intitule_credite",
      );
      assert.equal(lines.length, 1 + 5);
      assert.ok(lines.includes("2026-01-10;Don;50,00;512;Banque;754;Dons manuels"));
      assert.ok(
        lines.includes("2026-02-15;Location salle <b>gras</b>;120,00;6132;Locations immobilières;512;Banque"),
      );
      const lastYear = await get(`/espaces/${CHAMBER}/transparence/mouvements-2025.csv`);
      assert.equal(lastYear.body.slice(1).split("\r\n").filter(Boolean).length, 2);
    });

    it("answers 404 for an unknown chamber, on the page and the CSV", async () => {
      assert.equal((await get("/espaces/nulle-part/transparence")).statusCode, 404);
      assert.equal((await get("/espaces/nulle-part/transparence/mouvements-2026.csv")).statusCode, 404);
    });

    it("refuses a year that is not four digits with a 400 page, and takes this year when none is asked", async () => {
      for (const bad of ["abcd", "20266", "1850", "2026-01"]) {
        const response = await page(encodeURIComponent(bad));
        assert.equal(response.statusCode, 400, bad);
        assert.match(String(response.headers["content-type"]), /^text\/html/);
      }
      assert.equal((await get(`/espaces/${CHAMBER}/transparence/mouvements-20x6.csv`)).statusCode, 400);
      const current = new Date().getUTCFullYear();
      const html = (await page()).body;
      assert.match(html, new RegExp(`<option value="${current}" selected`));
      assert.equal(chosenYear(undefined, new Date("2031-05-01T00:00:00Z")), 2031);
      assert.throws(() => chosenYear(["2026", "2025"]));
    });

    it("is complete without JavaScript: a GET year form, the chart, the tables and the downloads", async () => {
      const html = (await page("2025")).body;
      const article = /<article class="transparency">[\s\S]*<\/article>/.exec(html)?.[0] ?? "";
      assert.ok(article, "the page has its content");
      assert.ok(!article.includes("<script"));
      assert.match(article, /<form method="get" action="\/espaces\/chambre-ouverte\/transparence"/);
      assert.match(article, /<select id="annee" name="annee">/);
      assert.match(article, /<option value="2026"/);
      assert.match(article, /<option value="2025" selected/);
      assert.match(article, /<button type="submit">/);
      assert.match(article, /<svg/);
      assert.match(article, /<table class="chart-table">/);
      assert.ok(article.includes("Don d’Ancien"));
      assert.ok(!article.includes("Don du Lutin"), "only the chosen year's transfers");
      assert.ok(article.includes(`href="/espaces/${CHAMBER}/transparence/mouvements-2025.csv"`));
      assert.ok(!article.includes("/comptabilite/fec"), "no FEC link before the chamber has a SIREN");
      await h.db.kysely
        .insertInto("ledger_settings")
        .values({ space_id: spaceId, siren: "732829320", updated_at: new Date().toISOString() })
        .execute();
      assert.ok((await page("2025")).body.includes(`href="/espaces/${CHAMBER}/comptabilite/fec?annee=2025"`));
    });

    it("lists the latest 200 transfers, points to the CSV for the rest, which holds them all", async () => {
      const { ledger } = h.app.communs;
      await ledger.createAccount(BUSY, { code: "512", label: "Banque", kind: "asset" });
      await ledger.createAccount(BUSY, { code: "754", label: "Dons manuels", kind: "income" });
      for (let i = 1; i <= 203; i++)
        await ledger.book(BUSY, {
          idempotencyKey: `don-${i}`,
          debit: "512",
          credit: "754",
          amount: i,
          date: `2026-${String((i % 12) + 1).padStart(2, "0")}-01`,
          label: `Don numéro ${i}`,
          journal: "BQ",
          status: "posted",
        });
      const html = (await get(`/espaces/${BUSY}/transparence?annee=2026`)).body;
      assert.equal((html.match(/<tr[^>]*class="transfer"/g) ?? []).length, 200);
      // The CSV is linked twice: beside the shortened list and among the downloads.
      const csvLink = `href="/espaces/${BUSY}/transparence/mouvements-2026.csv"`;
      assert.equal(html.split(csvLink).length - 1, 2);
      const full = (await page("2026")).body;
      assert.equal(full.split(`href="/espaces/${CHAMBER}/transparence/mouvements-2026.csv"`).length - 1, 1);
      const csv = (await get(`/espaces/${BUSY}/transparence/mouvements-2026.csv`)).body;
      assert.equal(csv.slice(1).split("\r\n").filter(Boolean).length, 1 + 203);
      // The keyset pages of the CSV neither skip nor repeat a transfer.
      const busyId = (await ledger.chamber(BUSY)).id;
      const seen: string[] = [];
      for await (const t of h.app.communs.ledger.transfers(busyId, 2026, 7)) seen.push(t.label);
      assert.equal(new Set(seen).size, 203);
      assert.equal(seen.length, 203);
    });

    it("keeps a label from running as a spreadsheet formula", async () => {
      await h.app.communs.ledger.book(BUSY, {
        idempotencyKey: "formule",
        debit: "512",
        credit: "754",
        amount: 500,
        date: "2024-06-01",
        label: '=HYPERLINK("http://x.test")',
        journal: "BQ",
        status: "posted",
      });
      const csv = (await get(`/espaces/${BUSY}/transparence/mouvements-2024.csv`)).body;
      assert.ok(csv.includes(`2024-06-01;"'=HYPERLINK(""http://x.test"")";5,00;512`), csv);
    });
  });
}
