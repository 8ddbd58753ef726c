import type { Context } from "../../context.ts";
import { phaseOf, rulesOf, tally } from "../../core/decisions.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { type Actor, authenticate, authorize, can } from "../../core/policy.ts";
import type { JobQueue } from "../jobs/service.ts";
import type { Notifications } from "../notifications/service.ts";
import { findMembership } from "../spaces/service.ts";
import { createGovernance } from "./governance.ts";
import { checkComment, checkGovernanceChange, checkPosition, checkProposal } from "./input.ts";
import { createRounds } from "./rounds.ts";
import { createSocialCode } from "./service-code.ts";
import { createObjections } from "./service-objections.ts";
import { createRegister } from "./service-register.ts";
import { createSettling, type Effect } from "./settle.ts";
import * as store from "./store.ts";

export type { RoundRequest } from "./rounds.ts";
export type { Effect } from "./settle.ts";

/**
 * Proposals and how a space decides them: questions and reactions, amendments as versions, objections
 * and their integration, positions, the outcome at the deadline (by the job runner, or by whoever reads
 * the proposal first), and the register of decisions in force.
 */
export function createDecisions(ctx: Context, notifications: Notifications, jobs: JobQueue) {
  const settling = createSettling(ctx, notifications, jobs);
  const kernel = createRounds(ctx, settling);
  const { db, spaceOf, loaded, acting, proposalEvent, openRound } = kernel;

  return {
    ...createSocialCode(ctx, openRound, settling.settleDue),
    openRound,
    /** The latest proposal about a subject (an expense claim, a request to join), in a transaction or not. */
    about: (trx: typeof db, subjectType: string, subjectId: string) =>
      store.proposalAbout(trx, subjectType, subjectId),
    governance: createGovernance(notifications, openRound, settling.onOutcome),
    onOutcome: (subjectType: string, effect: Effect) => settling.onOutcome(subjectType, effect),
    settleDue: settling.settleDue,

    /** Any member proposes; classes the platform acts on decide in the mode the space's rules give them. */
    async propose(actor: Actor | undefined, slug: string, raw: Record<string, unknown>, payload?: unknown) {
      authenticate(actor);
      const space = await spaceOf(slug);
      const membership = await findMembership(db, space.id, actor.id);
      authorize(actor, "proposal.create", { space, membership });
      const input = checkProposal(raw, new Date());
      if (input.class === "cooptation" || input.class === "expense")
        throw validationError({ class: "decisions.classByPlatform" });
      if (input.class !== "settings" && payload !== undefined)
        throw validationError({ class: "decisions.settingsOnly" });
      const change =
        input.class === "settings"
          ? checkGovernanceChange(rulesOf(space.kind, space.decision_rules), payload)
          : undefined;
      const { proposal, after } = await db.transaction().execute(async (trx) => {
        const replaced = input.replaces ? await store.proposalById(trx, input.replaces) : undefined;
        const opened = await openRound(trx, {
          space,
          class: input.class,
          mode: input.mode,
          deadline: input.deadline,
          title: input.title,
          body: input.body,
          proposerId: actor.id,
          payload: change,
        });
        if (replaced?.space_id === space.id && replaced.outcome === "adopted")
          await store.updateProposal(trx, opened.proposal.id, { replaces_id: replaced.id });
        return opened;
      });
      await after();
      return proposal;
    },

    /** What the new proposal form needs: the space and its rules, for those who may propose. */
    async creating(actor: Actor | undefined, slug: string) {
      authenticate(actor);
      const space = await spaceOf(slug);
      const membership = await findMembership(db, space.id, actor.id);
      authorize(actor, "proposal.create", { space, membership });
      return { space, rules: rulesOf(space.kind, space.decision_rules) };
    },

    /** A proposal with its versions, discussion, objections and positions, and what the actor may do. */
    async view(actor: Actor | undefined, id: string) {
      await settling.settleIfDue(id);
      const { proposal, space, resource } = await loaded(db, actor, id);
      const [versions, comments, objections, positions, participants] = await Promise.all([
        store.versionsOf(db, id),
        store.commentsOf(db, id),
        store.objectionsOf(db, id),
        store.positionsOf(db, id),
        store.participantIds(db, space.id, proposal.participants),
      ]);
      const open = proposal.outcome === null;
      const mine = (authorId: string | null) => actor !== undefined && authorId === actor.id;
      return {
        proposal,
        space,
        phase: phaseOf(
          {
            mode: proposal.mode,
            outcome: proposal.outcome,
            reactionsAt: proposal.reactions_at,
            objectionsAt: proposal.objections_at,
            deadline: proposal.deadline,
            extensions: proposal.extensions,
          },
          objections,
          new Date(),
        ),
        versions,
        comments,
        objections: objections.map((o) => ({
          ...o,
          mine: mine(o.author_id),
          canResolve: open && o.status === "open" && mine(o.author_id),
        })),
        positions,
        tally: tally(positions),
        participantCount: participants.length,
        meeting: proposal.meeting_id,
        can: {
          discuss: open && can(actor, "proposal.discuss", resource),
          answer: open && can(actor, "proposal.answer", resource),
          amend: open && can(actor, "proposal.amend", resource),
          facilitate: open && can(actor, "proposal.facilitate", resource),
          review:
            proposal.outcome === "adopted" &&
            !proposal.retired_at &&
            !proposal.replaced_by &&
            can(actor, "proposal.facilitate", resource),
        },
      };
    },

    /** A proposal of this space by its number, as its pages address it. */
    async byNumber(slug: string, number: number): Promise<string> {
      const space = await spaceOf(slug);
      const found = Number.isSafeInteger(number)
        ? await store.proposalByNumber(db, space.id, number)
        : undefined;
      if (!found) throw new DomainError("PROPOSAL_NOT_FOUND");
      return found.id;
    },

    async comment(actor: Actor | undefined, id: string, raw: Record<string, unknown>) {
      const input = checkComment(raw);
      await acting(actor, id, "proposal.discuss", async (trx, { proposal }, by) => {
        await store.insertComment(trx, {
          id: newId(),
          proposal_id: id,
          kind: input.kind,
          author_id: by.id,
          author_name: await store.personName(trx, by.id),
          text: input.text,
          created_at: new Date().toISOString(),
        });
        const action =
          input.kind === "question"
            ? "proposal.questionAsked"
            : input.kind === "answer"
              ? "proposal.questionAnswered"
              : "proposal.reacted";
        await proposalEvent(trx, by, proposal, action);
      });
    },

    ...createObjections(kernel),
    ...createRegister(kernel),

    async position(actor: Actor | undefined, id: string, raw: Record<string, unknown>) {
      const input = checkPosition(raw);
      await acting(actor, id, "proposal.answer", async (trx, { proposal }, by) => {
        if (proposal.mode !== "consensus") throw new DomainError("PROPOSAL_CLOSED");
        const now = new Date().toISOString();
        await store.savePosition(trx, {
          id: newId(),
          proposal_id: id,
          person_id: by.id,
          name: await store.personName(trx, by.id),
          position: input.position,
          reason: input.reason,
          recorded_by: by.id,
          created_at: now,
          updated_at: now,
        });
        await proposalEvent(trx, by, proposal, "proposal.positionTaken", { position: input.position });
      });
    },

    async withdraw(actor: Actor | undefined, id: string) {
      await acting(actor, id, "proposal.amend", async () => undefined);
      await settling.settle(id, { outcome: "withdrawn" }, actor);
    },

    /** A facilitator opens the next phase now rather than at its planned time. */
    async advance(actor: Actor | undefined, id: string) {
      await acting(actor, id, "proposal.facilitate", async (trx, { proposal }, by) => {
        const now = new Date().toISOString();
        const changes =
          now < proposal.reactions_at
            ? { reactions_at: now }
            : { objections_at: now, reactions_at: proposal.reactions_at };
        if (now >= proposal.objections_at) return;
        await store.updateProposal(trx, id, { ...changes, updated_at: now });
        await proposalEvent(trx, by, proposal, "proposal.advanced");
      });
      await settling.tellPhase(id);
    },

    settle: settling.settle,
  };
}

export type Decisions = ReturnType<typeof createDecisions>;
