import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import {
  type DecisionRules,
  type Outcome,
  phaseOf,
  reviewDate,
  rulesOf,
  standingObjections,
  verdict,
} from "../../core/decisions.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import type { SpaceProperties } from "../../core/spaces.ts";
import type { Database, ProposalTable } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import type { JobQueue } from "../jobs/service.ts";
import type { NotificationKind, Notifications } from "../notifications/service.ts";
import { findSpaceById, lockSpace, type SpaceRow, updateGovernance } from "../spaces/service.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/** The log's name for an outcome; a co-optation's is its own, kept out of the public activity. */
function outcomeEvent(proposal: ProposalTable): string {
  const events =
    proposal.class === "cooptation"
      ? {
          adopted: "cooptation.adopted",
          withdrawn: "cooptation.withdrawn",
          "not adopted": "cooptation.notAdopted",
        }
      : {
          adopted: "proposal.adopted",
          withdrawn: "proposal.withdrawn",
          "not adopted": "proposal.notAdopted",
        };
  return events[proposal.outcome ?? "not adopted"];
}

/**
 * What another module does when a proposal about its subject is decided, inside the transaction that
 * records the outcome; it may return what to do once that has committed (tell someone).
 */
export type Effect = (
  trx: Db,
  proposal: ProposalTable,
  space: SpaceRow,
) => Promise<(() => Promise<void>) | undefined>;

/** A settings proposal's payload: the new rules, properties and cap it would set. */
export interface GovernanceChange {
  rules?: DecisionRules;
  properties?: SpaceProperties;
  doocracyCap?: number;
}

const JOB = {
  close: "decisions.close",
  phase: "decisions.phase",
  soon: "decisions.deadlineSoon",
  review: "decisions.reviewDue",
} as const;
const HOUR = 3_600_000;

/**
 * Deciding: the verdict at the deadline (recorded exactly once, whoever gets there first: the job, a
 * reader, a second process), its effects (a social code published, rules changed, a person admitted),
 * and the news at each step through the notification layer and durable jobs.
 */
