import type { Context } from "../../context.ts";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { today } from "../../core/ledger.ts";
import type { Actor } from "../../core/policy.ts";
import { checkLine, oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import { recordEvent } from "../audit/service.ts";
import type { Ledger } from "../ledger/service.ts";
import { validAmount } from "./formats/index.ts";
import type { Donations } from "./service.ts";
import * as store from "./store.ts";

/** What a correction may change, and why it is made. */
export interface CorrectionInput {
  amount: number;
  date: string;
  donorName: string;
  /** An envelope's code, or "" for none. */
  envelope: string;
  reason: string;
}

export const REASON_MAX = 500;

/** What is wrong with a correction, field by field (the form adds what only it knows). */
export function correctionErrors(raw: CorrectionInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!validAmount(raw.amount)) errors.amount = "donations.amountInvalid";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw.date) || raw.date < "2000-01-01" || raw.date > "2100-12-31")
    errors.date = "donations.dateInvalid";
  checkLine(errors, "donor.name", oneLine(raw.donorName), { required: false, max: 120 });
  checkLine(errors, "reason", oneLine(raw.reason), { required: true, max: REASON_MAX });
  return errors;
}

function check(raw: CorrectionInput): CorrectionInput {
  const errors = correctionErrors(raw);
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return {
    ...raw,
    donorName: oneLine(raw.donorName),
    reason: oneLine(raw.reason),
    envelope: oneLine(raw.envelope),
  };
}

/**
 * A donation corrected from its page (RULES: the ledger is append-only): its transfer, and its envelope
 * funding if any, reversed today; the corrected donation booked anew; the donation row pointing to the
 * new transfer; all in one transaction, with the reason, audited. The same key again corrects nothing.
 */
export function createDonationCorrections(ctx: Context, ledger: Ledger, donations: Donations) {
  const db = ctx.db.kysely;

  async function correctIn(
    trx: typeof db,
    space: { id: string },
    donationId: string,
    input: CorrectionInput,
    key: string,
    actorId: string,
  ): Promise<{ replayed: boolean }> {
    const done = await store.correctionByKey(trx, space.id, key);
    if (done) {
      if (done.donation_id !== donationId) throw new DomainError("IDEMPOTENCY_CONFLICT");
      return { replayed: true };
    }
    const donation = await store.donationById(trx, space.id, donationId);
    if (!donation) throw new DomainError("NOT_FOUND");
    // The corrected donation is booked before the old one is reversed: an envelope that spent part of
    // the old funding gives it back out of the new one.
    const funding = await store.envelopeFundingOf(trx, space.id, donation.external_id);
    const display = donation.display === "name" && input.donorName === "" ? "hidden" : donation.display;
    const shown = donations.shownAs({ display, donor_name: input.donorName, pseudonym: donation.pseudonym });
    const booked = await donations.bookMoney(trx, space.id, {
      key: `${key}:don`,
      method: donation.method,
      amount: input.amount,
      date: input.date,
      shown,
      externalId: donation.external_id,
      envelope: input.envelope,
    });
    const on = today();
    const reversal = await ledger.reverseIn(trx, space.id, donation.transfer_id, {
      idempotencyKey: `${key}:contre-passation`,
      date: on,
    });
    if (funding)
      await ledger.reverseIn(trx, space.id, funding.id, {
        idempotencyKey: `${key}:contre-passation-enveloppe`,
        date: on,
      });
    await store.updateDonation(trx, donation.id, {
      amount: input.amount,
      date: input.date,
      donor_name: input.donorName,
      display,
      envelope_account_id: booked.envelopeId,
      transfer_id: booked.transferId,
    });
    await store.insertCorrection(trx, {
      id: newId(),
      space_id: space.id,
      donation_id: donation.id,
      idempotency_key: key,
      reason: input.reason,
      original_transfer_id: donation.transfer_id,
      reversal_transfer_id: reversal.transfer.id,
      corrected_transfer_id: booked.transferId,
      created_by: actorId,
      created_at: new Date().toISOString(),
    });
    await recordEvent(trx, {
      actorId,
      spaceId: space.id,
      action: "ledger.donationCorrected",
      subjectType: "donation",
      subjectId: donation.id,
      before: { amount: Number(donation.amount), date: donation.date },
      after: { amount: input.amount, date: input.date, reason: input.reason },
    });
    return { replayed: false };
  }

  return {
    /** Corrects a donation once per key; a second submission racing the first finds it done. */
    async correct(
      actor: Actor | undefined,
      spaceSlug: string,
      donationId: string,
      raw: CorrectionInput,
      idempotencyKey: string,
    ): Promise<{ replayed: boolean }> {
      const { space, actor: booker } = await ledger.authorized(actor, "ledger.book", spaceSlug);
      const key = oneLine(idempotencyKey);
      if (key === "") throw validationError({ idempotencyKey: "field.required" });
      const input = check(raw);
      const run = () =>
        guardConstraints(() =>
          db.transaction().execute((trx) => correctIn(trx, space, donationId, input, key, booker.id)),
        );
      return run().catch((error: unknown) => {
        if (error instanceof DomainError && error.code === "CONFLICT") return run();
        throw error;
      });
    },

    /** A donation, donor in full, with its corrections: for those who book the chamber's money. */
    async donation(actor: Actor | undefined, spaceSlug: string, donationId: string) {
      const { space } = await ledger.authorized(actor, "ledger.book", spaceSlug);
      const row = await store.donationById(db, space.id, donationId);
      if (!row) throw new DomainError("NOT_FOUND");
      const envelope = row.envelope_account_id
        ? (await ledger.accountById(db, row.envelope_account_id)).code
        : "";
      const corrections = await store.correctionsOf(db, row.id);
      return {
        id: row.id,
        amount: Number(row.amount),
        date: row.date,
        source: row.source,
        method: row.method,
        donorName: row.donor_name,
        donorEmail: row.donor_email,
        display: row.display,
        pseudonym: row.pseudonym,
        envelope,
        transferId: row.transfer_id,
        corrections: corrections.map((c) => ({
          id: c.id,
          reason: c.reason,
          by: c.by,
          at: new Date(c.created_at).toISOString(),
          originalTransferId: c.original_transfer_id,
          reversalTransferId: c.reversal_transfer_id,
          correctedTransferId: c.corrected_transfer_id,
        })),
      };
    },
  };
}

export type DonationCorrections = ReturnType<typeof createDonationCorrections>;
export type DonationDetail = Awaited<ReturnType<DonationCorrections["donation"]>>;
