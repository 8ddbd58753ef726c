import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAssembly,
  buildChamberWithTreasurer,
  buildDonation,
  buildPerson,
  errorCode,
} from "../../../test/helpers/factories.ts";
import { insertMeeting } from "../../../test/helpers/tasks.ts";
import { newId } from "../../core/ids.ts";
import type { Db } from "../../db/connection.ts";
import { type Database, TABLES } from "../../db/schema.ts";

async function counts(db: Db): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db.kysely
      .selectFrom(table as keyof Database)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

/** A tag vocabulary for a space: one family, two tags (one in the family), a synonym. */
async function insertVocabulary(db: Db, spaceId: string): Promise<void> {
  const family = newId();
  const [velo, marche] = [newId(), newId()];
  await db.kysely
    .insertInto("tag_families")
    .values({ id: family, space_id: spaceId, name: "Mobilités", position: 1 })
    .execute();
  await db.kysely
    .insertInto("tags")
    .values([
      {
        id: velo,
        space_id: spaceId,
        family_id: family,
        slug: "velo",
        label: "Vélo",
        folded: "velo",
        governed: 1,
        description: "",
      },
      {
        id: marche,
        space_id: spaceId,
        family_id: null,
        slug: "marche",
        label: "Marche",
        folded: "marche",
        governed: 0,
        description: "",
      },
    ])
    .execute();
  await db.kysely
    .insertInto("tag_synonyms")
    .values({ id: newId(), space_id: spaceId, tag_id: velo, label: "Bicyclette", folded: "bicyclette" })
    .execute();
}

