// The directory of commons as a person uses it, in a real browser on a 375 px phone: a member joins the
// assembly, adds two commons through the form with JavaScript off (one named like a script), finds them
// in the list and narrows it by a tag; then, with JavaScript on, sees them as markers on the map (no
// basemap), narrowed by the same tag, and the script-like name stays text everywhere.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
// On a failed step, a full-page screenshot of each open page is kept in test-results/.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { buildApp } from "../../src/app.ts";
import { type AddokStub, startAddokStub } from "../../src/modules/geocoding/fixture.ts";
import { journeyViolations, trackPages } from "../helpers/accessibility.ts";
import { email, testConfig } from "../helpers/app.ts";
import {
  type BrowserPerson,
  checkFitsWidth,
  flash,
  follow,
  keepScreenshots,
  openBrowser,
  RESULTS_DIR,
  requireChromium,
  see,
} from "../helpers/browser.ts";
import { type TestDatabase, testDialects } from "../helpers/db.ts";
import { buildAdmin, buildAssembly, buildPerson, PASSWORD } from "../helpers/factories.ts";

const PHONE = { width: 375, height: 812 };
const ASSEMBLY = "Assemblée des communs de Lilleville";
const SLUG = "lilleville";
const MEMBER = "Béa Commoneuse";
const GARDEN = "Jardin partagé des Bois-Blancs";
const GARDEN_ADDRESS = "12 rue du Pont à Fourchon, 59000 Lille";
const XSS_NAME = '<img src=x onerror="window.__xss=1">Atelier';
// The same flags as test/helpers/browser.ts, whose launcher turns JavaScript off.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

interface NewCommons {
  name: string;
  summary: string;
  kind: string;
  tags: string;
  street: string;
  postcode: string;
  commune: string;
  /** Typed by hand; without them the geocoder places the address. */
  latitude?: string;
  longitude?: string;
}

/** The one address the local Addok server knows: the second commons is placed by geocoding. */
const BIKE_PLACE = { street: "5 rue Pierre Legrand", postcode: "59800", commune: "Lille" };

