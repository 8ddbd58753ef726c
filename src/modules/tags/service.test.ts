import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildAssembly, buildMember, buildPerson } from "../../../test/helpers/factories.ts";
import { fold } from "../../core/commons.ts";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import type { Person } from "../accounts/service.ts";
import type { Commons } from "../commons/service.ts";
import { resolveTags } from "../commons/store-tags.ts";
import { parseSynonyms } from "./checks.ts";
import { TAG_MESSAGES } from "./messages.ts";
import type { Tags } from "./service.ts";

describe("synonyms as typed", () => {
  it("splits on commas, semicolons and lines, trims, and keeps the first of each folded form", () => {
    assert.deepEqual(parseSynonyms(" potager, Jardins  collectifs;POTAGER\nJardíns  Collectifs , ,!! "), [
      "potager",
      "Jardins collectifs",
    ]);
    assert.deepEqual(parseSynonyms(["vélo", "Velo", 3, null]), ["vélo"]);
    assert.deepEqual(parseSynonyms(undefined), []);
  });

  it("has every message in French and English", () => {
    assert.deepEqual(Object.keys(TAG_MESSAGES.fr).sort(), Object.keys(TAG_MESSAGES.en).sort());
    for (const key of Object.keys(TAG_MESSAGES.fr))
      assert.ok(/^(tags|msg\.tags|audit\.action\.tags)\./.test(key), key);
  });
});

/** The error a call fails with (its code), or "ok". */
async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

