import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { expireRound } from "../../../test/helpers/decisions.ts";
import { buildChamber, buildMember, errorCode } from "../../../test/helpers/factories.ts";
import { flatRules, RULES_DEFAULTS } from "../../core/decisions.ts";
import { DomainError } from "../../core/errors.ts";
import type { Person } from "../accounts/service.ts";

const CHAMBER_PROPERTIES = {
  territorial: "0",
  decisionMode: "consent",
  functions: "securing_dialogue",
  access: "cooptation",
  forkPolicy: "encouraged",
  formalisation: "statutes",
};

/** The rules form as a chamber's defaults fill it, with `changes` over it. */
function rulesForm(changes: Record<string, string> = {}) {
  return {
    title: "Changer nos règles",
    body: "Parce que les tours sont trop longs.",
    ...flatRules(RULES_DEFAULTS.chamber),
    ...CHAMBER_PROPERTIES,
    doocracyCap: "50",
    ...changes,
  };
}

async function fieldsOf(run: () => Promise<unknown>): Promise<Record<string, string>> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, "VALIDATION_FAILED");
    return error.fields;
  }
  assert.fail("not refused");
}

for (const dialect of testDialects()) {
  describe(`a space's social code and rules, changed only by decisions [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let chamber: Awaited<ReturnType<typeof buildChamber>>;
    let members: Person[];

    before(async () => {
      chamber = await buildChamber(h.app, { name: "Chambre du vélo" });
      members = [await buildMember(h.app, chamber), await buildMember(h.app, chamber)];
    });

    it("starts a new chamber from the template, as version 1 adopted by no decision", async () => {
      const { socialCode } = h.app.communs.decisions;
      const code = await socialCode.current(chamber.slug);
      assert.equal(code?.version, 1);
      assert.equal(code?.adoptedBy, null);
      assert.equal(code?.proposalNumber, null);
      assert.match(code?.text ?? "", /^# Code social de Chambre du vélo/);
    });

    it("publishes a proposed version only once its proposal is adopted, with its number and decision", async () => {
      const { decisions } = h.app.communs;
      const [alice, bob] = members as [Person, Person];
      const v1 = await decisions.socialCode.current(chamber.slug);
      const text = `${v1?.text}\n\n## 9. Entraide\nNous nous prêtons nos outils.\n`;
      const proposal = await decisions.socialCode.proposeVersion(alice, chamber.slug, {
        title: "Ajouter l’entraide",
        body: text,
        note: "Une section de plus",
      });
      assert.equal(proposal.class, "socialCode");
      assert.equal(proposal.mode, "consensus", "a chamber changes its code by consensus");
      const view = await decisions.view(alice, proposal.id);
      assert.equal(view.versions[0]?.body, text.trim());
      assert.equal(view.versions[0]?.note, "Une section de plus");
      for (const person of [alice, bob, chamber.admin])
        await decisions.position(person, proposal.id, { position: "agree" });
      assert.equal((await decisions.socialCode.current(chamber.slug))?.version, 1, "not before the deadline");
      await expireRound(h.db, proposal.id);
      await decisions.settle(proposal.id);
      const v2 = await decisions.socialCode.current(chamber.slug);
      assert.equal(v2?.version, 2);
      assert.equal(v2?.adoptedBy, proposal.id);
      assert.equal(v2?.proposalNumber, proposal.number);
      assert.equal(v2?.text, text.trim());
      const history = await decisions.socialCode.history(chamber.slug);
      assert.deepEqual(
        history.map((v) => [v.version, v.proposalNumber]),
        [
          [2, proposal.number],
          [1, null],
        ],
      );
      const diff = await decisions.socialCode.diff(chamber.slug, 1, 2);
      const added = diff.blocks
        .flatMap((b) => (b.kind === "changed" ? b.parts : []))
        .filter((p) => p.kind === "added");
      assert.match(added.map((p) => p.text).join(""), /Nous nous prêtons nos outils/);
      assert.ok(diff.blocks.some((b) => b.kind === "same" && b.text.includes("# Code social")));
      assert.equal((await decisions.socialCode.version(chamber.slug, 1)).adoptedBy, null);
      assert.equal(
        await errorCode(() => decisions.socialCode.version(chamber.slug, 9)),
        "SOCIAL_CODE_NOT_FOUND",
      );
      assert.equal(
        await errorCode(() => decisions.socialCode.diff(chamber.slug, 1, 9)),
        "SOCIAL_CODE_NOT_FOUND",
      );
    });

    it("refuses a version identical to the current one, a missing title, and a deadline not offered", async () => {
      const { socialCode } = h.app.communs.decisions;
      const current = await socialCode.current(chamber.slug);
      const fields = await fieldsOf(() =>
        socialCode.proposeVersion(members[0], chamber.slug, {
          title: "",
          body: current?.text,
          deadline: "999",
        }),
      );
      assert.deepEqual(fields, {
        body: "code.unchanged",
        title: "field.required",
        deadline: "decisions.choice",
      });
      assert.equal(
        await errorCode(() => socialCode.proposeVersion(undefined, chamber.slug, {})),
        "UNAUTHENTICATED",
      );
    });

    it("changes the rules, the six properties and the cap only when a settings proposal is adopted", async () => {
      const { decisions, spaces } = h.app.communs;
      const [alice, bob] = members as [Person, Person];
      const before = await spaces.get(chamber.slug);
      // One that is not adopted: an objection stands through its extension.
      const refused = await decisions.socialCode.proposeRules(
        alice,
        chamber.slug,
        rulesForm({ doocracyCap: "5" }),
      );
      await decisions.object(bob, refused.id, {
        reason: "Cinq euros ne suffisent pas pour un plein de courses.",
      });
      await expireRound(h.db, refused.id);
      await decisions.settle(refused.id);
      await expireRound(h.db, refused.id);
      await decisions.settle(refused.id);
      assert.equal((await decisions.view(alice, refused.id)).proposal.outcome, "not adopted");
      assert.deepEqual(await spaces.get(chamber.slug), before, "nothing changed");

      const adopted = await decisions.socialCode.proposeRules(
        alice,
        chamber.slug,
        rulesForm({
          doocracyCap: "120,50",
          formalisation: "low",
          reviewMonths: "6",
          "mode.general": "advice",
        }),
      );
      assert.equal(adopted.class, "settings");
      assert.match((await decisions.view(alice, adopted.id)).versions[0]?.body ?? "", /120,50/);
      assert.deepEqual(await spaces.get(chamber.slug), before, "not before adoption");
      await expireRound(h.db, adopted.id);
      await decisions.settle(adopted.id);
      const after = await spaces.get(chamber.slug);
      assert.equal(after.settings.doocracyCap, 12_050);
      assert.equal(after.properties.formalisation, "low");
      const sentences = decisions.socialCode.rulesText(
        await h.db.kysely
          .selectFrom("spaces")
          .selectAll()
          .where("slug", "=", chamber.slug)
          .executeTakeFirstOrThrow(),
      );
      assert.ok(
        sentences.some((s) => /revue au bout de 6 mois/.test(s)),
        sentences.join("\n"),
      );
      assert.ok(sentences.some((s) => /sollicitation d’avis.*propositions générales/.test(s)));
      assert.ok(sentences.some((s) => /Plafond de la do-ocratie\s: 120,50\s€/.test(s)));
    });

    it("refuses rules that are not valid or change nothing, writing nothing", async () => {
      const { decisions } = h.app.communs;
      const count = async () =>
        Number(
          (
            await h.db.kysely
              .selectFrom("proposals")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const bad = await fieldsOf(() =>
        decisions.socialCode.proposeRules(
          members[0],
          chamber.slug,
          rulesForm({ questionsDays: "-1", access: "tout le monde", doocracyCap: "beaucoup", body: "" }),
        ),
      );
      assert.equal(bad.questionsDays, "decisions.range.0.60");
      assert.equal(bad.access, "decisions.choice");
      assert.equal(bad.doocracyCap, "space.capInvalid");
      assert.equal(bad.body, "field.required");
      const form = await decisions.socialCode.rulesForm(members[0], chamber.slug);
      const same = await fieldsOf(() =>
        decisions.socialCode.proposeRules(members[0], chamber.slug, {
          ...form.values,
          title: "Rien",
          body: "Rien",
        }),
      );
      assert.deepEqual(same, { rules: "code.rulesUnchanged" });
      assert.equal(await count(), before);
    });

    it("ignores the rules, properties and cap sent to the space's edit form", async () => {
      const { spaces } = h.app.communs;
      const before = await spaces.get(chamber.slug);
      await spaces.edit(chamber.admin, chamber.slug, {
        name: before.name,
        theme: before.theme ?? "",
        correctionsDays: "7",
        tasksRule: "members",
        doocracyCap: "9999",
        access: "open",
        territorial: "1",
        decisionMode: "stigmergy",
        decision_rules: JSON.stringify({ participants: "facilitators" }),
        "mode.socialCode": "notice",
      });
      const after = await spaces.get(chamber.slug);
      assert.deepEqual(after.properties, before.properties);
      assert.equal(after.settings.doocracyCap, before.settings.doocracyCap);
      const row = await h.db.kysely
        .selectFrom("spaces")
        .select("decision_rules")
        .where("slug", "=", chamber.slug)
        .executeTakeFirstOrThrow();
      assert.doesNotMatch(row.decision_rules ?? "", /facilitators|notice/);
    });
  });
}
