/**
 * What the vocabulary's forms are checked against: labels, synonyms and descriptions as typed, families
 * and the rule that one folded word names one tag of the assembly (as its label or a synonym).
 */
import type { Kysely } from "kysely";
import { fold } from "../../core/commons.ts";
import { type FieldErrors, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { checkLine, oneLine, wellFormed } from "../../core/text.ts";
import type { Database } from "../../db/schema.ts";
import type { SpaceRow } from "../spaces/service.ts";
import * as store from "./store.ts";
import { TAG_LIMITS } from "./types.ts";

type Db = Kysely<Database>;

interface Label {
  label: string;
  folded: string;
}

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

export function text(raw: unknown): string {
  return typeof raw === "string" ? raw.trim() : "";
}

/** A tag as the audit records it. */
export function snapshot(
  tag: { label: string; governed: number },
  family: string | null,
  synonyms: string[],
) {
  return { label: tag.label, governed: tag.governed === 1, family, synonyms };
}

/** The checks that read the vocabulary as it is stored. */
export function vocabularyChecks(db: Db) {
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

  return { checkFamily, checkFamilyName, checkTag };
}
