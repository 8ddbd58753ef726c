// Model-based property test of the decision engine (issue 12): random sequences of proposals (consent,
// consensus, advice, notice; class general or social code), objections, their withdrawal, integration or
// invalidation, amendments, positions, comments, withdrawals and clock advances (a round's deadline
// passed, then settled by the job, by `settleDue`, by a reader, or by whoever touches it next), in a
// chamber of five members, against a small reference model of the rules written from RULES.md and the
// issue (test/helpers/decisions-model.ts, which imports nothing of src/core/decisions.ts). After each
// step every proposal's outcome, extensions, version, comments, objections and positions equal the
// model's; never adopted with an open valid objection or a standing block; an adopted decision has a
// review date twelve months on; each proposal is decided once; a refused command writes nothing.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import type { Person } from "../../src/modules/accounts/service.ts";
import { useApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { expireRound } from "../helpers/decisions.ts";
import {
  attempt,
  checkAll,
  FACILITATORS,
  MEMBERS,
  type Mode,
  type Model,
  nth,
  objectionsOf,
  objectionTarget,
  openOnes,
  type Pos,
  type Real,
  refusal,
  settleModel,
  target,
  WHO,
  type Who,
} from "../helpers/decisions-model.ts";
import { buildAdmin, buildChamber, buildPerson } from "../helpers/factories.ts";
import { RUNS } from "../helpers/fuzz.ts";
import { admit } from "../helpers/spaces.ts";

// Commands

type Cmd = fc.AsyncCommand<Model, Real>;
const REASON = { reason: "Cela nuit à la chambre.", harm: "La caisse se vide." };

function command(
  label: string,
  check: (m: Readonly<Model>) => boolean,
  run: (m: Model, r: Real) => Promise<void>,
): Cmd {
  return {
    check,
    run: async (m, r) => {
      await run(m, r);
      await checkAll(m, r);
    },
    toString: () => label,
  };
}

const KINDS = [
  "default",
  "consent",
  "consensus",
  "advice",
  "notice",
  "socialCode",
  "socialCodeConsent",
] as const;
const propose = fc
  .record({
    by: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...MEMBERS) },
      { weight: 1, arbitrary: fc.constant<Who>("out") },
    ),
    kind: fc.constantFrom(...KINDS),
    deadline: fc.constantFrom(undefined, "2", "30"),
  })
  .map(({ by, kind, deadline }) =>
    command(
      `propose(${by}, ${kind}, ${deadline ?? "rules"})`,
      () => true,
      async (m, r) => {
        const socialCode = kind.startsWith("socialCode");
        const mode: Mode =
          kind === "default" ? "consent" : kind === "socialCode" ? "consensus" : (kind as Mode);
        const expected = !MEMBERS.includes(by)
          ? "FORBIDDEN"
          : kind === "socialCodeConsent"
            ? "VALIDATION_FAILED"
            : undefined;
        const input = {
          title: `Proposition ${m.proposals.length + 1}`,
          body: "Nous proposons de faire ainsi.",
          class: socialCode ? "socialCode" : "general",
          mode:
            kind === "default" || kind === "socialCode"
              ? undefined
              : kind === "socialCodeConsent"
                ? "consent"
                : kind,
          deadline,
        };
        let id = "";
        await attempt(r, false, expected, `propose ${kind}`, async () => {
          id = (await r.h.app.communs.decisions.propose(r.people[by], r.slug, input)).id;
        });
        if (expected) return;
        m.proposals.push({
          id,
          proposer: by,
          mode,
          socialCode,
          // Notice only tells: decided at once.
          outcome: mode === "notice" ? "adopted" : null,
          extensions: 0,
          version: 1,
          comments: 0,
          due: false,
          expired: false,
          objections: [],
          positions: new Map(),
        });
      },
    ),
  );

const byOr = <T extends string>(special: T) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(special) }, { weight: 1, arbitrary: fc.constantFrom(...WHO) });
const answerer = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...MEMBERS) },
  { weight: 1, arbitrary: fc.constant<Who>("out") },
);
const index = fc.nat(1000);

