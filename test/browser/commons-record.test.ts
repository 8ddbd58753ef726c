// A record's page, the directory's cards and the merge's confirmation in a real browser, at 375 px and
// 1280 px: the image on the card and the record, the small map of the record's places (drawn only with
// JavaScript; the address and coordinates stand as text without it), suggestions when choosing a record
// by name, and no serious or critical accessibility violation (axe). Each page is kept as a screenshot
// under test-results/ to be looked at.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import type { FastifyInstance } from "fastify";
import { type Browser, chromium, type Page } from "playwright-core";
import sharp from "sharp";
import { buildApp } from "../../src/app.ts";
import type { PlaceInput } from "../../src/core/commons.ts";
import { testConfig } from "../helpers/app.ts";
import { RESULTS_DIR, requireChromium } from "../helpers/browser.ts";
import { type TestDatabase, testDialects } from "../helpers/db.ts";
import { buildAdmin, buildAssembly, buildCommons, PASSWORD } from "../helpers/factories.ts";

const SLUG = "lilleville";
const WIDTHS = [375, 1280];
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"];

function place(fields: Partial<PlaceInput>): PlaceInput {
  return {
    label: "",
    street: "12 rue du Pont à Fourchon",
    postcode: "59000",
    commune: "Lille",
    inseeCode: "",
    country: "FR",
    latitude: 50.6365,
    longitude: 3.0386,
    coarse: false,
    ...fields,
  };
}

async function seed(app: FastifyInstance, dataDir: string) {
  const admin = await buildAdmin(app, "Alice Admin");
  await buildAssembly(app, { by: admin, slug: SLUG, name: "Assemblée de Lilleville", territory: "Lille" });
  const garden = await buildCommons(app, SLUG, admin, {
    name: "Jardin partagé des Bois-Blancs",
    summary: "Des bacs et un compost ouverts à tout le quartier.",
    tags: ["jardin"],
    places: [
      place({}),
      place({ street: "", commune: "Lomme", latitude: 50.64, longitude: 2.99, coarse: true }),
    ],
  });
  await buildCommons(app, SLUG, admin, {
    name: "Repair café du Vieux-Lille",
    places: [place({ street: "" })],
  });
  await buildCommons(app, SLUG, admin, { name: "Le jardin des Bois Blancs", places: [place({})] });
  const file = path.join(dataDir, "upload.png");
  const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#3a7d44" } })
    .png()
    .toBuffer();
  await writeFile(file, png);
  await app.communs.commons.addImage(
    admin,
    SLUG,
    garden.slug,
    { file, size: png.length },
    "Les bacs du jardin",
  );
  return { admin, garden: garden.slug };
}

for (const dialect of testDialects()) {
  describe(`a record's page, cards and merging in a browser, 375 and 1280 px [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    let app: FastifyInstance | undefined;
    let browser: Browser | undefined;
    let baseUrl = "";
    let session = "";
    let garden = "";
    let dataDir = "";

    before(async () => {
      const executablePath = requireChromium();
      dataDir = await mkdtemp(path.join(os.tmpdir(), "communs-record-"));
      database = await dialect.create();
      app = await buildApp({ config: testConfig({ dataDir }), db: database.db });
      await app.ready();
      const seeded = await seed(app, dataDir);
      garden = seeded.garden;
      session = (await app.communs.accounts.login({ email: seeded.admin.email, password: PASSWORD })).session;
      await app.listen({ port: 0, host: "127.0.0.1" });
      const address = app.server.address();
      assert.ok(address && typeof address === "object");
      baseUrl = `http://127.0.0.1:${address.port}`;
      browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    });

    after(async () => {
      await browser?.close();
      await app?.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    /** A page signed in as the facilitator, at a width, with or without JavaScript. */
    async function open(width: number, url: string, javaScriptEnabled = true) {
      assert.ok(browser);
      const context = await browser.newContext({
        viewport: { width, height: 800 },
        locale: "fr-FR",
        baseURL: baseUrl,
        javaScriptEnabled,
      });
      context.setDefaultTimeout(5_000);
      await context.addCookies([{ name: "communs_session", value: session, url: baseUrl }]);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await page.goto(url);
      return { page, errors, close: () => context.close() };
    }

    /** A screenshot to look at, then axe (which needs the page's JavaScript) and no sideways scroll. */
    async function check(page: Page, name: string, width: number, scripted = true) {
      await mkdir(RESULTS_DIR, { recursive: true });
      await page.screenshot({
        path: path.join(RESULTS_DIR, `record-${dialect.name}-${name}-${width}.png`),
        fullPage: true,
      });
      if (!scripted) {
        const box = await page.locator("main").boundingBox();
        assert.ok(box && box.width <= width, `${name} at ${width} px is wider than the screen`);
        return;
      }
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(
        serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
        [],
        `${name} at ${width} px`,
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
    }

    it("shows the image on the cards, then on the record with its small map and suggestions", async () => {
      for (const width of WIDTHS) {
        const list = await open(width, `/espaces/${SLUG}/communs`);
        try {
          const thumb = list.page.locator('img.card-image[alt="Les bacs du jardin"]');
          await thumb.scrollIntoViewIfNeeded();
          assert.equal(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth), 400);
          await check(list.page, "list", width);
        } finally {
          await list.close();
        }

        const record = await open(width, `/espaces/${SLUG}/communs/${garden}`);
        try {
          const { page } = record;
          assert.equal(
            await page.locator("a.cover img").evaluate((img: HTMLImageElement) => img.naturalWidth),
            1200,
          );
          await page
            .locator(".record-map .leaflet-marker-icon")
            .waitFor({ state: "visible" })
            .catch(async (error) => {
              await page.screenshot({
                path: path.join(RESULTS_DIR, `record-failed-${width}.png`),
                fullPage: true,
              });
              throw new Error(`${error.message}\n${record.errors.join("\n")}`);
            });
          assert.equal(
            await page.locator(".record-map .leaflet-marker-icon").count(),
            1,
            "one pin: the exact place",
          );
          assert.equal(
            await page.locator(".record-map path.leaflet-interactive").count(),
            1,
            "a circle: the coarse one",
          );
          await page.locator("#other").fill("repair");
          await page.locator("#other-suggestions option").first().waitFor({ state: "attached" });
          assert.equal(
            await page.locator("#other-suggestions option").first().getAttribute("value"),
            "Repair café du Vieux-Lille",
          );
          await check(page, "record", width);
          assert.deepEqual(record.errors, []);
        } finally {
          await record.close();
        }

        const merge = await open(width, `/espaces/${SLUG}/communs/${garden}/fusionner?autre=bois+blancs`);
        try {
          const { page } = merge;
          await page.getByRole("link", { name: /Le jardin des Bois Blancs/ }).click();
          await page.getByRole("heading", { name: "Après la fusion" }).waitFor();
          assert.match(
            (await page.locator("main").textContent()) ?? "",
            /1 lieu du doublon est déjà sur la fiche gardée/,
          );
          await check(page, "merge", width);
        } finally {
          await merge.close();
        }
      }
    });

    it("gives the address and coordinates as text without JavaScript, and no empty map box", async () => {
      const { page, close } = await open(375, `/espaces/${SLUG}/communs/${garden}`, false);
      try {
        const places = (await page.locator("ul.places").textContent()) ?? "";
        assert.match(places, /12 rue du Pont à Fourchon, 59000 Lille · latitude 50,63650, longitude 3,03860/);
        assert.match(places, /Lomme/);
        assert.equal(await page.locator(".record-map").isVisible(), false);
        await check(page, "record-nojs", 375, false);
      } finally {
        await close();
      }
    });
  });
}
