// The do-ocracy task board, as the seed's assembly lives it: someone proposes « Réserver la salle »,
// Lucie takes it, Yann joins, one lets go, it gets done; a chamber runs its board by its own rule; a
// meeting's action items become tasks; an expected expense becomes a claim in one step.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAssembly,
  buildChamber,
  buildMember,
  buildPerson,
  errorCode as code,
} from "../../../test/helpers/factories.ts";
import { insertMeeting, setDoocracyCap, setTasksRule } from "../../../test/helpers/tasks.ts";
import { DomainError } from "../../core/errors.ts";
import type { Person } from "../accounts/service.ts";
import { auditSentence } from "../audit/service.ts";
import { createFromAction, type Tasks } from "./service.ts";

const ASSEMBLY = "assemblee-des-taches";
const CHAMBER = "chambre-des-taches";
const STRICT = "chambre-stricte";

/** A sentence as a reader sees it, French spacing made plain for comparison. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

async function fieldsOf(run: () => Promise<unknown>): Promise<Record<string, string>> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof DomainError && error.code === "VALIDATION_FAILED", String(error));
    return error.fields;
  }
  assert.fail("expected a validation error");
}

for (const dialect of testDialects()) {
  describe(`task board [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let tasks: Tasks;
    let lucie: Person;
    let yann: Person;
    let fanny: Person;
    let stranger: Person;
    let cm: { member: Person; facilitator: Person; other: Person };
    let strict: { member: Person; facilitator: Person };

    const state = async (id: string) => (await tasks.get(undefined, id)).state;
    const history = async (id: string) =>
      (await tasks.page(undefined, ASSEMBLY, id)).history.map((e) => plain(auditSentence("fr", e)));

    before(async () => {
      tasks = h.app.communs.tasks;
      const assembly = await buildAssembly(h.app, { slug: ASSEMBLY, name: "Assemblée des tâches" });
      lucie = await buildMember(h.app, assembly, "member", { name: "Lucie Martin" });
      yann = await buildMember(h.app, assembly, "member", { name: "Yann" });
      fanny = await buildMember(h.app, assembly, "facilitator", { name: "Fanny" });
      stranger = await buildPerson(h.app, { name: "Sans Espace" });
      const chamber = await buildChamber(h.app, { slug: CHAMBER, name: "Chambre des tâches" });
      cm = {
        member: await buildMember(h.app, chamber, "member", { name: "Malo" }),
        facilitator: await buildMember(h.app, chamber, "facilitator", { name: "Flore" }),
        other: await buildMember(h.app, chamber, "member", { name: "Olga" }),
      };
      const strictChamber = await buildChamber(h.app, { slug: STRICT, name: "Chambre stricte" });
      strict = {
        member: await buildMember(h.app, strictChamber, "member", { name: "Mona" }),
        facilitator: await buildMember(h.app, strictChamber, "facilitator", { name: "Fred" }),
      };
      await setTasksRule(h.db, STRICT, "facilitators");
    });

    it("takes, joins, lets go back to open, finishes; refuses the moves a state does not allow", async () => {
      const task = await tasks.create(yann, ASSEMBLY, { title: "Réserver la salle", dueDate: "2026-05-12" });
      assert.equal(task.state, "open");
      assert.equal(await code(() => tasks.release(fanny, task.id)), "TASK_STATE", "nobody holds it");
      assert.equal(
        await code(() => tasks.finish(fanny, task.id)),
        "TASK_STATE",
        "an open task is taken first",
      );
      await tasks.take(lucie, task.id);
      assert.equal(await state(task.id), "taken");
      await tasks.take(yann, task.id);
      await tasks.take(yann, task.id);
      assert.deepEqual(
        (await tasks.get(undefined, task.id)).volunteers.map((v) => v.name),
        ["Lucie Martin", "Yann"],
        "taking twice changes nothing",
      );
      await tasks.release(lucie, task.id);
      assert.equal(await state(task.id), "taken", "Yann still holds it");
      await tasks.release(yann, task.id);
      assert.equal(await state(task.id), "open", "nobody holds it any more");
      await tasks.take(lucie, task.id);
      await tasks.finish(lucie, task.id);
      assert.equal(await state(task.id), "done");
      for (const move of [
        () => tasks.take(yann, task.id),
        () => tasks.finish(lucie, task.id),
        () => tasks.release(lucie, task.id),
        () => tasks.drop(fanny, task.id, "Plus utile"),
        () => tasks.edit(lucie, task.id, { title: "Autre chose" }),
      ])
        assert.equal(await code(move), "TASK_STATE");
      assert.deepEqual(await history(task.id), [
        "Yann a créé la tâche « Réserver la salle ».",
        "Lucie Martin a pris la tâche « Réserver la salle ».",
        "Yann a pris la tâche « Réserver la salle ».",
        "Lucie Martin a lâché la tâche « Réserver la salle ».",
        "Yann a lâché la tâche « Réserver la salle ».",
        "Lucie Martin a pris la tâche « Réserver la salle ».",
        "Lucie Martin a terminé la tâche « Réserver la salle ».",
      ]);
    });

    it("drops a task only with a reason, and says why in its history", async () => {
      const task = await tasks.create(lucie, ASSEMBLY, { title: "Imprimer les affiches" });
      assert.deepEqual(await fieldsOf(() => tasks.drop(lucie, task.id, "  ")), { reason: "field.required" });
      assert.equal(await state(task.id), "open", "a refused drop changes nothing");
      await tasks.drop(lucie, task.id, "L’imprimerie solidaire s’en charge");
      const dropped = await tasks.get(undefined, task.id);
      assert.deepEqual(
        [dropped.state, dropped.drop_reason],
        ["dropped", "L’imprimerie solidaire s’en charge"],
      );
      assert.equal(
        (await history(task.id)).at(-1),
        "Lucie Martin a abandonné la tâche « Imprimer les affiches » : L’imprimerie solidaire s’en charge",
      );
    });

    it("lets any member of an assembly do, and keeps the rest to volunteers, creators and facilitators", async () => {
      assert.equal(await code(() => tasks.create(undefined, ASSEMBLY, { title: "x" })), "UNAUTHENTICATED");
      assert.equal(await code(() => tasks.create(stranger, ASSEMBLY, { title: "x" })), "FORBIDDEN");
      const task = await tasks.create(
        lucie,
        ASSEMBLY,
        { title: "Cartographier les jardins" },
        { take: true },
      );
      assert.equal(task.state, "taken", "its creator took it at once");
      assert.equal(await code(() => tasks.take(stranger, task.id)), "FORBIDDEN");
      assert.equal(await code(() => tasks.finish(yann, task.id)), "FORBIDDEN", "Yann does not hold it");
      assert.equal(await code(() => tasks.release(yann, task.id)), "FORBIDDEN");
      assert.equal(await code(() => tasks.drop(yann, task.id, "Non")), "FORBIDDEN", "nor did he create it");
      assert.equal(await code(() => tasks.edit(yann, task.id, { title: "Non" })), "FORBIDDEN");
      assert.equal(
        await code(() => tasks.manageGroups(lucie, ASSEMBLY, { action: "create", name: "Fête" })),
        "FORBIDDEN",
      );
      await tasks.take(yann, task.id);
      await tasks.release(fanny, task.id);
      const released = await tasks.get(undefined, task.id);
      assert.deepEqual([released.state, released.volunteers], ["open", []], "a facilitator lets everyone go");
      assert.equal(
        (await history(task.id)).at(-1),
        "Fanny a remis la tâche « Cartographier les jardins » à prendre.",
      );
      const page = await tasks.page(stranger, ASSEMBLY, task.id);
      assert.deepEqual(page.can, {
        take: false,
        release: false,
        finish: false,
        drop: false,
        edit: false,
        claimExpense: false,
      });
      assert.equal((await tasks.page(yann, ASSEMBLY, task.id)).can.take, true);
    });

    it("follows a chamber's rule: its members by default, its facilitators alone when it says so", async () => {
      const task = await tasks.create(cm.member, CHAMBER, { title: "Relire les statuts" });
      await tasks.take(cm.other, task.id);
      await tasks.finish(cm.other, task.id);
      assert.equal(await state(task.id), "done");
      assert.equal(await code(() => tasks.create(strict.member, STRICT, { title: "x" })), "FORBIDDEN");
      const assigned = await tasks.create(strict.facilitator, STRICT, { title: "Déposer le dossier" });
      assert.equal(await code(() => tasks.take(strict.member, assigned.id)), "FORBIDDEN");
      await tasks.take(strict.facilitator, assigned.id);
      assert.equal(await state(assigned.id), "taken");
      const board = await tasks.board(strict.member, STRICT);
      assert.deepEqual(board.can, { create: false, manageGroups: false });
      assert.deepEqual(
        board.tasks.map((t) => t.title),
        ["Déposer le dossier"],
        "everyone reads the board all the same",
      );
    });

    it("checks what is typed, and keeps an assembly's tasks without money", async () => {
      const long = "x".repeat(141);
      assert.deepEqual(
        await fieldsOf(() =>
          tasks.create(lucie, ASSEMBLY, {
            title: long,
            description: "y".repeat(5001),
            dueDate: "2026-02-30",
            groupId: "inconnu",
            expectedExpense: 2_000,
          }),
        ),
        {
          title: "field.tooLong.140",
          description: "field.tooLong.5000",
          dueDate: "tasks.dueDateInvalid",
          expectedExpense: "tasks.noMoneyHere",
          group: "tasks.groupUnknown",
        },
      );
      assert.deepEqual(await fieldsOf(() => tasks.create(lucie, ASSEMBLY, { title: "  " })), {
        title: "field.required",
      });
    });

    it("keeps the groups: created, renamed, moved, deleted with their tasks left ungrouped", async () => {
      await tasks.manageGroups(fanny, ASSEMBLY, { action: "defaults" });
      await tasks.manageGroups(fanny, ASSEMBLY, { action: "defaults" });
      const names = async () => (await tasks.managing(fanny, ASSEMBLY)).groups.map((g) => g.name);
      assert.deepEqual(await names(), ["Logistique", "Communication", "Cartographie"], "added once");
      assert.deepEqual(
        await fieldsOf(() => tasks.manageGroups(fanny, ASSEMBLY, { action: "create", name: "logistique" })),
        { name: "tasks.groupTaken" },
      );
      await tasks.manageGroups(fanny, ASSEMBLY, { action: "create", name: "Fête de quartier" });
      const groups = (await tasks.managing(fanny, ASSEMBLY)).groups;
      const [logistics, communication] = groups;
      assert.ok(logistics && communication);
      await tasks.manageGroups(fanny, ASSEMBLY, { action: "down", group: logistics.id });
      await tasks.manageGroups(fanny, ASSEMBLY, { action: "rename", group: communication.id, name: "Com’" });
      assert.deepEqual(await names(), ["Com’", "Logistique", "Cartographie", "Fête de quartier"]);
      const task = await tasks.create(lucie, ASSEMBLY, { title: "Porter les tables", groupId: logistics.id });
      const byName = await tasks.create(lucie, ASSEMBLY, { title: "Tract", groupName: "com’" });
      assert.equal(
        (await tasks.get(undefined, byName.id)).groupName,
        "Com’",
        "a group by its name, any case",
      );
      await tasks.manageGroups(fanny, ASSEMBLY, { action: "delete", group: logistics.id });
      assert.equal((await tasks.get(undefined, task.id)).groupName, null);
      assert.equal(
        await code(() => tasks.manageGroups(fanny, ASSEMBLY, { action: "up", group: logistics.id })),
        "TASK_GROUP_NOT_FOUND",
      );
      const log = (await h.app.communs.spaces.auditLog(fanny, ASSEMBLY)).entries;
      const sentences = log.map((e) => plain(auditSentence("fr", e)));
      assert.ok(sentences.includes("Fanny a renommé le groupe de tâches « Communication » en « Com’ »."));
      assert.ok(
        sentences.includes(
          "Fanny a supprimé le groupe de tâches « Logistique » ; ses tâches restent, sans groupe.",
        ),
      );
    });

    it("edits a task and says what changed", async () => {
      const task = await tasks.create(lucie, ASSEMBLY, { title: "Commander le café" });
      await tasks.edit(lucie, task.id, { title: "Commander le café équitable", dueDate: "2026-06-01" });
      await tasks.edit(lucie, task.id, { title: "Commander le café équitable", dueDate: "2026-06-01" });
      assert.deepEqual((await history(task.id)).slice(1), [
        "Lucie Martin a modifié la tâche « Commander le café équitable » : titre, échéance.",
      ]);
    });

    it("makes tasks of a meeting's action items, taken when someone volunteered", async () => {
      const space = await h.app.communs.spaces.get(ASSEMBLY);
      const meeting = await insertMeeting(h.db, space.id);
      const [taken, open] = await h.db.kysely.transaction().execute(async (trx) => [
        await createFromAction(trx, fanny, space.id, {
          title: "Rejoindre le groupe logistique",
          volunteers: [
            { name: "Christian", personId: null },
            { name: "Yann", personId: yann.id },
            { name: "Yann", personId: yann.id },
          ],
          dueDate: null,
          meetingId: meeting,
          actionItemId: "action-1",
        }),
        await createFromAction(trx, fanny, space.id, {
          title: `Écrire le compte-rendu ${"très ".repeat(40)}détaillé`,
          volunteers: [],
          dueDate: "2026-04-30",
          meetingId: meeting,
          actionItemId: "action-2",
        }),
      ]);
      const made = await tasks.tasksOfMeeting(meeting);
      assert.deepEqual(
        made.map((t) => [t.id, t.state, t.action_item_id, t.volunteers.map((v) => [v.name, v.personId])]),
        [
          [
            taken,
            "taken",
            "action-1",
            [
              ["Christian", null],
              ["Yann", yann.id],
            ],
          ],
          [open, "open", "action-2", []],
        ],
      );
      const cut = made[1];
      assert.ok(cut && [...cut.title].length === 140 && cut.title.endsWith("…"), "a long title is cut");
      assert.ok(cut.description.includes("détaillé"), "and kept whole in the description");
      await tasks.release(yann, taken);
      assert.equal(await state(taken), "taken", "Christian, without an account, still holds it");
      assert.deepEqual(await history(taken), [
        "Fanny a créé la tâche « Rejoindre le groupe logistique » à partir d’une réunion.",
        "Yann a lâché la tâche « Rejoindre le groupe logistique ».",
      ]);
      await assert.rejects(
        h.db.kysely.transaction().execute((trx) =>
          createFromAction(trx, fanny, space.id, {
            title: "x",
            volunteers: [],
            dueDate: "demain",
            meetingId: meeting,
            actionItemId: "a",
          }),
        ),
        (error) => error instanceof DomainError && error.fields.dueDate === "tasks.dueDateInvalid",
      );
    });

    it("lists the tasks a person holds, and those past their due date", async () => {
      const person = await buildMember(h.app, { slug: ASSEMBLY, admin: fanny }, "member", { name: "Dora" });
      const late = await tasks.create(
        person,
        ASSEMBLY,
        { title: "En retard", dueDate: "2020-01-01" },
        { take: true },
      );
      const soon = await tasks.create(
        person,
        ASSEMBLY,
        { title: "Bientôt", dueDate: "2099-01-01" },
        { take: true },
      );
      await tasks.create(person, ASSEMBLY, { title: "Pas prise" });
      assert.deepEqual(
        (await tasks.openTasksOf(person.id)).map((t) => t.id),
        [late.id, soon.id],
      );
      assert.deepEqual(
        (await tasks.overdueTasksOf(person.id)).map((t) => [t.id, t.spaceSlug]),
        [[late.id, ASSEMBLY]],
      );
      const mine = await tasks.board(person, ASSEMBLY, { mine: true });
      assert.deepEqual(
        mine.tasks.map((t) => t.title),
        ["En retard", "Bientôt"],
      );
    });

    describe("an expected expense", () => {
      const claim = { amount: 3_000, date: "2026-04-09", account: "6132" };

      it("under the cap: its volunteer claims it in one step, linked to the task", async () => {
        const task = await tasks.create(
          cm.member,
          CHAMBER,
          { title: "Louer la sono", expectedExpense: 3_000 },
          { take: true },
        );
        assert.equal(await code(() => tasks.claimExpense(cm.other, CHAMBER, task.id, claim)), "FORBIDDEN");
        const count = async () =>
          Number(
            (
              await h.db.kysely
                .selectFrom("expense_claims")
                .select((eb) => eb.fn.countAll().as("n"))
                .executeTakeFirstOrThrow()
            ).n,
          );
        const before = await count();
        assert.deepEqual(
          await fieldsOf(() => tasks.claimExpense(cm.member, CHAMBER, task.id, { ...claim, account: "754" })),
          { account: "ledger.expenseAccountUnknown" },
        );
        assert.equal(await count(), before, "a refused claim writes nothing");
        const { claim: made, aboveCap } = await tasks.claimExpense(cm.member, CHAMBER, task.id, claim);
        assert.equal(aboveCap, false);
        assert.deepEqual(
          [made.title, Number(made.amount), made.status],
          ["Louer la sono", 3_000, "submitted"],
        );
        const page = await tasks.page(cm.member, CHAMBER, task.id);
        assert.equal(page.task.claim_id, made.id);
        assert.deepEqual([page.aboveCap, page.can.claimExpense, page.claim?.visible], [false, false, true]);
        assert.equal(
          await code(() => tasks.claimExpense(cm.member, CHAMBER, task.id, claim)),
          "TASK_EXPENSE",
        );
        assert.deepEqual(await tasks.ofClaim(made), {
          id: task.id,
          title: "Louer la sono",
          spaceSlug: CHAMBER,
          aboveCap: false,
        });
        const last = page.history.at(-1);
        assert.ok(last);
        assert.equal(
          plain(auditSentence("fr", last)),
          "Malo a déclaré la dépense de la tâche « Louer la sono » : 30,00 €.",
        );
        assert.deepEqual(
          await fieldsOf(() =>
            tasks.edit(cm.member, task.id, { title: "Louer la sono", expectedExpense: 4_000 }),
          ),
          { expectedExpense: "tasks.expenseClaimed" },
        );
      });

      it("above the cap: the claim is made all the same, marked as needing a decision", async () => {
        await setDoocracyCap(h.db, CHAMBER, 10_000);
        const task = await tasks.create(cm.member, CHAMBER, {
          title: "Acheter un vidéoprojecteur",
          expectedExpense: 45_000,
        });
        assert.equal((await tasks.page(undefined, CHAMBER, task.id)).aboveCap, true);
        assert.equal(
          await code(() => tasks.claimExpense(cm.member, CHAMBER, task.id, claim)),
          "FORBIDDEN",
          "only one who took it claims its expense",
        );
        await tasks.take(cm.member, task.id);
        const { claim: made, aboveCap } = await tasks.claimExpense(cm.member, CHAMBER, task.id, {
          ...claim,
          amount: 45_000,
        });
        assert.equal(aboveCap, true);
        assert.equal((await tasks.ofClaim(made))?.aboveCap, true);
        const under = await tasks.create(
          cm.member,
          CHAMBER,
          { title: "Scotch", expectedExpense: 500 },
          { take: true },
        );
        const { aboveCap: claimedMore } = await tasks.claimExpense(cm.member, CHAMBER, under.id, {
          ...claim,
          amount: 10_001,
        });
        assert.equal(claimedMore, true, "claiming more than announced cannot slip under the cap");
        const atCap = await tasks.create(cm.member, CHAMBER, { title: "Salle", expectedExpense: 10_000 });
        assert.equal((await tasks.page(undefined, CHAMBER, atCap.id)).aboveCap, false, "at the cap exactly");
      });

      it("does not exist in an assembly", async () => {
        const task = await tasks.create(lucie, ASSEMBLY, { title: "Rien à payer" }, { take: true });
        assert.equal(
          await code(() => tasks.claimExpense(lucie, ASSEMBLY, task.id, claim)),
          "SPACE_NOT_FOUND",
        );
      });
    });
  });
}
