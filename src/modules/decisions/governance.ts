import type { Kysely } from "kysely";
import { rulesOf } from "../../core/decisions.ts";
import { newId } from "../../core/ids.ts";
import type { Database, ProposalTable } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import type { Notifications } from "../notifications/service.ts";
import { findMembershipById, type Governance, type SpaceRow, updateMembership } from "../spaces/service.ts";
import type { Effect } from "./settle.ts";
import { socialCodeTemplate } from "./social-code-template.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;
type OpenRound = (
  trx: Db,
  request: {
    space: SpaceRow;
    class: "cooptation";
    title: string;
    body: string;
    proposerId: string;
    subject: { type: "membership"; id: string };
  },
) => Promise<{ after: () => Promise<void> }>;

/** Whether one facilitator decides a request to join alone: an assembly's, or where the rules say so. */
export function decidesAlone(space: SpaceRow): boolean {
  return space.kind === "assembly" || rulesOf(space.kind, space.decision_rules).admission === "facilitators";
}

/**
 * How decisions govern a space's life: a chamber starts from the template social code, a request to join
 * a co-opting chamber opens a consent round of class co-optation, and its outcome admits the person or
 * tells them why not.
 */
export function createGovernance(
  notifications: Notifications,
  openRound: OpenRound,
  onOutcome: (subjectType: string, effect: Effect) => void,
): Governance {
  const admission: Effect = async (trx, proposal: ProposalTable, space) => {
    const membership = proposal.subject_id
      ? await findMembershipById(trx, space.id, proposal.subject_id)
      : undefined;
    if (membership?.status !== "pending") return undefined;
    const admitted = proposal.outcome === "adopted";
    const status = admitted ? "active" : proposal.outcome === "withdrawn" ? "left" : "declined";
    await updateMembership(trx, membership.id, {
      status,
      decided_by: null,
      decided_at: new Date().toISOString(),
    });
    await recordEvent(trx, {
      actorId: null,
      spaceId: space.id,
      action: admitted ? "membership.accepted" : "membership.declined",
      subjectType: "person",
      subjectId: membership.person_id,
      before: { status: "pending" },
      after: { status, proposal: proposal.number },
    });
    if (proposal.outcome === "withdrawn") return undefined;
    return () =>
      notifications.notify({
        kind: admitted ? "membership.accepted" : "membership.notCoopted",
        spaceId: space.id,
        recipients: [membership.person_id],
        link: admitted ? urls.space(space.slug) : urls.proposal(space.slug, proposal.number),
        params: { space: space.name, reason: proposal.outcome_note },
      });
  };
  onOutcome("membership", admission);

  return {
    async founded(trx, space) {
      if (space.kind !== "chamber") return;
      await store.insertSocialCodeVersion(trx, {
        id: newId(),
        space_id: space.id,
        number: 1,
        text: socialCodeTemplate(space.name),
        proposal_id: null,
        adopted_at: space.created_at,
      });
    },

    async requested(trx, space, membership) {
      if (decidesAlone(space)) return undefined;
      const { after } = await openRound(trx, {
        space,
        class: "cooptation",
        title: `Cooptation : ${await store.personName(trx, membership.person_id)}`,
        body: membership.introduction,
        proposerId: membership.person_id,
        subject: { type: "membership", id: membership.id },
      });
      return after;
    },

    decidesAlone,
  };
}
