import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { withPreposition } from "../../core/french.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import { checkLine, oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database, DonationTable } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import type { Ledger } from "../ledger/service.ts";
import type { Notifications } from "../notifications/service.ts";
import * as store from "./store.ts";

export type { DonationRow } from "./store.ts";

export const DONATION_METHODS = ["card", "transfer", "cheque", "cash", "sepa", "liberapay", "other"] as const;
export const DISPLAYS = ["name", "pseudonym", "hidden"] as const;

export interface DonationInput {
  amount: number;
  date: string;
  donor?: { name?: string; email?: string } | null;
  display?: (typeof DISPLAYS)[number];
  pseudonym?: string;
  method?: string;
  /** An envelope's account code: the donation funds it. */
  envelope?: string;
  source?: string;
  externalId?: string;
}

export interface Donation {
  id: string;
  source: string;
  externalId: string;
  amount: number;
  date: string;
  method: string;
  /** As the transparency page shows the donor: a name, a pseudonym, or nothing. */
  shownAs: string | null;
  envelope: string | null;
  transferId: string;
}

function shownAs(row: Pick<DonationTable, "display" | "donor_name" | "pseudonym">): string | null {
  if (row.display === "name") return row.donor_name || null;
  if (row.display === "pseudonym") return row.pseudonym || null;
  return null;
}

function presented(row: DonationTable, envelope: string | null): Donation {
  return {
    id: row.id,
    source: row.source,
    externalId: row.external_id,
    amount: Number(row.amount),
    date: row.date,
    method: row.method,
    shownAs: shownAs(row),
    envelope,
    transferId: row.transfer_id,
  };
}

/**
 * Donations: each is booked once, in one transaction with its ledger entry (bank or cash to 754) and,
 * when it goes to an envelope, the envelope's funding from the budget pool. A donation already known by
 * its (source, external id), or a replay of the same idempotency key, returns the first one.
 */
