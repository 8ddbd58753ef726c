// A space's wiki as a member lives it, in a real browser on a 375 px phone with JavaScript off: she
// writes a page with a link to a page that does not exist yet, follows the red link and writes that
// page, edits the first, reads the diff in its history, finds it by a word of its text; an old
// MediaWiki address (`/index.php?title=…&action=history`) lands on the history of the imported wiki.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
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
  see,
} from "../helpers/browser.ts";
import { type TestDatabase, testDialects } from "../helpers/db.ts";
import { buildAssembly, buildMember, PASSWORD } from "../helpers/factories.ts";

const NARROW_PHONE = { width: 375, height: 812 };
const SLUG = "assemblee-wiki";
const LEA = "Léa Plume";

for (const dialect of testDialects()) {
  describe(`a space's wiki in a browser, on a 375 px phone [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    let app: FastifyInstance | undefined;
    let person: BrowserPerson | undefined;
    let lea: Page;
    let baseUrl = "";
    let setupError: unknown;
    const problems: string[] = [];
    const address = email("lea");

    before(async () => {
      try {
        database = await dialect.create();
        app = await buildApp({ config: testConfig(), db: database.db });
        const assembly = await buildAssembly(app, { slug: SLUG, name: "Assemblée du wiki" });
        await buildMember(app, assembly, "member", { name: LEA, email: address });
        await app.listen({ port: 0, host: "127.0.0.1" });
        baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        person = await openBrowser("lea", baseUrl);
        lea = person.page;
        await lea.setViewportSize(NARROW_PHONE);
        lea.on("pageerror", (error) => problems.push(`${lea.url()}: ${error.message}`));
        // A page not written yet answers 404 with its « Créer la page » link, as MediaWiki's do.
        lea.on("console", (message) => {
          const missingPage = /\/wiki\/[^/]+$/.test(message.location().url) && message.text().includes("404");
          if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico") && !missingPage)
            problems.push(`${lea.url()}: ${message.text()}`);
        });
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await person?.close().catch(() => undefined);
      await app?.close();
      await database?.drop();
    });

    it("writes a page, follows its red link, edits, reads the diff and finds the page", async () => {
      if (setupError) throw setupError;
      try {
        await lea.goto("/connexion");
        await lea.getByLabel("Adresse e-mail").fill(address);
        await lea.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
        await follow(lea, lea.getByRole("button", { name: "Se connecter" }));
        await lea.goto(`/espaces/${SLUG}`);
        await follow(lea, lea.getByRole("link", { name: "Le wiki de l’espace" }));
        await see(lea.getByText("Cette page n’existe pas encore."));
        await follow(lea, lea.getByRole("link", { name: "Créer la page « Accueil »" }));
        await checkFitsWidth(lea);
        await lea.getByLabel(/^Texte/).fill("Bienvenue ! Voir la [[Grainothèque du quartier]].");
        await lea.getByLabel("Résumé de la modification").fill("premier jet");
        await follow(lea, lea.getByRole("button", { name: "Publier" }));
        await see(flash(lea, "Page publiée."));

        await follow(lea, lea.getByRole("link", { name: "Grainothèque du quartier" }));
        await see(lea.getByRole("heading", { level: 1, name: "Création de Grainothèque du quartier" }));
        await lea.getByLabel(/^Texte/).fill("Des semences paysannes à échanger, le mercredi.");
        await follow(lea, lea.getByRole("button", { name: "Publier" }));
        await see(lea.getByRole("heading", { level: 1, name: "Grainothèque du quartier" }));

        await lea.goto(`/espaces/${SLUG}/wiki/Accueil`);
        await follow(lea, lea.getByRole("link", { name: "Modifier" }).first());
        await lea
          .getByLabel(/^Texte/)
          .fill("Bienvenue à toutes et tous ! Voir la [[Grainothèque du quartier]].");
        await follow(lea, lea.getByRole("button", { name: "Publier" }));
        await see(flash(lea, "Page publiée."));
        await follow(lea, lea.getByRole("link", { name: "Historique" }).first());
        await see(lea.getByText("premier jet"));
        await follow(lea, lea.getByRole("link", { name: "diff" }).first());
        await see(lea.locator("ins", { hasText: "à toutes et tous" }).first());
        await checkFitsWidth(lea);

        await lea.getByLabel("Rechercher dans le wiki").fill("semence");
        await follow(lea, lea.getByRole("button", { name: "Rechercher" }));
        await see(lea.getByRole("link", { name: "Grainothèque du quartier" }));
        assert.deepEqual(problems, []);
      } catch (error) {
        const saved = person ? await keepScreenshots([person], `wiki ${dialect.name}`) : [];
        if (saved.length > 0) console.error(`Screenshots:\n  ${saved.join("\n  ")}`);
        throw error;
      }
    });

    it("lands an old MediaWiki history address on the page's history", async () => {
      if (setupError) throw setupError;
      const { pages } = (app as FastifyInstance).communs;
      await pages.placeAtRoot((await pages.wiki(undefined, SLUG)).spaceId, "/wiki");
      await lea.goto("/index.php?title=Accueil&action=history");
      await see(lea.getByRole("heading", { level: 1, name: "Accueil : historique" }));
      assert.match(decodeURI(new URL(lea.url()).pathname), /^\/wiki\/Spécial:Historique\/Accueil$/);
      await see(lea.getByText("premier jet"));
    });

    it("passes axe (no serious or critical violation) on every page, at 375 px and 1280 px", async () => {
      if (setupError) throw setupError;
      assert.deepEqual(await journeyViolations(person ? [person] : [], baseUrl), []);
    });
  });
}
