/**
 * An instance's life and its composting: active, then (each from its date) a notice banner, read-only,
 * and archived. The stage in force on a day is the furthest one whose date has come, so that it only
 * moves forward as days pass, whatever the schedule holds.
 */
import { type FieldErrors, validationError } from "./errors.ts";
import { isHttpUrl, multiline, oneLine } from "./text.ts";

export const LIFECYCLE_STAGES = ["active", "notice", "readOnly", "archived"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** The stages administrators schedule, in their order. */
export const SCHEDULED_STAGES = ["notice", "readOnly", "archived"] as const;
export type ScheduledStage = (typeof SCHEDULED_STAGES)[number];

/** One scheduled stage: from which day (YYYY-MM-DD, Paris time), why, and where to go next. */
export interface ScheduledStep {
  stage: ScheduledStage;
  startsOn: string;
  message: string;
  nextUrl: string;
}

/** At most one step per stage. */
export type Schedule = readonly ScheduledStep[];

export const MESSAGE_MAX = 2000;
export const URL_MAX = 500;

/** A real calendar day written YYYY-MM-DD (no 2026-02-30). */
export function isDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function rank(stage: LifecycleStage): number {
  return LIFECYCLE_STAGES.indexOf(stage);
}

/** The steps in the stages' order. */
export function ordered(schedule: Schedule): ScheduledStep[] {
  return [...schedule].sort((a, b) => rank(a.stage) - rank(b.stage));
}

/** The stage in force on `day`: the furthest scheduled stage whose day has come, else `active`. */
export function stageOn(schedule: Schedule, day: string): LifecycleStage {
  let stage: LifecycleStage = "active";
  for (const step of schedule) if (step.startsOn <= day && rank(step.stage) > rank(stage)) stage = step.stage;
  return stage;
}

/** Read-only and archived: no login, no write through the web. */
export function refusesWrites(stage: LifecycleStage): boolean {
  return stage === "readOnly" || stage === "archived";
}

/** What the banner says on a day: the stage in force, why, where to go next, and the dates. */
export interface Notice {
  stage: ScheduledStage;
  message: string;
  nextUrl: string;
  noticeFrom: string | undefined;
  readOnlyFrom: string | undefined;
  archivedFrom: string | undefined;
}

/**
 * The banner of `day`, or null while the instance is active. A stage set without a message or a next
 * address keeps those of the stage before it (the notice's reason still holds once read-only).
 */
export function noticeOn(schedule: Schedule, day: string): Notice | null {
  const stage = stageOn(schedule, day);
  if (stage === "active") return null;
  const reached = ordered(schedule).filter((step) => rank(step.stage) <= rank(stage));
  const latest = (pick: (step: ScheduledStep) => string) =>
    reached.map(pick).reduce((kept, value) => (value !== "" ? value : kept), "");
  const dateOf = (name: ScheduledStage) => schedule.find((step) => step.stage === name)?.startsOn;
  return {
    stage,
    message: latest((step) => step.message),
    nextUrl: latest((step) => step.nextUrl),
    noticeFrom: dateOf("notice"),
    readOnlyFrom: dateOf("readOnly"),
    archivedFrom: dateOf("archived"),
  };
}

/** Every stage's day is on or after those of the stages before it. */
export function inOrder(schedule: Schedule): boolean {
  const steps = ordered(schedule);
  return steps.every((step, i) => i === 0 || (steps[i - 1] as ScheduledStep).startsOn <= step.startsOn);
}

/**
 * A stage's name as an operator types it (`notice`, `read-only`, `archived`, `active`) or as the code
 * and the form write it (`readOnly`), or undefined.
 */
export function parseStage(value: string): LifecycleStage | undefined {
  const names: Record<string, LifecycleStage> = {
    active: "active",
    notice: "notice",
    "read-only": "readOnly",
    readonly: "readOnly",
    archived: "archived",
  };
  return names[value.trim().toLowerCase()];
}

/** What an administrator asks: a stage from a day; `active` takes every scheduled stage away. */
export type StageRequest = { stage: "active" } | ScheduledStep;

/**
 * Checks a request against the schedule in place: a known stage, a real day, a message of reasonable
 * length, an http(s) next address, and the days still in order once the step replaces its stage's.
 * Field errors name `stage`, `startsOn`, `message` and `nextUrl`.
 */
export function checkStageRequest(schedule: Schedule, input: Record<string, unknown>): StageRequest {
  const errors: FieldErrors = {};
  const stage = parseStage(oneLine(input.stage));
  if (!stage) {
    errors.stage = "lifecycle.stageUnknown";
    throw validationError(errors);
  }
  if (stage === "active") return { stage };
  const startsOn = oneLine(input.startsOn);
  const message = multiline(input.message);
  const nextUrl = oneLine(input.nextUrl);
  if (startsOn === "") errors.startsOn = "field.required";
  else if (!isDay(startsOn)) errors.startsOn = "lifecycle.dayInvalid";
  if ([...message].length > MESSAGE_MAX) errors.message = `field.tooLong.${MESSAGE_MAX}`;
  if (nextUrl !== "" && (!isHttpUrl(nextUrl) || nextUrl.length > URL_MAX))
    errors.nextUrl = "lifecycle.urlInvalid";
  const step: ScheduledStep = { stage, startsOn, message, nextUrl };
  if (!errors.startsOn && !inOrder(withStep(schedule, step))) errors.startsOn = `lifecycle.order.${stage}`;
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return step;
}

/** The schedule with `step` in place of its stage's previous one. */
export function withStep(schedule: Schedule, step: ScheduledStep): ScheduledStep[] {
  return ordered([...schedule.filter((s) => s.stage !== step.stage), step]);
}
