// An expense claim as a chamber lives it, in real browsers on a 375 px phone with JavaScript off: a
// member submits a claim with its receipt (a PDF), the treasurer opens the receipt, approves and pays
// the claim, and the chamber's public transparency page shows the reimbursement; then the treasurer
// corrects the gift that funded the envelope, from the donation's page.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
// On a failed step, a full-page screenshot of each open page is kept in test-results/.
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Page } from "playwright-core";
import { buildApp } from "../../src/app.ts";
import { journeyViolations } from "../helpers/accessibility.ts";
import { email, lastMailTo, testConfig } from "../helpers/app.ts";
import {
  type BrowserPerson,
  checkFitsWidth,
  flash,
  follow,
  keepScreenshots,
  openBrowser,
  see,
} from "../helpers/browser.ts";
import { type TestDatabase, testDialects } from "../helpers/db.ts";
import { buildChamber, buildDonation, buildMember, PASSWORD } from "../helpers/factories.ts";

const PHONE = { width: 375, height: 812 };
const CHAMBER = "Chambre des salles";
const SLUG = "chambre-des-salles";
const CLAIM = "Salle des fêtes du 9 avril";
const RECEIPT = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

for (const dialect of testDialects()) {
  describe(`an expense claim in a browser, on a 375 px phone [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    let app: FastifyInstance | undefined;
    const people: BrowserPerson[] = [];
    let baseUrl = "";
    let malo: Page;
    let tess: Page;
    let visitor: Page;
    let setupError: unknown;
    let failedStep: string | undefined;
    let claimUrl = "";
    const problems: string[] = [];
    const maloEmail = email("malo");
    const tessEmail = email("tess");

    function watch(page: Page, who: string): void {
      page.on("pageerror", (error) => problems.push(`${who} ${page.url()}: ${error.message}`));
      page.on("console", (message) => {
        const favicon = message.location().url.endsWith("/favicon.ico");
        if (message.type() === "error" && !favicon) problems.push(`${who} ${page.url()}: ${message.text()}`);
      });
    }

    before(async () => {
      try {
        database = await dialect.create();
        const dataDir = await mkdtemp(path.join(os.tmpdir(), "communs-claim-browser-"));
        app = await buildApp({ config: testConfig({ dataDir }), db: database.db });
        const chamber = await buildChamber(app, { slug: SLUG, name: CHAMBER, theme: "salles" });
        await buildMember(app, chamber, "member", { name: "Malo Bénévole", email: maloEmail });
        await buildMember(app, chamber, "treasurer", { name: "Tess Trésorière", email: tessEmail });
        await app.communs.ledger.createAccount(SLUG, {
          code: "ENV-SALLE",
          label: "Location de salles",
          kind: "envelope",
        });
        await buildDonation(app, SLUG, chamber.admin, {
          amount: 30_000,
          date: "2026-03-01",
          donor: null,
          display: "hidden",
          envelope: "ENV-SALLE",
        });
        await app.listen({ port: 0, host: "127.0.0.1" });
        baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        for (const name of ["malo", "tess", "visitor"]) {
          const person = await openBrowser(name, baseUrl);
          await person.page.setViewportSize(PHONE);
          watch(person.page, name);
          people.push(person);
        }
        [malo, tess, visitor] = people.map((p) => p.page) as [Page, Page, Page];
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await Promise.all(people.map((person) => person.close().catch(() => undefined)));
      await app?.close();
      await database?.drop();
    });

    function step(name: string, body: () => Promise<void>) {
      return async () => {
        if (setupError) throw setupError;
        if (failedStep) throw new Error(`not run: the step "${failedStep}" failed before`);
        try {
          await body();
          assert.deepEqual(problems, [], "no script error and no console error on any page");
        } catch (error) {
          failedStep = name;
          const saved = await keepScreenshots(people, `ledger claim ${dialect.name} ${name}`);
          if (saved.length > 0) console.error(`Screenshots of the failed step:\n  ${saved.join("\n  ")}`);
          throw error;
        } finally {
          problems.length = 0;
        }
      };
    }

    async function logIn(page: Page, address: string, name: string) {
      await page.goto("/connexion");
      await page.getByLabel("Adresse e-mail").fill(address);
      await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
      await follow(page, page.getByRole("button", { name: "Se connecter" }));
      await see(flash(page, `Bonjour, ${name} !`));
    }

    async function openClaims(page: Page) {
      await page.goto(`/espaces/${SLUG}`);
      const tabs = page.getByRole("navigation", { name: `Sections de la ${CHAMBER}` });
      await follow(page, tabs.getByRole("link", { name: "Notes de frais" }));
    }

    it(
      "lets a member submit a claim with its receipt",
      step("submit", async () => {
        await logIn(malo, maloEmail, "Malo Bénévole");
        await openClaims(malo);
        await see(malo.getByRole("heading", { level: 1, name: "Mes notes de frais" }));
        await follow(malo, malo.getByRole("link", { name: "Nouvelle note de frais" }));
        await checkFitsWidth(malo);
        await malo.getByLabel("Objet de la dépense").fill(CLAIM);
        await malo.getByLabel("Montant en euros").fill("120");
        await malo.getByLabel("Date de la dépense").fill("2026-04-09");
        await malo.getByLabel("Catégorie").selectOption({ label: "Locations immobilières (6132)" });
        await malo.getByLabel("Enveloppe").selectOption({ label: "Location de salles (ENV-SALLE)" });
        await malo.getByLabel("IBAN pour le remboursement").fill("FR76 3000 6000 0112 3456 7890 189");
        await malo
          .getByLabel("Justificatif")
          .setInputFiles({ name: "facture-salle.pdf", mimeType: "application/pdf", buffer: RECEIPT });
        await follow(malo, malo.getByRole("button", { name: "Déposer la note de frais" }));
        await see(flash(malo, "Note de frais déposée."));
        await see(malo.getByRole("heading", { level: 1, name: CLAIM }));
        await see(malo.getByRole("link", { name: "facture-salle.pdf" }));
        await see(malo.getByText("En attente de décision"));
        assert.equal(
          await malo.getByRole("button", { name: /Approuver/ }).count(),
          0,
          "no approving one's own",
        );
        await checkFitsWidth(malo);
        claimUrl = new URL(malo.url()).pathname;
        assert.ok(database);
        const told = await lastMailTo(database.db, tessEmail);
        assert.match(told?.subject ?? "", new RegExp(`nouvelle note de frais, ${CLAIM}`));
        assert.ok(told?.body_text.includes(claimUrl), "the mail links to the claim");
      }),
    );

    it(
      "lets the treasurer read the receipt, approve and pay",
      step("approve and pay", async () => {
        await logIn(tess, tessEmail, "Tess Trésorière");
        const todo = tess.getByRole("region", { name: "À traiter" });
        await follow(tess, todo.getByRole("link", { name: "1 note de frais à approuver" }));
        await see(tess.getByRole("heading", { level: 1, name: "Notes de frais" }));
        await see(tess.getByRole("cell", { name: "Malo Bénévole" }));
        await follow(tess, tess.getByRole("link", { name: CLAIM }));
        assert.equal(new URL(tess.url()).pathname, claimUrl);
        await see(tess.getByText("FR76 3000 6000 0112 3456 7890 189"));
        const href = await tess.getByRole("link", { name: "facture-salle.pdf" }).getAttribute("href");
        assert.ok(href);
        const receipt = await tess.request.get(href);
        assert.equal(receipt.status(), 200);
        assert.deepEqual(await receipt.body(), RECEIPT);
        const stranger = await visitor.request.get(href, { maxRedirects: 0 });
        assert.notEqual(stranger.status(), 200, "a visitor cannot fetch the receipt");

        await follow(tess, tess.getByRole("button", { name: "Approuver (réserver sur l’enveloppe)" }));
        await see(flash(tess, "Note de frais approuvée\u202f: le montant est réservé."));
        await see(tess.getByText("Approuvée, à payer"));
        assert.ok(database);
        const approved = await lastMailTo(database.db, maloEmail);
        assert.match(approved?.subject ?? "", new RegExp(`note de frais approuvée, ${CLAIM}`));
        await tess.getByLabel("Date du paiement").fill("2026-04-20");
        await tess.getByLabel("Référence du virement").fill("VIR-2026-0420");
        await follow(tess, tess.getByRole("button", { name: "Marquer comme payée" }));
        await see(flash(tess, "Note de frais payée."));
        await see(tess.getByText("VIR-2026-0420"));
        const paid = await lastMailTo(database.db, maloEmail);
        assert.match(paid?.subject ?? "", new RegExp(`note de frais payée, ${CLAIM}`));
        const history = tess.getByRole("region", { name: "Qui a fait quoi" });
        for (const line of [
          "note de frais déposée — Malo Bénévole",
          "note de frais approuvée — Tess Trésorière",
          "note de frais payée — Tess Trésorière",
        ])
          await see(history.getByText(line));
        await checkFitsWidth(tess);
      }),
    );

    it(
      "shows the reimbursement on the public transparency page",
      step("transparency", async () => {
        await visitor.goto(`/espaces/${SLUG}/transparence?annee=2026`);
        await see(visitor.getByRole("heading", { level: 1, name: "Transparence des comptes 2026" }));
        const row = visitor.getByRole("row", { name: new RegExp(`Remboursement : ${CLAIM}`) });
        await see(row);
        assert.match((await row.textContent()) ?? "", /120,00/);
        // The headline figures are the ledger's: the bank's balance, and the year's income and spending.
        const accounts = await app?.communs.ledger.accounts(SLUG);
        const bank = (accounts ?? [])
          .filter((a) => a.kind === "asset")
          .reduce((s, a) => s + a.debits - a.credits, 0);
        assert.equal(bank, 18_000);
        for (const [key, amount] of <[string, string][]>[
          ["balance", "180,00"],
          ["received", "300,00"],
          ["spent", "120,00"],
        ])
          assert.match(
            (await visitor.locator(`[data-headline="${key}"] dd`).textContent()) ?? "",
            new RegExp(amount),
          );
        // The chart takes the phone's width, its text drawn at a readable size.
        const chart = await visitor.locator("figure.chart svg").evaluate((svg) => {
          const box = svg.getBoundingClientRect();
          const viewBox = (svg.getAttribute("viewBox") ?? "").split(" ").map(Number);
          const font = Number.parseFloat(getComputedStyle(svg.querySelector("text") as Element).fontSize);
          return { width: box.width, font: (font * box.width) / (viewBox[2] ?? 1) };
        });
        assert.ok(chart.width >= 340, `the chart is ${chart.width}px wide`);
        assert.ok(chart.font >= 11, `its labels are ${chart.font}px`);
        await checkFitsWidth(visitor);
        await malo.goto(claimUrl);
        await see(malo.getByText("Payée", { exact: true }));
      }),
    );

    it(
      "lets the treasurer correct the gift from its page: reversed and booked anew",
      step("correct a donation", async () => {
        await tess.goto(`/espaces/${SLUG}/dons`);
        await follow(tess, tess.getByRole("link", { name: "01/03/2026" }));
        await see(tess.getByRole("heading", { level: 2, name: "Corriger ce don" }));
        await checkFitsWidth(tess);
        await tess.getByLabel("Montant (€)").fill("320,00");
        await tess.getByLabel("Motif").fill("Chèque mal lu");
        await follow(tess, tess.getByRole("button", { name: "Corriger ce don" }));
        await see(flash(tess, "Don corrigé\u202f: 320,00\u00a0€."));
        await see(tess.getByText(/Motif\u202f: Chèque mal lu/));
        await checkFitsWidth(tess);
        assert.deepEqual(await app?.communs.ledger.verify(SLUG), []);
      }),
    );

    it(
      "passes axe (no serious or critical violation) on every page of the journey, at 375 px and 1280 px",
      step("accessibility", async () => {
        assert.deepEqual(await journeyViolations(people, baseUrl), []);
      }),
    );
  });
}
