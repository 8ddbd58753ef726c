import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import {
  type DecisionMode,
  defaultDeadline,
  modeFor,
  type ProposalClass,
  phaseTimes,
  rulesOf,
  SMALL_CHAMBER,
} from "../../core/decisions.ts";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import {
  type Actor,
  authenticate,
  authorize,
  type Resource,
  type SignedInAction,
} from "../../core/policy.ts";
import type { Database, ProposalTable } from "../../db/schema.ts";
import { recordEvent } from "../audit/service.ts";
import {
  findMembership,
  findSpaceById,
  findSpaceBySlug,
  lockSpace,
  type SpaceRow,
} from "../spaces/service.ts";
import type { createSettling } from "./settle.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/** What another module asks to be decided, inside its own transaction. */
export interface RoundRequest {
  space: SpaceRow;
  class: ProposalClass;
  title: string;
  body: string;
  proposerId: string;
  subject?: { type: NonNullable<ProposalTable["subject_type"]>; id: string };
  payload?: unknown;
}

/**
 * What every part of the decisions service shares: a proposal loaded with what the policy needs (and
 * settled first when its deadline has passed), an action taken on an open proposal in a locked
 * transaction, the log, and a round opened.
 */
export function createRounds(ctx: Context, settling: ReturnType<typeof createSettling>) {
  const db = ctx.db.kysely;

  async function spaceOf(slug: string): Promise<SpaceRow> {
    const space = await findSpaceBySlug(db, slug);
    if (!space) throw new DomainError("SPACE_NOT_FOUND");
    return space;
  }

  /**
   * The proposal and what the policy needs about it. Callers settle it first when its deadline has
   * passed (outside any transaction: settling takes its own).
   */
  async function loaded(trx: Db, actor: Actor | undefined, id: string) {
    const proposal = await store.proposalById(trx, id);
    if (!proposal) throw new DomainError("PROPOSAL_NOT_FOUND");
    const space = await findSpaceById(trx, proposal.space_id);
    if (!space) throw new DomainError("PROPOSAL_NOT_FOUND");
    const membership = actor ? await findMembership(trx, space.id, actor.id) : undefined;
    const resource: Resource = {
      space,
      membership,
      proposal: {
        proposerId: proposal.proposer_id,
        participants: proposal.participants,
        class: proposal.class,
      },
    };
    if (proposal.class === "cooptation") {
      authenticate(actor);
      authorize(actor, "proposal.readPersonal", resource);
    }
    return { proposal, space, resource };
  }

  /** Loads an open proposal inside a locked transaction and checks the actor may act on it. */
  async function acting<T>(
    actor: Actor | undefined,
    id: string,
    action: SignedInAction,
    work: (trx: Db, found: Awaited<ReturnType<typeof loaded>>, by: Actor) => Promise<T>,
    extra: Resource = {},
  ): Promise<T> {
    authenticate(actor);
    await settling.settleIfDue(id);
    return db.transaction().execute(async (trx) => {
      await store.lockProposal(trx, ctx.db.dialect, id);
      // Settled just before the transaction, by `settleIfDue` above.
      const found = await loaded(trx, actor, id);
      authorize(actor, action, { ...found.resource, ...extra });
      if (found.proposal.outcome) throw new DomainError("PROPOSAL_CLOSED");
      return work(trx, found, actor);
    });
  }

  async function proposalEvent(
    trx: Db,
    by: Actor | null,
    proposal: ProposalTable,
    action: string,
    after = {},
  ) {
    await recordEvent(trx, {
      actorId: by?.id ?? null,
      spaceId: proposal.space_id,
      action,
      subjectType: "proposal",
      subjectId: proposal.id,
      after: { number: proposal.number, title: proposal.title, ...after },
    });
  }

  /**
   * Opens a round in the space's mode for its class, with the rules' durations, inside the caller's
   * transaction. A chamber of fewer than three members asks its facilitators. Returns the proposal and
   * what to do once the transaction has committed (its jobs, the news).
   */
  async function openRound(trx: Db, request: RoundRequest & { mode?: DecisionMode; deadline?: Date }) {
    const { space } = request;
    const rules = rulesOf(space.kind, space.decision_rules);
    const mode = modeFor(rules, request.class, request.mode);
    const now = new Date();
    const small = space.kind === "chamber" && (await store.countActiveMembers(trx, space.id)) < SMALL_CHAMBER;
    const deadline = mode === "notice" ? now : (request.deadline ?? defaultDeadline(rules, now));
    const times = phaseTimes(rules, now, deadline);
    const proposal: ProposalTable = {
      id: newId(),
      space_id: space.id,
      number: await nextNumber(trx, space.id),
      title: request.title,
      class: request.class,
      mode,
      proposer_id: request.proposerId,
      proposer_name: await store.personName(trx, request.proposerId),
      participants: small || rules.participants === "facilitators" ? "facilitators" : "members",
      reactions_at: times.reactionsAt,
      objections_at: times.objectionsAt,
      deadline: deadline.toISOString(),
      extensions: 0,
      phase_told: "questions",
      outcome: null,
      outcome_note: "",
      decided_at: null,
      review_date: null,
      reviewed_at: null,
      retired_at: null,
      replaces_id: null,
      replaced_by: null,
      meeting_id: null,
      subject_type: request.subject?.type ?? null,
      subject_id: request.subject?.id ?? null,
      payload: request.payload === undefined ? null : JSON.stringify(request.payload),
      version: 1,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await store.insertProposal(trx, proposal);
    await store.insertVersion(trx, {
      id: newId(),
      proposal_id: proposal.id,
      number: 1,
      body: request.body,
      note: "",
      created_at: proposal.created_at,
    });
    // A request to join is not told in public by its candidate's name.
    const opened = proposal.class === "cooptation" ? "cooptation.opened" : "proposal.opened";
    await proposalEvent(trx, { id: request.proposerId, isAdmin: false }, proposal, opened, { mode });
    return { proposal, after: () => settling.opened(proposal, space) };
  }

  /** The space's next proposal number, its row locked so that two rounds opened at once get two. */
  async function nextNumber(trx: Db, spaceId: string): Promise<number> {
    await lockSpace(trx, ctx.db.dialect, spaceId);
    return store.nextNumber(trx, spaceId);
  }

  return { db, settling, spaceOf, loaded, acting, proposalEvent, openRound };
}

export type Rounds = ReturnType<typeof createRounds>;
