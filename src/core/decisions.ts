/**
 * How a space decides: its rules as data, and the pure rules of a proposal's life (phases, outcome at
 * the deadline, review date). Consent and its objections follow Sociocracy 3.0 and the Holacracy
 * constitution (§3.3.5); consensus counts agree / abstain / disagree / block; advice and notice are the
 * do-ocracy's ways to tell before doing.
 */
import { validationError } from "./errors.ts";
import type { SpaceKind } from "./spaces.ts";

export const PROPOSAL_CLASSES = ["general", "expense", "cooptation", "socialCode", "settings"] as const;
export type ProposalClass = (typeof PROPOSAL_CLASSES)[number];
export const DECISION_MODES = ["consent", "consensus", "advice", "notice"] as const;
export type DecisionMode = (typeof DECISION_MODES)[number];
export const POSITIONS = ["agree", "abstain", "disagree", "block"] as const;
export type Position = (typeof POSITIONS)[number];
export type Outcome = "adopted" | "not adopted" | "withdrawn";
export type Phase = "questions" | "reactions" | "objections" | "integration" | "closed";
/** An objection is open until its author withdraws it or accepts an amendment as integrating it. */
export type ObjectionStatus = "open" | "withdrawn" | "integrated" | "invalid";

/** Who is asked: the space's active members, or its facilitators only. */
export type Participants = "members" | "facilitators";
/** How a request to join is decided: a consent round of the members, or one facilitator alone. */
export type Admission = "cooptation" | "facilitators";

/** A space's decision rules, stored with the space and changed only by an adopted decision. */
export interface DecisionRules {
  modes: Record<ProposalClass, DecisionMode>;
  /** Days of clarifying questions, then of reactions, then of the objection round. */
  questionsDays: number;
  reactionsDays: number;
  objectionsDays: number;
  /** An open valid objection at the deadline: the round is extended once, or the proposal fails. */
  onObjection: "extend" | "fail";
  extensionDays: number;
  /** Consensus: the share (percent) of participants who must take a position, and of agreement among those for and against. */
  quorum: number;
  threshold: number;
  reviewMonths: number;
  participants: Participants;
  admission: Admission;
}

const PHASES_DEFAULT = {
  questionsDays: 3,
  reactionsDays: 4,
  objectionsDays: 7,
  onObjection: "extend",
  extensionDays: 7,
  quorum: 0,
  threshold: 75,
  reviewMonths: 12,
  participants: "members",
} as const;

/** The seed's table: an assembly tells and seeks advice, openly; a chamber decides by consent and co-opts. */
export const RULES_DEFAULTS: Record<SpaceKind, DecisionRules> = {
  assembly: {
    ...PHASES_DEFAULT,
    modes: {
      general: "notice",
      expense: "advice",
      cooptation: "advice",
      socialCode: "advice",
      settings: "advice",
    },
    admission: "facilitators",
  },
  chamber: {
    ...PHASES_DEFAULT,
    modes: {
      general: "consent",
      expense: "consent",
      cooptation: "consent",
      socialCode: "consensus",
      settings: "consent",
    },
    admission: "cooptation",
  },
};

/** Fewer members than this and a chamber's rounds go to its facilitators. */
export const SMALL_CHAMBER = 3;

/** The stored rules, with any rule missing (an older row) taken from the kind's defaults. */
export function rulesOf(kind: SpaceKind, stored: string | null): DecisionRules {
  const defaults = RULES_DEFAULTS[kind];
  if (!stored) return defaults;
  const parsed = JSON.parse(stored) as Partial<DecisionRules>;
  return { ...defaults, ...parsed, modes: { ...defaults.modes, ...parsed.modes } };
}

function whole(errors: Record<string, string>, key: string, raw: unknown, min: number, max: number): number {
  const text = String(raw ?? "").trim();
  const value = Number(text);
  if (!/^\d{1,4}$/.test(text) || value < min || value > max) errors[key] = `decisions.range.${min}.${max}`;
  return value;
}

function oneOf<T extends string>(
  errors: Record<string, string>,
  key: string,
  raw: unknown,
  values: readonly T[],
): T {
  if (typeof raw !== "string" || !(values as readonly string[]).includes(raw)) {
    errors[key] = "decisions.choice";
    return values[0] as T;
  }
  return raw as T;
}

/** Rules typed in a form or sent to the API (flat: `mode.general`, `questionsDays`…), checked. */
export function checkRules(input: Record<string, unknown>): DecisionRules {
  const errors: Record<string, string> = {};
  const modes = Object.fromEntries(
    PROPOSAL_CLASSES.map((c) => [c, oneOf(errors, `mode.${c}`, input[`mode.${c}`], DECISION_MODES)]),
  ) as Record<ProposalClass, DecisionMode>;
  const rules: DecisionRules = {
    modes,
    questionsDays: whole(errors, "questionsDays", input.questionsDays, 0, 60),
    reactionsDays: whole(errors, "reactionsDays", input.reactionsDays, 0, 60),
    objectionsDays: whole(errors, "objectionsDays", input.objectionsDays, 1, 90),
    onObjection: oneOf(errors, "onObjection", input.onObjection, ["extend", "fail"] as const),
    extensionDays: whole(errors, "extensionDays", input.extensionDays, 1, 60),
    quorum: whole(errors, "quorum", input.quorum, 0, 100),
    threshold: whole(errors, "threshold", input.threshold, 1, 100),
    reviewMonths: whole(errors, "reviewMonths", input.reviewMonths, 1, 60),
    participants: oneOf(errors, "participants", input.participants, ["members", "facilitators"] as const),
    admission: oneOf(errors, "admission", input.admission, ["cooptation", "facilitators"] as const),
  };
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return rules;
}

