import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { type Actor, authorize, can, type Resource, type SignedInAction } from "../../core/policy.ts";
import { checkLine, oneLine } from "../../core/text.ts";
import type { ClaimStatus, Database, ExpenseClaimTable } from "../../db/schema.ts";
import type { Upload } from "../../web/uploads.ts";
import { recordEvent } from "../audit/service.ts";
import type { Decisions } from "../decisions/service.ts";
import type { Ledger } from "../ledger/service.ts";
import type { Notifications } from "../notifications/service.ts";
import { findMembership, findSpaceById } from "../spaces/service.ts";
import { claimDecisions } from "./decision.ts";
import { createIbanSeal } from "./iban.ts";
import { type ClaimInput, claimChecker } from "./input.ts";
import { claimNotifier } from "./notify.ts";
import { chosen, createReceipts } from "./receipts.ts";
import { OPEN_STATUSES, receiptActions } from "./service-receipts.ts";
import * as store from "./store.ts";

export type { ClaimInput } from "./input.ts";

type Db = Kysely<Database>;

export const CLAIM_STATUSES = ["submitted", "approved", "paid", "rejected", "waived"] as const;

/**
 * Expense claims: a member submits (and edits while it waits) or waives reimbursement (an abandon de
 * frais, booked as a donation); approval reserves the amount on its envelope (pending), payment posts
 * it and books the reimbursement from the bank, rejection voids the reservation with a reason.
 */
