import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { trackPages } from "./accessibility.ts";

/** Debian's Chromium: browser tests drive it, never a downloaded build. */
export const CHROMIUM = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** A phone held upright. */
export const PHONE = { width: 390, height: 844 };

/** Where failure screenshots go (git-ignored). */
export const RESULTS_DIR = path.resolve("test-results");

/** Fails (never skips) with what to install when Chromium is missing. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Browser tests need Debian's Chromium at ${CHROMIUM}, which is missing. ` +
        "Install it with `sudo apt-get install chromium` and run the tests again.",
    );
  }
  return CHROMIUM;
}

/** One person with their own browser: own process, own fresh profile, JavaScript off, phone-sized. */
export interface BrowserPerson {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The path of every page of this site the person opened, for the accessibility check. */
  readonly visited: ReadonlySet<string>;
  close(): Promise<void>;
}

export async function openBrowser(name: string, baseURL: string): Promise<BrowserPerson> {
  const executablePath = requireChromium();
  const profile = await mkdtemp(path.join(os.tmpdir(), "communs-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      javaScriptEnabled: false,
      viewport: PHONE,
      locale: "fr-FR",
      baseURL,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const visited = trackPages(page, baseURL);
  let closed = false;
  return {
    name,
    context,
    page,
    visited,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Clicks a link or a submit button and waits for the next document to load: with JavaScript off,
 * every action is a full page load (a form post answered by a redirect commits a single document).
 */
export async function follow(page: Page, target: Locator): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() });
  await target.click();
  await navigated;
  await page.waitForLoadState("load");
}

/** Waits until exactly one element matches and is visible (Playwright's strict mode). */
export async function see(target: Locator): Promise<void> {
  await target.waitFor({ state: "visible" });
}

/** The flash message of the page (a status region), which must hold `text`. */
export function flash(page: Page, text: string | RegExp): Locator {
  return page.getByRole("status").filter({ hasText: text });
}

/** The first Tab from the top of the page lands on the visible "Aller au contenu" link, which works. */
export async function checkSkipLink(page: Page): Promise<void> {
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Aller au contenu" });
  assert.equal(await skip.and(page.locator(":focus")).count(), 1, "the first Tab must focus the skip link");
  assert.equal(await skip.isVisible(), true, "the focused skip link must be visible");
  await page.keyboard.press("Enter");
  await page.waitForURL(/#contenu$/);
  assert.equal(
    await page.getByRole("main").and(page.locator(":focus")).count(),
    1,
    "following the skip link must move the focus to the main content",
  );
}

function fileName(words: string): string {
  return words
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** A full-page PNG of each person's open page, named after the failed step; returns the paths. */
export async function keepScreenshots(people: readonly BrowserPerson[], label: string): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const saved: string[] = [];
  for (const person of people) {
    if (person.page.isClosed()) continue;
    const file = path.join(RESULTS_DIR, `${fileName(`${label} ${person.name}`)}.png`);
    try {
      await person.page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
      saved.push(file);
    } catch {
      // The page may be gone with its browser; the failure itself is what matters.
    }
  }
  return saved;
}

/** Nothing sticks out sideways: the page never scrolls horizontally on the phone. */
export async function checkFitsWidth(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(
    scrollWidth <= innerWidth,
    `${page.url()} is ${scrollWidth}px wide, more than the ${innerWidth}px of the screen`,
  );
}
