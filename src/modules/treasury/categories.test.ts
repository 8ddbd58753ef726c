// The treasurer's expense categories through their page: the chart's categories offered to claims,
// added, renamed, archived (then no longer offered), and deleted only when nothing uses them.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildChamber, buildMember, signIn } from "../../../test/helpers/factories.ts";

const CHAMBER = "chambre-des-categories";
const PAGE = `/espaces/${CHAMBER}/comptabilite/categories`;

for (const dialect of testDialects()) {
  describe(`expense categories [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let tess: Visitor;
    let malo: Visitor;

    const category = async (code: string) =>
      h.db.kysely
        .selectFrom("ledger_accounts as a")
        .innerJoin("spaces as s", "s.id", "a.space_id")
        .select(["a.label", "a.kind", "a.archived_at"])
        .where("s.slug", "=", CHAMBER)
        .where("a.code", "=", code)
        .executeTakeFirst();
    const offered = async () => (await malo.get(`/espaces/${CHAMBER}/notes-de-frais/nouvelle`)).body;

    before(async () => {
      const chamber = await buildChamber(h.app, { slug: CHAMBER, name: "Chambre des catégories" });
      tess = await signIn(h, await buildMember(h.app, chamber, "treasurer", { name: "Tess" }));
      malo = await signIn(h, await buildMember(h.app, chamber, "member", { name: "Malo" }));
    });

    it("offers the chart's categories in plain French to the claim form", async () => {
      const form = await offered();
      for (const label of [
        "Fournitures (606)",
        "Impression et communication (623)",
        "Frais postaux et de téléphone (626)",
        "Documentation (618)",
      ])
        assert.ok(form.includes(label), label);
      assert.equal((await malo.get(PAGE)).statusCode, 403, "a member does not keep the categories");
      assert.equal((await tess.get(PAGE)).statusCode, 200);
    });

    it("adds, renames and archives a category, refusing a bad code in French with nothing written", async () => {
      const bad = await tess.submit(PAGE, PAGE, { categoryCode: "7xx", categoryLabel: "Mauvais" });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes("Un compte de charges commence par 6"));
      assert.equal(await category("7xx"), undefined);

      assert.equal(
        (await tess.submit(PAGE, PAGE, { categoryCode: "6064", categoryLabel: "Fournitures de bureau" }))
          .statusCode,
        303,
      );
      assert.deepEqual(await category("6064"), {
        label: "Fournitures de bureau",
        kind: "expense",
        archived_at: null,
      });
      assert.ok((await offered()).includes("Fournitures de bureau (6064)"));
      const taken = await tess.submit(PAGE, PAGE, { categoryCode: "6064", categoryLabel: "Encore" });
      assert.equal(taken.statusCode, 400);

      const one = `${PAGE}/6064`;
      assert.equal(
        (await tess.submit(PAGE, one, { change: "rename", categoryLabel: "Papeterie" })).statusCode,
        303,
      );
      assert.equal((await category("6064"))?.label, "Papeterie");
      assert.equal((await tess.submit(PAGE, one, { change: "archive" })).statusCode, 303);
      assert.ok((await category("6064"))?.archived_at);
      assert.ok(!(await offered()).includes("Papeterie (6064)"), "an archived category is not offered");
      assert.equal((await tess.submit(PAGE, one, { change: "restore" })).statusCode, 303);
      assert.ok((await offered()).includes("Papeterie (6064)"));
      const events = await h.db.kysely
        .selectFrom("audit_events")
        .select("action")
        .where("action", "like", "ledger.category%")
        .execute();
      assert.deepEqual(events.map((e) => e.action).sort(), [
        "ledger.categoryAdded",
        "ledger.categoryArchived",
        "ledger.categoryRenamed",
        "ledger.categoryRestored",
      ]);
    });

    it("deletes an unused category, and only archives one a transfer used", async () => {
      await h.app.communs.ledger.book(CHAMBER, {
        idempotencyKey: "timbres",
        debit: "626",
        credit: "512",
        amount: 1_250,
        date: "2026-03-02",
        label: "Timbres",
        journal: "BQ",
        status: "posted",
      });
      const page = (await tess.get(PAGE)).body;
      const row = (code: string) =>
        new RegExp(`data-category="${code}"[\\s\\S]*?</li>`).exec(page)?.[0] ?? "";
      assert.ok(!row("626").includes('value="delete"'), "no delete button for a used category");
      assert.ok(row("618").includes('value="delete"'));
      const refused = await tess.submit(PAGE, `${PAGE}/626`, { change: "delete" });
      assert.equal(refused.statusCode, 400);
      assert.ok(refused.body.includes("elle peut être archivée, pas supprimée"));
      assert.ok(await category("626"), "still there");
      assert.equal((await tess.submit(PAGE, `${PAGE}/618`, { change: "delete" })).statusCode, 303);
      assert.equal(await category("618"), undefined);
      assert.equal((await tess.submit(PAGE, `${PAGE}/618`, { change: "archive" })).statusCode, 404);
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });
  });
}
