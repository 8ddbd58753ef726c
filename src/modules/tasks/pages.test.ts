// The task board through its pages and its API, as people use them without JavaScript: a member
// creates, takes and finishes through the forms; refusals show the form again in French; what people
// type comes back escaped; a chamber's volunteer claims the expected expense in one step.
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAssembly,
  buildChamber,
  buildMember,
  buildPerson,
  buildToken,
  signIn,
} from "../../../test/helpers/factories.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";
import { setDoocracyCap } from "../../../test/helpers/tasks.ts";
import { translate } from "../../web/i18n.ts";
import { COLUMN_SIZE } from "./service.ts";

const ASSEMBLY = "assemblee-lille";
const CHAMBER = "chambre-salles";
const BOARD = `/espaces/${ASSEMBLY}/taches`;
const CHAMBER_BOARD = `/espaces/${CHAMBER}/taches`;
const SCRIPT = "<script>alert(1)</script>";
const SCRIPT_ESCAPED = "&lt;script>alert(1)&lt;/script>";

/** What the page says, French spacing made plain. */
const plain = (html: string) => html.replace(/[\u00a0\u202f]/g, " ").replace(/&#39;|’/g, "’");
const fr = (key: string, params?: Record<string, string>) => plain(translate("fr", key, params));
const taskIdOf = (location: unknown) => /\/taches\/([0-9a-f-]{36})$/.exec(String(location))?.[1];

for (const dialect of testDialects()) {
  describe(`task board pages [${dialect.name}]`, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "communs-tasks-"));
    const h = useApp(dialect, { dataDir });
    let lucie: Visitor;
    let fanny: Visitor;
    let olga: Visitor;
    let malo: Visitor;
    let maloToken: string;
    let lucieToken: string;

    before(async () => {
      const assembly = await buildAssembly(h.app, { slug: ASSEMBLY, name: "Assemblée de Lille" });
      lucie = await signIn(h, await buildMember(h.app, assembly, "member", { name: "Lucie Martin" }));
      const lucieP = await h.app.communs.accounts.personFromSession(lucie.cookie("communs_session") ?? "");
      assert.ok(lucieP);
      lucieToken = await buildToken(h.app, lucieP);
      fanny = await signIn(h, await buildMember(h.app, assembly, "facilitator", { name: "Fanny" }));
      olga = await signIn(h, await buildPerson(h.app, { name: "Olga" }));
      const chamber = await buildChamber(h.app, { slug: CHAMBER, name: "Chambre des salles" });
      const maloP = await buildMember(h.app, chamber, "member", { name: "Malo" });
      malo = await signIn(h, maloP);
      maloToken = await buildToken(h.app, maloP);
    });

    it("shows an empty board to anyone, with its three states and a way in", async () => {
      const board = await new Visitor(h).get(BOARD);
      assert.equal(board.statusCode, 200);
      const text = plain(board.body);
      for (const state of ["open", "taken", "done"])
        assert.ok(text.includes(fr(`tasks.state.${state}`)), state);
      assert.ok(text.includes(fr("tasks.empty.open")));
      assert.ok(text.includes(fr("tasks.loginToHelp")));
      assert.ok(!board.body.includes(`href="${BOARD}/nouvelle"`), "no creation offered to a visitor");
      const home = await new Visitor(h).get(`/espaces/${ASSEMBLY}`);
      assert.ok(home.body.includes(`href="${BOARD}"`), "the space's home links its board");
    });

    it("lets a member create, take and finish a task through the forms, each step in its history", async () => {
      assert.ok((await lucie.get(BOARD)).body.includes(`href="${BOARD}/nouvelle"`));
      const created = await lucie.submit(`${BOARD}/nouvelle`, `${BOARD}/nouvelle`, {
        title: "Réserver la salle",
        description: "Pour la **plénière** du 12.",
        group: "",
        dueDate: "2026-05-12",
      });
      assert.equal(created.statusCode, 303, created.body);
      const id = taskIdOf(created.headers.location);
      assert.ok(id);
      const url = `${BOARD}/${id}`;
      let page = await lucie.get(url);
      assert.equal(page.statusCode, 200);
      assert.ok(plain(page.body).includes(fr("tasks.created")));
      assert.match(page.body, /<strong>plénière<\/strong>/, "the description is Markdown");
      assert.ok(page.body.includes(`action="${url}/prendre"`));
      assert.equal((await lucie.submit(url, `${url}/prendre`, {})).statusCode, 303);
      page = await lucie.get(url);
      assert.ok(plain(page.body).includes(fr("tasks.taken")));
      assert.ok(page.body.includes(`action="${url}/terminer"`));
      assert.ok(!page.body.includes(`action="${url}/prendre"`), "not offered twice");
      const board = plain((await new Visitor(h).get(BOARD)).body);
      assert.ok(board.includes("Prise par Lucie Martin."));
      assert.equal((await lucie.submit(url, `${url}/terminer`, {})).statusCode, 303);
      page = await new Visitor(h).get(url);
      const text = plain(page.body);
      assert.ok(text.includes("<strong>Fait</strong>"));
      for (const sentence of [
        "Lucie Martin a créé la tâche « Réserver la salle ».",
        "Lucie Martin a pris la tâche « Réserver la salle ».",
        "Lucie Martin a terminé la tâche « Réserver la salle ».",
      ])
        assert.ok(text.includes(sentence), sentence);
      const again = await lucie.submit(url, `${url}/terminer`, {});
      assert.equal(again.statusCode, 409, "a done task is not finished twice");
      assert.ok(plain(again.body).includes(fr("error.TASK_STATE")));
      const outsider = await olga.submit(url, `${url}/prendre`, {});
      assert.equal(outsider.statusCode, 403);
    });

    it("shows the form again with a French message and a 400 for a bad due date, writing nothing", async () => {
      const count = async () =>
        Number(
          (
            await h.db.kysely
              .selectFrom("tasks")
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const refused = await lucie.submit(`${BOARD}/nouvelle`, `${BOARD}/nouvelle`, {
        title: "Tracter au marché",
        dueDate: "2026-02-30",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /<html lang="fr"/);
      assert.ok(plain(refused.body).includes(fr("msg.tasks.dueDateInvalid")));
      assert.match(refused.body, /value="Tracter au marché"/, "the form keeps what was typed");
      const money = await lucie.submit(`${BOARD}/nouvelle`, `${BOARD}/nouvelle`, {
        title: "Acheter du café",
        expectedExpense: "12",
      });
      assert.equal(money.statusCode, 400, "an assembly has no money");
      assert.equal(await count(), before);
    });

    it("edits a task through its form, kept as it was typed, the change in its history", async () => {
      const id = (
        await h.app.communs.tasks.create(await person(lucie), ASSEMBLY, { title: "Prévenir la presse" })
      ).id;
      const url = `${BOARD}/${id}`;
      const form = await lucie.get(`${url}/modifier`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /value="Prévenir la presse"/);
      assert.equal((await olga.get(`${url}/modifier`)).statusCode, 403);
      const refused = await lucie.submit(`${url}/modifier`, `${url}/modifier`, { title: "" });
      assert.equal(refused.statusCode, 400);
      const saved = await lucie.submit(`${url}/modifier`, `${url}/modifier`, {
        title: "Prévenir la presse locale",
        dueDate: "2026-06-01",
      });
      assert.equal(saved.statusCode, 303);
      const page = plain((await lucie.get(url)).body);
      assert.ok(page.includes(fr("tasks.saved")));
      assert.ok(
        page.includes("Lucie Martin a modifié la tâche « Prévenir la presse locale » : titre, échéance."),
      );
    });

    it("drops a task only with a reason, given on its page", async () => {
      const id = (
        await h.app.communs.tasks.create(await person(lucie), ASSEMBLY, { title: "Coller les affiches" })
      ).id;
      const url = `${BOARD}/${id}`;
      const refused = await lucie.submit(url, `${url}/abandonner`, { reason: "" });
      assert.equal(refused.statusCode, 400);
      assert.ok(plain(refused.body).includes(fr("msg.field.required")));
      const dropped = await lucie.submit(url, `${url}/abandonner`, { reason: "La mairie s’en charge" });
      assert.equal(dropped.statusCode, 303);
      const all = plain((await lucie.get(`${BOARD}?tout=1`)).body);
      assert.ok(all.includes("Motif : La mairie s’en charge"));
    });

    it("escapes markup typed in a title, a description, a group and a reason", async () => {
      await fanny.submit(`${BOARD}/groupes`, `${BOARD}/groupes`, { action: "create", name: SCRIPT });
      const groups = await fanny.get(`${BOARD}/groupes`);
      const groupId = /name="group" value="([0-9a-f-]{36})"/.exec(groups.body)?.[1];
      assert.ok(groupId);
      const created = await lucie.submit(`${BOARD}/nouvelle`, `${BOARD}/nouvelle`, {
        title: SCRIPT,
        description: `${SCRIPT} <img src=x onerror=alert(1)>`,
        group: groupId,
      });
      assert.equal(created.statusCode, 303, created.body);
      const url = `${BOARD}/${taskIdOf(created.headers.location)}`;
      await lucie.submit(url, `${url}/abandonner`, { reason: SCRIPT });
      for (const page of [
        await lucie.get(url),
        await lucie.get(`${BOARD}?tout=1`),
        await fanny.get(`/espaces/${ASSEMBLY}/journal`),
      ]) {
        assert.ok(!page.body.includes(SCRIPT), "no raw script");
        assert.doesNotMatch(page.body, /<img[^>]*onerror/i);
        assert.ok(page.body.includes(SCRIPT_ESCAPED));
      }
      const refused = await lucie.submit(`${BOARD}/nouvelle`, `${BOARD}/nouvelle`, {
        title: `"><img src=x onerror=alert(1)>`,
        dueDate: "hier",
      });
      assert.equal(refused.statusCode, 400);
      assert.doesNotMatch(refused.body, /<img[^>]*onerror/i);
    });

    it("highlights an overdue task and filters the board by group and by « mes tâches »", async () => {
      await fanny.submit(`${BOARD}/groupes`, `${BOARD}/groupes`, { action: "defaults" });
      const { groups } = await h.app.communs.tasks.managing(await person(fanny), ASSEMBLY);
      const logistics = groups.find((g) => g.name === "Logistique");
      assert.ok(logistics);
      const tasks = h.app.communs.tasks;
      await tasks.create(await person(fanny), ASSEMBLY, {
        title: "Rendre les clés",
        dueDate: "2020-01-01",
        groupId: logistics.id,
      });
      await tasks.create(await person(lucie), ASSEMBLY, { title: "Ma tâche à moi" }, { take: true });
      const board = await lucie.get(BOARD);
      assert.match(board.body, /class="overdue"/);
      assert.ok(plain(board.body).includes("en retard"));
      const byGroup = plain((await lucie.get(`${BOARD}?groupe=${logistics.id}`)).body);
      assert.ok(byGroup.includes("Rendre les clés") && !byGroup.includes("Ma tâche à moi"));
      const mine = plain((await lucie.get(`${BOARD}?miennes=1`)).body);
      assert.ok(mine.includes("Ma tâche à moi") && !mine.includes("Rendre les clés"));
      assert.equal((await lucie.get(`${BOARD}/groupes`)).statusCode, 403, "groups are the facilitators'");
    });

    it("shows a column's first tasks in the board's order, how many it holds, and the rest a page further", async () => {
      const big = await buildAssembly(h.app, { slug: "assemblee-chargee", name: "Assemblée chargée" });
      const busy = await buildMember(h.app, big, "member", { name: "Zoé" });
      for (let n = 1; n <= COLUMN_SIZE + 5; n++)
        await h.app.communs.tasks.create(busy, big.slug, { title: `Tâche ${n}` });
      const board = "/espaces/assemblee-chargee/taches";
      const first = await new Visitor(h).get(board);
      const cards = (html: string) => (html.match(/<li class="card">/g) ?? []).length;
      assert.equal(cards(first.body), COLUMN_SIZE);
      assert.ok(first.body.includes(`<span class="badge">${COLUMN_SIZE + 5}</span>`));
      assert.ok(first.body.includes(">Tâche 1<") && !first.body.includes(`>Tâche ${COLUMN_SIZE + 1}<`));
      assert.ok(
        plain(first.body).includes(
          fr("tasks.shownOf", { shown: `${COLUMN_SIZE}`, total: `${COLUMN_SIZE + 5}` }),
        ),
      );
      const next = `${board}?etat=a-prendre&amp;page=2`;
      assert.ok(first.body.includes(`href="${next}"`), "the rest is a page further");
      const second = await new Visitor(h).get(next.replace("&amp;", "&"));
      assert.equal(cards(second.body), 5);
      assert.ok(second.body.includes(`>Tâche ${COLUMN_SIZE + 5}<`) && !second.body.includes(">Tâche 1<"));
      assert.ok(plain(second.body).includes(fr("tasks.pageOf", { page: "2", pages: "2" })));
      assert.ok(second.body.includes(`href="${board}?etat=a-prendre&amp;page=1"`));
      assert.ok(second.body.includes(`href="${board}"`), "and back to the whole board");
      assert.ok(!plain(second.body).includes(fr("tasks.state.taken")), "that column alone");
    });

    it("lets a chamber's volunteer claim the expense in one step, and says when it needs a decision", async () => {
      await setDoocracyCap(h.db, CHAMBER, 5_000);
      const created = await malo.submit(`${CHAMBER_BOARD}/nouvelle`, `${CHAMBER_BOARD}/nouvelle`, {
        title: "Louer la sono",
        expectedExpense: "120",
        take: "1",
      });
      assert.equal(created.statusCode, 303, created.body);
      const url = `${CHAMBER_BOARD}/${taskIdOf(created.headers.location)}`;
      const page = await malo.get(url);
      assert.ok(plain(page.body).includes(fr("tasks.aboveCap")));
      assert.ok(plain(page.body).includes(fr("tasks.claimExpense")));
      assert.match(page.body, /name="amount" type="text" value="120,00"/);
      const body = multipartBody(
        {
          _csrf: malo.csrfToken(),
          amount: "118,40",
          date: "2026-04-09",
          account: "6132",
          envelope: "",
          iban: "",
        },
        { receipt: { filename: "facture.pdf", type: "application/pdf", content: "%PDF-1.4\n%%EOF\n" } },
      );
      const claimed = await malo.request({ method: "POST", url: `${url}/depense`, ...body });
      assert.equal(claimed.statusCode, 303, claimed.body);
      const after = await malo.get(url);
      assert.ok(plain(after.body).includes(fr("tasks.expenseClaimedAbove")));
      const claimLink = /href="(\/espaces\/chambre-salles\/notes-de-frais\/[0-9a-f-]{36})"/.exec(
        after.body,
      )?.[1];
      assert.ok(claimLink, "the task links its claim");
      const claim = await malo.get(claimLink);
      assert.equal(claim.statusCode, 200);
      assert.ok(plain(claim.body).includes(fr("claims.aboveCap")));
      assert.ok(plain(claim.body).includes("La dépense de la tâche « Louer la sono »."));
      assert.ok(!plain(after.body).includes(`action="${url}/depense"`), "claimed once");
      const assemblyTask = await new Visitor(h).get(BOARD);
      assert.ok(!plain(assemblyTask.body).includes(fr("tasks.claimExpense")), "no money in an assembly");
    });

    it("answers the JSON API: create, read, take, done", async () => {
      const auth = { authorization: `Bearer ${lucieToken}` };
      const created = await h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${ASSEMBLY}/tasks`,
        headers: auth,
        payload: { title: "Ranger la salle", group: "logistique", dueDate: "2026-05-13" },
      });
      assert.equal(created.statusCode, 201, created.body);
      const task = created.json();
      assert.deepEqual(
        [task.title, task.group, task.dueDate, task.state, task.volunteers, task.expectedExpense],
        ["Ranger la salle", "Logistique", "2026-05-13", "open", [], null],
      );
      const taken = await h.app.inject({
        method: "POST",
        url: `/api/v1/tasks/${task.id}/take`,
        headers: auth,
      });
      assert.equal(taken.statusCode, 200, taken.body);
      assert.equal(taken.json().state, "taken");
      assert.equal(taken.json().volunteers[0].name, "Lucie Martin");
      const done = await h.app.inject({
        method: "POST",
        url: `/api/v1/tasks/${task.id}/done`,
        headers: auth,
        payload: {},
      });
      assert.equal(done.json().state, "done");
      const again = await h.app.inject({
        method: "POST",
        url: `/api/v1/tasks/${task.id}/release`,
        headers: auth,
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error, "TASK_STATE");
      const listed = await h.app.inject({
        method: "GET",
        url: `/api/v1/spaces/${ASSEMBLY}/tasks?state=done&group=Logistique`,
      });
      assert.deepEqual(
        listed.json().tasks.map((t: { id: string }) => t.id),
        [task.id],
      );
      const read = await h.app.inject({ method: "GET", url: `/api/v1/tasks/${task.id}` });
      assert.equal(read.json().id, task.id);
      const money = await h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${CHAMBER}/tasks`,
        headers: { authorization: `Bearer ${maloToken}` },
        payload: { title: "Acheter des gobelets", expectedExpense: 2_500 },
      });
      assert.equal(money.statusCode, 201);
      assert.equal(money.json().expectedExpense, 2_500);
      const refused = await h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${ASSEMBLY}/tasks`,
        headers: auth,
        payload: { title: "x", expectedExpense: 100 },
      });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(refused.json().fields, { expectedExpense: translate("fr", "msg.tasks.noMoneyHere") });
      const doc = (await h.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
      for (const p of [
        "/api/v1/spaces/{slug}/tasks",
        "/api/v1/tasks/{id}",
        "/api/v1/tasks/{id}/take",
        "/api/v1/tasks/{id}/release",
        "/api/v1/tasks/{id}/done",
      ])
        assert.ok(doc.paths[p], p);
    });

    /** The person a signed-in visitor is. */
    async function person(visitor: Visitor) {
      const found = await h.app.communs.accounts.personFromSession(visitor.cookie("communs_session") ?? "");
      assert.ok(found);
      return found;
    }
  });
}
