// Governance as a chamber lives it, in real browsers on a 375 px phone with JavaScript off: three
// members run a consent round (a proposal, a clarifying question and its answer, an objection, an
// amendment that integrates it, the objection withdrawn, adoption at the deadline); a candidate asks to
// join and is co-opted by the members' silence; the social code is changed by consensus and its diff
// shown; a member forks the chamber and both chambers show their lineage. A round's days going by is
// the one thing done outside the pages: its deadline is moved into the past, then the page is read.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Page } from "playwright-core";
import { buildApp } from "../../src/app.ts";
import { journeyViolations } from "../helpers/accessibility.ts";
import { email, testConfig } from "../helpers/app.ts";
import {
  type BrowserPerson,
  checkFitsWidth,
  flash,
  follow,
  keepScreenshots,
  openBrowser,
  RESULTS_DIR,
  see,
} from "../helpers/browser.ts";
import { type TestDatabase, testDialects } from "../helpers/db.ts";
import { expireRound } from "../helpers/decisions.ts";
import { buildChamber, buildMember, buildPerson, PASSWORD } from "../helpers/factories.ts";

const NARROW_PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const CHAMBER = "Chambre des communs du vélo";
const SLUG = "chambre-velo";
const MALO = "Malo Mécano";
const OLGA = "Olga Trésor";
const PAUL = "Paul Rayon";
const JEANNE = "Jeanne Candidate";
const TITLE = "Louer un local pour l’atelier";
const OBJECTION = "Le loyer dépasse ce que la chambre peut tenir.";
const CODE_LINE = "- Nous réparons ensemble, le samedi matin.";
const FORK = "Chambre du vélo cargo";