for (const dialect of testDialects()) {
  describe(`the directory of commons in a browser, on a 375 px phone [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    let app: FastifyInstance | undefined;
    let browser: Browser | undefined;
    let scripted: BrowserContext | undefined;
    const people: BrowserPerson[] = [];
    let bea: Page;
    let visitor: Page;
    let baseUrl = "";
    let addok: AddokStub | undefined;
    let setupError: unknown;
    let failedStep: string | undefined;
    let xssPath = "";
    let filteredListUrl = "";
    const problems: string[] = [];
    // Pages wider than the phone, with a screenshot each: asserted by the last test, so that a layout
    // fault does not hide what the rest of the journey would find.
    const tooWide: string[] = [];
    const beaEmail = email("bea");

    /** Script errors and console errors (a resource refused by the CSP among them) fail the step. */
    function watch(page: Page, who: string): void {
      page.on("pageerror", (error) => problems.push(`${who} ${page.url()}: ${error.message}`));
      page.on("console", (message) => {
        const favicon = message.location().url.endsWith("/favicon.ico");
        if (message.type() === "error" && !favicon) problems.push(`${who} ${page.url()}: ${message.text()}`);
      });
    }

    before(async () => {
      try {
        const executablePath = requireChromium();
        database = await dialect.create();
        // The default geocoder (`auto`, no local index built) asks the national API: here a local one.
        addok = await startAddokStub([{ ...BIKE_PLACE, latitude: 50.629, longitude: 3.093 }]);
        const config = testConfig({ geocoder: "auto", geocoderUrl: addok.url });
        app = await buildApp({ config, db: database.db });
        const admin = await buildAdmin(app, "Alice Admin");
        await buildAssembly(app, { by: admin, slug: SLUG, name: ASSEMBLY, territory: "Lille" });
        await buildPerson(app, { name: MEMBER, email: beaEmail });
        await app.listen({ port: 0, host: "127.0.0.1" });
        baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

        const person = await openBrowser("bea", baseUrl);
        people.push(person);
        bea = person.page;
        await bea.setViewportSize(PHONE);
        watch(bea, "without JavaScript:");

        browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
        scripted = await browser.newContext({ viewport: PHONE, locale: "fr-FR", baseURL: baseUrl });
        scripted.setDefaultTimeout(5_000);
        scripted.setDefaultNavigationTimeout(10_000);
        visitor = await scripted.newPage();
        watch(visitor, "with JavaScript:");
        const context = scripted;
        people.push({
          name: "visitor-js",
          context,
          page: visitor,
          visited: trackPages(visitor, baseUrl),
          close: () => context.close(),
        });
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await Promise.all(people.map((person) => person.close().catch(() => undefined)));
      await browser?.close();
      await app?.close();
      await addok?.close();
      await database?.drop();
    });

    /** Runs one step; on failure keeps screenshots, and later steps fail at once. */
    function step(name: string, body: () => Promise<void>) {
      return async () => {
        if (setupError) throw setupError;
        if (failedStep) throw new Error(`not run: the step "${failedStep}" failed before`);
        try {
          await body();
          assert.deepEqual(problems, [], "no script error and no console error on any page");
        } catch (error) {
          failedStep = name;
          const saved = await keepScreenshots(people, `commons journey ${dialect.name} ${name}`);
          if (saved.length > 0) console.error(`Screenshots of the failed step:\n  ${saved.join("\n  ")}`);
          throw error;
        } finally {
          problems.length = 0;
        }
      };
    }

    /** Checks that the page never scrolls sideways; a page that does is kept for the last test. */
    async function fits(page: Page): Promise<void> {
      try {
        await checkFitsWidth(page);
      } catch (error) {
        if (!(error instanceof assert.AssertionError)) throw error;
        await mkdir(RESULTS_DIR, { recursive: true });
        const file = path.join(
          RESULTS_DIR,
          `commons-journey-${dialect.name}-too-wide-${tooWide.length + 1}.png`,
        );
        await page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).catch(() => undefined);
        tooWide.push(`${error.message} (${file})`);
      }
    }

    function directoryTabs(page: Page) {
      return page.getByRole("navigation", { name: "Sections de l’annuaire" });
    }

    /** Fills the form by its labels, as a person reads it, and saves; lands on the new record. */
    async function addCommons(record: NewCommons): Promise<void> {
      await follow(bea, bea.getByRole("link", { name: "Ajouter un commun" }));
      await see(bea.getByRole("heading", { level: 1, name: "Ajouter un commun" }));
      await fits(bea);
      await bea.getByLabel("Nom", { exact: true }).fill(record.name);
      await bea.getByLabel("Résumé en une phrase").fill(record.summary);
      await bea.getByLabel("Type de ressource").selectOption({ label: record.kind });
      await bea.getByLabel("Étiquettes", { exact: true }).fill(record.tags);
      const place = bea.getByRole("group", { name: "Lieu 1" });
      await place.getByLabel("Numéro et rue").fill(record.street);
      await place.getByLabel("Code postal").fill(record.postcode);
      await place.getByLabel("Commune", { exact: true }).fill(record.commune);
      if (record.latitude) await place.getByLabel("Latitude").fill(record.latitude);
      if (record.longitude) await place.getByLabel("Longitude").fill(record.longitude);
      await follow(bea, bea.getByRole("button", { name: "Enregistrer" }));
      await see(flash(bea, `«\u202f${record.name}\u202f» a été ajouté à l’annuaire.`));
      assert.equal(await bea.getByRole("heading", { level: 1 }).textContent(), record.name);
      await fits(bea);
    }

    /** Waits for map.js to have drawn the points, then counts the markers and the clusters. */
    async function markers(page: Page): Promise<{ markers: number; clusters: number }> {
      await page.locator('#map[data-state="ready"]').waitFor({ state: "attached" });
      return {
        markers: await page.locator(".leaflet-marker-icon").count(),
        clusters: await page.locator(".marker-cluster").count(),
      };
    }

    async function noScriptRan(page: Page): Promise<void> {
      assert.equal(await page.locator('img[src="x"]').count(), 0, "no image made of the name");
      assert.equal(await page.evaluate(() => (window as { __xss?: unknown }).__xss), undefined);
    }

    it(
      "lets a person log in and join the assembly with one click, which opens the form to add a commons",
      step("join", async () => {
        await bea.goto("/");
        await follow(bea, bea.getByRole("link", { name: "Se connecter" }).first());
        await fits(bea);
        await bea.getByLabel("Adresse e-mail").fill(beaEmail);
        await bea.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
        await follow(bea, bea.getByRole("button", { name: "Se connecter" }));
        await see(flash(bea, `Bonjour, ${MEMBER} !`));
        await fits(bea);

        const assemblies = bea.getByRole("region", { name: "Assemblées des communs" });
        await follow(bea, assemblies.getByRole("link", { name: ASSEMBLY }));
        await see(bea.getByRole("heading", { level: 1, name: ASSEMBLY }));
        await fits(bea);
        const spaceTabs = bea.getByRole("navigation", { name: `Sections de l’${ASSEMBLY}` });

        // Not a member yet: the directory is open to read, not to add to.
        await follow(bea, spaceTabs.getByRole("link", { name: "Annuaire des communs" }));
        await see(bea.getByRole("heading", { level: 1, name: `Annuaire des communs · ${ASSEMBLY}` }));
        await see(bea.getByText("0 commun", { exact: true }));
        assert.equal(await bea.getByRole("link", { name: "Ajouter un commun" }).count(), 0);
        await fits(bea);

        await follow(bea, bea.getByRole("link", { name: ASSEMBLY }));
        await follow(bea, bea.getByRole("button", { name: "Rejoindre l’assemblée" }));
        await see(flash(bea, `Vous avez rejoint ${ASSEMBLY}.`));
        await fits(bea);
        await follow(bea, spaceTabs.getByRole("link", { name: "Annuaire des communs" }));
        assert.equal(new URL(bea.url()).pathname, `/espaces/${SLUG}/communs`);
        await see(bea.getByRole("link", { name: "Ajouter un commun" }));
        await fits(bea);
      }),
    );

    it(
      "adds a commons with an address and typed coordinates, without JavaScript, and shows its page",
      step("first commons", async () => {
        await addCommons({
          name: GARDEN,
          summary: "Des bacs et un compost ouverts à tout le quartier.",
          kind: "Jardin",
          tags: "jardinage, quartier",
          street: "12 rue du Pont à Fourchon",
          postcode: "59000",
          commune: "Lille",
          // A decimal comma, as French is written.
          latitude: "50,6365",
          longitude: "3,0386",
        });
        const places = bea.locator("ul.places");
        await see(places.getByText(GARDEN_ADDRESS));
        await see(places.getByText(/placée à la main/));
        const tags = bea.getByRole("list", { name: "Étiquettes" });
        assert.deepEqual(await tags.getByRole("link").allTextContents(), ["jardinage", "quartier"]);
      }),
    );

    it(
      "adds a second commons whose name is markup, and shows the name as text in its page",
      step("second commons", async () => {
        await follow(bea, directoryTabs(bea).getByRole("link", { name: "Liste" }));
        await addCommons({
          name: XSS_NAME,
          summary: "Réparation de vélos en libre-service.",
          kind: "Mobilité",
          tags: "vélo",
          ...BIKE_PLACE,
        });
        xssPath = new URL(bea.url()).pathname;
        assert.match(xssPath, new RegExp(`^/espaces/${SLUG}/communs/[a-z0-9-]+$`));
        assert.ok((await bea.title()).includes(XSS_NAME), "the page title holds the name as text");
        await see(bea.locator("ul.places").getByText("5 rue Pierre Legrand, 59800 Lille"));
        // Placed by the geocoder as it was saved: no warning, and the map below shows it.
        assert.deepEqual(addok?.searches, ["5 rue Pierre Legrand 59800 Lille"]);
        assert.equal(await bea.getByText(/n’a pas pu être placée/).count(), 0);
        await noScriptRan(bea);
      }),
    );

    it(
      "lists both commons, the markup name as text, and a tag filter narrows the list",
      step("list and filter", async () => {
        await follow(bea, directoryTabs(bea).getByRole("link", { name: "Liste" }));
        await see(bea.getByText("2 communs", { exact: true }));
        const list = bea.locator("ul.commons-list");
        const names = await list.getByRole("heading", { level: 2 }).allTextContents();
        assert.deepEqual([...names].sort(), [GARDEN, XSS_NAME].sort());
        const link = list.getByRole("link", { name: XSS_NAME, exact: true });
        assert.equal(await link.textContent(), XSS_NAME);
        assert.equal(new URL((await link.getAttribute("href")) ?? "", baseUrl).pathname, xssPath);
        await noScriptRan(bea);
        await fits(bea);

        await bea.getByText("Étiquette, type, commune, état").click();
        await bea.getByLabel("Étiquette", { exact: true }).selectOption({ label: "jardinage" });
        await follow(bea, bea.getByRole("button", { name: "Filtrer" }));
        filteredListUrl = bea.url();
        const url = new URL(filteredListUrl);
        assert.equal(url.pathname, `/espaces/${SLUG}/communs`);
        assert.equal(url.searchParams.get("tag"), "jardinage");
        await see(bea.getByText("1 commun", { exact: true }));
        assert.deepEqual(await list.getByRole("heading", { level: 2 }).allTextContents(), [GARDEN]);
        assert.equal(await bea.getByLabel("Étiquette", { exact: true }).inputValue(), "jardinage");
        await fits(bea);
      }),
    );

    it(
      "shows the markup name as the text of the record's heading, with JavaScript on too",
      step("detail page", async () => {
        await bea.goto(xssPath);
        assert.equal(await bea.getByRole("heading", { level: 1 }).textContent(), XSS_NAME);
        await fits(bea);

        await visitor.goto(xssPath);
        assert.equal(await visitor.getByRole("heading", { level: 1 }).textContent(), XSS_NAME);
        await noScriptRan(visitor);
        await fits(visitor);

        await visitor.goto(`/espaces/${SLUG}/communs`);
        const link = visitor.locator("ul.commons-list").getByRole("link", { name: XSS_NAME, exact: true });
        assert.equal(await link.textContent(), XSS_NAME);
        await noScriptRan(visitor);
        await fits(visitor);
      }),
    );

    it(
      "shows both commons as markers on the map, and the markup name as text in its popup",
      step("map", async () => {
        await visitor.goto(`/espaces/${SLUG}/carte`);
        assert.deepEqual(await markers(visitor), { markers: 2, clusters: 0 });
        assert.equal(await visitor.locator(".leaflet-tile").count(), 0, "no basemap");
        assert.equal(await visitor.getByTitle(GARDEN, { exact: true }).count(), 1);
        await fits(visitor);

        await visitor.getByTitle(XSS_NAME, { exact: true }).click();
        const link = visitor.locator(".leaflet-popup-content a");
        await see(link);
        assert.equal(await link.textContent(), XSS_NAME);
        assert.equal(new URL((await link.getAttribute("href")) ?? "").pathname, xssPath);
        await noScriptRan(visitor);
        await fits(visitor);

        await Promise.all([visitor.waitForURL(`**${xssPath}`), link.click()]);
        assert.equal(await visitor.getByRole("heading", { level: 1 }).textContent(), XSS_NAME);
        await noScriptRan(visitor);
        await fits(visitor);
      }),
    );

    it(
      "carries the tag filter from the list to the map through the Carte tab, which shows one marker",
      step("filtered map", async () => {
        assert.ok(filteredListUrl, "the filtered list's address");
        await visitor.goto(filteredListUrl);
        await see(visitor.getByText("1 commun", { exact: true }));
        await fits(visitor);
        const tab = directoryTabs(visitor).getByRole("link", { name: "Carte" });
        await Promise.all([visitor.waitForURL(/\/carte\?/), tab.click()]);
        const url = new URL(visitor.url());
        assert.equal(url.pathname, `/espaces/${SLUG}/carte`);
        assert.equal(url.searchParams.get("tag"), "jardinage");
        assert.deepEqual(await markers(visitor), { markers: 1, clusters: 0 });
        assert.equal(await visitor.getByTitle(GARDEN, { exact: true }).count(), 1);
        assert.equal(await visitor.getByTitle(XSS_NAME, { exact: true }).count(), 0);
        assert.equal(await visitor.getByLabel("Étiquette", { exact: true }).inputValue(), "jardinage");
        await noScriptRan(visitor);
        await fits(visitor);
      }),
    );

    it("fits every page of the journey in 375 px, with no sideways scroll", () => {
      if (setupError) throw setupError;
      assert.deepEqual(tooWide, []);
    });

    it(
      "passes axe (no serious or critical violation) on every page of the journey, at 375 px and 1280 px",
      step("accessibility", async () => {
        assert.deepEqual(await journeyViolations(people, baseUrl), []);
      }),
    );
  });
}
