// The first journey through a real browser, JavaScript off, on a phone: a newcomer opens a fresh
// instance, becomes its administrator, creates an assembly and a chamber; a second person joins the
// assembly and asks to join the chamber, and the facilitator co-opts them.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
// On a failed step, a full-page screenshot of each open page is kept in test-results/.
// COMMUNS_SHOTS_DIR=/some/dir also keeps screenshots of the home and members pages there.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Page } from "playwright-core";
import { buildApp } from "../../src/app.ts";
import { journeyViolations } from "../helpers/accessibility.ts";
import { confirmationPath, email, lastMailTo, testConfig } from "../helpers/app.ts";
import {
  type BrowserPerson,
  checkFitsWidth,
  checkSkipLink,
  flash,
  follow,
  keepScreenshots,
  openBrowser,
  requireChromium,
  see,
} from "../helpers/browser.ts";
import { type TestDatabase, testDialects } from "../helpers/db.ts";
import { expireRound } from "../helpers/decisions.ts";

const PASSWORD = "une phrase de passe assez longue";
const ASSEMBLY = "Assemblée des communs de Lilleville";
const ASSEMBLY_SLUG = "assemblee-des-communs-de-lilleville";
const CHAMBER = "Chambre mobilité";
const INTRODUCTION = "Je répare des vélos à l’atelier du quartier depuis dix ans.";

