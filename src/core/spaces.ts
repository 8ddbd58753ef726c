import { validationError } from "./errors.ts";
import { checkLine, oneLine } from "./text.ts";

export type SpaceKind = "assembly" | "chamber";
export const SPACE_KINDS: readonly SpaceKind[] = ["assembly", "chamber"];

/** The six properties of the seed's table. Stored on each space; a social code may change them. */
export interface SpaceProperties {
  territorial: boolean;
  decisionMode: "stigmergy" | "consent" | "consensus";
  functions: "discovery_exploration" | "securing_dialogue";
  access: "open" | "cooptation";
  forkPolicy: "avoid" | "encouraged";
  formalisation: "low" | "statutes";
}

/**
 * A space's settings for meetings and tasks, as a new space gets them: a week to correct published
 * minutes, a do-ocracy cap of 50 € (in cents), and tasks open to every member.
 */
export const SPACE_SETTING_DEFAULTS = {
  correctionsDays: 7,
  doocracyCap: 5000,
  tasksRule: "members",
} as const;

export const KIND_DEFAULTS: Record<SpaceKind, SpaceProperties> = {
  assembly: {
    territorial: true,
    decisionMode: "stigmergy",
    functions: "discovery_exploration",
    access: "open",
    forkPolicy: "avoid",
    formalisation: "low",
  },
  chamber: {
    territorial: false,
    decisionMode: "consent",
    functions: "securing_dialogue",
    access: "cooptation",
    forkPolicy: "encouraged",
    formalisation: "statutes",
  },
};

export const SLUG_MAX = 60;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Slugs that would shadow a page of the space itself or read as an action. */
const RESERVED_SLUGS = new Set(["nouveau", "new", "api", "admin"]);

/** A URL-safe slug from any name: accents dropped, lower case, words joined by hyphens. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
}

export function slugProblem(slug: string): string | undefined {
  if (slug === "") return "field.required";
  if (slug.length > SLUG_MAX) return `field.tooLong.${SLUG_MAX}`;
  if (!SLUG.test(slug)) return "slug.format";
  if (RESERVED_SLUGS.has(slug)) return "slug.reserved";
  return undefined;
}

export interface NewSpace {
  kind: SpaceKind;
  name: string;
  slug: string;
  summary: string;
  territory: string | null;
  theme: string | null;
  assemblySlug: string | null;
}

/** What a space says of itself, which its facilitators may change later (the kind and the slug stay). */
export type SpaceDetails = Omit<NewSpace, "kind" | "slug">;

function spaceDetails(
  kind: unknown,
  input: Record<string, unknown>,
  errors: Record<string, string>,
): SpaceDetails {
  const name = oneLine(input.name);
  checkLine(errors, "name", name, { required: true, max: 120 });
  const summary = oneLine(input.summary);
  checkLine(errors, "summary", summary, { required: false, max: 300 });
  const territory = oneLine(input.territory);
  const theme = oneLine(input.theme);
  checkLine(errors, "territory", territory, { required: kind === "assembly", max: 120 });
  checkLine(errors, "theme", theme, { required: kind === "chamber", max: 120 });
  const assemblySlug = oneLine(input.assembly);
  return {
    name,
    summary,
    territory: kind === "assembly" ? territory : null,
    theme: kind === "chamber" ? theme : null,
    assemblySlug: kind === "chamber" && assemblySlug !== "" ? assemblySlug : null,
  };
}

export function checkNewSpace(input: Record<string, unknown>): NewSpace {
  const errors: Record<string, string> = {};
  const kind = input.kind;
  if (kind !== "assembly" && kind !== "chamber") errors.kind = "space.kind";
  const details = spaceDetails(kind, input, errors);
  const rawSlug = oneLine(input.slug);
  const slug = rawSlug === "" ? slugify(details.name) : rawSlug;
  const slugError = slugProblem(slug);
  if (slugError && !errors.name) errors.slug = slugError;
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { kind: kind as SpaceKind, slug, ...details };
}

/** A space's settings for meetings and tasks; money (the cap) and the task rule are a chamber's only. */
export interface SpaceSettings {
  correctionsDays: number;
  doocracyCap: number;
  tasksRule: "members" | "facilitators";
}

/**
 * What a space's facilitators set in its edit form. The do-ocracy cap is not among them: like the
 * decision rules and the six properties, it changes only by an adopted decision of class `settings`.
 */
export type EditableSettings = Omit<SpaceSettings, "doocracyCap">;

/** The settings as sent; a setting not sent keeps its `current` value. */
function spaceSettings(
  kind: unknown,
  raw: Record<string, unknown>,
  current: EditableSettings,
  errors: Record<string, string>,
): EditableSettings {
  const input = {
    correctionsDays: String(current.correctionsDays),
    tasksRule: current.tasksRule,
    ...Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)),
  };
  const days = oneLine(input.correctionsDays);
  if (!/^\d{1,2}$/.test(days) || Number(days) < 1 || Number(days) > 60)
    errors.correctionsDays = "space.daysInvalid";
  const rule = oneLine(input.tasksRule);
  if (kind === "chamber" && rule !== "members" && rule !== "facilitators")
    errors.tasksRule = "space.tasksRuleInvalid";
  return {
    correctionsDays: Number(days),
    tasksRule: kind === "chamber" && rule === "facilitators" ? "facilitators" : "members",
  };
}

export function checkSpaceEdit(
  kind: SpaceKind,
  input: Record<string, unknown>,
  current: EditableSettings,
): SpaceDetails & EditableSettings {
  const errors: Record<string, string> = {};
  const details = spaceDetails(kind, input, errors);
  const settings = spaceSettings(kind, input, current, errors);
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { ...details, ...settings };
}
