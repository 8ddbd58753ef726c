import type { Kysely } from "kysely";
import type { ObjectionStatus } from "../../core/decisions.ts";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import type { Database } from "../../db/schema.ts";
import { checkAmendment, checkObjection, checkReason } from "./input.ts";
import type { Rounds } from "./rounds.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/**
 * Objections (consent): raised by those asked, withdrawn by their authors or integrated by an amendment
 * they accept, marked not valid by a facilitator only with a written reason; and the proposer's
 * amendments, each a new version.
 */
export function createObjections({ acting, proposalEvent, db }: Rounds) {
  async function resolve(trx: Db, objectionId: string, status: ObjectionStatus, invalidReason = "") {
    await store.updateObjection(trx, objectionId, {
      status,
      invalid_reason: invalidReason,
      resolved_at: new Date().toISOString(),
    });
  }
  return {
    /** An objection of this proposal, as its pages address it under the proposal's number. */
    async objectionOf(proposalId: string, objectionId: string) {
      const objection = await store.objectionById(db, objectionId);
      if (objection?.proposal_id !== proposalId) throw new DomainError("OBJECTION_NOT_FOUND");
      return objection;
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
  };
}