for (const dialect of testDialects()) {
  describe(`a chamber's decisions in a browser, on a 375 px phone [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    let app: FastifyInstance | undefined;
    const people: BrowserPerson[] = [];
    let baseUrl = "";
    let malo: Page;
    let olga: Page;
    let paul: Page;
    let jeanne: Page;
    let setupError: unknown;
    let failedStep: string | undefined;
    let proposalUrl = "";
    const problems: string[] = [];
    const emails = { malo: email("malo"), olga: email("olga"), paul: email("paul"), jeanne: email("jeanne") };

    function watch(page: Page, who: string): void {
      page.on("pageerror", (error) => problems.push(`${who} ${page.url()}: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico"))
          problems.push(`${who} ${page.url()}: ${message.text()}`);
      });
      page.on("response", (response) => {
        const url = new URL(response.url());
        if (url.origin === baseUrl && url.pathname !== "/favicon.ico" && response.status() >= 400)
          problems.push(`${who} ${response.status()} ${url.pathname}`);
      });
    }

    before(async () => {
      try {
        database = await dialect.create();
        app = await buildApp({ config: testConfig(), db: database.db });
        const chamber = await buildChamber(app, { slug: SLUG, name: CHAMBER, theme: "vélo" });
        await buildMember(app, chamber, "member", { name: MALO, email: emails.malo });
        await buildMember(app, chamber, "member", { name: OLGA, email: emails.olga });
        await buildMember(app, chamber, "member", { name: PAUL, email: emails.paul });
        await buildPerson(app, { name: JEANNE, email: emails.jeanne });
        await app.listen({ port: 0, host: "127.0.0.1" });
        baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        for (const name of ["malo", "olga", "paul", "jeanne"]) {
          const person = await openBrowser(name, baseUrl);
          people.push(person);
          await person.page.setViewportSize(NARROW_PHONE);
          watch(person.page, name);
        }
        [malo, olga, paul, jeanne] = people.map((p) => p.page) as [Page, Page, Page, Page];
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
          assert.deepEqual(problems, [], "no error answer, no script or console error on any page");
        } catch (error) {
          failedStep = name;
          const saved = await keepScreenshots(people, `decisions ${dialect.name} ${name}`);
          if (saved.length > 0) console.error(`Screenshots of the failed step:\n  ${saved.join("\n  ")}`);
          throw error;
        } finally {
          problems.length = 0;
        }
      };
    }

    async function screenshot(page: Page, name: string): Promise<void> {
      await mkdir(RESULTS_DIR, { recursive: true });
      await page.screenshot({
        path: path.join(RESULTS_DIR, `decisions-${dialect.name}-${name}.png`),
        fullPage: true,
      });
    }

    async function logIn(page: Page, address: string, name: string) {
      await page.goto("/connexion");
      await page.getByLabel("Adresse e-mail").fill(address);
      await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
      await follow(page, page.getByRole("button", { name: "Se connecter" }));
      await see(flash(page, `Bonjour, ${name} !`));
    }

    /** The latest round of the chamber, its deadline moved into the past: its days have gone by. */
    async function daysGoBy() {
      const row = await database?.db.kysely
        .selectFrom("proposals")
        .select("id")
        .where("outcome", "is", null)
        .orderBy("number", "desc")
        .executeTakeFirstOrThrow();
      if (database && row) await expireRound(database.db, row.id);
    }

    const section = (page: Page, name: string | RegExp) => page.getByRole("region", { name });

    it(
      "lets a member propose, another ask and object, the proposer answer and amend",
      step("round", async () => {
        await logIn(malo, emails.malo, MALO);
        await malo.goto(`/espaces/${SLUG}`);
        await follow(malo, malo.getByRole("link", { name: "Décisions", exact: true }));
        await see(malo.getByRole("heading", { level: 1, name: "Registre des décisions" }));
        await follow(malo, malo.getByRole("link", { name: "Nouvelle proposition" }));
        await checkFitsWidth(malo);
        await malo.getByLabel("Objet").fill(TITLE);
        await malo
          .getByLabel("Texte de la proposition")
          .fill("Louer le local de la rue des Lilas, **400 €** par mois.");
        await follow(malo, malo.getByRole("button", { name: "Proposer" }));
        await see(flash(malo, /Proposition n° \d+ ouverte\./));
        await see(malo.getByRole("heading", { level: 1, name: TITLE }));
        proposalUrl = new URL(malo.url()).pathname;

        await logIn(olga, emails.olga, OLGA);
        await olga.goto(proposalUrl);
        const discussion = section(olga, "Questions et réactions");
        await discussion.getByLabel("Votre message").fill("Le local a-t-il un point d’eau ?");
        await follow(olga, discussion.getByRole("button", { name: "Envoyer" }));
        await see(flash(olga, "Message ajouté."));
        const objections = section(olga, "Objections");
        await objections.getByLabel("Motif").fill(OBJECTION);
        await objections
          .getByLabel("En quoi la proposition abîme l’espace")
          .fill("Plus d’argent pour les pièces.");
        await follow(olga, objections.getByRole("button", { name: "Objecter" }));
        await see(flash(olga, "Objection enregistrée."));
        await see(section(olga, "Objections").getByText(OBJECTION));
        await checkFitsWidth(olga);

        await malo.goto(proposalUrl);
        const answer = section(malo, "Questions et réactions");
        await answer.getByLabel("C’est").selectOption({ label: "Réponse" });
        await answer.getByLabel("Votre message").fill("Oui, et un évier.");
        await follow(malo, answer.getByRole("button", { name: "Envoyer" }));
        await see(flash(malo, "Message ajouté."));
        const amend = section(malo, "Amender la proposition");
        await amend
          .getByLabel("Nouveau texte")
          .fill("Louer le local de la rue des Lilas, **250 €** par mois, partagé.");
        await amend.getByLabel("Ce que change cet amendement").fill("Un loyer partagé");
        await amend.getByRole("checkbox", { name: new RegExp(OBJECTION.slice(0, 20)) }).check();
        await follow(malo, amend.getByRole("button", { name: "Publier la nouvelle version" }));
        await see(flash(malo, "Nouvelle version publiée."));
        await see(malo.getByText(/version 2/i).first());
        await checkFitsWidth(malo);
        await screenshot(malo, "proposal-375");
      }),
    );

    it(
      "lets the objector withdraw once integrated; silence at the deadline adopts it",
      step("adopt", async () => {
        await olga.goto(proposalUrl);
        await see(olga.getByText(/La version 2 propose de l’intégrer/));
        await follow(olga, olga.getByRole("button", { name: /Retirer mon objection/ }));
        await see(flash(olga, "Objection retirée."));
        await daysGoBy();
        await olga.goto(proposalUrl);
        await see(olga.getByText("Issue : adoptée"));
        await olga.goto(`/espaces/${SLUG}/decisions`);
        await see(olga.getByRole("link", { name: TITLE }));
        await checkFitsWidth(olga);
        await olga.goto(`${proposalUrl}/versions?de=1&a=2`);
        await see(olga.locator("ins").filter({ hasText: "250 €" }).first());
        await checkFitsWidth(olga);
        await screenshot(olga, "diff-375");
      }),
    );

    it(
      "co-opts a candidate: her request opens a round, the members' silence admits her",
      step("co-opt", async () => {
        await logIn(jeanne, emails.jeanne, JEANNE);
        await jeanne.goto(`/espaces/${SLUG}`);
        await jeanne
          .getByLabel("Présentez-vous aux membres de la chambre")
          .fill("Je répare des vélos cargo.");
        await follow(jeanne, jeanne.getByRole("button", { name: "Demander à rejoindre la chambre" }));
        await see(jeanne.getByText("Votre demande est en attente.").first());
        await paul.goto("/");
        await logIn(paul, emails.paul, PAUL);
        await paul.goto(`/espaces/${SLUG}/decisions?statut=en-cours`);
        await follow(paul, paul.getByRole("link", { name: `Cooptation : ${JEANNE}` }));
        await see(paul.getByText("Je répare des vélos cargo.").first());
        await checkFitsWidth(paul);
        await daysGoBy();
        await jeanne.goto(`/espaces/${SLUG}/decisions?statut=toutes`);
        await jeanne.goto(`/espaces/${SLUG}`);
        await see(jeanne.getByText("Vous êtes membre de cet espace."));
      }),
    );

    it(
      "changes the social code by consensus and shows what changed",
      step("social code", async () => {
        await malo.goto(`/espaces/${SLUG}/a-propos`);
        await follow(malo, malo.getByRole("link", { name: "Lire le code social" }));
        await see(malo.getByRole("heading", { name: /Code social/ }).first());
        await follow(malo, malo.getByRole("link", { name: "Proposer une nouvelle version" }));
        const text = malo.getByLabel("Nouveau texte du code social");
        await text.fill(`${await text.inputValue()}\n${CODE_LINE}\n`);
        await malo.getByLabel("Titre de la proposition").fill("Atelier du samedi dans le code social");
        await follow(malo, malo.getByRole("button", { name: "Ouvrir la proposition" }));
        await see(flash(malo, /n° \d+ est ouverte/));
        const consensusUrl = new URL(malo.url()).pathname;
        for (const page of [olga, paul, jeanne]) {
          await page.goto(consensusUrl);
          const positions = section(page, "Positions");
          await positions.getByRole("radio", { name: "d’accord", exact: true }).check();
          await follow(page, positions.getByRole("button", { name: "Prendre position" }));
          await see(flash(page, "Position enregistrée."));
        }
        await daysGoBy();
        await malo.goto(consensusUrl);
        await see(malo.getByText("Issue : adoptée"));
        await malo.goto(`/espaces/${SLUG}/code-social`);
        await see(malo.getByText("Version 2").first());
        await see(malo.getByText(CODE_LINE.slice(2)).first());
        await malo.goto(`/espaces/${SLUG}/code-social/diff?de=1&a=2`);
        await see(malo.locator("ins").filter({ hasText: "le samedi matin" }).first());
        await checkFitsWidth(malo);
        await screenshot(malo, "code-diff-375");
      }),
    );

    it(
      "lets a member fork the chamber; both show the lineage and the family",
      step("fork", async () => {
        await paul.goto(`/espaces/${SLUG}/a-propos`);
        await follow(paul, paul.getByRole("link", { name: /Bifurquer/ }).first());
        await checkFitsWidth(paul);
        await paul.getByLabel("Nom de la nouvelle chambre").fill(FORK);
        await follow(paul, paul.getByRole("button", { name: "Bifurquer" }));
        await see(flash(paul, /est créée/));
        await paul.goto(`/espaces/chambre-du-velo-cargo/a-propos`);
        await see(paul.getByText(new RegExp(`Bifurquée de la ${CHAMBER} à la version 2`)));
        await paul.goto(`/espaces/${SLUG}/a-propos`);
        await see(paul.getByRole("link", { name: FORK }).first());
        await follow(paul, paul.getByRole("link", { name: "Voir toute la famille" }));
        await see(paul.getByRole("link", { name: FORK }).first());
        await checkFitsWidth(paul);
        await screenshot(paul, "family-375");
        await paul.setViewportSize(DESKTOP);
        await screenshot(paul, "family-1280");
        await paul.setViewportSize(NARROW_PHONE);
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
