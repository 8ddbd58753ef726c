// A meeting's whole cycle as an assembly lives it, in real browsers on a 375 px phone with JavaScript
// off: the facilitator plans a meeting; a member proposes a theme and says « Je viens » with a line about
// themselves; on the day the facilitator ticks who came, takes the minutes (two timestamped notes, a
// workshop, an action item with two volunteers) and publishes them; the action item is now a task on the
// board, which the volunteer marks done; the space's public activity shows each step.
//
// Debian's Chromium (/usr/bin/chromium) is required: without it these tests fail, they never skip.
// Screenshots of the meeting page and the board are kept in test-results/ (and of each open page on a
// failed step).
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Locator, Page } from "playwright-core";
import { buildApp } from "../../src/app.ts";
import { utcToParis } from "../../src/core/paris-time.ts";
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
import { buildAssembly, buildMember, PASSWORD } from "../helpers/factories.ts";

const NARROW_PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const ASSEMBLY = "Assemblée des communs de Bourg-la-Rivière";
const SLUG = "assemblee-bourg-la-riviere";
const FANNY = "Fanny Animatrice";
const MALO = "Malo Membre";
const GUEST = "Jeanne Sans-Compte";
const MEETING = "Assemblée de décembre";
const THEME = "Réparer le four à pain";
const INTRO = "Boulangère au fournil du quartier, je m’occupe du four.";
const ACTION = "Demander deux devis pour la réparation du four";
const WORKSHOP = "Le four, quelles pistes ?";
const REPORT = "Trois pistes :\n- le four de l’école\n- un four mobile\n- une location";

/** "2026-12-07T12:30": a Paris time `hours` from now, as a datetime-local field takes it. */
function parisIn(hours: number): string {
  return utcToParis(new Date(Date.now() + hours * 3_600_000)).local;
}

