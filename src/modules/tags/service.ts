/**
 * The vocabulary of an assembly's directory: families of governed tags with their synonyms, and the free
 * tags people type on records. Facilitators curate it; records follow (through the directory's service).
 */
import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database } from "../../db/schema.ts";
import { type AuditRecord, recordEvent } from "../audit/service.ts";
import { type Commons, refreshSearch } from "../commons/service.ts";
import type { SpaceRow } from "../spaces/service.ts";
import { snapshot, text, vocabularyChecks } from "./checks.ts";
import * as store from "./store.ts";
import { TAG_LIMITS, type TagItem, type TagPage, type Vocabulary } from "./types.ts";

type Db = Kysely<Database>;

const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
const byLabel = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
/** Labels in the order French readers expect (SQL orders differ between the two databases). */
const sorted = (labels: string[]) => [...labels].sort(collator.compare);

export function createTags(ctx: Context, commons: Commons) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;
  const { checkFamily, checkFamilyName, checkTag } = vocabularyChecks(db);

  const { directory } = commons;

  async function mayCurate(actor: Actor | undefined, space: SpaceRow): Promise<boolean> {
    return commons.allowed(actor, space, "commons.curate");
  }

  /** The assembly, once the actor is known to curate its vocabulary. */
  async function curated(actor: Actor | undefined, spaceSlug: string): Promise<SpaceRow> {
    const space = await directory(spaceSlug);
    await commons.authorise(actor, space, "commons.curate");
    return space;
  }

  async function tagOf(space: SpaceRow, slug: string): Promise<store.TagRow> {
    const tag = await store.findTag(db, space.id, slug);
    if (!tag) throw new DomainError("TAG_NOT_FOUND");
    return tag;
  }

  async function curatedTag(actor: Actor | undefined, spaceSlug: string, tagSlug: string) {
    const space = await curated(actor, spaceSlug);
    return { space, tag: await tagOf(space, tagSlug) };
  }

  /** Records a curator's change to the vocabulary, inside the change's transaction. */
  function audit(
    trx: Db,
    actor: Actor | undefined,
    space: SpaceRow,
    event: Omit<AuditRecord, "actorId" | "spaceId">,
  ) {
    return recordEvent(trx, { actorId: actor?.id ?? null, spaceId: space.id, ...event });
  }

  /** Search text of records mentions their tags' labels: it follows a rename, a merge or a deletion. */
  async function refreshCarriers(trx: Db, commonsIds: string[]) {
    for (const id of commonsIds) await refreshSearch(trx, id);
  }

  async function familyName(space: SpaceRow, id: string | null) {
    return id ? ((await store.findFamily(db, space.id, id))?.name ?? null) : null;
  }

  /** A stored tag as the audit records it before a change. */
  async function snapshotOf(space: SpaceRow, tag: store.TagRow) {
    return snapshot(tag, await familyName(space, tag.family_id), await store.synonymsOf(db, tag.id));
  }

  /** What a tag's page shows everyone. */
  async function tagPage(spaceSlug: string, tagSlug: string) {
    const space = await directory(spaceSlug);
    const tag = await tagOf(space, tagSlug);
    const [families, synonyms, count, carried, all] = await Promise.all([
      store.listFamilies(db, space.id),
      store.synonymsOf(db, tag.id),
      store.countCarriers(db, tag.id),
      store.carriers(db, tag.id, TAG_LIMITS.carriersShown),
      store.tagsWithCounts(db, space.id),
    ]);
    const family = families.find((f) => f.id === tag.family_id);
    const covers = await commons.covers(carried.map((c) => c.id));
    const page = {
      space: { slug: space.slug, name: space.name },
      tag: {
        slug: tag.slug,
        label: tag.label,
        governed: tag.governed === 1,
        family: family ? { id: family.id, name: family.name } : null,
        description: tag.description,
        synonyms: sorted(synonyms),
        count,
      },
      commons: carried.map(({ id, ...c }) => ({ ...c, image: covers.get(id) ?? null })),
      families: families.map((f) => ({ id: f.id, name: f.name })),
      others: all
        .filter((t) => t.id !== tag.id)
        .sort(byLabel)
        .map((t) => ({ slug: t.slug, label: t.label, governed: t.governed === 1 })),
    };
    return { space, page };
  }

  return {
    /** The vocabulary: families in order with their governed tags, then the free tags apart. */
    async vocabulary(actor: Actor | undefined, spaceSlug: string): Promise<Vocabulary> {
      const space = await directory(spaceSlug);
      const [families, tags, synonyms] = await Promise.all([
        store.listFamilies(db, space.id),
        store.tagsWithCounts(db, space.id),
        store.synonymsOfSpace(db, space.id),
      ]);
      const synonymsByTag = new Map<string, string[]>();
      for (const s of synonyms)
        synonymsByTag.set(s.tag_id, [...(synonymsByTag.get(s.tag_id) ?? []), s.label]);
      const item = (t: (typeof tags)[number]): TagItem => ({
        slug: t.slug,
        label: t.label,
        count: t.count,
        synonyms: sorted(synonymsByTag.get(t.id) ?? []),
      });
      const governed = tags.filter((t) => t.governed === 1).sort(byLabel);
      const familyIds = new Set(families.map((f) => f.id));
      return {
        space: { slug: space.slug, name: space.name },
        families: families.map((f) => ({
          id: f.id,
          name: f.name,
          position: f.position,
          tags: governed.filter((t) => t.family_id === f.id).map(item),
        })),
        unfiled: governed.filter((t) => !t.family_id || !familyIds.has(t.family_id)).map(item),
        free: tags
          .filter((t) => t.governed !== 1)
          .sort(byLabel)
          .map(item),
        canCurate: await mayCurate(actor, space),
      };
    },

    /** A tag's page: the same for everyone but for what they may do, kept until the directory changes. */
    async tag(actor: Actor | undefined, spaceSlug: string, tagSlug: string): Promise<TagPage> {
      const { space, page } = await commons.cached(JSON.stringify(["tag", spaceSlug, tagSlug]), () =>
        tagPage(spaceSlug, tagSlug),
      );
      return { ...page, canCurate: await mayCurate(actor, space) };
    },

    async createFamily(actor: Actor | undefined, spaceSlug: string, input: Record<string, unknown>) {
      const space = await curated(actor, spaceSlug);
      const errors: FieldErrors = {};
      const { name, families } = await checkFamilyName(errors, space, input.name);
      if (Object.keys(errors).length > 0) throw validationError(errors);
      const family = {
        id: newId(),
        space_id: space.id,
        name,
        position: Math.max(-1, ...families.map((f) => f.position)) + 1,
      };
      await db.transaction().execute(async (trx) => {
        await store.insertFamily(trx, family);
        await audit(trx, actor, space, {
          action: "tags.familyCreated",
          subjectType: "tagFamily",
          subjectId: family.id,
          after: { name },
        });
      });
      return { id: family.id, name };
    },

    /** Renames a family and moves it to a position (1 = first) in the vocabulary. */
    async updateFamily(
      actor: Actor | undefined,
      spaceSlug: string,
      familyId: string,
      input: Record<string, unknown>,
    ) {
      const space = await curated(actor, spaceSlug);
      const family = await store.findFamily(db, space.id, familyId);
      if (!family) throw new DomainError("NOT_FOUND");
      const errors: FieldErrors = {};
      const { name, families } = await checkFamilyName(errors, space, input.name, family.id);
      const rawPosition = text(input.position);
      const position = rawPosition === "" ? undefined : Number(rawPosition);
      if (
        position !== undefined &&
        !(Number.isInteger(position) && position >= 1 && position <= families.length)
      )
        errors.position = "tags.positionInvalid";
      if (Object.keys(errors).length > 0) throw validationError(errors);
      const order = families.map((f) => f.id).filter((id) => id !== family.id);
      const before = families.findIndex((f) => f.id === family.id);
      order.splice(position === undefined ? before : position - 1, 0, family.id);
      await db.transaction().execute(async (trx) => {
        if (name !== family.name) await store.renameFamily(trx, family.id, name);
        await store.reorderFamilies(trx, families, order);
        await audit(trx, actor, space, {
          action: "tags.familyChanged",
          subjectType: "tagFamily",
          subjectId: family.id,
          before: { name: family.name, position: before + 1 },
          after: { name, position: order.indexOf(family.id) + 1 },
        });
      });
      return { id: family.id, name };
    },

    /** A new governed tag of the vocabulary, in a family, with its synonyms. */
    async createTag(actor: Actor | undefined, spaceSlug: string, input: Record<string, unknown>) {
      const space = await curated(actor, spaceSlug);
      const fields = await checkTag(space, input);
      const tag: store.TagRow = {
        id: newId(),
        space_id: space.id,
        slug: await store.freeTagSlug(db, space.id, fields.columns.label),
        ...fields.columns,
      };
      await guardConstraints(() =>
        db.transaction().execute(async (trx) => {
          await store.insertTag(trx, tag);
          await store.replaceSynonyms(trx, space.id, tag.id, fields.synonyms);
          await audit(trx, actor, space, {
            action: "tags.created",
            subjectType: "tag",
            subjectId: tag.id,
            after: fields.after,
          });
        }),
      );
      return { slug: tag.slug, label: tag.label };
    },

    /**
     * Edits a tag: label, family, description and synonyms. A free tag edited so becomes part of the
     * governed vocabulary. Its slug (its address, the filters' value) stays as it was.
     */
    async updateTag(
      actor: Actor | undefined,
      spaceSlug: string,
      tagSlug: string,
      input: Record<string, unknown>,
    ) {
      const { space, tag } = await curatedTag(actor, spaceSlug, tagSlug);
      const fields = await checkTag(space, input, tag);
      const { label } = fields.columns;
      const before = await snapshotOf(space, tag);
      await guardConstraints(() =>
        db.transaction().execute(async (trx) => {
          await store.lockTags(trx, dialect, [tag.id]);
          await store.updateTag(trx, tag.id, fields.columns);
          await store.replaceSynonyms(trx, space.id, tag.id, fields.synonyms);
          if (label !== tag.label) await refreshCarriers(trx, await store.carrierIds(trx, tag.id));
          await audit(trx, actor, space, {
            action: "tags.updated",
            subjectType: "tag",
            subjectId: tag.id,
            before,
            after: fields.after,
          });
        }),
      );
      return { slug: tag.slug, label };
    },

    /** "Intégrer au vocabulaire": a free tag becomes governed, in the family chosen. */
    async integrate(
      actor: Actor | undefined,
      spaceSlug: string,
      tagSlug: string,
      input: Record<string, unknown>,
    ) {
      const { space, tag } = await curatedTag(actor, spaceSlug, tagSlug);
      const errors: FieldErrors = {};
      const family = await checkFamily(errors, space, input.family);
      if (!family) throw validationError(errors);
      await db.transaction().execute(async (trx) => {
        await store.updateTag(trx, tag.id, { governed: 1, family_id: family.id });
        await audit(trx, actor, space, {
          action: "tags.integrated",
          subjectType: "tag",
          subjectId: tag.id,
          before: { governed: tag.governed === 1, family: await familyName(space, tag.family_id) },
          after: { governed: true, family: family.name },
        });
      });
      return { slug: tag.slug, label: tag.label };
    },

    /**
     * Merges a tag into another: its records move over (a record carrying both keeps one), its label and
     * synonyms become synonyms of the other, and it is deleted, all at once.
     */
    async merge(actor: Actor | undefined, spaceSlug: string, tagSlug: string, rawInto: unknown) {
      const { space, tag: source } = await curatedTag(actor, spaceSlug, tagSlug);
      const intoSlug = text(rawInto);
      const target = intoSlug === "" ? undefined : await store.findTag(db, space.id, intoSlug);
      if (!target) throw validationError({ into: "tags.mergeTargetUnknown" });
      if (target.id === source.id) throw validationError({ into: "tags.mergeSelf" });
      const synonyms = await store.synonymsOf(db, source.id);
      await guardConstraints(() =>
        db.transaction().execute(async (trx) => {
          await store.lockTags(trx, dialect, [source.id, target.id]);
          // Either may have gone while the form was being sent.
          if (
            !(await store.findTag(trx, space.id, source.slug)) ||
            !(await store.findTag(trx, space.id, target.slug))
          )
            throw new DomainError("TAG_NOT_FOUND");
          const moved = await store.carrierIds(trx, source.id);
          await store.moveCarriers(trx, source.id, target.id);
          await store.moveSynonyms(trx, source.id, target);
          await store.deleteTag(trx, source.id);
          await store.addSynonym(trx, {
            id: newId(),
            space_id: space.id,
            tag_id: target.id,
            label: source.label,
            folded: source.folded,
          });
          await refreshCarriers(trx, moved);
          await audit(trx, actor, space, {
            action: "tags.merged",
            subjectType: "tag",
            subjectId: target.id,
            before: { merged: source.label, mergedId: source.id, synonyms, commons: moved.length },
            after: { label: target.label, synonyms: await store.synonymsOf(trx, target.id) },
          });
        }),
      );
      return { slug: target.slug, label: target.label, from: source.label };
    },

    /**
     * Deletes a tag, free or governed. The records carrying it lose it; when there are some, the person
     * must say so (`confirm`), having been told how many.
     */
    async remove(
      actor: Actor | undefined,
      spaceSlug: string,
      tagSlug: string,
      input: Record<string, unknown>,
    ) {
      const { space, tag } = await curatedTag(actor, spaceSlug, tagSlug);
      const confirmed = input.confirm === "1" || input.confirm === true;
      const before = { ...(await snapshotOf(space, tag)), slug: tag.slug };
      const removedFrom = await db.transaction().execute(async (trx) => {
        await store.lockTags(trx, dialect, [tag.id]);
        const carriers = await store.carrierIds(trx, tag.id);
        if (carriers.length > 0 && !confirmed) throw validationError({ confirm: "tags.confirmDelete" });
        await store.deleteTag(trx, tag.id);
        await refreshCarriers(trx, carriers);
        await audit(trx, actor, space, {
          action: "tags.deleted",
          subjectType: "tag",
          subjectId: tag.id,
          before: { ...before, commons: carriers.length },
        });
        return carriers.length;
      });
      return { label: tag.label, removedFrom };
    },
  };
}

export type Tags = ReturnType<typeof createTags>;
