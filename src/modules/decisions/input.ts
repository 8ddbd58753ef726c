import {
  checkRules,
  DECISION_MODES,
  type DecisionMode,
  type DecisionRules,
  flatRules,
  POSITIONS,
  type Position,
  PROPOSAL_CLASSES,
  type ProposalClass,
} from "../../core/decisions.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import type { SpaceProperties } from "../../core/spaces.ts";
import { checkLine, multiline, oneLine } from "../../core/text.ts";
import { PROPERTY_CHOICES } from "./input-code.ts";

export const LIMITS = { title: 200, body: 50_000, comment: 5_000, reason: 2_000 } as const;
const DAY = 86_400_000;
/** The furthest deadline anyone may set: ten years. */
const FURTHEST = 3_653 * DAY;

function text(errors: Record<string, string>, field: string, raw: unknown, max: number, required = true) {
  const value = multiline(raw);
  if (required && value === "") errors[field] = "field.required";
  else if ([...value].length > max) errors[field] = `field.tooLong.${max}`;
  return value;
}

function done<T>(errors: Record<string, string>, value: T): T {
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return value;
}

export interface ProposalInput {
  title: string;
  body: string;
  class: ProposalClass;
  mode: DecisionMode | undefined;
  /** An instant, or days from now, or nothing for the rules' own durations. */
  deadline: Date | undefined;
  replaces: string | undefined;
}

/**
 * A deadline as the API sends it (ISO 8601 with a zone) or as a page offers it (`7` days): always in the
 * future, at most ten years ahead.
 */
export function parseDeadline(errors: Record<string, string>, raw: unknown, now: Date): Date | undefined {
  const value = oneLine(raw);
  if (value === "") return undefined;
  const at = /^\d{1,3}$/.test(value)
    ? new Date(now.getTime() + Number(value) * DAY)
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
      ? new Date(value)
      : undefined;
  if (!at || Number.isNaN(at.getTime())) errors.deadline = "decisions.deadlineFormat";
  else if (at.getTime() <= now.getTime() || at.getTime() - now.getTime() > FURTHEST)
    errors.deadline = "decisions.deadlineFuture";
  return at;
}

export function checkProposal(input: Record<string, unknown>, now: Date): ProposalInput {
  const errors: Record<string, string> = {};
  const title = oneLine(input.title);
  checkLine(errors, "title", title, { required: true, max: LIMITS.title });
  const body = text(errors, "body", input.body, LIMITS.body);
  const klass = input.class === undefined || input.class === "" ? "general" : input.class;
  if (!(PROPOSAL_CLASSES as readonly unknown[]).includes(klass)) errors.class = "decisions.choice";
  const mode = input.mode === undefined || input.mode === "" ? undefined : input.mode;
  if (mode !== undefined && !(DECISION_MODES as readonly unknown[]).includes(mode))
    errors.mode = "decisions.choice";
  const deadline = parseDeadline(errors, input.deadline, now);
  const replaces = oneLine(input.replaces);
  return done(errors, {
    title,
    body,
    class: klass as ProposalClass,
    mode: mode as DecisionMode | undefined,
    deadline,
    replaces: replaces === "" ? undefined : replaces,
  });
}

export function checkComment(input: Record<string, unknown>) {
  const errors: Record<string, string> = {};
  const kind = input.kind === undefined || input.kind === "" ? "question" : input.kind;
  if (kind !== "question" && kind !== "answer" && kind !== "reaction") errors.kind = "decisions.choice";
  const value = text(errors, "text", input.text, LIMITS.comment);
  return done(errors, { kind: kind as "question" | "answer" | "reaction", text: value });
}

export function checkObjection(input: Record<string, unknown>) {
  const errors: Record<string, string> = {};
  const reason = text(errors, "reason", input.reason, LIMITS.reason);
  const harm = text(errors, "harm", input.harm, LIMITS.reason, false);
  return done(errors, { reason, harm });
}

export function checkReason(input: Record<string, unknown>, field = "reason") {
  const errors: Record<string, string> = {};
  return done(errors, text(errors, field, input[field], LIMITS.reason));
}

export function checkAmendment(input: Record<string, unknown>) {
  const errors: Record<string, string> = {};
  const body = text(errors, "body", input.body, LIMITS.body);
  const note = oneLine(input.note);
  checkLine(errors, "note", note, { required: false, max: 300 });
  const raw = input.integrates;
  const list = raw === undefined || raw === "" ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length > 100 || list.some((id) => typeof id !== "string")) errors.integrates = "decisions.choice";
  return done(errors, { body, note, integrates: list.filter((id): id is string => typeof id === "string") });
}

export function checkPosition(input: Record<string, unknown>) {
  const errors: Record<string, string> = {};
  const position = input.position;
  if (!(POSITIONS as readonly unknown[]).includes(position)) errors.position = "decisions.choice";
  const reason = text(errors, "reason", input.reason, LIMITS.reason, position === "block");
  if (position === "block" && errors.reason === "field.required") errors.reason = "decisions.blockReason";
  return done(errors, { position: position as Position, reason });
}

/**
 * What a settings proposal would change, checked: rules given in part are merged into the space's
 * current ones (so that adopting it changes only what it names), the six properties in full, the cap.
 */
export function checkGovernanceChange(current: DecisionRules, raw: unknown) {
  const errors: Record<string, string> = {};
  const given = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const change: { rules?: DecisionRules; properties?: SpaceProperties; doocracyCap?: number } = {};
  if (given.rules !== undefined) {
    const rules = (typeof given.rules === "object" && given.rules !== null ? given.rules : {}) as Partial<
      Record<string, unknown>
    >;
    const modes = typeof rules.modes === "object" && rules.modes !== null ? rules.modes : {};
    try {
      change.rules = checkRules(
        flatRules({ ...current, ...rules, modes: { ...current.modes, ...modes } } as DecisionRules),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (const [key, message] of Object.entries(error.fields)) errors[`rules.${key}`] = message;
    }
  }
  if (given.properties !== undefined) {
    const p = (
      typeof given.properties === "object" && given.properties !== null ? given.properties : {}
    ) as Record<string, unknown>;
    const chosen = (key: Exclude<keyof SpaceProperties, "territorial">) => {
      const values: readonly string[] = PROPERTY_CHOICES[key];
      if (typeof p[key] !== "string" || !values.includes(p[key]))
        errors[`properties.${key}`] = "decisions.choice";
      return p[key];
    };
    if (typeof p.territorial !== "boolean") errors["properties.territorial"] = "decisions.choice";
    // Each value is checked against its choices above; a wrong one throws before `change` is used.
    change.properties = {
      territorial: p.territorial === true,
      decisionMode: chosen("decisionMode"),
      functions: chosen("functions"),
      access: chosen("access"),
      forkPolicy: chosen("forkPolicy"),
      formalisation: chosen("formalisation"),
    } as SpaceProperties;
  }
  if (given.doocracyCap !== undefined) {
    const cap = given.doocracyCap;
    if (typeof cap !== "number" || !Number.isSafeInteger(cap) || cap < 0 || cap > 100_000_000_000)
      errors.doocracyCap = "field.invalid";
    else change.doocracyCap = cap;
  }
  if (Object.keys(change).length === 0 && Object.keys(errors).length === 0)
    errors.settings = "decisions.settingsEmpty";
  return done(errors, change);
}
