// The map of the directory and its embeddable version, in a real browser WITH JavaScript (the map is
// the one page that needs it), on a phone-sized screen; then without JavaScript (the list of places
// stands in for the map); then the routes' headers and markup through app.inject.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { type Browser, type BrowserContext, chromium, type Frame, type Page } from "playwright-core";
import { buildApp } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import type { PlaceInput } from "../../src/core/commons.ts";
import type { Db } from "../../src/db/connection.ts";
import { tileOrigin } from "../../src/modules/commons/map-csp.ts";
import { translate } from "../../src/web/i18n.ts";
import { vendorAssets } from "../../src/web/vendor-assets.ts";
import { testConfig } from "../helpers/app.ts";
import { RESULTS_DIR, requireChromium } from "../helpers/browser.ts";
import { type TestDatabase, testDialects } from "../helpers/db.ts";
import { buildAdmin, buildAssembly, buildCommons } from "../helpers/factories.ts";

const SLUG = "lilleville";
const GARDEN = "Jardin partagé des Bois-Blancs";
const XSS_NAME = '<img src=x onerror="window.__xss=1">Atelier';
const PHONE = { width: 375, height: 740 };
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

/** The app with Leaflet's files, whether or not app.ts registers them yet. */
async function mapApp(db: Db, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(overrides), db });
  if (!app.hasRoute({ method: "GET", url: "/assets/vendor/leaflet/*" })) await app.register(vendorAssets);
  await app.ready();
  return app;
}

function place(street: string, postcode: string, commune: string, latitude: number, longitude: number) {
  const value: PlaceInput = {
    label: "",
    street,
    postcode,
    commune,
    inseeCode: "",
    country: "FR",
    latitude,
    longitude,
    coarse: false,
  };
  return value;
}

/** An assembly and two commons far apart (Lille, Toulouse): one tagged "jardin", one named like a script. */
async function seed(app: FastifyInstance) {
  const admin = await buildAdmin(app, "Alice Admin");
  await buildAssembly(app, { by: admin, slug: SLUG, name: "Assemblée de Lilleville", territory: "Lille" });
  const garden = await buildCommons(app, SLUG, admin, {
    name: GARDEN,
    summary: "Des bacs et un compost ouverts à tout le quartier.",
    kind: "jardin",
    tags: ["jardin"],
    places: [place("12 rue du Pont à Fourchon", "59000", "Lille", 50.6365, 3.0386)],
  });
  const workshop = await buildCommons(app, SLUG, admin, {
    name: XSS_NAME,
    summary: 'Réparation de vélos <script>window.__xss=2</script> & "conseils"',
    kind: "lieu",
    tags: ["vélo"],
    places: [place("3 place du Capitole", "31000", "Toulouse", 43.6045, 1.4442)],
  });
  return { admin, adminEmail: admin.email, gardenSlug: garden.slug, workshopSlug: workshop.slug };
}