export function createClaims(
  ctx: Context,
  ledger: Ledger,
  notifications: Notifications,
  decisions: Decisions,
) {
  const db = ctx.db.kysely;

  const receipts = createReceipts(ctx);
  const ibans = createIbanSeal(ctx.config);
  const checked = claimChecker(ledger, ibans);

  const tell = claimNotifier(db, notifications);
  const decided = claimDecisions(decisions, tell);

  /** Runs a transaction that may attach receipts; their files go if it fails. */
  async function withReceipts<T>(work: (trx: Db, attached: string[]) => Promise<T>): Promise<T> {
    const attached: string[] = [];
    try {
      return await db.transaction().execute((trx) => work(trx, attached));
    } catch (error) {
      for (const id of attached) await receipts.discard(id);
      throw error;
    }
  }

  async function claimIn(trx: Db, id: string) {
    const claim = await store.claimById(trx, id);
    if (!claim) throw new DomainError("CLAIM_NOT_FOUND");
    return claim;
  }

  async function change(
    trx: Db,
    claim: ExpenseClaimTable,
    actor: Actor,
    changes: Partial<ExpenseClaimTable>,
    action: string,
  ) {
    await store.updateClaim(trx, claim.id, { ...changes, updated_at: new Date().toISOString() });
    await recordEvent(trx, {
      actorId: actor.id,
      spaceId: claim.space_id,
      action,
      subjectType: "expenseClaim",
      subjectId: claim.id,
      before: { status: claim.status },
      after: {
        status: changes.status ?? claim.status,
        ...(changes.reason ? { reason: changes.reason } : {}),
      },
    });
  }

  /** The claim, once the policy allows the actor the action on it (inside a transaction or not). */
  async function load(trx: Db, actor: Actor | undefined, id: string, action: SignedInAction) {
    const claim = await claimIn(trx, id);
    const space = await findSpaceById(trx, claim.space_id);
    if (!space) throw new DomainError("CLAIM_NOT_FOUND");
    const membership = actor ? await findMembership(trx, claim.space_id, actor.id) : undefined;
    const decision = await decided.of(trx, claim, space);
    const resource: Resource = {
      space,
      membership,
      claim: { authorId: claim.author_id, awaitingDecision: decision.awaiting },
    };
    authorize(actor, action, resource);
    return { claim, resource, actor, space, decision };
  }

  /** A claim as its page shows it: receipts, history, and what the actor may do next. */
  async function view(actor: Actor | undefined, id: string) {
    const { claim, resource, actor: by, decision } = await load(db, actor, id, "claim.read");
    const author = can(by, "claim.edit", resource);
    const approver = can(by, "claim.decide", resource);
    const open = OPEN_STATUSES.includes(claim.status);
    const fullIban = claim.iban_sealed && can(by, "claim.readIban", resource);
    return {
      claim,
      /** The proposal an expense above the cap needs, and whether approval still waits for it. */
      decision,
      /** In full for those who pay it, masked for its author. */
      iban: fullIban ? ibans.read(claim.iban_sealed ?? "") : claim.iban_hint,
      receipts: await store.receiptsOf(db, claim.id),
      can: {
        edit: author && claim.status === "submitted",
        waive: author && claim.status === "submitted",
        addReceipt: open,
        approve: approver && claim.status === "submitted",
        pay: approver && claim.status === "approved",
        reject: approver && open,
      },
    };
  }

  /** A claim of this chamber as its pages show it: another chamber's claim is not there. */
  async function shown(actor: Actor | undefined, spaceSlug: string, id: string) {
    const space = await ledger.chamber(spaceSlug);
    const found = await view(actor, id);
    if (found.claim.space_id !== space.id) throw new DomainError("CLAIM_NOT_FOUND");
    return { space, shown: found };
  }

  return {
    /**
     * A member submits a claim, with its first receipt when one is sent along. `linked` is another
     * module's write that must land with the claim or not at all (a task's expense claimed in one step),
     * run in the claim's transaction.
     */
    async submit(
      actor: Actor | undefined,
      spaceSlug: string,
      raw: ClaimInput,
      receipt?: Upload,
      linked?: (trx: Db, claim: ExpenseClaimTable) => Promise<void>,
    ) {
      const { space, actor: by } = await ledger.authorized(actor, "claim.submit", spaceSlug);
      return withReceipts(async (trx, attached) => {
        const fields = await checked(trx, space.id, raw);
        const now = new Date().toISOString();
        const claim: ExpenseClaimTable = {
          id: newId(),
          space_id: space.id,
          author_id: by.id,
          iban_sealed: null,
          iban_hint: "",
          payment_reference: "",
          ...fields,
          status: "submitted",
          reason: "",
          reservation_id: null,
          decided_by: null,
          created_at: now,
          updated_at: now,
        };
        await store.insertClaim(trx, claim);
        await recordEvent(trx, {
          actorId: by.id,
          spaceId: space.id,
          action: "ledger.claimSubmitted",
          subjectType: "expenseClaim",
          subjectId: claim.id,
          after: { title: claim.title, amount: claim.amount },
        });
        if (linked) await linked(trx, claim);
        const file = chosen(receipt);
        if (file) attached.push((await receipts.attachIn(trx, claim.id, by.id, file)).id);
        return { claim, round: await decided.ensureRound(trx, claim, space) };
      }).then(async ({ claim, round }) => {
        await tell("claim.submitted", claim, by, false);
        await round?.();
        return claim;
      });
    },

    ...receiptActions(db, load, receipts, withReceipts),

    view,
    shown,

    /** What a claim's page shows: the claim, its author, its account, and who did what. */
    async page(actor: Actor | undefined, spaceSlug: string, id: string) {
      const { space, shown: found } = await shown(actor, spaceSlug, id);
      const { claim } = found;
      const [author, account, history] = await Promise.all([
        store.authorName(db, claim.author_id),
        ledger.account(db, space.id, claim.account_code),
        store.claimHistory(db, claim.id),
      ]);
      return { space, shown: found, authorName: author, account, history };
    },

    /** The chamber, once the actor may submit a claim there (for the form). */
    async submitting(actor: Actor | undefined, spaceSlug: string) {
      return (await ledger.authorized(actor, "claim.submit", spaceSlug)).space;
    },

    /** A claim of this chamber, once its author may still edit it (for the form). */
    async editing(actor: Actor | undefined, spaceSlug: string, id: string) {
      const found = await shown(actor, spaceSlug, id);
      const { claim } = await load(db, actor, id, "claim.edit");
      if (claim.status !== "submitted") throw new DomainError("CLAIM_DECIDED");
      return found;
    },

    /** The chamber and what a claim may name: its expense accounts (categories) and envelopes. */
    async choices(spaceSlug: string) {
      const space = await ledger.chamber(spaceSlug);
      await db.transaction().execute((trx) => ledger.ensureChart(trx, space.id));
      const accounts = await ledger.accountsOf(space.id);
      const of = (kind: string) =>
        accounts.filter((a) => a.kind === kind && !a.archived).map((a) => ({ code: a.code, label: a.label }));
      return { space, categories: of("expense"), envelopes: of("envelope") };
    },

    /** The chamber's claims: all of them for those who keep the books, one's own for the others. */
    async list(actor: Actor | undefined, spaceSlug: string, status?: string) {
      const { space, membership, actor: by } = await ledger.authorized(actor, "claim.list", spaceSlug);
      const all = can(actor, "claim.listAll", { space, membership });
      const claims = await store.claimsOf(db, space.id, {
        authorId: all ? undefined : by.id,
        status: status ? (status as ClaimStatus) : undefined,
      });
      return { space, all, claims };
    },

    /** The author edits a claim while it waits for a decision. */
    async edit(actor: Actor | undefined, id: string, raw: ClaimInput) {
      return db
        .transaction()
        .execute(async (trx) => {
          const { claim, actor: by, space } = await load(trx, actor, id, "claim.edit");
          if (claim.status !== "submitted") throw new DomainError("CLAIM_DECIDED");
          const fields = await checked(trx, claim.space_id, raw);
          await change(trx, claim, by, fields, "ledger.claimEdited");
          return decided.ensureRound(trx, { ...claim, ...fields }, space);
        })
        .then((round) => round?.());
    },

    /** The author gives the expense up: an abandon de frais, booked as a donation (debit the expense, credit 754). */
    async waive(actor: Actor | undefined, id: string) {
      return db.transaction().execute(async (trx) => {
        const { claim, actor: by } = await load(trx, actor, id, "claim.edit");
        if (claim.status !== "submitted") throw new DomainError("CLAIM_DECIDED");
        await ledger.bookIn(trx, claim.space_id, {
          idempotencyKey: `claim:${claim.id}:waiver`,
          debit: claim.account_code,
          credit: "754",
          amount: Number(claim.amount),
          date: claim.date,
          label: `Abandon de frais : ${claim.title}`,
          journal: "OD",
          status: "posted",
          source: { type: "expenseClaim", id: claim.id },
        });
        await change(trx, claim, by, { status: "waived" }, "ledger.claimWaived");
      });
    },

    /** Approval reserves the amount on the claim's envelope (a pending transfer), never beyond what it holds. */
    async approve(actor: Actor | undefined, id: string) {
      const [claim, by] = await db.transaction().execute(async (trx) => {
        const { claim, actor: by } = await load(trx, actor, id, "claim.decide");
        if (claim.status !== "submitted") throw new DomainError("CLAIM_DECIDED");
        let reservation: string | null = null;
        if (claim.envelope_code) {
          const { transfer } = await ledger.bookIn(trx, claim.space_id, {
            idempotencyKey: `claim:${claim.id}:reservation`,
            debit: claim.envelope_code,
            credit: "ENV",
            amount: Number(claim.amount),
            date: claim.date,
            label: `Note de frais : ${claim.title}`,
            journal: "ENV",
            status: "pending",
            source: { type: "expenseClaim", id: claim.id },
          });
          reservation = transfer.id;
        }
        await change(
          trx,
          claim,
          by,
          { status: "approved", reservation_id: reservation, decided_by: by.id },
          "ledger.claimApproved",
        );
        return [claim, by] as const;
      });
      await tell("claim.approved", claim, by, true);
    },

    /**
     * Payment posts the reservation and books the reimbursement (debit the expense, credit the bank),
     * with the bank transfer's reference when the treasurer gives it.
     */
    async pay(actor: Actor | undefined, id: string, paidOn: string, rawReference = "") {
      const reference = oneLine(rawReference);
      const errors: FieldErrors = {};
      checkLine(errors, "paymentReference", reference, { required: false, max: 140 });
      if (Object.keys(errors).length > 0) throw validationError(errors);
      const [claim, by] = await db.transaction().execute(async (trx) => {
        const { claim, actor: by } = await load(trx, actor, id, "claim.decide");
        if (claim.status !== "approved") throw new DomainError("CLAIM_NOT_APPROVED");
        await ledger.bookIn(trx, claim.space_id, {
          idempotencyKey: `claim:${claim.id}:payment`,
          debit: claim.account_code,
          credit: "512",
          amount: Number(claim.amount),
          date: paidOn,
          label: `Remboursement : ${claim.title}`,
          pieceRef: reference || undefined,
          journal: "BQ",
          status: "posted",
          source: { type: "expenseClaim", id: claim.id },
        });
        if (claim.reservation_id)
          await ledger.settleIn(
            trx,
            claim.space_id,
            claim.reservation_id,
            "post",
            `claim:${claim.id}:posted`,
          );
        await change(trx, claim, by, { status: "paid", payment_reference: reference }, "ledger.claimPaid");
        return [claim, by] as const;
      });
      await tell("claim.paid", claim, by, true);
    },

    /** Rejection, with a reason, releases the reservation if there was one. */
    async reject(actor: Actor | undefined, id: string, rawReason: unknown) {
      const reason = oneLine(rawReason);
      const [claim, by] = await db.transaction().execute(async (trx) => {
        const { claim, actor: by } = await load(trx, actor, id, "claim.decide");
        if (reason === "") throw validationError({ reason: "field.required" });
        if (claim.status !== "submitted" && claim.status !== "approved")
          throw new DomainError("CLAIM_DECIDED");
        if (claim.reservation_id)
          await ledger.settleIn(
            trx,
            claim.space_id,
            claim.reservation_id,
            "void",
            `claim:${claim.id}:voided`,
          );
        await change(
          trx,
          claim,
          by,
          { status: "rejected", reason, decided_by: by.id },
          "ledger.claimRejected",
        );
        return [claim, by] as const;
      });
      await tell("claim.rejected", { ...claim, reason }, by, true);
    },

    async get(id: string) {
      return claimIn(db, id);
    },

    /** Who did what on a claim: its audit events. */
    history(id: string) {
      return store.claimHistory(db, id);
    },

    /** For "à traiter": others' claims to approve or to pay in these chambers, counted per chamber. */
    toDecide: (spaceIds: string[], personId: string) =>
      spaceIds.length === 0 ? Promise.resolve([]) : store.claimsToDecideBySpace(db, spaceIds, personId),
  };
}

export type Claims = ReturnType<typeof createClaims>;