export function createSettling(ctx: Context, notifications: Notifications, jobs: JobQueue) {
  const db = ctx.db.kysely;
  const effects = new Map<string, Effect>();

  async function participantsOf(trx: Db, proposal: ProposalTable): Promise<string[]> {
    return store.participantIds(trx, proposal.space_id, proposal.participants);
  }

  async function tell(
    kind: NotificationKind,
    proposal: ProposalTable,
    space: SpaceRow,
    actorId?: string | null,
  ) {
    const recipients = await participantsOf(db, proposal);
    if (proposal.proposer_id) recipients.push(proposal.proposer_id);
    await notifications.notify({
      kind,
      spaceId: space.id,
      recipients,
      link: urls.proposal(space.slug, proposal.number),
      params: {
        space: space.name,
        title: proposal.title,
        number: proposal.number,
        outcome: proposal.outcome ?? "",
        phase: phaseOf(
          {
            mode: proposal.mode,
            outcome: proposal.outcome,
            reactionsAt: proposal.reactions_at,
            objectionsAt: proposal.objections_at,
            deadline: proposal.deadline,
            extensions: proposal.extensions,
          },
          [],
          new Date(),
        ),
      },
      actorId,
    });
  }

  async function scheduleRound(proposal: ProposalTable) {
    const deadline = new Date(proposal.deadline);
    await jobs.enqueue(
      JOB.close,
      { id: proposal.id },
      { dueAt: deadline, key: `${JOB.close}:${proposal.id}:${proposal.deadline}` },
    );
    const soon = new Date(deadline.getTime() - 24 * HOUR);
    if (soon.getTime() > Date.now())
      await jobs.enqueue(
        JOB.soon,
        { id: proposal.id, deadline: proposal.deadline },
        { dueAt: soon, key: `${JOB.soon}:${proposal.id}:${proposal.deadline}` },
      );
    for (const at of [proposal.reactions_at, proposal.objections_at])
      if (Date.parse(at) > Date.now() && at < proposal.deadline)
        await jobs.enqueue(
          JOB.phase,
          { id: proposal.id },
          { dueAt: new Date(at), key: `${JOB.phase}:${proposal.id}:${at}` },
        );
  }

  /** The built-in effects: a social code published, the space's governance changed, a decision replaced. */
  async function apply(trx: Db, proposal: ProposalTable, space: SpaceRow): Promise<void> {
    if (proposal.replaces_id)
      await store.updateProposal(trx, proposal.replaces_id, { replaced_by: proposal.id });
    if (proposal.class === "socialCode") {
      const current = await store.socialCodeVersion(trx, space.id);
      const text = await store.versionOf(trx, proposal.id, proposal.version);
      await store.insertSocialCodeVersion(trx, {
        id: newId(),
        space_id: space.id,
        number: (current?.number ?? 0) + 1,
        text: text?.body ?? "",
        proposal_id: proposal.id,
        adopted_at: proposal.decided_at ?? new Date().toISOString(),
      });
    }
    if (proposal.class === "settings" && proposal.payload) {
      const change = JSON.parse(proposal.payload) as GovernanceChange;
      const p = change.properties;
      await lockSpace(trx, ctx.db.dialect, space.id);
      await updateGovernance(trx, space.id, {
        ...(change.rules ? { decision_rules: JSON.stringify(change.rules) } : {}),
        ...(change.doocracyCap !== undefined ? { doocracy_cap: change.doocracyCap } : {}),
        ...(p
          ? {
              territorial: p.territorial ? 1 : 0,
              decision_mode: p.decisionMode,
              functions: p.functions,
              access: p.access,
              fork_policy: p.forkPolicy,
              formalisation: p.formalisation,
            }
          : {}),
      });
    }
  }

  /** Why a proposal was not adopted, in its objectors' or blockers' own words. */
  async function whyNot(trx: Db, proposal: ProposalTable): Promise<string> {
    if (proposal.mode === "consent")
      return standingObjections(await store.objectionsOf(trx, proposal.id))
        .map((o) => o.reason)
        .join("\n");
    return (await store.positionsOf(trx, proposal.id))
      .filter((p) => p.position === "block")
      .map((p) => p.reason)
      .join("\n");
  }

  type Settled =
    | { kind: "decided"; proposal: ProposalTable; space: SpaceRow; after: (() => Promise<void>) | undefined }
    | { kind: "extended"; proposal: ProposalTable; space: SpaceRow }
    | null;

  async function decide(
    trx: Db,
    proposal: ProposalTable,
    space: SpaceRow,
    outcome: Outcome,
    by: Actor | null,
    note: string,
  ): Promise<Settled> {
    const now = new Date();
    const rules = rulesOf(space.kind, space.decision_rules);
    const changes: Partial<ProposalTable> = {
      outcome,
      outcome_note: note,
      decided_at: now.toISOString(),
      review_date: outcome === "adopted" ? reviewDate(now, rules.reviewMonths) : null,
      updated_at: now.toISOString(),
    };
    if (!(await store.settleOnce(trx, proposal.id, changes))) return null;
    const decided = { ...proposal, ...changes };
    if (outcome === "adopted") await apply(trx, decided, space);
    const effect = decided.subject_type ? effects.get(decided.subject_type) : undefined;
    const after = effect ? await effect(trx, decided, space) : undefined;
    await recordEvent(trx, {
      actorId: by?.id ?? null,
      spaceId: space.id,
      action: outcomeEvent(decided),
      subjectType: "proposal",
      subjectId: proposal.id,
      after: { number: proposal.number, title: proposal.title },
    });
    return { kind: "decided", proposal: decided, space, after };
  }

  /**
   * Settles a proposal: withdrawn or recorded in a meeting when `forced` says so, otherwise by the
   * verdict once its deadline has come. Safe to call from anywhere, any number of times.
   */
  async function settle(
    id: string,
    forced?: { outcome: Outcome; note?: string; meetingId?: string },
    actor?: Actor,
  ): Promise<void> {
    const result: Settled = await db.transaction().execute(async (trx) => {
      await store.lockProposal(trx, ctx.db.dialect, id);
      const proposal = await store.proposalById(trx, id);
      if (!proposal || proposal.outcome) return null;
      const space = await findSpaceById(trx, proposal.space_id);
      if (!space) return null;
      if (forced) {
        if (forced.meetingId) await store.updateProposal(trx, id, { meeting_id: forced.meetingId });
        return decide(
          trx,
          { ...proposal, meeting_id: forced.meetingId ?? proposal.meeting_id },
          space,
          forced.outcome,
          actor ?? null,
          forced.note ?? "",
        );
      }
      if (proposal.deadline > new Date().toISOString()) return null;
      const rules = rulesOf(space.kind, space.decision_rules);
      const [objections, positions, participants] = await Promise.all([
        store.objectionsOf(trx, id),
        store.positionsOf(trx, id),
        participantsOf(trx, proposal),
      ]);
      const state = {
        mode: proposal.mode,
        outcome: null,
        reactionsAt: proposal.reactions_at,
        objectionsAt: proposal.objections_at,
        deadline: proposal.deadline,
        extensions: proposal.extensions,
      };
      const result = verdict(state, objections, positions, participants.length, rules);
      if ("extendTo" in result) {
        const extended = { ...proposal, deadline: result.extendTo, extensions: proposal.extensions + 1 };
        await store.updateProposal(trx, id, {
          deadline: extended.deadline,
          extensions: extended.extensions,
          updated_at: new Date().toISOString(),
        });
        await recordEvent(trx, {
          actorId: null,
          spaceId: space.id,
          action: "proposal.extended",
          subjectType: "proposal",
          subjectId: id,
          after: { number: proposal.number, title: proposal.title, deadline: extended.deadline },
        });
        return { kind: "extended", proposal: extended, space };
      }
      const note = result.outcome === "adopted" ? "" : await whyNot(trx, proposal);
      return decide(trx, proposal, space, result.outcome, null, note);
    });
    if (!result) return;
    if (result.kind === "extended") {
      await scheduleRound(result.proposal);
      await tell("proposal.phase", result.proposal, result.space);
      return;
    }
    await result.after?.();
    await tell("proposal.decided", result.proposal, result.space, actor?.id);
    if (result.proposal.review_date)
      await jobs.enqueue(
        JOB.review,
        { id: result.proposal.id, reviewDate: result.proposal.review_date },
        {
          dueAt: new Date(`${result.proposal.review_date}T07:00:00Z`),
          key: `${JOB.review}:${id}:${result.proposal.review_date}`,
        },
      );
  }

  /** Tells those asked that the round entered a new phase, once per phase. */
  async function tellPhase(id: string): Promise<void> {
    const proposal = await store.proposalById(db, id);
    if (!proposal || proposal.outcome) return;
    const space = await findSpaceById(db, proposal.space_id);
    if (!space) return;
    const phase = phaseOf(
      {
        mode: proposal.mode,
        outcome: null,
        reactionsAt: proposal.reactions_at,
        objectionsAt: proposal.objections_at,
        deadline: proposal.deadline,
        extensions: proposal.extensions,
      },
      [],
      new Date(),
    );
    if (phase === proposal.phase_told) return;
    const result = await db.transaction().execute(async (trx) => {
      await store.lockProposal(trx, ctx.db.dialect, id);
      const fresh = await store.proposalById(trx, id);
      if (!fresh || fresh.phase_told === phase) return false;
      await store.updateProposal(trx, id, { phase_told: phase });
      return true;
    });
    if (result) await tell("proposal.phase", proposal, space);
  }

  jobs.register(JOB.close, async (payload: { id: string }) => settle(payload.id));
  jobs.register(JOB.phase, async (payload: { id: string }) => tellPhase(payload.id));
  jobs.register(JOB.soon, async (payload: { id: string; deadline: string }) => {
    const proposal = await store.proposalById(db, payload.id);
    if (!proposal || proposal.outcome || proposal.deadline !== payload.deadline) return;
    const space = await findSpaceById(db, proposal.space_id);
    if (space) await tell("proposal.deadlineSoon", proposal, space);
  });
  jobs.register(JOB.review, async (payload: { id: string; reviewDate: string }) => {
    const proposal = await store.proposalById(db, payload.id);
    if (
      !proposal ||
      proposal.review_date !== payload.reviewDate ||
      proposal.retired_at ||
      proposal.replaced_by
    )
      return;
    const space = await findSpaceById(db, proposal.space_id);
    if (space) await tell("proposal.reviewDue", proposal, space);
  });

  return {
    settle,
    tellPhase,
    onOutcome(subjectType: string, effect: Effect) {
      effects.set(subjectType, effect);
    },

    /** Settles a proposal whose deadline has passed, so that no outcome waits for the job runner. */
    async settleIfDue(id: string): Promise<void> {
      const proposal = await store.proposalById(db, id);
      if (proposal && !proposal.outcome && proposal.deadline <= new Date().toISOString()) await settle(id);
    },

    /** Settles every proposal whose deadline has passed (after downtime, or in bulk); returns how many. */
    async settleDue(limit = 1000, spaceId?: string): Promise<number> {
      const due = await store.dueProposals(db, new Date().toISOString(), limit, spaceId);
      for (const { id } of due) await settle(id);
      return due.length;
    },

    /** A new round: its jobs set, those asked told (a notice is decided at once). */
    async opened(proposal: ProposalTable, space: SpaceRow): Promise<void> {
      if (proposal.mode === "notice") {
        await settle(proposal.id, { outcome: "adopted" });
        return;
      }
      await scheduleRound(proposal);
      // A request to join is told as such, in the candidate's name, to those who decide it.
      const kind = proposal.class === "cooptation" ? "membership.requested" : "proposal.opened";
      await tell(kind, proposal, space, proposal.proposer_id);
    },
  };
}
