// The reference model of test/property/decisions.test.ts: the rules of a decision written from RULES.md
// ("Decisions") and issue 12, independent of src/core/decisions.ts (nothing of it is imported), and how
// the engine's state is read and compared with it after each step.
import assert from "node:assert/strict";
import type { Person } from "../../src/modules/accounts/service.ts";
import type { Harness } from "./app.ts";
import { errorCode } from "./factories.ts";

export const WHO = ["admin", "fac", "ana", "ben", "cleo", "out"] as const;
export type Who = (typeof WHO)[number];
/** The chamber's creator (an instance administrator) and `fac` facilitate; `out` is no member. */
export const MEMBERS: readonly Who[] = ["admin", "fac", "ana", "ben", "cleo"];
export const FACILITATORS: readonly Who[] = ["admin", "fac"];
export type Mode = "consent" | "consensus" | "advice" | "notice";
type Status = "open" | "withdrawn" | "integrated" | "invalid";
export type Pos = "agree" | "abstain" | "disagree" | "block";
type Outcome = "adopted" | "not adopted" | "withdrawn" | null;

// The reference model

interface MObjection {
  id: string;
  author: Who;
  status: Status;
  /** The version that offers to integrate it, if one does. */
  offered: number | null;
}
export interface MProposal {
  id: string;
  proposer: Who;
  mode: Mode;
  socialCode: boolean;
  outcome: Outcome;
  extensions: number;
  version: number;
  comments: number;
  /** Its deadline has passed and nothing has settled it yet: whoever touches it next settles it. */
  due: boolean;
  /** Its deadline has passed at least once (the objection round has begun). */
  expired: boolean;
  objections: MObjection[];
  positions: Map<Who, Pos>;
}
export interface Model {
  proposals: MProposal[];
}
export interface Real {
  h: Harness;
  people: Record<Who, Person>;
  names: Map<string, Who>;
  slug: string;
  spaceId: string;
}

/** The chamber's default rules: consensus needs 75 % of those for and against; quorum 0. */
const THRESHOLD = 75;

/** The deadline has come: consent adopts unless an objection stands (then one more round of 7 days, then it fails). */
export function settleModel(p: MProposal): void {
  if (!p.due || p.outcome) return;
  p.due = false;
  if (p.mode === "consent") {
    if (!p.objections.some((o) => o.status === "open")) p.outcome = "adopted";
    else if (p.extensions === 0) p.extensions = 1;
    else p.outcome = "not adopted";
    return;
  }
  if (p.mode === "consensus") {
    const n = (x: Pos) => [...p.positions.values()].filter((v) => v === x).length;
    const agree = n("agree");
    const enough = agree > 0 && agree * 100 >= THRESHOLD * (agree + n("disagree"));
    p.outcome = n("block") === 0 && enough ? "adopted" : "not adopted";
    return;
  }
  p.outcome = "adopted";
}

/** What an action on `p` meets, in order: the passed deadline settles it, then who acts, then whether it is decided. */
export function refusal(p: MProposal, allowed: boolean, then?: () => string | undefined): string | undefined {
  settleModel(p);
  if (!allowed) return "FORBIDDEN";
  if (p.outcome) return "PROPOSAL_CLOSED";
  return then?.();
}

export const nth = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
/**
 * Mostly (three indexes in four) a proposal still being decided that suits the command, sometimes any
 * (to meet the refusals: decided, another mode, nobody to integrate).
 */
export function target(
  m: Readonly<Model>,
  i: number,
  suits: (p: MProposal) => boolean = () => true,
): MProposal {
  const fit = m.proposals.filter((p) => !p.outcome && suits(p));
  return nth(i % 4 !== 3 && fit.length > 0 ? fit : m.proposals, Math.floor(i / 4));
}
export function objectionTarget(m: Readonly<Model>, j: number, offered = false) {
  const all = objectionsOf(m);
  const open = all.filter(({ p, o }) => !p.outcome && o.status === "open");
  const fit = offered && open.some(({ o }) => o.offered) ? open.filter(({ o }) => o.offered) : open;
  return nth(j % 4 !== 3 && fit.length > 0 ? fit : all, Math.floor(j / 4));
}
export const objectionsOf = (m: Readonly<Model>) =>
  m.proposals.flatMap((p) => p.objections.map((o) => ({ p, o })));
export const openOnes = (m: Readonly<Model>) => m.proposals.filter((p) => !p.outcome);

// Reading the engine's state

async function fingerprint(r: Real) {
  const k = r.h.db.kysely;
  const ids = k.selectFrom("proposals").select("id").where("space_id", "=", r.spaceId);
  const rows = (
    t: "proposal_versions" | "proposal_objections" | "proposal_positions" | "proposal_comments",
  ) => k.selectFrom(t).selectAll().where("proposal_id", "in", ids).orderBy("id").execute();
  const count = (t: "audit_events" | "social_code_versions") =>
    k
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
  return Promise.all([
    k.selectFrom("proposals").selectAll().where("space_id", "=", r.spaceId).orderBy("id").execute(),
    rows("proposal_versions"),
    rows("proposal_objections"),
    rows("proposal_positions"),
    rows("proposal_comments"),
    count("audit_events").then((c) => Number(c.n)),
    count("social_code_versions").then((c) => Number(c.n)),
  ]);
}

