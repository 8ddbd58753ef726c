// Notifications in a real browser on a 375 px phone with JavaScript off: a facilitator sees the unread
// count in the header, opens a join request from the Notifications page (which marks it read, and leads
// to the chamber's co-optation round) and chooses, on the settings page, to hear of requests in a daily
// digest.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.ts";
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
import { buildChamber, buildPerson, PASSWORD } from "../helpers/factories.ts";

const PHONE = { width: 375, height: 812 };

for (const dialect of testDialects()) {
  describe(`notifications in a browser, on a 375 px phone [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    let app: FastifyInstance | undefined;
    let browser: BrowserPerson | undefined;
    const address = email("facilitatrice");

    before(async () => {
      database = await dialect.create();
      app = await buildApp({ config: testConfig(), db: database.db });
      const facilitator = await buildPerson(app, {
        name: "Fanny Facilitatrice",
        email: address,
        admin: true,
      });
      const { slug } = await buildChamber(app, {
        by: facilitator,
        slug: "chambre-velo",
        name: "Chambre vélo",
      });
      const newcomer = await buildPerson(app, { name: "Jeanne Vélo" });
      await app.communs.spaces.join(newcomer, slug, { introduction: "Je répare des vélos." });
      await app.listen({ port: 0, host: "127.0.0.1" });
      browser = await openBrowser("fanny", `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
      await browser.page.setViewportSize(PHONE);
    });

    after(async () => {
      await browser?.close();
      await app?.close();
      await database?.drop();
    });

    it("shows the unread count, opens a notification, and saves the settings", async () => {
      assert.ok(browser);
      const page = browser.page;
      try {
        await page.goto("/connexion");
        await page.getByLabel("Adresse e-mail").fill(address);
        await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
        await follow(page, page.getByRole("button", { name: "Se connecter" }));
        const header = page.getByRole("navigation", { name: "Navigation principale" });
        await follow(page, header.getByRole("link", { name: "Notifications (1 non lue)" }));
        await see(page.getByRole("heading", { level: 1, name: "Notifications" }));
        await checkFitsWidth(page);
        await follow(
          page,
          page.getByRole("button", { name: /Jeanne Vélo demande à rejoindre Chambre vélo/ }),
        );
        // The chamber co-opts: the request leads to its consent round, where it is decided.
        assert.match(page.url(), /\/espaces\/chambre-velo\/decisions\/1$/);
        await see(page.getByRole("heading", { level: 1, name: "Cooptation : Jeanne Vélo" }));
        await see(header.getByRole("link", { name: "Notifications", exact: true }));

        await page.goto("/notifications/reglages");
        await checkFitsWidth(page);
        await page.getByRole("combobox", { name: "Demandes d’adhésion" }).selectOption("digest");
        await follow(page, page.getByRole("button", { name: "Enregistrer mes réglages" }));
        await see(flash(page, "Vos réglages de notifications sont enregistrés."));
        assert.equal(
          await page.getByRole("combobox", { name: "Demandes d’adhésion" }).inputValue(),
          "digest",
        );
        await checkFitsWidth(page);
      } catch (error) {
        const saved = await keepScreenshots([browser], `notifications ${dialect.name}`);
        if (saved.length > 0) console.error(`Screenshots:\n  ${saved.join("\n  ")}`);
        throw error;
      }
    });
  });
}
