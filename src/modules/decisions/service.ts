import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import {
  defaultDeadline,
  modeFor,
  type ObjectionStatus,
  type ProposalClass,
  phaseOf,
  phaseTimes,
  rulesOf,
  SMALL_CHAMBER,
  tally,
} from "../../core/decisions.ts";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import {
  type Actor,
  authenticate,
  authorize,
  can,
  type Resource,
  type SignedInAction,
} from "../../core/policy.ts";
import type { Database, ProposalTable } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import type { JobQueue } from "../jobs/service.ts";
import type { Notifications } from "../notifications/service.ts";
import { findMembership, findSpaceById, findSpaceBySlug, type SpaceRow } from "../spaces/service.ts";
import { createGovernance } from "./governance.ts";
import {
  checkAmendment,
  checkComment,
  checkObjection,
  checkPosition,
  checkProposal,
  checkReason,
} from "./input.ts";
import { createSettling, type Effect } from "./settle.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

export type { Effect } from "./settle.ts";

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
 * Proposals and how a space decides them: questions and reactions, amendments as versions, objections
 * and their integration, positions, the outcome at the deadline (by the job runner, or by whoever reads
 * the proposal first), and the register of decisions in force.
 */
export function createDecisions(ctx: Context, notifications: Notifications, jobs: JobQueue) {
  const db = ctx.db.kysely;
  const settling = createSettling(ctx, notifications, jobs);

  async function spaceOf(slug: string): Promise<SpaceRow> {
    const space = await findSpaceBySlug(db, slug);
    if (!space) throw new DomainError("SPACE_NOT_FOUND");
    return space;
  }

  /** The proposal, settled first when its deadline has passed, and what the policy needs about it. */
  async function loaded(trx: Db, actor: Actor | undefined, id: string) {
    await settling.settleIfDue(id);
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
  async function openRound(
    trx: Db,
    request: RoundRequest & { mode?: ProposalInput["mode"]; deadline?: Date },
  ) {
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
      number: await store.nextNumber(trx, space.id),
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
    await proposalEvent(trx, { id: request.proposerId, isAdmin: false }, proposal, "proposal.opened", {
      mode,
    });
    return { proposal, after: () => settling.opened(proposal, space) };
  }

  type ProposalInput = ReturnType<typeof checkProposal>;

  return {
    openRound,
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
      if (input.class === "cooptation" || input.class === "expense") throw new DomainError("BAD_REQUEST");
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
          payload,
        });
        if (replaced?.space_id === space.id && replaced.outcome === "adopted")
          await store.updateProposal(trx, opened.proposal.id, { replaces_id: replaced.id });
        return opened;
      });
      await after();
      return proposal;
    },

    /** A proposal with its versions, discussion, objections and positions, and what the actor may do. */
    async view(actor: Actor | undefined, id: string) {
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

    async object(actor: Actor | undefined, id: string, raw: Record<string, unknown>) {
      const input = checkObjection(raw);
      const objectionId = newId();
      await acting(actor, id, "proposal.answer", async (trx, { proposal }, by) => {
        if (proposal.mode !== "consent") throw new DomainError("PROPOSAL_CLOSED");
        await store.insertObjection(trx, {
          id: objectionId,
          proposal_id: id,
          author_id: by.id,
          author_name: await store.personName(trx, by.id),
          reason: input.reason,
          harm: input.harm,
          status: "open",
          invalid_reason: "",
          integrating_version: null,
          recorded_by: by.id,
          created_at: new Date().toISOString(),
          resolved_at: null,
        });
        await proposalEvent(trx, by, proposal, "proposal.objected");
      });
      return objectionId;
    },

    /** Its author withdraws an objection, or accepts the amendment offered as integrating it. */
    async resolveObjection(actor: Actor | undefined, objectionId: string, how: "withdrawn" | "integrated") {
      const objection = await store.objectionById(db, objectionId);
      if (!objection) throw new DomainError("OBJECTION_NOT_FOUND");
      const author = { objection: { authorId: objection.author_id } };
      await acting(
        actor,
        objection.proposal_id,
        "objection.resolve",
        async (trx, { proposal }, by) => {
          const fresh = await store.objectionById(trx, objectionId);
          if (fresh?.status !== "open") throw new DomainError("OBJECTION_RESOLVED");
          if (how === "integrated" && fresh.integrating_version === null)
            throw new DomainError("OBJECTION_RESOLVED");
          await resolve(trx, objectionId, how);
          await proposalEvent(
            trx,
            by,
            proposal,
            how === "withdrawn" ? "proposal.objectionWithdrawn" : "proposal.objectionIntegrated",
          );
        },
        author,
      );
    },

    /** A facilitator marks an objection as not valid, saying why. */
    async invalidateObjection(actor: Actor | undefined, objectionId: string, raw: Record<string, unknown>) {
      const objection = await store.objectionById(db, objectionId);
      if (!objection) throw new DomainError("OBJECTION_NOT_FOUND");
      const reason = checkReason(raw);
      await acting(actor, objection.proposal_id, "proposal.facilitate", async (trx, { proposal }, by) => {
        const fresh = await store.objectionById(trx, objectionId);
        if (fresh?.status !== "open") throw new DomainError("OBJECTION_RESOLVED");
        await resolve(trx, objectionId, "invalid", reason);
        await proposalEvent(trx, by, proposal, "proposal.objectionInvalid");
      });
    },

    /**
     * The proposer amends: a new version. Objections it says it integrates wait for their authors to
     * accept it (or withdraw them); they are not resolved by the proposer's word alone.
     */
    async amend(actor: Actor | undefined, id: string, raw: Record<string, unknown>) {
      const input = checkAmendment(raw);
      return acting(actor, id, "proposal.amend", async (trx, { proposal }, by) => {
        const objections = await store.objectionsOf(trx, id);
        const offered = objections.filter((o) => input.integrates.includes(o.id));
        if (offered.length !== new Set(input.integrates).size || offered.some((o) => o.status !== "open"))
          throw new DomainError("VALIDATION_FAILED", { integrates: "decisions.integratesUnknown" });
        const number = proposal.version + 1;
        await store.insertVersion(trx, {
          id: newId(),
          proposal_id: id,
          number,
          body: input.body,
          note: input.note,
          created_at: new Date().toISOString(),
        });
        await store.updateProposal(trx, id, { version: number, updated_at: new Date().toISOString() });
        for (const o of offered) await store.updateObjection(trx, o.id, { integrating_version: number });
        await proposalEvent(trx, by, proposal, "proposal.amended", { version: number });
        return number;
      });
    },

    /** Consensus: agree, abstain, disagree, or block (with a reason); one's last word counts. */
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

  async function resolve(trx: Db, objectionId: string, status: ObjectionStatus, invalidReason = "") {
    await store.updateObjection(trx, objectionId, {
      status,
      invalid_reason: invalidReason,
      resolved_at: new Date().toISOString(),
    });
  }
}

export type Decisions = ReturnType<typeof createDecisions>;