function attribute(html: string, element: RegExp, name: string): string | undefined {
  const tag = element.exec(html)?.[0];
  // An empty value is written as a bare attribute.
  const found = tag ? new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s>/])`).exec(tag) : undefined;
  const value = found ? (found[1] ?? "") : undefined;
  return value?.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&amp;", "&");
}

// A start tag whose quoted values may hold ">" (the attribution is HTML).
const MAP_ELEMENT = /<section\b(?:[^>"]|"[^"]*")*\sid="map"(?:[^>"]|"[^"]*")*>/;
const DIRECTORY_LINK = /<a\b(?:[^>"]|"[^"]*")*\sclass="map-directory-link"(?:[^>"]|"[^"]*")*>/;

describe("tile origins allowed by the map pages' CSP", () => {
  it("keeps the origin of a plain template", () => {
    assert.equal(
      tileOrigin("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
      "https://tile.openstreetmap.org",
    );
    assert.equal(tileOrigin("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png"), "http://127.0.0.1:8080");
  });

  it("turns a placeholder in the first label into a CSP wildcard", () => {
    assert.equal(
      tileOrigin("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"),
      "https://*.tile.openstreetmap.fr",
    );
    assert.equal(tileOrigin("https://tiles-{s}.example.org/{z}/{x}/{y}.png"), "https://*.example.org");
  });

  it("allows nothing for templates a CSP source cannot express", () => {
    assert.equal(tileOrigin(""), undefined);
    assert.equal(tileOrigin("/tiles/{z}/{x}/{y}.png"), undefined);
    assert.equal(tileOrigin("ftp://tiles.example.org/{z}.png"), undefined);
    assert.equal(tileOrigin("https://tiles.{s}.example.org/{z}.png"), undefined);
    assert.equal(tileOrigin("https://{s}.org/{z}.png"), undefined);
    assert.equal(tileOrigin("https://user:pw@tiles.example.org/{z}.png"), undefined);
    assert.equal(tileOrigin("https://tiles.example.org;script-src */{z}.png"), undefined);
    assert.equal(tileOrigin("https://tiles.example.org;img-src/{z}.png"), undefined);
  });
});

for (const dialect of testDialects()) {
  describe(`map routes, headers and markup [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    let app: FastifyInstance;
    let tiled: FastifyInstance;
    let slugs: Awaited<ReturnType<typeof seed>>;

    before(async () => {
      database = await dialect.create();
      app = await mapApp(database.db);
      tiled = await mapApp(database.db, {
        mapTileUrl: "https://{s}.tile.example.org/{z}/{x}/{y}.png",
        mapTileAttribution: "© Les contributeurs",
      });
      slugs = await seed(app);
    });

    after(async () => {
      await app?.close();
      await tiled?.close();
      await database?.drop();
    });

    it("answers 404 for an unknown space, on the map page and the embed", async () => {
      for (const url of ["/espaces/inconnu/carte", "/embed/map?espace=inconnu", "/embed/map"]) {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 404, url);
      }
    });

    it("carries the filters into the points URL, the tabs and the form, leaving sort and page out", async () => {
      const response = await app.inject(
        `/espaces/${SLUG}/carte?q=bacs&tag=jardin&kind=jardin&commune=Lille&status=active&sort=name&page=3`,
      );
      assert.equal(response.statusCode, 200);
      const filters = "q=bacs&tag=jardin&kind=jardin&commune=Lille&status=active";
      assert.equal(
        attribute(response.body, MAP_ELEMENT, "data-points-url"),
        `/espaces/${SLUG}/communs/carte.json?${filters}`,
      );
      assert.equal(attribute(response.body, MAP_ELEMENT, "data-tiles"), "");
      assert.match(response.body, /<form method="get" action="\/espaces\/lilleville\/carte"/);
      assert.doesNotMatch(response.body, /name="sort"/, "the map's filters have no sort");
      assert.ok(
        response.body.includes(`href="/espaces/${SLUG}/communs?${filters.replaceAll("&", "&amp;")}"`),
        "the list tab keeps the filters",
      );
      const plain = await app.inject(`/espaces/${SLUG}/carte`);
      assert.equal(
        attribute(plain.body, MAP_ELEMENT, "data-points-url"),
        `/espaces/${SLUG}/communs/carte.json`,
      );

      const embed = await app.inject(`/embed/map?espace=${SLUG}&tag=jardin&commune=Lille&page=2`);
      assert.equal(embed.statusCode, 200);
      assert.equal(
        attribute(embed.body, MAP_ELEMENT, "data-points-url"),
        `/espaces/${SLUG}/communs/carte.json?tag=jardin&commune=Lille`,
      );
      assert.equal(attribute(embed.body, MAP_ELEMENT, "data-link-target"), "_top");
      assert.equal(
        attribute(embed.body, DIRECTORY_LINK, "href"),
        `/espaces/${SLUG}/communs?tag=jardin&commune=Lille`,
      );
    });

    it("lists every located commons under the map, with a link each, names escaped", async () => {
      const response = await app.inject(`/espaces/${SLUG}/carte`);
      assert.ok(
        response.body.includes(`<a href="/espaces/${SLUG}/communs/${slugs.gardenSlug}">${GARDEN}</a>`),
      );
      assert.ok(
        response.body.includes(
          `<a href="/espaces/${SLUG}/communs/${slugs.workshopSlug}">&lt;img src=x onerror=&quot;window.__xss=1&quot;>Atelier</a>`,
        ),
      );
      assert.doesNotMatch(response.body, /<img src=x/);
      assert.doesNotMatch(response.body, /<script>window/);
      assert.ok(response.body.includes(translate("fr", "commons.mapNeedsJs")));
      const filtered = await app.inject(`/espaces/${SLUG}/carte?tag=jardin`);
      assert.ok(filtered.body.includes(GARDEN));
      assert.ok(!filtered.body.includes("Atelier</a>"));
    });

    it("lets any site frame the embed, and only the embed", async () => {
      const embed = await app.inject(`/embed/map?espace=${SLUG}`);
      assert.equal(embed.headers["x-frame-options"], undefined);
      const embedCsp = String(embed.headers["content-security-policy"]);
      assert.match(embedCsp, /(^|;)frame-ancestors \*(;|$)/);
      assert.match(embedCsp, /(^|;)script-src 'self'(;|$)/);
      assert.doesNotMatch(embed.body, /class="site-header"|class="site-footer"|class="space-header"/);

      const page = await app.inject(`/espaces/${SLUG}/carte`);
      assert.equal(page.headers["x-frame-options"], "SAMEORIGIN");
      assert.match(String(page.headers["content-security-policy"]), /(^|;)frame-ancestors 'self'(;|$)/);
      assert.match(page.body, /class="site-header"/);
      const list = await app.inject(`/espaces/${SLUG}/communs`);
      assert.equal(list.headers["x-frame-options"], "SAMEORIGIN");
    });

    it("allows the tile server in img-src on the two map pages only, when tiles are set", async () => {
      const page = await tiled.inject(`/espaces/${SLUG}/carte`);
      assert.match(
        String(page.headers["content-security-policy"]),
        /img-src 'self' data: https:\/\/\*\.tile\.example\.org(;|$)/,
      );
      assert.equal(page.headers["x-frame-options"], "SAMEORIGIN");
      assert.equal(
        attribute(page.body, MAP_ELEMENT, "data-tiles"),
        "https://{s}.tile.example.org/{z}/{x}/{y}.png",
      );
      assert.equal(attribute(page.body, MAP_ELEMENT, "data-attribution"), "© Les contributeurs");
      const embed = await tiled.inject(`/embed/map?espace=${SLUG}`);
      assert.match(
        String(embed.headers["content-security-policy"]),
        /img-src 'self' data: https:\/\/\*\.tile\.example\.org(;|$)/,
      );
      assert.match(String(embed.headers["content-security-policy"]), /frame-ancestors \*/);
      const list = await tiled.inject(`/espaces/${SLUG}/communs`);
      assert.match(String(list.headers["content-security-policy"]), /img-src 'self' data:(;|$)/);
      const untiled = await app.inject(`/espaces/${SLUG}/carte`);
      assert.match(String(untiled.headers["content-security-policy"]), /img-src 'self' data:(;|$)/);
    });

    it("serves Leaflet, the clusters and the map script from our own server", async () => {
      const files = {
        "/assets/vendor/leaflet/leaflet.js": /javascript/,
        "/assets/vendor/leaflet/leaflet.css": /css/,
        "/assets/vendor/leaflet/images/marker-icon.png": /image\/png/,
        "/assets/vendor/markercluster/leaflet.markercluster.js": /javascript/,
        "/assets/vendor/markercluster/MarkerCluster.Default.css": /css/,
        "/assets/map.js": /javascript/,
        "/assets/map.css": /css/,
      };
      for (const [url, type] of Object.entries(files)) {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 200, url);
        assert.match(String(response.headers["content-type"]), type, url);
      }
      assert.equal((await app.inject("/assets/vendor/leaflet/../../package.json")).statusCode, 404);
      const page = await app.inject(`/espaces/${SLUG}/carte`);
      for (const src of page.body.matchAll(/<(?:script|link)[^>]*(?:src|href)="([^"]+)"/g)) {
        if (src[1]?.startsWith("/assets/")) assert.equal((await app.inject(src[1])).statusCode, 200, src[1]);
        else assert.ok(!/^(https?:)?\/\//.test(src[1] ?? ""), `no third-party asset: ${src[1]}`);
      }
    });
  });

  describe(`map in a browser with JavaScript, on a phone [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    let app: FastifyInstance | undefined;
    let browser: Browser | undefined;
    let context: BrowserContext | undefined;
    let host: http.Server | undefined;
    let baseUrl = "";
    let setupError: unknown;
    let workshopSlug = "";
    let adminEmail = "";
    const problems: string[] = [];

    before(async () => {
      try {
        const executablePath = requireChromium();
        database = await dialect.create();
        app = await mapApp(database.db);
        ({ workshopSlug, adminEmail } = await seed(app));
        await app.listen({ port: 0, host: "127.0.0.1" });
        baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
        context = await browser.newContext({ viewport: PHONE, locale: "fr-FR", baseURL: baseUrl });
        context.setDefaultTimeout(5_000);
        context.setDefaultNavigationTimeout(10_000);
        // Another site, on another origin, that frames the embed.
        host = http.createServer((_request, response) => {
          const src = `${baseUrl}/embed/map?espace=${SLUG}`;
          response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          response.end(
            `<!doctype html><title>Autre site</title><iframe src="${src}" width="360" height="400"></iframe>`,
          );
        });
        await new Promise<void>((resolve) => host?.listen(0, "127.0.0.1", resolve));
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await context?.close();
      await browser?.close();
      await new Promise((resolve) => (host ? host.close(resolve) : resolve(undefined)));
      await app?.close();
      await database?.drop();
    });

    /** A fresh page that reports script errors and refused resources (CSP) as test failures. */
    async function open(url: string): Promise<Page> {
      if (setupError) throw setupError;
      assert.ok(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => problems.push(`${url}: ${error.message}`));
      page.on("console", (message) => {
        const favicon = message.location().url.endsWith("/favicon.ico");
        if (message.type() === "error" && !favicon) problems.push(`${url}: ${message.text()}`);
      });
      await page.goto(url);
      return page;
    }

    async function screenshot(page: Page, name: string) {
      await mkdir(RESULTS_DIR, { recursive: true });
      const file = path.join(RESULTS_DIR, `commons-map-${dialect.name}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).catch(() => undefined);
      console.error(`Screenshot of the failed step: ${file}`);
    }

    /** Runs a step on a page; a failure keeps a screenshot; the page is closed either way. */
    async function onPage(url: string, name: string, body: (page: Page) => Promise<void>) {
      const page = await open(url);
      try {
        await body(page);
        assert.deepEqual(problems, [], "no script error and no resource refused by the CSP");
      } catch (error) {
        await screenshot(page, name);
        throw error;
      } finally {
        problems.length = 0;
        await page.close();
      }
    }

    /** Waits for map.js to have drawn the points, then counts the markers (clusters included). */
    async function markers(scope: Page | Frame): Promise<{ markers: number; clusters: number }> {
      await scope.locator('#map[data-state="ready"]').waitFor({ state: "attached" });
      return {
        markers: await scope.locator(".leaflet-marker-icon").count(),
        clusters: await scope.locator(".marker-cluster").count(),
      };
    }

    async function fitsPhone(page: Page) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `${page.url()} is ${width}px wide, more than ${PHONE.width}px`);
    }

    it("shows one marker per commons, with no basemap, and folds the list of places", async () => {
      await onPage(`/espaces/${SLUG}/carte`, "map", async (page) => {
        assert.deepEqual(await markers(page), { markers: 2, clusters: 0 });
        assert.equal(await page.locator(".leaflet-tile").count(), 0, "no tile without a tile URL");
        assert.equal(await page.locator("#map").isVisible(), true);
        const box = await page.locator("#map").boundingBox();
        assert.ok(box && box.width > 300 && box.height > 250, "the map takes the width and a good height");
        assert.ok(box.y < PHONE.height * 0.4, `the map starts high in the first screen, at ${box.y}px`);
        assert.ok(box.y + box.height >= PHONE.height - 24, `and fills it, down to ${box.y + box.height}px`);
        const garden = page.locator(".map-marker.kind-1");
        assert.equal(
          await garden.getAttribute("title"),
          GARDEN,
          "a garden's marker has the symbol of its kind",
        );
        assert.equal(await page.locator(".map-marker.kind-0").getAttribute("title"), XSS_NAME);
        const legend = page.locator(".map-legend");
        assert.equal(await legend.locator("li", { hasText: "Jardin" }).locator(".kind-1").count(), 1);
        assert.equal(await page.getByText(translate("fr", "commons.mapNeedsJs")).isVisible(), false);
        assert.equal(await page.locator("details.map-places").getAttribute("open"), null);
        assert.equal(
          await page.getByRole("link", { name: "Carte", exact: true }).getAttribute("aria-current"),
          "page",
        );
        await fitsPhone(page);
      });
    });

    it("keeps one marker when filtered by the tag jardin, through the filter form", async () => {
      await onPage(`/espaces/${SLUG}/carte`, "filter", async (page) => {
        await markers(page);
        await page.getByText("Étiquette, type, commune, état").click();
        await page.getByLabel("Étiquette").selectOption("jardin");
        await Promise.all([
          page.waitForURL(/\/carte\?.*tag=jardin/),
          page.getByRole("button", { name: "Filtrer" }).click(),
        ]);
        assert.deepEqual(await markers(page), { markers: 1, clusters: 0 });
        assert.equal(await page.getByTitle(GARDEN, { exact: true }).count(), 1);
        await fitsPhone(page);
      });
    });

    it("shows a name made of markup as text in the popup, and runs none of it", async () => {
      await onPage(`/espaces/${SLUG}/carte`, "popup", async (page) => {
        await markers(page);
        await page.getByTitle(XSS_NAME, { exact: true }).click();
        const link = page.locator(".leaflet-popup-content a");
        await link.waitFor({ state: "visible" });
        assert.equal(await link.textContent(), XSS_NAME);
        assert.match(
          (await link.getAttribute("href")) ?? "",
          new RegExp(`/espaces/${SLUG}/communs/${workshopSlug}$`),
        );
        assert.equal(await link.getAttribute("target"), null, "on our own page the link opens in place");
        assert.equal(await page.locator(".leaflet-popup-content .map-popup-meta").textContent(), "Lieu");
        assert.equal(await page.locator('img[src="x"], .leaflet-popup-content script').count(), 0);
        assert.equal(await page.evaluate(() => (window as { __xss?: unknown }).__xss), undefined);
        await Promise.all([page.waitForURL(`**/communs/${workshopSlug}`), link.click()]);
        assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), XSS_NAME);
      });
    });

    it("gathers far markers into a counted cluster when zoomed out, and a tap on it opens it", async () => {
      await onPage(`/espaces/${SLUG}/carte`, "clusters", async (page) => {
        await markers(page);
        for (let i = 0; i < 5; i++) {
          await page.locator(".leaflet-control-zoom-out").click();
          await page.waitForTimeout(350);
        }
        assert.deepEqual(await markers(page), { markers: 1, clusters: 1 });
        const cluster = page.locator(".marker-cluster");
        assert.equal(await cluster.textContent(), "2");
        assert.match((await cluster.getAttribute("title")) ?? "", /^2 communs ici/);
        await cluster.click();
        await page.waitForTimeout(500);
        assert.deepEqual(await markers(page), { markers: 2, clusters: 0 });
      });
    });

    it("shows the same name as text on the list page", async () => {
      await onPage(`/espaces/${SLUG}/communs`, "list", async (page) => {
        const link = page.getByRole("link", { name: XSS_NAME, exact: true });
        assert.equal(await link.textContent(), XSS_NAME);
        assert.equal(await page.locator('img[src="x"]').count(), 0);
        assert.equal(await page.evaluate(() => (window as { __xss?: unknown }).__xss), undefined);
      });
    });

    it("draws the embed with no site chrome, links opening the whole page, on a phone", async () => {
      await onPage(`/embed/map?espace=${SLUG}`, "embed", async (page) => {
        assert.deepEqual(await markers(page), { markers: 2, clusters: 0 });
        assert.equal(await page.locator(".site-header, .site-footer, nav").count(), 0);
        const directory = page.getByRole("link", { name: translate("fr", "commons.openDirectory") });
        assert.equal(await directory.getAttribute("target"), "_blank");
        assert.equal(await directory.isVisible(), true);
        await page.getByTitle(GARDEN, { exact: true }).click();
        const link = page.locator(".leaflet-popup-content a");
        await link.waitFor({ state: "visible" });
        assert.equal(await link.getAttribute("target"), "_top");
        const box = await page.locator("#map").boundingBox();
        assert.ok(
          box && box.width === PHONE.width && box.height === PHONE.height,
          "the map fills the viewport",
        );
        await fitsPhone(page);
      });
    });

    it("answers the embed with frame-ancestors *, and another site can frame it", async () => {
      if (setupError) throw setupError;
      assert.ok(context && host);
      const response = await context.request.get(`/embed/map?espace=${SLUG}`);
      assert.match(response.headers()["content-security-policy"] ?? "", /frame-ancestors \*/);
      assert.equal(response.headers()["x-frame-options"], undefined);
      const page = await context.newPage();
      try {
        await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`);
        const frame = await (await page.locator("iframe").elementHandle())?.contentFrame();
        assert.ok(frame, "the embed loads in the frame");
        assert.deepEqual(await markers(frame), { markers: 2, clusters: 0 });
      } catch (error) {
        await screenshot(page, "framed");
        throw error;
      } finally {
        await page.close();
      }
    });

    it("puts a draggable pin on each place of the commons form, written as manual coordinates", async () => {
      if (setupError) throw setupError;
      assert.ok(browser && app);
      const { session } = await app.communs.accounts.login({
        email: adminEmail,
        password: "un mot de passe solide",
      });
      const signedIn = await browser.newContext({ viewport: PHONE, locale: "fr-FR", baseURL: baseUrl });
      signedIn.setDefaultTimeout(5_000);
      await signedIn.addCookies([{ name: "communs_session", value: session, url: baseUrl }]);
      const page = await signedIn.newPage();
      page.on("pageerror", (error) => problems.push(`form: ${error.message}`));
      try {
        await page.goto(`/espaces/${SLUG}/communs/nouveau`);
        const fieldset = page.locator('fieldset.place[data-place="0"]');
        const map = fieldset.locator(".place-map");
        await map.waitFor({ state: "visible" });
        const latitude = page.locator('input[name="places.0.latitude"]');
        const longitude = page.locator('input[name="places.0.longitude"]');
        assert.equal(await latitude.inputValue(), "");
        await map.click();
        const tapped = [Number(await latitude.inputValue()), Number(await longitude.inputValue())];
        assert.ok(Math.abs((tapped[0] ?? 0) - 46.6) < 2 && Math.abs((tapped[1] ?? 0) - 2.4) < 3, `${tapped}`);
        assert.equal(await fieldset.getAttribute("data-pin"), "manual");

        const pin = fieldset.locator(".leaflet-marker-icon");
        const box = await pin.boundingBox();
        assert.ok(box);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30, { steps: 8 });
        await page.mouse.up();
        const dragged = [Number(await latitude.inputValue()), Number(await longitude.inputValue())];
        assert.ok((dragged[0] ?? 0) < (tapped[0] ?? 0), "dragged south");
        assert.ok((dragged[1] ?? 0) > (tapped[1] ?? 0), "dragged east");

        await page.getByLabel("Nom", { exact: true }).fill("Ressourcerie du Faubourg");
        await page.locator('input[name="places.0.commune"]').fill("Somewhere");
        await Promise.all([
          page.waitForURL("**/communs/ressourcerie-du-faubourg"),
          page.getByRole("button", { name: "Enregistrer" }).click(),
        ]);
        const saved = await app.communs.commons.forEdit(
          await app.communs.accounts.findByEmail(adminEmail),
          SLUG,
          "ressourcerie-du-faubourg",
        );
        const [where] = saved.record.places;
        assert.equal(where?.latitude, dragged[0]);
        assert.equal(where?.longitude, dragged[1]);
        assert.equal(where?.geo?.source, "manual");
        assert.deepEqual(problems, []);
      } catch (error) {
        await screenshot(page, "form-pin");
        throw error;
      } finally {
        problems.length = 0;
        await signedIn.close();
      }
    });

    it("without JavaScript, says the map needs it and lists the places with their links", async () => {
      if (setupError) throw setupError;
      assert.ok(browser);
      const noScript = await browser.newContext({
        javaScriptEnabled: false,
        locale: "fr-FR",
        viewport: PHONE,
        baseURL: baseUrl,
      });
      const page = await noScript.newPage();
      try {
        await page.goto(`/espaces/${SLUG}/carte`);
        assert.equal(await page.getByText(translate("fr", "commons.mapNeedsJs")).isVisible(), true);
        assert.equal(await page.locator("#map").isVisible(), false, "no empty box where the map would be");
        const places = page.locator("details.map-places");
        assert.equal(await places.getAttribute("open"), "");
        assert.equal(await places.getByRole("link", { name: GARDEN }).isVisible(), true);
        assert.equal(await places.getByRole("link", { name: XSS_NAME, exact: true }).isVisible(), true);
        await page.getByRole("link", { name: "Voir la liste" }).click();
        await page.waitForURL(/#lieux$/);
        assert.ok(
          await places.getByRole("link", { name: GARDEN }).evaluate((a) => {
            const r = a.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
          }),
          "the list toggle brings the list into view",
        );
        await fitsPhone(page);
      } catch (error) {
        await screenshot(page, "no-javascript");
        throw error;
      } finally {
        await noScript.close();
      }
    });
  });
}