const object = fc.record({ i: index, by: answerer }).map(({ i, by }) =>
  command(
    `object(#${i}, ${by})`,
    (m) => m.proposals.length > 0,
    async (m, r) => {
      const p = target(m, i, (q) => q.mode === "consent");
      const wasDue = p.due;
      const expected = refusal(p, MEMBERS.includes(by), () =>
        p.mode === "consent" ? undefined : "PROPOSAL_CLOSED",
      );
      let id = "";
      await attempt(r, wasDue, expected, `object by ${by}`, async () => {
        id = await r.h.app.communs.decisions.object(r.people[by], p.id, REASON);
      });
      if (!expected) p.objections.push({ id, author: by, status: "open", offered: null });
    },
  ),
);

const resolve = fc
  .record({
    j: index,
    by: byOr("author"),
    // `accept`: its author accepts an amendment offered as integrating it (one is sought first).
    answer: fc.constantFrom("withdrawn", "integrated", "accept", "accept"),
  })
  .map(({ j, by, answer }) =>
    command(
      `resolve(objection #${j}, ${by}, ${answer})`,
      (m) => objectionsOf(m).length > 0,
      async (m, r) => {
        const how = answer === "withdrawn" ? "withdrawn" : "integrated";
        const { p, o } = objectionTarget(m, j, answer === "accept");
        const actor = by === "author" ? o.author : by;
        const wasDue = p.due;
        const expected = refusal(p, actor === o.author, () =>
          o.status !== "open" || (how === "integrated" && o.offered === null)
            ? "OBJECTION_RESOLVED"
            : undefined,
        );
        await attempt(r, wasDue, expected, `${how} by ${actor}`, () =>
          r.h.app.communs.decisions.resolveObjection(r.people[actor], o.id, how),
        );
        if (!expected) o.status = how;
      },
    ),
  );

const invalidate = fc
  .record({
    j: index,
    by: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...FACILITATORS) },
      { weight: 1, arbitrary: fc.constantFrom(...WHO) },
    ),
  })
  .map(({ j, by }) =>
    command(
      `invalidate(objection #${j}, ${by})`,
      (m) => objectionsOf(m).length > 0,
      async (m, r) => {
        const { p, o } = objectionTarget(m, j);
        const wasDue = p.due;
        const expected = refusal(p, FACILITATORS.includes(by), () =>
          o.status !== "open" ? "OBJECTION_RESOLVED" : undefined,
        );
        await attempt(r, wasDue, expected, `invalidate by ${by}`, () =>
          r.h.app.communs.decisions.invalidateObjection(r.people[by], o.id, {
            reason: "Elle ne dit pas en quoi cela nuit.",
          }),
        );
        if (!expected) o.status = "invalid";
      },
    ),
  );

const amend = fc
  .record({ i: index, by: byOr("proposer"), picks: fc.array(fc.nat(20), { minLength: 1, maxLength: 3 }) })
  .map(({ i, by, picks }) =>
    command(
      `amend(#${i}, ${by}, integrates ${picks.join(",")})`,
      (m) => m.proposals.length > 0,
      async (m, r) => {
        const p = target(m, i, (q) => q.objections.some((o) => o.status === "open"));
        const actor = by === "proposer" ? p.proposer : by;
        const offered = p.objections.length === 0 ? [] : [...new Set(picks.map((k) => nth(p.objections, k)))];
        const wasDue = p.due;
        const expected = refusal(p, actor === p.proposer, () =>
          offered.some((o) => o.status !== "open") ? "VALIDATION_FAILED" : undefined,
        );
        await attempt(r, wasDue, expected, `amend by ${actor}`, () =>
          r.h.app.communs.decisions.amend(r.people[actor], p.id, {
            body: `Version ${p.version + 1}, qui tient compte des objections.`,
            note: "Intègre une objection.",
            integrates: offered.map((o) => o.id),
          }),
        );
        if (expected) return;
        p.version += 1;
        for (const o of offered) o.offered = p.version;
      },
    ),
  );

const position = fc
  .record({
    i: index,
    by: answerer,
    position: fc.constantFrom<Pos>("agree", "agree", "abstain", "disagree", "block"),
    reason: fc.boolean(),
  })
  .map(({ i, by, position, reason }) =>
    command(
      `position(#${i}, ${by}, ${position}${reason ? ", with a reason" : ""})`,
      (m) => m.proposals.length > 0,
      async (m, r) => {
        const p = target(m, i, (q) => q.mode === "consensus");
        const wasDue = p.due;
        // A block needs a reason: refused before anything is looked up (nothing settled either).
        const expected =
          position === "block" && !reason
            ? "VALIDATION_FAILED"
            : refusal(p, MEMBERS.includes(by), () =>
                p.mode === "consensus" ? undefined : "PROPOSAL_CLOSED",
              );
        await attempt(r, wasDue && expected !== "VALIDATION_FAILED", expected, `${position} by ${by}`, () =>
          r.h.app.communs.decisions.position(r.people[by], p.id, {
            position,
            reason: reason ? "Voici pourquoi." : "",
          }),
        );
        if (!expected) p.positions.set(by, position);
      },
    ),
  );