/** Runs an action the model expects to succeed (`expected` undefined) or to be refused with that code. */
export async function attempt(
  r: Real,
  wasDue: boolean,
  expected: string | undefined,
  label: string,
  action: () => Promise<unknown>,
) {
  // A refused action may still settle a round whose deadline had passed: that write is the model's.
  const before = wasDue ? undefined : await fingerprint(r);
  const code = await errorCode(action);
  assert.equal(code, expected, label);
  if (code && before) assert.deepEqual(await fingerprint(r), before, `refused, yet written: ${label}`);
}

/** Twelve months after the day it was decided, the last day of the month when that day does not exist. */
function twelveMonthsAfter(decidedAt: string): string {
  const [y, m, d] = decidedAt.slice(0, 10).split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return `${y + 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

async function checkProposal(m: MProposal, r: Real): Promise<void> {
  const { decisions } = r.h.app.communs;
  const k = r.h.db.kysely;
  // A round the model holds as due is read from the tables, so that the check settles nothing.
  const v = m.due ? undefined : await decisions.view(undefined, m.id);
  const proposal =
    v?.proposal ??
    (await k.selectFrom("proposals").selectAll().where("id", "=", m.id).executeTakeFirstOrThrow());
  const objections =
    v?.objections ??
    (await k.selectFrom("proposal_objections").selectAll().where("proposal_id", "=", m.id).execute());
  const positions =
    v?.positions ??
    (await k.selectFrom("proposal_positions").selectAll().where("proposal_id", "=", m.id).execute());
  const comments =
    v?.comments ??
    (await k.selectFrom("proposal_comments").select("id").where("proposal_id", "=", m.id).execute());
  const who = (id: string | null) => r.names.get(id ?? "") ?? id;
  const real = {
    outcome: proposal.outcome,
    extensions: proposal.extensions,
    version: proposal.version,
    comments: comments.length,
    objections: objections
      .map((o) => ({ id: o.id, author: who(o.author_id), status: o.status, offered: o.integrating_version }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    positions: positions.map((p) => [who(p.person_id), p.position]).sort(),
  };
  const model = {
    outcome: m.outcome,
    extensions: m.extensions,
    version: m.version,
    comments: m.comments,
    objections: m.objections.map((o) => ({ ...o })).sort((a, b) => a.id.localeCompare(b.id)),
    positions: [...m.positions].sort(),
  };
  assert.deepEqual(real, model, `proposal ${proposal.number} (${m.mode}) differs from the model`);
  if (v) {
    assert.equal(v.versions.length, m.version, "one version a text");
    const phase = m.outcome
      ? "closed"
      : !m.expired
        ? "questions"
        : m.objections.some((o) => o.status === "open")
          ? "integration"
          : "objections";
    assert.equal(v.phase, phase, `phase of proposal ${proposal.number}`);
  }
  // Invariants, whatever the model says.
  if (proposal.outcome === "adopted") {
    assert.ok(!objections.some((o) => o.status === "open"), "adopted with an open valid objection");
    assert.ok(!positions.some((p) => p.position === "block"), "adopted with a standing block");
    assert.match(proposal.review_date ?? "", /^\d{4}-\d{2}-\d{2}$/, "an adopted decision has a review date");
    assert.equal(
      proposal.review_date,
      twelveMonthsAfter(proposal.decided_at ?? ""),
      "reviewed twelve months on",
    );
  } else assert.equal(proposal.review_date, null, "only an adopted decision has a review date");
  assert.equal(proposal.decided_at !== null, proposal.outcome !== null, "decided_at iff decided");
  const events = await k
    .selectFrom("audit_events")
    .select("action")
    .where("subject_id", "=", m.id)
    .where("action", "in", [
      "proposal.adopted",
      "proposal.notAdopted",
      "proposal.withdrawn",
      "proposal.extended",
    ])
    .execute();
  const decided = events.filter((e) => e.action !== "proposal.extended").length;
  assert.equal(decided, proposal.outcome ? 1 : 0, "decided exactly once");
  assert.equal(events.length - decided, proposal.extensions, "one event per extension");
  const published = await k
    .selectFrom("social_code_versions")
    .select("id")
    .where("proposal_id", "=", m.id)
    .execute();
  assert.equal(
    published.length,
    m.socialCode && m.outcome === "adopted" ? 1 : 0,
    "an adopted social code is published once",
  );
}

export async function checkAll(m: Model, r: Real): Promise<void> {
  for (const p of m.proposals) await checkProposal(p, r);
}
