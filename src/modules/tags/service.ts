import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { fold, LIMITS } from "../../core/commons.ts";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { type Actor, authorize, can } from "../../core/policy.ts";
import { checkLine, oneLine, wellFormed } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database } from "../../db/schema.ts";
import { type AuditRecord, recordEvent } from "../audit/service.ts";
import { refreshSearch } from "../commons/store.ts";
import { findMembership, findSpaceBySlug, type SpaceRow } from "../spaces/service.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

export const TAG_LIMITS = {
  label: LIMITS.tag,
  family: 60,
  description: 1000,
  synonyms: 30,
  /** Records listed on a tag's page; the filtered list shows them all. */
  carriersShown: 200,
} as const;

export interface TagItem {
  slug: string;
  label: string;
  count: number;
  synonyms: string[];
}

export interface FamilyGroup {
  id: string;
  name: string;
  position: number;
  tags: TagItem[];
}

export interface SpaceRef {
  slug: string;
  name: string;
}

export interface Vocabulary {
  space: SpaceRef;
  families: FamilyGroup[];
  /** Governed tags whose family is gone or was never given. */
  unfiled: TagItem[];
  free: TagItem[];
  canCurate: boolean;
}

export interface TagDetail {
  slug: string;
  label: string;
  governed: boolean;
  family: { id: string; name: string } | null;
  description: string;
  synonyms: string[];
  count: number;
}

export interface TagPage {
  space: SpaceRef;
  tag: TagDetail;
  commons: { slug: string; name: string; summary: string }[];
  families: { id: string; name: string }[];
  /** The other tags of the assembly, what this one may be merged into. */
  others: { slug: string; label: string; governed: boolean }[];
  canCurate: boolean;
}

interface Label {
  label: string;
  folded: string;
}

const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
const byLabel = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
/** Labels in the order French readers expect (SQL orders differ between the two databases). */
const sorted = (labels: string[]) => [...labels].sort(collator.compare);

/**
 * A label as typed: one line, at most 60 characters, with at least a letter or a digit, and without
 * the comma or semicolon that separate tags in the forms.
 */
function checkLabel(errors: FieldErrors, field: string, raw: unknown, max: number): Label {
  const label = oneLine(raw);
  const folded = fold(label);
  checkLine(errors, field, label, { required: true, max });
  if (errors[field] === undefined) {
    if (folded === "") errors[field] = "tags.labelNoLetters";
    else if (/[,;]/.test(label)) errors[field] = "tags.labelSeparator";
  }
  return { label, folded };
}

/** Synonyms as typed: a comma-separated text (forms) or a list, deduplicated by their folded form. */
export function parseSynonyms(raw: unknown): string[] {
  const parts = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(/[,;\n]/) : [];
  const seen = new Set<string>();
  const synonyms: string[] = [];
  for (const part of parts) {
    const label = oneLine(part);
    const folded = fold(label);
    if (folded === "" || seen.has(folded)) continue;
    seen.add(folded);
    synonyms.push(label);
  }
  return synonyms;
}

/** Synonyms of a tag: its own label among them is dropped (it already matches). */
function checkSynonyms(errors: FieldErrors, raw: unknown, ownFolded: string): Label[] {
  const synonyms = parseSynonyms(raw)
    .map((label) => ({ label, folded: fold(label) }))
    .filter((s) => s.folded !== ownFolded);
  if (synonyms.length > TAG_LIMITS.synonyms) errors.synonyms = "tags.tooManySynonyms";
  else if (synonyms.some((s) => [...s.label].length > TAG_LIMITS.label))
    errors.synonyms = "tags.synonymTooLong";
  return synonyms;
}

/** A description: several lines allowed, control characters dropped. */
function checkDescription(errors: FieldErrors, raw: unknown): string {
  const description =
    typeof raw === "string"
      ? wellFormed(raw)
          .normalize("NFC")
          .replace(/\r\n?/g, "\n")
          .replace(/(?![\t\n])\p{Cc}/gu, "")
          .trim()
      : "";
  if ([...description].length > TAG_LIMITS.description)
    errors.description = `field.tooLong.${TAG_LIMITS.description}`;
  return description;
}

function text(raw: unknown): string {
  return typeof raw === "string" ? raw.trim() : "";
}