for (const dialect of testDialects()) {
  describe(`a meeting's cycle in a browser, on a 375 px phone [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    let app: FastifyInstance | undefined;
    const people: BrowserPerson[] = [];
    let baseUrl = "";
    let fanny: Page;
    let malo: Page;
    let visitor: Page;
    let setupError: unknown;
    let failedStep: string | undefined;
    let meetingUrl = "";
    const problems: string[] = [];
    /** Where a form is refused on purpose: its 400 answer is not a problem. */
    const refusals = new Set<string>();
    const refused = (url: string, status: number) => status === 400 && refusals.has(new URL(url).pathname);
    const fannyEmail = email("fanny");
    const maloEmail = email("malo");

    /** Script and console errors, and any answer of the site that is an error (4xx, 5xx). */
    function watch(page: Page, who: string): void {
      page.on("pageerror", (error) => problems.push(`${who} ${page.url()}: ${error.message}`));
      page.on("console", (message) => {
        const favicon = message.location().url.endsWith("/favicon.ico");
        const expected = /status of 400/.test(message.text()) && refused(message.location().url, 400);
        if (message.type() === "error" && !favicon && !expected)
          problems.push(`${who} ${page.url()}: ${message.text()}`);
      });
      page.on("response", (response) => {
        const url = new URL(response.url());
        if (url.origin !== baseUrl || url.pathname === "/favicon.ico") return;
        if (response.status() >= 400 && !refused(response.url(), response.status()))
          problems.push(`${who} ${response.status()} ${url.pathname}`);
      });
    }

    before(async () => {
      try {
        database = await dialect.create();
        app = await buildApp({ config: testConfig(), db: database.db });
        const assembly = await buildAssembly(app, { slug: SLUG, name: ASSEMBLY });
        await buildMember(app, assembly, "facilitator", { name: FANNY, email: fannyEmail });
        await buildMember(app, assembly, "member", { name: MALO, email: maloEmail });
        await app.listen({ port: 0, host: "127.0.0.1" });
        baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        for (const name of ["fanny", "malo", "visitor"]) {
          const person = await openBrowser(name, baseUrl);
          people.push(person);
          await person.page.setViewportSize(NARROW_PHONE);
          watch(person.page, name);
        }
        [fanny, malo, visitor] = people.map((p) => p.page) as [Page, Page, Page];
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await Promise.all(people.map((person) => person.close().catch(() => undefined)));
      await app?.close();
      await database?.drop();
    });

    /** Runs one step; on failure keeps screenshots, and later steps fail at once. */
    function step(name: string, body: () => Promise<void>) {
      return async () => {
        if (setupError) throw setupError;
        if (failedStep) throw new Error(`not run: the step "${failedStep}" failed before`);
        try {
          await body();
          assert.deepEqual(problems, [], "no error answer, no script or console error on any page");
        } catch (error) {
          failedStep = name;
          const saved = await keepScreenshots(people, `meetings ${dialect.name} ${name}`);
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
        path: path.join(RESULTS_DIR, `meetings-${dialect.name}-${name}.png`),
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

    /** From the space's home to the meeting, by its links. */
    async function openMeeting(page: Page) {
      await page.goto(`/espaces/${SLUG}`);
      await follow(page, page.getByRole("link", { name: "Les réunions, à venir et passées" }));
      await see(page.getByRole("heading", { level: 1, name: "Réunions" }));
      await follow(page, page.getByRole("link", { name: MEETING }));
      await see(page.getByRole("heading", { level: 1, name: MEETING }));
    }

    const section = (page: Page, name: string | RegExp) => page.getByRole("region", { name });

    /** Opens a folded form by its summary (no script needed) and gives the form inside. */
    async function unfold(scope: Locator, summary: string): Promise<Locator> {
      const details = scope
        .locator("details")
        .filter({ has: scope.page().getByText(summary, { exact: true }) });
      await details.locator("summary").click();
      assert.equal(await details.getAttribute("open"), "", `« ${summary} » opens`);
      return details.locator("form");
    }

    /** No two elements of the page share an id: each label leads to its own field. */
    async function checkUniqueIds(page: Page) {
      const twice = await page.evaluate(() => {
        const seen = new Map<string, number>();
        for (const element of document.querySelectorAll("[id]"))
          seen.set(element.id, (seen.get(element.id) ?? 0) + 1);
        return [...seen].filter(([, count]) => count > 1).map(([id, count]) => `#${id} × ${count}`);
      });
      assert.deepEqual(twice, [], `${page.url()} has ids given twice`);
    }

    it(
      "lets the facilitator plan a meeting",
      step("plan", async () => {
        await logIn(fanny, fannyEmail, FANNY);
        await fanny.goto(`/espaces/${SLUG}`);
        await follow(fanny, fanny.getByRole("link", { name: "Les réunions, à venir et passées" }));
        await follow(fanny, fanny.getByRole("link", { name: "Planifier une réunion" }));
        await see(fanny.getByRole("heading", { level: 1, name: "Planifier une réunion" }));
        await checkFitsWidth(fanny);
        await fanny.getByLabel("Titre").fill(MEETING);
        await fanny.getByLabel("Début").fill(parisIn(2));
        await fanny.getByLabel("Fin").fill(parisIn(4));
        await fanny.getByLabel("De quoi il s’agit (facultatif)").fill("Le point du mois, et le four à pain.");
        await fanny.getByLabel("Adresse", { exact: true }).fill("12 place du Marché, Bourg-la-Rivière");
        await follow(fanny, fanny.getByRole("button", { name: "Enregistrer" }));
        await see(flash(fanny, "La réunion est planifiée."));
        await see(fanny.getByRole("heading", { level: 1, name: MEETING }));
        await see(fanny.getByText("Prévue", { exact: true }));
        await see(section(fanny, "Ordre du jour").getByText("Aucun thème proposé pour l’instant."));
        meetingUrl = new URL(fanny.url()).pathname;
        assert.match(meetingUrl, new RegExp(`^/espaces/${SLUG}/reunions/[^/]+$`));
        await checkFitsWidth(fanny);
      }),
    );

    it(
      "lets a member propose a theme and say « Je viens » with a line about themselves",
      step("propose and answer", async () => {
        await logIn(malo, maloEmail, MALO);
        await openMeeting(malo);
        const agenda = section(malo, "Ordre du jour");
        const theme = await unfold(agenda, "Proposer un thème");
        await theme.getByLabel("Thème").fill(THEME);
        await theme.getByLabel("En quelques mots (facultatif)").fill("Il chauffe mal depuis l’automne.");
        await theme.getByLabel("Durée estimée, en minutes (facultatif)").fill("20");
        await follow(malo, theme.getByRole("button", { name: "Proposer" }));
        await see(flash(malo, "Votre thème est proposé."));
        await see(agenda.getByRole("listitem").filter({ hasText: `${THEME} (20 min)` }));
        await see(agenda.getByText(`Proposé par ${MALO}`));

        const attendance = section(malo, "Présences");
        const answer = attendance.getByRole("group", { name: "Venez-vous ?" });
        await answer.getByRole("radio", { name: "Je viens" }).check();
        await attendance.getByLabel("Qui je suis (une ligne)").fill(INTRO);
        await follow(malo, attendance.getByRole("button", { name: "Répondre" }));
        await see(flash(malo, "Votre réponse est enregistrée."));
        await see(attendance.getByRole("listitem").filter({ hasText: `${MALO} : ${INTRO} (Je viens)` }));
        assert.equal(await attendance.getByLabel("Qui je suis (une ligne)").inputValue(), INTRO);
        await checkFitsWidth(malo);
        await screenshot(malo, "meeting-member-375");
      }),
    );

    it(
      "lets the facilitator keep the theme, tick who came and take the minutes",
      step("minutes", async () => {
        await fanny.goto(meetingUrl);
        const agenda = section(fanny, "Ordre du jour");
        await see(agenda.getByText(`${THEME} (20 min) — proposé, à retenir`));
        await follow(fanny, agenda.getByRole("button", { name: `Retenir — ${THEME}` }));
        await see(flash(fanny, "L’ordre du jour est mis à jour."));
        const kept = agenda.getByRole("listitem").filter({ hasText: `${THEME} (20 min)` });
        await see(kept);
        assert.doesNotMatch((await kept.textContent()) ?? "", /à retenir/, "the theme is kept");

        const attendance = section(fanny, "Présences");
        const came = attendance.getByRole("group", { name: "Qui est venu" });
        await came.getByRole("checkbox", { name: new RegExp(MALO) }).check();
        await follow(fanny, attendance.getByRole("button", { name: "Enregistrer les présences" }));
        await see(flash(fanny, "Les présences sont enregistrées."));
        await see(fanny.getByText("Tenue, compte-rendu en cours"));
        assert.equal(await came.getByRole("checkbox", { name: new RegExp(MALO) }).isChecked(), true);
        await checkUniqueIds(fanny);

        const minutes = section(fanny, "Compte-rendu");
        await see(minutes.getByRole("heading", { level: 3, name: "Tour de présentation" }));
        await see(minutes.getByRole("listitem").filter({ hasText: `${MALO} : ${INTRO}` }));

        // A time that is no time is refused: the form opens again, its message beside the field.
        const wrong = await unfold(minutes, "Ajouter une note horodatée");
        await wrong.getByLabel("Heure").fill("26h99");
        await wrong.getByLabel("Note").fill("Accueil et tour de présentation.");
        refusals.add(`${meetingUrl}/compte-rendu`);
        await follow(fanny, wrong.getByRole("button", { name: "Ajouter une note horodatée" }));
        const again = minutes.locator("details[open]").locator("form");
        await see(again.getByRole("alert").getByRole("link", { name: /Une heure comme 10h36/ }));
        const time = again.getByLabel("Heure");
        assert.equal(await time.inputValue(), "26h99");
        assert.equal(await time.getAttribute("aria-invalid"), "true");
        const summaryLink = again.getByRole("alert").getByRole("link");
        assert.equal(await summaryLink.getAttribute("href"), `#${await time.getAttribute("id")}`);
        await checkUniqueIds(fanny);
        await time.fill("10h36");
        await follow(fanny, again.getByRole("button", { name: "Ajouter une note horodatée" }));
        await see(flash(fanny, "C’est ajouté au compte-rendu."));

        const entry = await unfold(minutes, "Ajouter une note horodatée");
        await entry.getByLabel("Heure").fill("12h20");
        await entry.getByLabel("Note").fill("Fin de l’atelier sur le four, retour en plénière.");
        await follow(fanny, entry.getByRole("button", { name: "Ajouter une note horodatée" }));
        await see(flash(fanny, "C’est ajouté au compte-rendu."));
        await see(minutes.getByText("10h36 : Accueil et tour de présentation."));
        await see(minutes.getByText("12h20 : Fin de l’atelier sur le four, retour en plénière."));

        const workshop = await unfold(minutes, "Ajouter un atelier");
        await workshop.getByLabel("Atelier", { exact: true }).fill(WORKSHOP);
        await workshop.getByLabel("Animé par").fill(MALO);
        await workshop.getByLabel("Participant·es").fill(`${FANNY}, ${GUEST}`);
        await workshop.getByLabel("Compte-rendu de l’atelier").fill(REPORT);
        await checkFitsWidth(fanny);
        await screenshot(fanny, "workshop-form-375");
        await follow(fanny, workshop.getByRole("button", { name: "Ajouter un atelier" }));
        await see(flash(fanny, "C’est ajouté au compte-rendu."));
        await see(minutes.getByRole("heading", { level: 4, name: WORKSHOP }));
        await see(minutes.getByText(`Animé par ${MALO}`));
        // The report keeps its lines, as the page draws them.
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is checked
        const report = await minutes.locator(".report").innerText();
        assert.equal(report, REPORT, "the workshop's report keeps its lines");

        const action = await unfold(minutes, "Ajouter une action");
        await action.getByLabel("Ce qu’il faut faire").fill(ACTION);
        await action.getByLabel("Volontaires").fill(`${MALO}, ${GUEST}`);
        await follow(fanny, action.getByRole("button", { name: "Ajouter une action" }));
        await see(flash(fanny, "C’est ajouté au compte-rendu."));
        await see(minutes.getByText(`${ACTION} — volontaires : ${MALO}, ${GUEST}`));
        await checkUniqueIds(fanny);
        await checkFitsWidth(fanny);
        await screenshot(fanny, "meeting-draft-375");
      }),
    );

    it(
      "lets the facilitator publish the minutes, the action item becoming a task",
      step("publish", async () => {
        const minutes = section(fanny, "Compte-rendu");
        const tasks = minutes.getByRole("group", { name: "Les actions à mettre au tableau des tâches" });
        const chosen = tasks.getByRole("checkbox", { name: ACTION });
        assert.equal(await chosen.isChecked(), true, "an action item becomes a task unless unticked");
        await follow(fanny, minutes.getByRole("button", { name: "Publier le compte-rendu" }));
        await see(flash(fanny, "Le compte-rendu est publié."));
        await see(fanny.getByText("Compte-rendu publié, ouvert aux corrections"));
        const item = minutes.getByRole("listitem").filter({ hasText: ACTION });
        await see(item.getByText("tâche", { exact: true }));
        assert.equal(await minutes.getByRole("button", { name: "Publier le compte-rendu" }).count(), 0);
        assert.equal(await minutes.getByText("Ajouter une note horodatée").count(), 0, "no more forms");
        await see(minutes.getByRole("heading", { level: 3, name: "Corrections" }));
        await checkFitsWidth(fanny);
        await screenshot(fanny, "meeting-published-375");
        await fanny.setViewportSize(DESKTOP);
        await screenshot(fanny, "meeting-published-1280");
        await fanny.setViewportSize(NARROW_PHONE);
      }),
    );

    it(
      "shows the task on the board, taken by both volunteers; the member marks it done",
      step("task done", async () => {
        await malo.goto(`/espaces/${SLUG}`);
        await follow(malo, malo.getByRole("link", { name: "Tableau des tâches" }));
        await see(malo.getByRole("heading", { level: 1, name: "Tâches" }));
        const taken = section(malo, /^En cours/);
        const card = taken.getByRole("listitem").filter({ hasText: ACTION });
        await see(card.getByText(`Prise par ${MALO}, ${GUEST}.`));
        await see(card.getByRole("link", { name: "Issue d’une réunion" }));
        await checkFitsWidth(malo);
        await follow(malo, card.getByRole("link", { name: ACTION }));
        await see(malo.getByRole("heading", { level: 1, name: ACTION }));
        await see(malo.getByText("En cours", { exact: true }));
        assert.equal(await malo.getByRole("button", { name: "Je la prends" }).count(), 0, "already theirs");
        await checkFitsWidth(malo);
        await screenshot(malo, "task-375");
        await follow(malo, malo.getByRole("button", { name: "C’est fait" }));
        await see(flash(malo, "Merci : la tâche est faite."));
        await see(malo.getByText("Fait", { exact: true }));
        await checkFitsWidth(malo);
        await follow(malo, malo.getByRole("link", { name: "Tâches" }));
        const done = section(malo, /^Fait/);
        await see(
          done.getByRole("listitem").filter({ hasText: ACTION }).getByText(`Faite par ${MALO}, ${GUEST}.`),
        );
        await checkFitsWidth(malo);
        await screenshot(malo, "board-375");
      }),
    );

    it(
      "shows each step on the space's public activity, to a visitor too",
      step("activity", async () => {
        for (const page of [visitor, malo]) {
          await page.goto(`/espaces/${SLUG}/activite`);
          await see(page.getByRole("heading", { level: 1, name: /^Ce qui se passe/ }));
          const activity = page.locator("ol.activity");
          for (const sentence of [
            `${FANNY} a annoncé la réunion « ${MEETING} ».`,
            `${FANNY} a publié le compte-rendu de « ${MEETING} ».`,
            `${FANNY} a créé la tâche « ${ACTION} » à partir d’une réunion.`,
            `${MALO} a terminé la tâche « ${ACTION} ».`,
          ])
            await see(activity.getByText(sentence));
          await checkFitsWidth(page);
        }
        await screenshot(visitor, "activity-375");
        await follow(
          visitor,
          visitor.getByRole("link", { name: `${FANNY} a publié le compte-rendu de « ${MEETING} ».` }),
        );
        await see(visitor.getByRole("heading", { level: 1, name: MEETING }));
        await see(section(visitor, "Compte-rendu").getByText(`${ACTION} — volontaires : ${MALO}, ${GUEST}`));
        await checkFitsWidth(visitor);
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