for (const dialect of testDialects()) {
  describe(`tag vocabulary service [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let tags: Tags;
    let commons: Commons;
    let admin: Person;
    let facilitator: Person;
    let member: Person;
    let stranger: Person;
    let familyId = "";
    let spaceId = "";

    const db = () => h.db.kysely;

    async function carriersOf(tagSlug: string) {
      const rows = await db()
        .selectFrom("commons_tags as ct")
        .innerJoin("tags as t", "t.id", "ct.tag_id")
        .innerJoin("commons as c", "c.id", "ct.commons_id")
        .select("c.name")
        .where("t.slug", "=", tagSlug)
        .execute();
      return rows.map((r) => r.name).sort();
    }

    before(async () => {
      ({ tags, commons } = h.app.communs);
      admin = await buildAdmin(h.app, "admin");
      const assembly = await buildAssembly(h.app, {
        by: admin,
        slug: "ici",
        name: "Assemblée",
        territory: "Ici",
      });
      spaceId = assembly.space.id;
      facilitator = await buildMember(h.app, assembly, "facilitator", { name: "fanny" });
      member = await buildMember(h.app, assembly, "member", { name: "bea" });
      stranger = await buildPerson(h.app, { name: "sam" });
      familyId = (await tags.createFamily(facilitator, "ici", { name: "Thèmes" })).id;
    });

    it("lets facilitators and administrators curate, and nobody else", async () => {
      const attempts = (actor: Actor | undefined) => [
        () => tags.createFamily(actor, "ici", { name: "Autre" }),
        () => tags.updateFamily(actor, "ici", familyId, { name: "Thèmes" }),
        () => tags.createTag(actor, "ici", { label: "Refusée", family: familyId }),
        () => tags.updateTag(actor, "ici", "refusee", { label: "Refusée", family: familyId }),
        () => tags.integrate(actor, "ici", "refusee", { family: familyId }),
        () => tags.merge(actor, "ici", "refusee", "autre"),
        () => tags.remove(actor, "ici", "refusee", { confirm: "1" }),
      ];
      for (const attempt of attempts(member)) assert.equal(await outcome(attempt()), "FORBIDDEN");
      for (const attempt of attempts(stranger)) assert.equal(await outcome(attempt()), "FORBIDDEN");
      for (const attempt of attempts(undefined)) assert.equal(await outcome(attempt()), "UNAUTHENTICATED");
      assert.equal((await tags.vocabulary(member, "ici")).canCurate, false);
      assert.equal((await tags.vocabulary(facilitator, "ici")).canCurate, true);
      assert.equal((await tags.vocabulary(admin, "ici")).canCurate, true);
      assert.equal(
        await outcome(tags.createTag(admin, "ici", { label: "Par l’admin", family: familyId })),
        "ok",
      );
    });

    it("resolves a label typed as a synonym to the governed tag", async () => {
      await tags.createTag(facilitator, "ici", {
        label: "Mobilité douce",
        family: familyId,
        synonyms: "vélo, Marche à pied",
      });
      const [viaSynonym] = await resolveTags(db(), spaceId, ["VELO"]);
      const [viaLabel] = await resolveTags(db(), spaceId, ["mobilite douce"]);
      const tag = await db()
        .selectFrom("tags")
        .select("id")
        .where("slug", "=", "mobilite-douce")
        .executeTakeFirst();
      assert.equal(viaSynonym, tag?.id);
      assert.equal(viaLabel, tag?.id);
    });

    it("merges in one transaction: a record carrying both tags keeps one link", async () => {
      await commons.create(
        facilitator,
        "ici",
        { name: "Vélo-école", tags: ["Vélo", "Cyclisme"] },
        { confirmed: true },
      );
      await commons.create(
        facilitator,
        "ici",
        { name: "Atelier cycles", tags: ["cyclisme"] },
        { confirmed: true },
      );
      const merged = await tags.merge(facilitator, "ici", "cyclisme", "mobilite-douce");
      assert.deepEqual(merged, { slug: "mobilite-douce", label: "Mobilité douce", from: "Cyclisme" });
      assert.deepEqual(await carriersOf("mobilite-douce"), ["Atelier cycles", "Vélo-école"]);
      const page = await tags.tag(undefined, "ici", "mobilite-douce");
      assert.deepEqual(page.tag.synonyms, ["Cyclisme", "Marche à pied", "vélo"]);
      assert.equal(page.tag.count, 2);
      const event = await db()
        .selectFrom("audit_events")
        .select(["before", "actor_id"])
        .where("action", "=", "tags.merged")
        .executeTakeFirstOrThrow();
      assert.equal(event.actor_id, facilitator.id);
      assert.equal(JSON.parse(event.before ?? "{}").commons, 2);
    });

    it("rolls a merge back whole when the vocabulary's constraints refuse it (409)", async () => {
      await tags.createTag(facilitator, "ici", { label: "Compost", family: familyId });
      await commons.create(
        facilitator,
        "ici",
        { name: "Composteur", tags: ["Compost"] },
        { confirmed: true },
      );
      const target = await db()
        .selectFrom("tags")
        .select("id")
        .where("slug", "=", "mobilite-douce")
        .executeTakeFirstOrThrow();
      // What a race between two requests could leave: the target already has the label as a synonym.
      await db()
        .insertInto("tag_synonyms")
        .values({ id: newId(), space_id: spaceId, tag_id: target.id, label: "compost", folded: "compost" })
        .execute();
      assert.equal(await outcome(tags.merge(facilitator, "ici", "compost", "mobilite-douce")), "CONFLICT");
      assert.deepEqual(await carriersOf("compost"), ["Composteur"]);
      assert.deepEqual(await carriersOf("mobilite-douce"), ["Atelier cycles", "Vélo-école"]);
      await db().deleteFrom("tag_synonyms").where("label", "=", "compost").execute();
    });

    it("deletes a carried tag only when told, and the records stay", async () => {
      assert.equal(await outcome(tags.remove(facilitator, "ici", "compost", {})), "VALIDATION_FAILED");
      assert.deepEqual(await carriersOf("compost"), ["Composteur"]);
      assert.deepEqual(await tags.remove(facilitator, "ici", "compost", { confirm: "1" }), {
        label: "Compost",
        removedFrom: 1,
      });
      assert.ok(
        await db().selectFrom("commons").select("id").where("name", "=", "Composteur").executeTakeFirst(),
      );
      assert.equal(await outcome(tags.tag(undefined, "ici", "compost")), "TAG_NOT_FOUND");
    });

    it("keeps families numbered from the first to the last", async () => {
      const second = await tags.createFamily(facilitator, "ici", { name: "Publics" });
      const third = await tags.createFamily(facilitator, "ici", { name: "Lieux" });
      await tags.updateFamily(facilitator, "ici", third.id, { name: "Lieux", position: "1" });
      await tags.updateFamily(facilitator, "ici", familyId, { name: "Thèmes", position: "3" });
      const families = (await tags.vocabulary(undefined, "ici")).families;
      assert.deepEqual(
        families.map((f) => [f.name, f.position]),
        [
          ["Lieux", 0],
          ["Publics", 1],
          ["Thèmes", 2],
        ],
      );
      assert.equal(second.name, "Publics");
      assert.equal(await outcome(tags.updateFamily(facilitator, "ici", newId(), { name: "X" })), "NOT_FOUND");
    });

    it("gives one tag to concurrent creations of the same label", async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          outcome(tags.createTag(facilitator, "ici", { label: "Réemploi", family: familyId })),
        ),
      );
      assert.equal(results.filter((r) => r === "ok").length, 1);
      assert.ok(
        results.every((r) => ["ok", "VALIDATION_FAILED", "CONFLICT"].includes(r)),
        results.join(),
      );
      const rows = await db().selectFrom("tags").select("id").where("folded", "=", "reemploi").execute();
      assert.equal(rows.length, 1);
    });

    it("never lets one folded word name two tags, whatever is typed", async () => {
      const word = fc.constantFrom(
        "Vélo",
        "velo",
        "Jardin",
        "jardins",
        "Compost",
        "Marche à pied",
        "a,b",
        "",
        "  ",
      );
      const typed = fc.oneof(word, fc.string({ maxLength: 70 }));
      const existing = (
        await db().selectFrom("tags").select("slug").where("space_id", "=", spaceId).execute()
      ).map((t) => t.slug);
      await fc.assert(
        fc.asyncProperty(
          typed,
          fc.array(typed, { maxLength: 4 }),
          fc.option(fc.constantFrom(...existing), { nil: undefined }),
          async (label, synonyms, editSlug) => {
            const input = { label, family: familyId, synonyms: synonyms.join(", "), description: label };
            const work = editSlug
              ? tags.updateTag(facilitator, "ici", editSlug, input)
              : tags.createTag(facilitator, "ici", input);
            const result = await outcome(work);
            assert.ok(["ok", "VALIDATION_FAILED", "CONFLICT"].includes(result), result);
            const labels = await db()
              .selectFrom("tags")
              .select(["label", "folded"])
              .where("space_id", "=", spaceId)
              .execute();
            const words = await db()
              .selectFrom("tag_synonyms")
              .select("folded")
              .where("space_id", "=", spaceId)
              .execute();
            const all = [...labels.map((t) => t.folded), ...words.map((s) => s.folded)];
            assert.equal(new Set(all).size, all.length, "a folded word names one tag");
            for (const t of labels) {
              assert.equal(t.folded, fold(t.label));
              assert.ok([...t.label].length <= 60 && !/[\n,;]/.test(t.label) && t.folded !== "", t.label);
            }
          },
        ),
        { numRuns: dialect.name === "postgres" ? 30 : 80 },
      );
    });
  });
}