for (const dialect of testDialects()) {
  describe(`forking a chamber [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let parent: Awaited<ReturnType<typeof buildChamberWithTreasurer>>;

    before(async () => {
      parent = await buildChamberWithTreasurer(h.app, { name: "Chambre mère", theme: "mobilités" });
      const space = await h.app.communs.spaces.get(parent.slug);
      await insertVocabulary(h.db, space.id);
      // Its own rules, cap and code at version 2, as decisions would have set them.
      await h.db.kysely
        .updateTable("spaces")
        .set({
          decision_rules: JSON.stringify({ reviewMonths: 6 }),
          doocracy_cap: 7_500,
          formalisation: "low",
        })
        .where("id", "=", space.id)
        .execute();
      await h.db.kysely
        .insertInto("social_code_versions")
        .values({
          id: newId(),
          space_id: space.id,
          number: 2,
          text: "# Notre code, version deux",
          proposal_id: null,
          adopted_at: new Date().toISOString(),
        })
        .execute();
    });

    it("copies the code at its current version, the rules, settings and tags; the forker alone facilitates", async () => {
      const { decisions, spaces } = h.app.communs;
      const forked = await decisions.forks.fork(parent.member, parent.slug, {
        name: "Chambre fille",
        slug: "",
      });
      assert.equal(forked.slug, "chambre-fille");
      const child = await spaces.get(forked.slug);
      const mother = await spaces.get(parent.slug);
      assert.equal(child.kind, "chamber");
      assert.equal(child.theme, "mobilités");
      assert.deepEqual(child.properties, mother.properties);
      assert.deepEqual(child.settings, mother.settings);
      assert.equal(child.settings.doocracyCap, 7_500);
      const rows = await h.db.kysely
        .selectFrom("spaces")
        .selectAll()
        .where("slug", "in", [parent.slug, forked.slug])
        .execute();
      const [m, c] = [rows.find((r) => r.slug === parent.slug), rows.find((r) => r.slug === forked.slug)];
      assert.equal(c?.decision_rules, m?.decision_rules);
      assert.equal(c?.forked_from, m?.id);
      assert.equal(c?.forked_at_version, 2);
      const code = await decisions.socialCode.current(forked.slug);
      assert.deepEqual([code?.version, code?.text, code?.adoptedBy], [1, "# Notre code, version deux", null]);
      const { active, pending } = await spaces.members(parent.member, forked.slug);
      assert.deepEqual(
        active.map((a) => [a.personId, a.role]),
        [[parent.member.id, "facilitator"]],
      );
      assert.equal(pending.length, 0);
      const tags = await h.db.kysely
        .selectFrom("tags")
        .leftJoin("tag_families", "tag_families.id", "tags.family_id")
        .select(["tags.slug", "tag_families.name as family", "tag_families.space_id as familySpace"])
        .where("tags.space_id", "=", child.id)
        .orderBy("tags.slug")
        .execute();
      assert.deepEqual(tags, [
        { slug: "marche", family: null, familySpace: null },
        { slug: "velo", family: "Mobilités", familySpace: child.id },
      ]);
      const synonym = await h.db.kysely
        .selectFrom("tag_synonyms")
        .innerJoin("tags", "tags.id", "tag_synonyms.tag_id")
        .select(["tags.space_id", "tags.slug"])
        .where("tag_synonyms.space_id", "=", child.id)
        .execute();
      assert.deepEqual(synonym, [{ space_id: child.id, slug: "velo" }]);
      const events = await h.db.kysely
        .selectFrom("audit_events")
        .select("space_id")
        .where("action", "=", "space.forked")
        .execute();
      assert.deepEqual(events.map((e) => e.space_id).sort(), [child.id, mother.id].sort());
    });

    it("shows the lineage both ways and the family tree over three generations", async () => {
      const { forks } = h.app.communs.decisions;
      const [mother, daughter] = [parent.slug, "chambre-fille"];
      const grand = await forks.fork(parent.admin, daughter, { name: "Petite-fille", slug: "petite-fille" });
      const sister = await forks.fork(parent.treasurer, mother, {
        name: "Chambre sœur",
        slug: "chambre-soeur",
      });
      assert.deepEqual(await forks.lineage(daughter), {
        forkedFrom: { slug: mother, name: "Chambre mère", version: 2 },
        forks: [{ slug: grand.slug, name: "Petite-fille", version: 1 }],
      });
      assert.deepEqual(
        (await forks.lineage(mother)).forks.map((f) => f.slug),
        [daughter, sister.slug],
      );
      assert.equal((await forks.lineage(mother)).forkedFrom, null);
      const { root } = await forks.family(grand.slug);
      const shape = (n: typeof root): unknown => [n.slug, n.version, n.current, n.forks.map(shape)];
      assert.deepEqual(shape(root), [
        mother,
        null,
        false,
        [
          [daughter, 2, false, [[grand.slug, 1, true, []]]],
          [sister.slug, 2, false, []],
        ],
      ]);
      assert.equal(root.forks[0]?.forks[0]?.parent?.name, "Chambre fille");
    });

    it("refuses a stranger, an assembly, a taken or malformed slug, writing nothing", async () => {
      const { forks } = h.app.communs.decisions;
      const before = await counts(h.db);
      const stranger = await buildPerson(h.app);
      assert.equal(await errorCode(() => forks.fork(stranger, parent.slug, { name: "X" })), "FORBIDDEN");
      assert.equal(
        await errorCode(() => forks.fork(undefined, parent.slug, { name: "X" })),
        "UNAUTHENTICATED",
      );
      const assembly = await buildAssembly(h.app);
      assert.equal(
        await errorCode(() => forks.fork(assembly.admin, assembly.slug, { name: "X" })),
        "SPACE_NOT_FOUND",
      );
      const after = await counts(h.db);
      assert.equal(
        await errorCode(() => forks.fork(parent.member, parent.slug, { name: "Y", slug: parent.slug })),
        "SLUG_TAKEN",
      );
      assert.equal(
        await errorCode(() => forks.fork(parent.member, parent.slug, { name: "Y", slug: "Pas Bon!" })),
        "VALIDATION_FAILED",
      );
      assert.equal(
        await errorCode(() => forks.fork(parent.member, parent.slug, { name: "" })),
        "VALIDATION_FAILED",
      );
      assert.deepEqual(await counts(h.db), after);
      assert.equal(after.spaces, (before.spaces ?? 0) + 1, "only the assembly was made");
    });

    it("touches only the new chamber, its one member, its code, its tags and the log: nothing personal, no money", async () => {
      const { app } = h;
      const { claims, tasks, decisions, spaces } = app.communs;
      const space = await spaces.get(parent.slug);
      await buildDonation(app, parent.slug, parent.treasurer);
      await claims.submit(parent.member, parent.slug, {
        title: "Chambre à air",
        amount: 1_200,
        date: "2026-03-14",
        account: "6132",
      });
      await insertMeeting(h.db, space.id);
      await tasks.create(parent.member, parent.slug, { title: "Réparer les vélos" });
      await decisions.propose(parent.member, parent.slug, {
        title: "Un atelier par mois",
        body: "Le premier samedi.",
      });
      const before = await counts(h.db);
      for (const table of [
        "memberships",
        "ledger_transfers",
        "expense_claims",
        "meetings",
        "tasks",
        "proposals",
        "tags",
      ])
        assert.ok((before[table] ?? 0) > 0, `the chamber has ${table}`);
      await decisions.forks.fork(parent.member, parent.slug, {
        name: "Chambre nouvelle",
        slug: "chambre-nouvelle",
      });
      const after = await counts(h.db);
      const changed = Object.fromEntries(
        TABLES.filter((t) => after[t] !== before[t]).map((t) => [t, (after[t] ?? 0) - (before[t] ?? 0)]),
      );
      const { audit_events: events, ...rest } = changed;
      assert.deepEqual(rest, {
        spaces: 1,
        memberships: 1,
        social_code_versions: 1,
        tag_families: 1,
        tags: 2,
        tag_synonyms: 1,
      });
      assert.equal(events, 2, "space.forked in both chambers");
    });
  });
}