const comment = fc
  .record({ i: index, by: answerer, kind: fc.constantFrom("question", "reaction") })
  .map(({ i, by, kind }) =>
    command(
      `comment(#${i}, ${by}, ${kind})`,
      (m) => m.proposals.length > 0,
      async (m, r) => {
        const p = target(m, i);
        const wasDue = p.due;
        const expected = refusal(p, MEMBERS.includes(by));
        await attempt(r, wasDue, expected, `${kind} by ${by}`, () =>
          r.h.app.communs.decisions.comment(r.people[by], p.id, { kind, text: "Que veut dire ce point ?" }),
        );
        if (!expected) p.comments += 1;
      },
    ),
  );

const withdraw = fc.record({ i: index, by: byOr("proposer") }).map(({ i, by }) =>
  command(
    `withdraw(#${i}, ${by})`,
    (m) => m.proposals.length > 0,
    async (m, r) => {
      const p = target(m, i);
      const actor = by === "proposer" ? p.proposer : by;
      const wasDue = p.due;
      const expected = refusal(p, actor === p.proposer);
      await attempt(r, wasDue, expected, `withdraw by ${actor}`, () =>
        r.h.app.communs.decisions.withdraw(r.people[actor], p.id),
      );
      if (!expected) p.outcome = "withdrawn";
    },
  ),
);

/** The deadline passes; then the job settles it, or `settleDue`, or a reader, or whoever touches it next. */
const clock = fc
  .record({ i: index, how: fc.constantFrom("settle", "settleDue", "view", "later") })
  .map(({ i, how }) =>
    command(
      `deadline passes(#${i}, ${how})`,
      (m) => openOnes(m).length > 0,
      async (m, r) => {
        const p = nth(openOnes(m), i);
        const { decisions } = r.h.app.communs;
        await expireRound(r.h.db, p.id);
        p.due = true;
        p.expired = true;
        if (how === "settle") await decisions.settle(p.id);
        if (how === "view") {
          const seen = await decisions.view(r.people.out, p.id);
          settleModel(p);
          assert.equal(seen.proposal.outcome, p.outcome, "the first reader sees the outcome");
        }
        if (how === "settleDue") await decisions.settleDue();
        if (how === "settleDue") for (const q of m.proposals) settleModel(q);
        else if (how === "settle") settleModel(p);
      },
    ),
  );

/** Picked uniformly, so an entry repeated is a command made more frequent. */
const COMMANDS = [
  ...[propose, propose],
  ...[object, object, object, object],
  ...[resolve, resolve, resolve, resolve],
  ...[invalidate, invalidate],
  ...[amend, amend, amend],
  ...[position, position, position, position, position, position, position],
  comment,
  withdraw,
  ...[clock, clock],
];

for (const dialect of testDialects()) {
  describe(`the decision engine against its reference model [${dialect.name}]`, () => {
    const h = useApp(dialect);
    const people = {} as Record<Who, Person>;

    before(async () => {
      people.admin = await buildAdmin(h.app);
      for (const who of WHO.filter((w) => w !== "admin"))
        people[who] = await buildPerson(h.app, { name: who });
    });

    /** A fresh chamber of five active members (two facilitators), so that rounds ask the members. */
    async function chamber(): Promise<Real> {
      const { space, slug } = await buildChamber(h.app, { by: people.admin });
      for (const who of ["fac", "ana", "ben", "cleo"] as const)
        await admit(h.app, people.admin, slug, people[who], who === "fac" ? "facilitator" : "member");
      const names = new Map(WHO.map((w) => [people[w].id, w] as const));
      return { h, people, names, slug, spaceId: space.id };
    }

    it("random rounds: state, outcome and invariants equal the model's after every step", async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(COMMANDS, { maxCommands: 50, size: "max" }), async (commands) => {
          const real = await chamber();
          await fc.asyncModelRun(() => ({ model: { proposals: [] }, real }), commands);
        }),
        { numRuns: Math.round(RUNS * 0.6), includeErrorInReport: true },
      );
    });
  });
}
