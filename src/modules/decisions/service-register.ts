import { consensusReached, type Position, reviewDate, rulesOf, tally } from "../../core/decisions.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { type Actor, authenticate, authorize, can } from "../../core/policy.ts";
import { oneLine } from "../../core/text.ts";
import { findMembership, findSpaceById } from "../spaces/service.ts";
import { LIMITS } from "./input.ts";
import type { Rounds } from "./rounds.ts";
import * as store from "./store.ts";

export const REGISTER_PAGE = 50;
const STATUSES = { "en-vigueur": "inForce", "en-cours": "open", toutes: "all" } as const;
export type RegisterStatus = keyof typeof STATUSES;

/** An answer given in a meeting: consent or an objection (consent mode), a position (consensus). */
export type MeetingAnswer = "consent" | "object" | Position;

/**
 * The register of a space's decisions, their review, decisions taken in a meeting, and the requests to
 * join waiting for their round.
 */
export function createRegister({ db, spaceOf, acting, proposalEvent, settling }: Rounds) {
  return {
    /** Decisions in force (or being decided, or all), newest first, found by words of any version. */
    async register(
      actor: Actor | undefined,
      slug: string,
      query: { q?: unknown; statut?: unknown; page?: unknown },
    ) {
      const space = await spaceOf(slug);
      const status: RegisterStatus =
        typeof query.statut === "string" && query.statut in STATUSES
          ? (query.statut as RegisterStatus)
          : "en-vigueur";
      const page = Math.max(1, Math.min(10_000, Number.parseInt(String(query.page ?? "1"), 10) || 1));
      const words = oneLine(query.q).slice(0, 200);
      await settling.settleDue(100, space.id);
      const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
      const found = await store.register(db, space.id, {
        query: words,
        status: STATUSES[status],
        personal: can(actor, "proposal.readPersonal", { space, membership }),
        offset: (page - 1) * REGISTER_PAGE,
        limit: REGISTER_PAGE,
      });
      return {
        space,
        rows: found.rows,
        count: found.count,
        page,
        status,
        words,
        canPropose: can(actor, "proposal.create", { space, membership }),
      };
    },

    /** At its review date a facilitator renews a decision (a new date) or retires it from the register. */
    async review(actor: Actor | undefined, id: string, how: unknown) {
      if (how !== "renew" && how !== "retire") throw validationError({ how: "decisions.choice" });
      authenticate(actor);
      await db.transaction().execute(async (trx) => {
        const { proposal, space, resource } = await loadedDecided(trx, id);
        authorize(actor, "proposal.facilitate", {
          ...resource,
          membership: await findMembership(trx, space.id, actor.id),
        });
        if (proposal.outcome !== "adopted" || proposal.retired_at || proposal.replaced_by)
          throw new DomainError("PROPOSAL_CLOSED");
        const now = new Date();
        const changes =
          how === "renew"
            ? {
                review_date: reviewDate(now, rulesOf(space.kind, space.decision_rules).reviewMonths),
                reviewed_at: now.toISOString(),
              }
            : { retired_at: now.toISOString(), reviewed_at: now.toISOString() };
        await store.updateProposal(trx, id, { ...changes, updated_at: now.toISOString() });
        await proposalEvent(trx, actor, proposal, how === "renew" ? "proposal.renewed" : "proposal.retired");
      });
    },

    /** What a facilitator needs to record a decision taken in a meeting: the meetings, and who is asked. */
    async meetingForm(actor: Actor | undefined, id: string) {
      return acting(actor, id, "proposal.facilitate", async (trx, { proposal, space }) => ({
        meetings: await store.recentMeetings(
          trx,
          space.id,
          new Date(Date.now() - 30 * 86_400_000).toISOString(),
        ),
        participants: await store.participantsByName(trx, space.id, proposal.participants),
      }));
    },

    /**
     * Synchronous, in a meeting: the facilitator records each participant's answer (an objection with
     * its reason; a block with its reason) and the proposal is decided there, linked to the meeting.
     */
    async recordInMeeting(actor: Actor | undefined, id: string, raw: Record<string, unknown>) {
      const meetingId = oneLine(raw.meeting);
      const outcome = await acting(actor, id, "proposal.facilitate", async (trx, { proposal, space }, by) => {
        if (!(await store.meetingIn(trx, space.id, meetingId)))
          throw validationError({ meeting: "decisions.choice" });
        const people = await store.participantsByName(trx, space.id, proposal.participants);
        const answers = people.map((p) => readAnswer(raw, p.id, proposal.mode));
        const now = new Date().toISOString();
        for (const [i, person] of people.entries()) {
          const answer = answers[i];
          if (!answer) continue;
          if (answer.answer === "object")
            await store.insertObjection(trx, {
              id: newId(),
              proposal_id: id,
              author_id: person.id,
              author_name: person.name,
              reason: answer.reason,
              harm: "",
              status: "open",
              invalid_reason: "",
              integrating_version: null,
              recorded_by: by.id,
              created_at: now,
              resolved_at: null,
            });
          else if (answer.answer !== "consent")
            await store.savePosition(trx, {
              id: newId(),
              proposal_id: id,
              person_id: person.id,
              name: person.name,
              position: answer.answer,
              reason: answer.reason,
              recorded_by: by.id,
              created_at: now,
              updated_at: now,
            });
        }
        await proposalEvent(trx, by, proposal, "proposal.recordedInMeeting", { meeting: meetingId });
        const given = answers.filter((a) => a !== undefined);
        if (proposal.mode === "consent")
          return given.some((a) => a.answer === "object") ? ("not adopted" as const) : ("adopted" as const);
        const counts = tally(given.map((a) => ({ position: a.answer as Position })));
        return consensusReached(counts, people.length, rulesOf(space.kind, space.decision_rules))
          ? ("adopted" as const)
          : ("not adopted" as const);
      });
      await settling.settle(id, { outcome, meetingId }, actor);
      return outcome;
    },

    /** « À traiter »: open rounds that ask this person and wait for their word, per space. */
    toDo: (personId: string, memberOf: string[], facilitates: string[]) =>
      memberOf.length === 0 ? Promise.resolve([]) : store.roundsToAnswer(db, personId, memberOf, facilitates),

    /** The decisions taken in a meeting, for its minutes. */
    decidedIn: (meetingId: string) => store.decidedIn(db, meetingId),

    /** Pending requests to join, each with its round when co-optation applies (for those who decide). */
    async requests(actor: Actor | undefined, slug: string) {
      authenticate(actor);
      const space = await spaceOf(slug);
      const membership = await findMembership(db, space.id, actor.id);
      authorize(actor, "space.manageMembers", { space, membership });
      return store.pendingRequests(db, space.id);
    },
  };

  async function loadedDecided(trx: typeof db, id: string) {
    const proposal = await store.proposalById(trx, id);
    if (!proposal) throw new DomainError("PROPOSAL_NOT_FOUND");
    const space = await findSpaceById(trx, proposal.space_id);
    if (!space) throw new DomainError("PROPOSAL_NOT_FOUND");
    const resource = {
      space,
      proposal: {
        proposerId: proposal.proposer_id,
        participants: proposal.participants,
        class: proposal.class,
      },
    };
    return { proposal, space, resource };
  }
}

/** One participant's answer from the meeting form (`answer.<personId>`, `reason.<personId>`). */
function readAnswer(raw: Record<string, unknown>, personId: string, mode: string) {
  const answer = raw[`answer.${personId}`];
  if (answer === undefined || answer === "") return undefined;
  const allowed = mode === "consent" ? ["consent", "object"] : ["agree", "abstain", "disagree", "block"];
  if (typeof answer !== "string" || !allowed.includes(answer))
    throw validationError({ [`answer.${personId}`]: "decisions.choice" });
  const reason = oneLine(raw[`reason.${personId}`]);
  if ((answer === "object" || answer === "block") && reason === "")
    throw validationError({ [`reason.${personId}`]: "decisions.blockReason" });
  if ([...reason].length > LIMITS.reason)
    throw validationError({ [`reason.${personId}`]: `field.tooLong.${LIMITS.reason}` });
  return { answer: answer as MeetingAnswer, reason };
}