export function createDonations(ctx: Context, ledger: Ledger, notifications: Notifications) {
  const db = ctx.db.kysely;

  /** Thanks a donor who gave an address, once the donation is booked (a replay thanks nobody again). */
  async function thank(
    space: { id: string; slug: string; name: string },
    raw: DonationInput,
    booked: { donation: Donation; replayed: boolean },
  ): Promise<void> {
    const email = oneLine(raw.donor?.email);
    if (booked.replayed || email === "") return;
    await notifications.mailAddress({
      kind: "donation.thanked",
      spaceId: space.id,
      email,
      link: urls.transparency(space.slug),
      params: { space: space.name, amount: booked.donation.amount, date: booked.donation.date },
    });
  }

  function check(raw: DonationInput, key: string) {
    const errors: FieldErrors = {};
    const donorName = oneLine(raw.donor?.name);
    const donorEmail = oneLine(raw.donor?.email);
    const display = raw.display ?? (donorName ? "name" : "hidden");
    const pseudonym = oneLine(raw.pseudonym);
    const method = oneLine(raw.method) || "transfer";
    checkLine(errors, "donor.name", donorName, { required: false, max: 120 });
    checkLine(errors, "donor.email", donorEmail, { required: false, max: 200 });
    checkLine(errors, "pseudonym", pseudonym, { required: display === "pseudonym", max: 60 });
    if (!DISPLAYS.includes(display)) errors.display = "ledger.displayUnknown";
    if (!(DONATION_METHODS as readonly string[]).includes(method)) errors.method = "ledger.methodUnknown";
    if (display === "name" && donorName === "") errors["donor.name"] = "field.required";
    if (Object.keys(errors).length > 0) throw validationError(errors);
    return {
      donorName,
      donorEmail,
      display,
      pseudonym,
      method,
      source: oneLine(raw.source) || "manual",
      externalId: oneLine(raw.externalId) || key,
    };
  }

  /**
   * A donation's money, inside the caller's transaction: bank or cash to 754 and, when it funds an
   * envelope, the envelope's funding from the budget pool. `key` makes each booking once.
   */
  async function bookMoney(
    trx: Kysely<Database>,
    spaceId: string,
    money: {
      key: string;
      method: string;
      amount: number;
      date: string;
      /** How the donor is shown, or null. */
      shown: string | null;
      externalId: string;
      /** An envelope's code, or "". */
      envelope: string;
    },
  ): Promise<{ transferId: string; envelopeId: string | null }> {
    const label = money.shown ? `Don ${withPreposition("de", money.shown)}` : "Don";
    const source = { type: "donation", id: money.externalId };
    const { transfer } = await ledger.bookIn(trx, spaceId, {
      idempotencyKey: money.key,
      debit: money.method === "cash" ? "530" : "512",
      credit: "754",
      amount: money.amount,
      date: money.date,
      label,
      journal: money.method === "cash" ? "CA" : "BQ",
      pieceRef: money.externalId.slice(0, 60),
      status: "posted",
      source,
    });
    if (!money.envelope) return { transferId: transfer.id, envelopeId: null };
    const envelope = await ledger.account(trx, spaceId, money.envelope);
    if (envelope?.kind !== "envelope") throw validationError({ envelope: "ledger.envelopeUnknown" });
    await ledger.bookIn(trx, spaceId, {
      idempotencyKey: `${money.key}:enveloppe`,
      debit: "ENV",
      credit: envelope.code,
      amount: money.amount,
      date: money.date,
      label,
      journal: "ENV",
      status: "posted",
      source,
    });
    return { transferId: transfer.id, envelopeId: envelope.id };
  }

  /** Books one donation inside the caller's transaction (the web, the API and imports share it). */
  async function recordIn(
    trx: Kysely<Database>,
    space: { id: string },
    raw: DonationInput,
    key: string,
    actorId: string | null,
  ): Promise<{ donation: Donation; replayed: boolean }> {
    const donation = check(raw, key);
    await ledger.ensureChart(trx, space.id);
    const known = await store.donationBySource(trx, space.id, donation.source, donation.externalId);
    if (known) {
      // The same payment may come back through another channel (a notification, then the CSV): the
      // first record keeps how its donor is shown, but money and destination must agree.
      const envelope = known.envelope_account_id
        ? (await ledger.accountById(trx, known.envelope_account_id)).code
        : null;
      const same =
        Number(known.amount) === raw.amount &&
        known.date === raw.date &&
        known.method === donation.method &&
        (!oneLine(raw.envelope) || oneLine(raw.envelope) === envelope);
      // A donation corrected since differs from its source on purpose: the source is known, nothing done.
      if (!same && !(await store.wasCorrected(trx, known.id))) throw new DomainError("IDEMPOTENCY_CONFLICT");
      return { donation: presented(known, envelope), replayed: true };
    }
    const shown = shownAs({
      display: donation.display,
      donor_name: donation.donorName,
      pseudonym: donation.pseudonym,
    });
    const { transferId, envelopeId } = await bookMoney(trx, space.id, {
      key,
      method: donation.method,
      amount: raw.amount,
      date: raw.date,
      shown,
      externalId: donation.externalId,
      envelope: oneLine(raw.envelope),
    });
    const row: DonationTable = {
      id: newId(),
      space_id: space.id,
      source: donation.source,
      external_id: donation.externalId,
      amount: raw.amount,
      date: raw.date,
      method: donation.method,
      donor_name: donation.donorName,
      donor_email: donation.donorEmail,
      display: donation.display,
      pseudonym: donation.pseudonym,
      envelope_account_id: envelopeId,
      transfer_id: transferId,
      created_by: actorId,
      created_at: new Date().toISOString(),
    };
    await store.insertDonation(trx, row);
    await recordEvent(trx, {
      actorId,
      spaceId: space.id,
      action: "ledger.donationRecorded",
      subjectType: "donation",
      subjectId: row.id,
      after: { amount: raw.amount, date: raw.date, source: donation.source },
    });
    return { donation: presented(row, raw.envelope ?? null), replayed: false };
  }

  return {
    recordIn,
    bookMoney,
    shownAs,
    thank,

    /** The chamber, once the actor is one who books its money: every donation page asks first. */
    async chamber(actor: Actor | undefined, spaceSlug: string) {
      const { space, actor: person } = await ledger.authorized(actor, "ledger.book", spaceSlug);
      return { person, space: { id: space.id, slug: space.slug, name: space.name } };
    },

    /** The envelopes a donation may fund. */
    async envelopes(spaceId: string): Promise<{ code: string; label: string }[]> {
      return (await ledger.accountsOf(spaceId))
        .filter((a) => a.kind === "envelope")
        .map((a) => ({ code: a.code, label: a.label }));
    },

    /** A page of the chamber's donations, donors in full: for those who book its money only. */
    async list(actor: Actor | undefined, spaceSlug: string, page: number, size: number) {
      const { space } = await ledger.authorized(actor, "ledger.book", spaceSlug);
      return store.donationsPage(db, space.id, page, size);
    },

    async record(actor: Actor | undefined, spaceSlug: string, raw: DonationInput, idempotencyKey: string) {
      const { space, actor: booker } = await ledger.authorized(actor, "ledger.book", spaceSlug);
      const key = oneLine(idempotencyKey);
      if (key === "") throw validationError({ idempotencyKey: "field.required" });
      check(raw, key);
      const booked = await guardConstraints(() =>
        db.transaction().execute((trx) => recordIn(trx, space, raw, key, booker.id)),
      );
      await thank(space, raw, booked);
      return booked;
    },
  };
}

export type Donations = ReturnType<typeof createDonations>;