async function keepShot(page: Page, name: string): Promise<void> {
  const dir = process.env.COMMUNS_SHOTS_DIR;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

for (const dialect of testDialects()) {
  describe(`browser journey without JavaScript, on a phone [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;

    /** As the person would: the page says to check the mailbox, the mail's link opens, one click. */
    async function confirmByMail(page: Page, address: string): Promise<void> {
      await see(page.getByRole("heading", { level: 1, name: "Vérifiez votre boîte mail" }));
      assert.ok(database);
      const mail = await lastMailTo(database.db, address);
      const link = confirmationPath(mail?.body_text ?? "");
      assert.ok(link, "a confirmation mail was sent");
      await page.goto(link);
      await see(page.getByRole("heading", { level: 1, name: "Confirmer mon adresse" }));
      await follow(page, page.getByRole("button", { name: "Confirmer et me connecter" }));
    }
    let app: FastifyInstance | undefined;
    const people: BrowserPerson[] = [];
    let baseUrl = "";
    let alice: Page;
    let bea: Page;
    let failedStep: string | undefined;
    let setupError: unknown;
    const aliceEmail = email("alice");
    const beaEmail = email("bea");

    // A failed set-up (Chromium missing above all) is reported by the first step as a plain failure.
    before(async () => {
      try {
        requireChromium();
        database = await dialect.create();
        app = await buildApp({ config: testConfig(), db: database.db });
        await app.listen({ port: 0, host: "127.0.0.1" });
        const { port } = app.server.address() as AddressInfo;
        baseUrl = `http://127.0.0.1:${port}`;
        const opened = await Promise.allSettled([openBrowser("alice", baseUrl), openBrowser("bea", baseUrl)]);
        for (const result of opened) if (result.status === "fulfilled") people.push(result.value);
        const refused = opened.find((result) => result.status === "rejected");
        if (refused) throw refused.reason;
        [alice, bea] = people.map((person) => person.page) as [Page, Page];
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await Promise.all(people.map((person) => person.close()));
      await app?.close();
      await database?.drop();
    });

    /** Runs one step of the journey; on failure keeps screenshots, and later steps fail at once. */
    function step(name: string, body: () => Promise<void>) {
      return async () => {
        if (setupError) throw setupError;
        if (failedStep) throw new Error(`not run: the step "${failedStep}" failed before`);
        try {
          await body();
        } catch (error) {
          failedStep = name;
          const saved = await keepScreenshots(people, `journey ${dialect.name} ${name}`);
          if (saved.length > 0) console.error(`Screenshots of the failed step:\n  ${saved.join("\n  ")}`);
          throw error;
        }
      };
    }

    it(
      "a newcomer reads the presentation of the new instance, and the skip link comes first",
      step("home page", async () => {
        await alice.goto("/");
        await see(alice.getByRole("heading", { level: 1, name: "Communs" }));
        await see(alice.getByText("Le lieu commun de l’assemblée et des chambres des communs"));
        await see(alice.getByText(/rassemble une assemblée des communs, ouverte et territoriale/));
        await see(alice.getByText("le premier compte créé en devient l’administrateur", { exact: false }));
        await checkFitsWidth(alice);
        await keepShot(alice, "home-new");
        await checkSkipLink(alice);
      }),
    );

    it(
      "shows a refused registration again, with the error in French next to the password field",
      step("registration error", async () => {
        await follow(alice, alice.getByRole("main").getByRole("link", { name: "Créer un compte" }));
        await see(alice.getByRole("heading", { level: 1, name: "Créer un compte" }));
        await alice.getByLabel("Nom affiché").fill("Alice Admin");
        await alice.getByLabel("Adresse e-mail").fill(aliceEmail);
        await alice.getByLabel("Mot de passe", { exact: true }).fill("court");
        await follow(alice, alice.getByRole("button", { name: "Créer mon compte" }));

        await see(alice.getByRole("alert").filter({ hasText: "Certaines informations sont à corriger." }));
        const password = alice.getByLabel("Mot de passe", { exact: true });
        assert.equal(await password.getAttribute("aria-invalid"), "true");
        const describedBy = (await password.getAttribute("aria-describedby")) ?? "";
        assert.match(describedBy, /\bpassword-error\b/);
        const message = alice.locator("#password-error");
        assert.match((await message.textContent()) ?? "", /au moins 10 caractères/);
        // "Next to the field": the message lives in the same field block as the input.
        const fieldBlock = alice.locator(".field").filter({ has: password });
        await see(fieldBlock.getByText(/au moins 10 caractères/));
        // What was typed is kept (but never the password).
        assert.equal(await alice.getByLabel("Nom affiché").inputValue(), "Alice Admin");
        assert.equal(await alice.getByLabel("Adresse e-mail").inputValue(), aliceEmail);
        assert.equal(await password.inputValue(), "");
        await checkFitsWidth(alice);
      }),
    );

    it(
      "makes the first account the administrator of the instance, and the flash says so",
      step("first registration", async () => {
        await alice.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
        await alice.getByLabel("Qui je suis (une ligne)").fill("Jardinière et facilitatrice.");
        await follow(alice, alice.getByRole("button", { name: "Créer mon compte" }));
        await confirmByMail(alice, aliceEmail);
        assert.equal(new URL(alice.url()).pathname, "/");
        await see(
          flash(
            alice,
            "Bienvenue, Alice Admin\u202f! Vous êtes l’administrateur ou l’administratrice de cette instance.",
          ),
        );
        await see(alice.getByRole("link", { name: "Créer un espace" }).first());
      }),
    );

    it(
      "logs out and back in",
      step("logout and login", async () => {
        await follow(alice, alice.getByRole("button", { name: "Se déconnecter" }));
        await see(flash(alice, "Vous êtes déconnecté·e."));
        await see(alice.getByRole("link", { name: "Se connecter" }));

        await follow(alice, alice.getByRole("link", { name: "Se connecter" }));
        await alice.getByLabel("Adresse e-mail").fill(aliceEmail);
        await alice.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
        await follow(alice, alice.getByRole("button", { name: "Se connecter" }));
        await see(flash(alice, "Bonjour, Alice Admin\u202f!"));
        await see(alice.getByRole("button", { name: "Se déconnecter" }));
      }),
    );

    it(
      "lets the administrator create an assembly, then a chamber linked to it",
      step("space creation", async () => {
        const nav = alice.getByRole("navigation", { name: "Navigation principale" });
        await follow(alice, nav.getByRole("link", { name: "Créer un espace" }));
        await see(alice.getByRole("heading", { level: 1, name: "Créer un espace" }));
        await alice.getByLabel("Type d’espace").selectOption({ label: "Assemblée des communs" });
        await alice.getByLabel("Nom", { exact: true }).fill(ASSEMBLY);
        await alice
          .getByLabel("Présentation courte")
          .fill("Rencontres mensuelles des communs du territoire.");
        await checkFitsWidth(alice);
        await alice.getByLabel("Territoire").fill("Lilleville");
        await follow(alice, alice.getByRole("button", { name: "Créer l’espace" }));
        assert.equal(new URL(alice.url()).pathname, `/espaces/${ASSEMBLY_SLUG}`);
        await see(flash(alice, `L’espace ${ASSEMBLY} est créé.`));
        await see(alice.getByRole("heading", { level: 1, name: ASSEMBLY }));
        await see(alice.getByText("Territoire\u202f: Lilleville"));

        await follow(alice, nav.getByRole("link", { name: "Créer un espace" }));
        await alice.getByLabel("Type d’espace").selectOption({ label: "Chambre des communs" });
        await alice.getByLabel("Nom", { exact: true }).fill(CHAMBER);
        await alice.getByLabel("Adresse (slug)").fill("mobilite");
        await alice.getByLabel("Thème").fill("mobilité");
        await alice.getByLabel("Assemblée liée (facultatif)").selectOption({ label: ASSEMBLY });
        await follow(alice, alice.getByRole("button", { name: "Créer l’espace" }));
        assert.equal(new URL(alice.url()).pathname, "/espaces/mobilite");
        await see(flash(alice, `L’espace ${CHAMBER} est créé.`));
        await see(alice.getByRole("heading", { level: 1, name: CHAMBER }));
        await see(alice.getByRole("link", { name: `Rattachée à l’${ASSEMBLY}` }));
        await see(alice.getByText("Vous êtes membre (facilitateur·rice)."));
      }),
    );

    it(
      "shows the six properties of the chamber on its À propos page",
      step("about page", async () => {
        const tabs = alice.getByRole("navigation", { name: CHAMBER });
        await follow(alice, tabs.getByRole("link", { name: "À propos" }));
        assert.equal(await tabs.getByRole("link", { name: "À propos" }).getAttribute("aria-current"), "page");
        const table = alice.getByRole("table", { name: /Les six propriétés de l’espace/ });
        await see(table);
        assert.equal(await table.getByRole("rowheader").count(), 6);
        const expected: [string, RegExp][] = [
          ["Territorial", /^non$/],
          ["Mode de décision principal", /^consentement/],
          ["Fonctions", /^sécurisation, dialogue institutionnel$/],
          ["Accès", /^cooptation/],
          ["Fork", /^encouragé/],
          ["Formalisation", /^statuts associatifs$/],
        ];
        for (const [property, value] of expected) {
          const row = table
            .getByRole("row")
            .filter({ has: alice.getByRole("rowheader", { name: property }) });
          const cell = ((await row.getByRole("cell").textContent()) ?? "").trim();
          assert.match(cell, value, `${property}: ${cell}`);
        }
        await checkFitsWidth(alice);
        await keepShot(alice, "about");
      }),
    );

    it(
      "lets a second person register, join the assembly in one click and ask to join the chamber",
      step("second person joins", async () => {
        await bea.goto("/");
        await see(bea.getByRole("heading", { level: 2, name: "Assemblées des communs" }));
        await follow(bea, bea.getByRole("link", { name: "Créer un compte" }));
        await bea.getByLabel("Nom affiché").fill("Béa Commoneuse");
        await bea.getByLabel("Adresse e-mail").fill(beaEmail);
        await bea.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
        await bea.getByLabel("Qui je suis (une ligne)").fill("Cycliste du quotidien.");
        await follow(bea, bea.getByRole("button", { name: "Créer mon compte" }));
        await confirmByMail(bea, beaEmail);
        await see(flash(bea, "Bienvenue, Béa Commoneuse\u202f! Votre compte est créé."));
        assert.equal(await bea.getByRole("link", { name: "Créer un espace" }).count(), 0);

        const assemblies = bea.getByRole("region", { name: "Assemblées des communs" });
        await follow(bea, assemblies.getByRole("link", { name: ASSEMBLY }));
        await follow(bea, bea.getByRole("button", { name: "Rejoindre l’assemblée" }));
        await see(flash(bea, `Vous avez rejoint ${ASSEMBLY}.`));
        await see(bea.getByText("Vous êtes membre de cet espace."));
        await checkFitsWidth(bea);
        await keepShot(bea, "assembly");

        await follow(bea, bea.getByRole("link", { name: "Accueil" }));
        const chambers = bea.getByRole("region", { name: "Chambres des communs" });
        await follow(bea, chambers.getByRole("link", { name: CHAMBER }));
        await see(bea.getByRole("heading", { level: 2, name: "Demander à rejoindre la chambre" }));
        // A chamber co-opts: asking without a word is refused, in French, next to the field.
        await follow(bea, bea.getByRole("button", { name: "Demander à rejoindre la chambre" }));
        await see(bea.getByRole("alert").filter({ hasText: "Certaines informations sont à corriger." }));
        const introduction = bea.getByLabel("Présentez-vous aux membres de la chambre");
        assert.equal(await introduction.getAttribute("aria-invalid"), "true");
        await see(
          bea
            .locator(".field")
            .filter({ has: introduction })
            .getByText("Une chambre coopte ses membres\u202f: présentez-vous en une ligne."),
        );
        await introduction.fill(INTRODUCTION);
        await follow(bea, bea.getByRole("button", { name: "Demander à rejoindre la chambre" }));
        await see(
          flash(
            bea,
            `Votre demande est enregistrée\u202f: les membres de la ${CHAMBER} en décident, selon ses règles. Vous serez prévenu·e de leur décision.`,
          ),
        );
        await see(bea.getByText("Votre demande est en attente."));
        await checkFitsWidth(bea);
      }),
    );

    it(
      "tells the facilitator by mail and in « à traiter », shows the request with its introduction and its co-optation round, which admits her",
      step("facilitator accepts", async () => {
        assert.ok(database);
        const mail = await lastMailTo(database.db, aliceEmail);
        assert.match(mail?.subject ?? "", /demande d’adhésion de Béa Commoneuse/);
        await alice.goto("/");
        await checkFitsWidth(alice);
        await keepShot(alice, "home");
        const todo = alice.getByRole("region", { name: "À traiter" });
        await follow(alice, todo.getByRole("link", { name: "1 demande d’adhésion" }));
        await see(alice.getByRole("heading", { level: 2, name: `Membres de la ${CHAMBER}` }));
        await checkSkipLink(alice);
        const pending = alice.getByRole("region", { name: "Demandes en attente" });
        const request = pending.getByRole("listitem").filter({ hasText: "Béa Commoneuse" });
        await see(request);
        await see(request.getByText(INTRODUCTION));
        await keepShot(alice, "members-pending");
        // A chamber co-opts: the request is a consent round (its one facilitator asked, the chamber being
        // small), adopted when its days have gone by without an objection.
        assert.equal(await request.getByRole("button", { name: /Accepter/ }).count(), 0, "no lone decision");
        const membersPage = alice.url();
        await follow(alice, request.getByRole("link", { name: /Cooptation en cours : proposition n° 1/ }));
        await see(alice.getByRole("heading", { level: 1, name: "Cooptation : Béa Commoneuse" }));
        await see(alice.getByText(INTRODUCTION).first());
        const round = await database.db.kysely.selectFrom("proposals").select("id").executeTakeFirstOrThrow();
        await expireRound(database.db, round.id);
        await alice.reload();
        await see(alice.getByText("Issue : adoptée"));
        await alice.goto(membersPage);
        await see(pending.getByText("Aucune demande en attente."));
        const members = alice.locator("ul.members").first();
        await see(members.getByRole("listitem").filter({ hasText: "Béa Commoneuse — membre" }));
        await see(members.getByText("Cycliste du quotidien."));
        await checkFitsWidth(alice);
        await keepShot(alice, "members");
      }),
    );

    it(
      "tells the second person they are now a member of the chamber",
      step("second person is a member", async () => {
        await bea.reload();
        await see(bea.getByRole("heading", { level: 1, name: CHAMBER }));
        await see(bea.getByText("Vous êtes membre de cet espace."));
        // Leaving is folded at the foot of the space's home: opened first.
        await bea.locator("summary", { hasText: "Quitter l’espace" }).click();
        await see(bea.getByRole("button", { name: "Quitter l’espace" }));

        await follow(bea, bea.getByRole("link", { name: "Mon profil" }));
        const mine = bea.getByRole("region", { name: "Mes espaces" });
        await see(mine.getByRole("listitem").filter({ hasText: `${CHAMBER} — membre` }));
        await see(mine.getByRole("listitem").filter({ hasText: `${ASSEMBLY} — membre` }));
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
