import type { Kysely } from "kysely";
import type { Database, ExpenseClaimTable, ProposalTable } from "../../db/schema.ts";
import { euros } from "../../web/money.ts";
import { recordEvent } from "../audit/service.ts";
import type { Decisions } from "../decisions/service.ts";
import type { SpaceRow } from "../spaces/service.ts";
import type { claimNotifier } from "./notify.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/** The decision a claim needs: none under the cap; above it, an adopted proposal for at least its amount. */
export interface ClaimDecision {
  /** Above the cap and not (yet) covered by an adopted proposal. */
  awaiting: boolean;
  proposal: Pick<ProposalTable, "id" | "number" | "outcome"> | null;
}

/** The amount a claim's proposal decided on. */
function decidedAmount(proposal: ProposalTable): number {
  const payload = proposal.payload ? (JSON.parse(proposal.payload) as { amount?: number }) : {};
  return payload.amount ?? 0;
}

/**
 * Expenses above a chamber's do-ocracy cap are decided by consent: the claim opens a proposal of class
 * expense, and may be approved only once that proposal is adopted for at least its amount.
 */
export function claimDecisions(decisions: Decisions, tell: ReturnType<typeof claimNotifier>) {
  // A claim whose proposal the chamber did not adopt is rejected, with the decision as its reason.
  decisions.onOutcome("expenseClaim", async (trx, proposal) => {
    const claim = proposal.subject_id ? await store.claimById(trx, proposal.subject_id) : undefined;
    if (proposal.outcome !== "not adopted" || claim?.status !== "submitted") return undefined;
    const reason = `Proposition n° ${proposal.number} non adoptée.${proposal.outcome_note ? ` ${proposal.outcome_note}` : ""}`;
    await store.updateClaim(trx, claim.id, {
      status: "rejected",
      reason,
      updated_at: new Date().toISOString(),
    });
    await recordEvent(trx, {
      actorId: null,
      spaceId: claim.space_id,
      action: "ledger.claimRejected",
      subjectType: "expenseClaim",
      subjectId: claim.id,
      before: { status: claim.status },
      after: { status: "rejected", reason },
    });
    return () => tell("claim.rejected", { ...claim, status: "rejected", reason }, null, true);
  });

  async function of(trx: Db, claim: ExpenseClaimTable, space: SpaceRow): Promise<ClaimDecision> {
    const proposal = (await decisions.about(trx, "expenseClaim", claim.id)) ?? null;
    const above = Number(claim.amount) > Number(space.doocracy_cap);
    const covered = proposal?.outcome === "adopted" && decidedAmount(proposal) >= Number(claim.amount);
    return {
      awaiting: above && !covered,
      proposal: proposal && { id: proposal.id, number: proposal.number, outcome: proposal.outcome },
    };
  }

  return {
    of,

    /**
     * Opens the claim's round when it is above the cap with no round running or adopted for its amount,
     * inside the claim's transaction; returns what to do once it has committed.
     */
    async ensureRound(trx: Db, claim: ExpenseClaimTable, space: SpaceRow) {
      const decision = await of(trx, claim, space);
      if (!decision.awaiting || decision.proposal?.outcome === null) return undefined;
      const amount = Number(claim.amount);
      const { after } = await decisions.openRound(trx, {
        space,
        class: "expense",
        title: `Dépense : ${claim.title} (${euros(amount)})`,
        body: [
          `Note de frais de ${euros(amount)}, au-dessus du plafond de do-ocratie de la chambre (${euros(Number(space.doocracy_cap))}).`,
          `Objet : ${claim.title}, dépense du ${claim.date}.`,
        ]
          .filter((line) => line !== "")
          .join("\n\n"),
        proposerId: claim.author_id,
        subject: { type: "expenseClaim", id: claim.id },
        payload: { amount },
      });
      return after;
    },
  };
}
