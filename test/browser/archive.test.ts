// The static archive in a real browser: a seeded instance archived by the command (`communs archive`),
// served by `communs archive serve`, and a sample of its pages opened with Chromium at 375 px, with
// JavaScript on (the map, the search) — no console error, each page showing its content; a wiki
// redirect lands on its page, and the search finds a page by a word of its body.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { type Browser, chromium, type Page } from "playwright-core";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrations.ts";
import {
  ASSEMBLY,
  archiveApp,
  COMPOST_SECTION,
  LIVE,
  RARE_WORD,
  seedInstance,
} from "../../src/modules/archive/test-helpers.ts";
import { requireChromium } from "../helpers/browser.ts";

const run = promisify(execFile);
const BIN = path.resolve("bin/communs.js");
const PHONE = { width: 375, height: 740 };
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

describe("the static archive, served and opened in Chromium", () => {
  let work: string;
  let server: ChildProcess | undefined;
  let base = "";
  let browser: Browser;
  let rareSlug = "";
  let archived = "";

  before(async () => {
    const executablePath = requireChromium();
    work = await mkdtemp(path.join(os.tmpdir(), "communs-archive-browser-"));
    const env = {
      ...process.env,
      COMMUNS_DATA_DIR: path.join(work, "data"),
      COMMUNS_PUBLIC_URL: LIVE,
      COMMUNS_GEOCODER: "none",
      COMMUNS_MAP_TILE_URL: "",
      LOG_LEVEL: "warn",
    };
    const config = loadConfig(env);
    const db = openDatabase(config);
    await migrate(db.kysely, db.dialect);
    const app = await archiveApp(db);
    ({ rareSlug } = await seedInstance(app));
    await app.close();
    await db.close();
    const out = path.join(work, "archive");
    const made = await run(
      process.execPath,
      [BIN, "archive", "--out", out, "--base-url", "https://archive.example"],
      {
        env,
      },
    );
    archived = made.stdout;
    server = spawn(process.execPath, [BIN, "archive", "serve", out, "--port", "0"], { env });
    base = await new Promise<string>((resolve, reject) => {
      server?.stdout?.on("data", (chunk: Buffer) => {
        const url = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString())?.[0];
        if (url) resolve(url);
      });
      server?.once("exit", (code) => reject(new Error(`archive serve stopped (${code})`)));
    });
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Opens a page of the archive at 375 px and answers it with the console errors it logged. */
  async function open(address: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: PHONE, locale: "fr-FR" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    const answer = await page.goto(`${base}${address}`, { waitUntil: "load" });
    assert.equal(answer?.status(), 200, address);
    return { page, errors };
  }

  it("was made by the command, which reports its figures", () => {
    assert.match(
      archived,
      /Archive écrite dans .+\s:\s\d+ pages, \d+ fichiers, \d+ redirections, \d+ octets en [\d.]+ s \(\d+ pages\/s\)\./,
    );
    process.stdout.write(`# ${archived.split("\n")[0]}\n`);
  });

  for (const [address, heading] of [
    ["/", "Communs"],
    [`/espaces/${ASSEMBLY}`, "Assemblée de Lilleville"],
    [`/espaces/${ASSEMBLY}/communs/__page=5`, "Annuaire"],
    [`/espaces/${ASSEMBLY}/reunions`, "Réunions"],
    ["/espaces/velo/code-social", "Code social"],
    ["/wiki/Catégorie:Jardins", "Jardins"],
    ["/wiki/Spécial:Historique/Jardin_1", "Jardin 1"],
    ["/index.php?title=Jardin_1&action=history", "Jardin 1"],
    ["/archive/donnees", "Données"],
  ] as const)
    it(`shows ${address} with its content and no console error`, async () => {
      const { page, errors } = await open(encodeURI(address));
      await page.locator("main h1").first().waitFor();
      assert.match((await page.locator("main h1").first().textContent()) ?? "", new RegExp(heading));
      assert.match((await page.locator(".archive-notice").textContent()) ?? "", /Archive statique du/);
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
        "fits 375 px",
      );
      assert.deepEqual(errors, []);
      await page.context().close();
    });

  it("shows the map from its static data", async () => {
    const { page, errors } = await open(`/espaces/${ASSEMBLY}/carte`);
    await page.locator('[data-state="ready"]').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it("sends a wiki redirect on to its page", async () => {
    const { page, errors } = await open("/wiki/Composteur");
    assert.equal(new URL(page.url()).pathname, "/wiki/Compostage");
    assert.equal(decodeURIComponent(new URL(page.url()).hash), `#${COMPOST_SECTION.replace(/ /g, "_")}`);
    assert.match((await page.locator("main").textContent()) ?? "", /bacs de compost/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it("finds a page by a word of its body, without a server", async () => {
    const { page, errors } = await open("/archive/recherche");
    await page.locator(".pagefind-ui__search-input").fill(RARE_WORD);
    const result = page.locator(".pagefind-ui__result-link").first();
    await result.waitFor();
    assert.equal(
      new URL((await result.getAttribute("href")) ?? "", base).pathname,
      `/espaces/${ASSEMBLY}/communs/${rareSlug}/`,
    );
    await result.click();
    await page.waitForURL(/commun-numero-7/);
    assert.match((await page.locator("main h1").textContent()) ?? "", /Commun numéro 7/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