/** The rules as a form shows them: flat strings, as `checkRules` reads them back. */
export function flatRules(rules: DecisionRules): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const c of PROPOSAL_CLASSES) flat[`mode.${c}`] = rules.modes[c];
  for (const [key, value] of Object.entries(rules)) if (key !== "modes") flat[key] = String(value);
  return flat;
}

const DAY = 86_400_000;

/** When reactions and then the objection round start, for a round from `opened` to `deadline`. */
export function phaseTimes(
  rules: DecisionRules,
  opened: Date,
  deadline: Date,
): { reactionsAt: string; objectionsAt: string } {
  const span = deadline.getTime() - opened.getTime();
  const planned = (rules.questionsDays + rules.reactionsDays + rules.objectionsDays) * DAY;
  // A deadline nearer than the rules' durations shortens every phase alike.
  const scale = planned > span ? span / planned : 1;
  const reactions = opened.getTime() + rules.questionsDays * DAY * scale;
  const objections = reactions + rules.reactionsDays * DAY * scale;
  return { reactionsAt: new Date(reactions).toISOString(), objectionsAt: new Date(objections).toISOString() };
}

/** The deadline the rules give a round opened now. */
export function defaultDeadline(rules: DecisionRules, opened: Date): Date {
  return new Date(
    opened.getTime() + (rules.questionsDays + rules.reactionsDays + rules.objectionsDays) * DAY,
  );
}

export interface ProposalState {
  mode: DecisionMode;
  outcome: Outcome | null;
  reactionsAt: string;
  objectionsAt: string;
  deadline: string;
  extensions: number;
}

export interface ObjectionState {
  status: ObjectionStatus;
}

/** Objections that still stand: open, and not marked as not valid. */
export function standingObjections<O extends ObjectionState>(objections: O[]): O[] {
  return objections.filter((o) => o.status === "open");
}

export function phaseOf(p: ProposalState, objections: ObjectionState[], now: Date): Phase {
  if (p.outcome) return "closed";
  const at = now.toISOString();
  if (at < p.reactionsAt) return "questions";
  if (at < p.objectionsAt) return "reactions";
  return standingObjections(objections).length > 0 ? "integration" : "objections";
}

export interface Tally {
  agree: number;
  abstain: number;
  disagree: number;
  block: number;
}

export function tally(positions: { position: Position }[]): Tally {
  const counts: Tally = { agree: 0, abstain: 0, disagree: 0, block: 0 };
  for (const p of positions) counts[p.position] += 1;
  return counts;
}

/** Consensus: no block stands, enough took a position, and agreement reaches the threshold. */
export function consensusReached(counts: Tally, participants: number, rules: DecisionRules): boolean {
  if (counts.block > 0 || counts.agree === 0) return false;
  const expressed = counts.agree + counts.abstain + counts.disagree;
  if (expressed * 100 < rules.quorum * participants) return false;
  return counts.agree * 100 >= rules.threshold * (counts.agree + counts.disagree);
}

/** What the deadline brings: an outcome, or one more round when objections stand and the rules extend. */
export type Verdict = { outcome: "adopted" | "not adopted" } | { extendTo: string };

/**
 * The verdict on a proposal whose deadline has come (`now` at or past it). In consent silence is
 * consent: adopted unless a valid objection stands. In consensus silence is abstention.
 */
export function verdict(
  p: ProposalState,
  objections: ObjectionState[],
  positions: { position: Position }[],
  participants: number,
  rules: DecisionRules,
): Verdict {
  if (p.mode === "consent") {
    if (standingObjections(objections).length === 0) return { outcome: "adopted" };
    if (rules.onObjection === "extend" && p.extensions === 0)
      return { extendTo: new Date(Date.parse(p.deadline) + rules.extensionDays * DAY).toISOString() };
    return { outcome: "not adopted" };
  }
  if (p.mode === "consensus")
    return { outcome: consensusReached(tally(positions), participants, rules) ? "adopted" : "not adopted" };
  // Advice is sought, then the proposer acts; notice only tells.
  return { outcome: "adopted" };
}

/** The day an adopted decision comes up for review (YYYY-MM-DD), months after it was taken. */
export function reviewDate(decidedAt: Date, months: number): string {
  const date = new Date(decidedAt.getTime());
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.toISOString().slice(0, 10);
}

/** A class whose effect the platform applies decides in the space's mode; a general proposal may choose. */
export function modeFor(
  rules: DecisionRules,
  klass: ProposalClass,
  asked: DecisionMode | undefined,
): DecisionMode {
  const ruled = rules.modes[klass];
  if (asked === undefined || asked === ruled) return ruled;
  if (klass === "general") return asked;
  throw validationError({ mode: "decisions.modeRuled" });
}
