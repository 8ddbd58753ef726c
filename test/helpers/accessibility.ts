// Accessibility of the pages a browser journey went through, checked with axe-core at a phone's and a
// desktop's width. axe runs its script in the page, which a context without JavaScript refuses, so the
// pages are opened again, by URL, in a context of their own that carries the person's cookies.
import { AxeBuilder } from "@axe-core/playwright";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { requireChromium } from "./browser.ts";

export const WIDTHS = [
  { width: 375, height: 812 },
  { width: 1280, height: 800 },
] as const;

const BLOCKING = new Set(["serious", "critical"]);

/** Remembers the path of every document the page loads from `baseURL`. */
export function trackPages(page: Page, baseURL: string): Set<string> {
  const paths = new Set<string>();
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = new URL(frame.url());
    if (url.origin === new URL(baseURL).origin) paths.add(url.pathname + url.search);
  });
  return paths;
}

/**
 * Opens each path again as the person (same cookies) at each width and returns one line per serious or
 * critical axe violation ("/path @375px color-contrast: 2 × .button"); an empty list means none.
 */
export async function seriousViolations(
  person: BrowserContext,
  baseURL: string,
  paths: Iterable<string>,
): Promise<string[]> {
  const browser = await chromium.launch({
    executablePath: requireChromium(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const found: string[] = [];
  try {
    const context = await browser.newContext({
      storageState: await person.storageState(),
      baseURL,
      locale: "fr-FR",
    });
    const page = await context.newPage();
    for (const viewport of WIDTHS) {
      await page.setViewportSize(viewport);
      for (const path of paths) {
        await page.goto(path);
        const { violations } = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
          .analyze();
        for (const violation of violations) {
          if (!BLOCKING.has(violation.impact ?? "")) continue;
          const targets = violation.nodes.map((node) => node.target.join(" ")).slice(0, 3);
          found.push(
            `${path} @${viewport.width}px ${violation.id}: ${violation.nodes.length} × ${targets.join(", ")}`,
          );
        }
      }
    }
  } finally {
    await browser.close();
  }
  return found;
}

/** Every serious or critical violation on the pages the people of a journey went through. */
export async function journeyViolations(
  people: readonly { context: BrowserContext; visited: ReadonlySet<string> }[],
  baseURL: string,
): Promise<string[]> {
  const found: string[] = [];
  for (const person of people)
    found.push(...(await seriousViolations(person.context, baseURL, person.visited)));
  return found;
}