export function createTags(ctx: Context) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;

  /** The assembly whose directory this is; chambers have none of their own. */
  async function directory(slug: string): Promise<SpaceRow> {
    const space = await findSpaceBySlug(db, slug);
    if (space?.kind !== "assembly") throw new DomainError("SPACE_NOT_FOUND");
    return space;
  }

  async function mayCurate(actor: Actor | undefined, space: SpaceRow): Promise<boolean> {
    const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
    return can(actor, "commons.curate", { space, membership });
  }

  /** The assembly, once the actor is known to curate its vocabulary. */
  async function curated(actor: Actor | undefined, spaceSlug: string): Promise<SpaceRow> {
    const space = await directory(spaceSlug);
    const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
    authorize(actor, "commons.curate", { space, membership });
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

  /** The family a governed tag goes in: required, and one of the assembly's. */
  async function checkFamily(errors: FieldErrors, space: SpaceRow, raw: unknown) {
    const id = text(raw);
    if (id === "") {
      errors.family = "tags.familyRequired";
      return undefined;
    }
    const family = await store.findFamily(db, space.id, id);
    if (!family) errors.family = "tags.familyUnknown";
    return family;
  }

  /** A family name: required, one line, not the name of another family of the assembly. */
  async function checkFamilyName(errors: FieldErrors, space: SpaceRow, raw: unknown, exceptId?: string) {
    const name = oneLine(raw);
    checkLine(errors, "name", name, { required: true, max: TAG_LIMITS.family });
    const families = await store.listFamilies(db, space.id);
    if (!errors.name && families.some((f) => f.id !== exceptId && fold(f.name) === fold(name)))
      errors.name = "tags.familyTaken";
    return { name, families };
  }

  /**
   * Refuses a label or synonyms that would make a typed word ambiguous: each folded form names one tag,
   * through its label or one of its synonyms. (The constraints of the tables catch what a race lets by.)
   */
  async function checkVocabulary(
    errors: FieldErrors,
    space: SpaceRow,
    label: Label,
    synonyms: Label[],
    tagId?: string,
  ) {
    const labelTaken = errors.label ? undefined : await takenAs(space, [label.folded], tagId);
    if (labelTaken) errors.label = labelTaken === "tag" ? "tags.labelTaken" : "tags.labelIsSynonym";
    const folded = synonyms.map((s) => s.folded);
    const synonymTaken = errors.synonyms ? undefined : await takenAs(space, folded, tagId);
    if (synonymTaken) errors.synonyms = synonymTaken === "tag" ? "tags.synonymIsTag" : "tags.synonymTaken";
  }

  /** Whether one of these folded forms already names a tag of the assembly, as its label or a synonym. */
  async function takenAs(space: SpaceRow, folded: string[], tagId?: string) {
    if ((await store.tagsFolded(db, space.id, folded, tagId)).length > 0) return "tag";
    if ((await store.synonymsFolded(db, space.id, folded, tagId)).length > 0) return "synonym";
    return undefined;
  }

  /**
   * The governed tag a form describes, checked against the vocabulary (`existing` when editing): its
   * columns and synonyms as they are written, and what the audit records of it.
   */
  async function checkTag(space: SpaceRow, input: Record<string, unknown>, existing?: store.TagRow) {
    const errors: FieldErrors = {};
    const label = checkLabel(errors, "label", input.label, TAG_LIMITS.label);
    const family = await checkFamily(errors, space, input.family);
    const description = checkDescription(errors, input.description);
    const synonyms = checkSynonyms(errors, input.synonyms, label.folded);
    await checkVocabulary(errors, space, label, synonyms, existing?.id);
    if (Object.keys(errors).length > 0 || !family) throw validationError(errors);
    const columns = { ...label, family_id: family.id, description, governed: 1 as const };
    return {
      columns,
      synonyms: synonyms.map((s) => ({ id: newId(), ...s })),
      after: snapshot(
        columns,
        family.name,
        synonyms.map((s) => s.label),
      ),
    };
  }

  /** Search text of records mentions their tags' labels: it follows a rename, a merge or a deletion. */
  async function refreshCarriers(trx: Db, commonsIds: string[]) {
    for (const id of commonsIds) await refreshSearch(trx, id);
  }

  function snapshot(tag: { label: string; governed: number }, family: string | null, synonyms: string[]) {
    return { label: tag.label, governed: tag.governed === 1, family, synonyms };
  }

  async function familyName(space: SpaceRow, id: string | null) {
    return id ? ((await store.findFamily(db, space.id, id))?.name ?? null) : null;
  }

  /** A stored tag as the audit records it before a change. */
  async function snapshotOf(space: SpaceRow, tag: store.TagRow) {
    return snapshot(tag, await familyName(space, tag.family_id), await store.synonymsOf(db, tag.id));
  }

  return {
    directory,

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

    /** One tag: what it means, its synonyms, the records carrying it, and what curators may do. */
    async tag(actor: Actor | undefined, spaceSlug: string, tagSlug: string): Promise<TagPage> {
      const space = await directory(spaceSlug);
      const tag = await tagOf(space, tagSlug);
      const [families, synonyms, count, commons, all] = await Promise.all([
        store.listFamilies(db, space.id),
        store.synonymsOf(db, tag.id),
        store.countCarriers(db, tag.id),
        store.carriers(db, tag.id, TAG_LIMITS.carriersShown),
        store.tagsWithCounts(db, space.id),
      ]);
      const family = families.find((f) => f.id === tag.family_id);
      return {
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
        commons,
        families: families.map((f) => ({ id: f.id, name: f.name })),
        others: all
          .filter((t) => t.id !== tag.id)
          .sort(byLabel)
          .map((t) => ({ slug: t.slug, label: t.label, governed: t.governed === 1 })),
        canCurate: await mayCurate(actor, space),
      };
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
