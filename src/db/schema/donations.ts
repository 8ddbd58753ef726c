/** Donations to a chamber, and the payment notifications that book them. */

import type { Timestamp } from "./columns.ts";

export interface DonationTable {
  id: string;
  space_id: string;
  /** manual, helloasso, liberapay, bank: with external_id, what makes a re-import find it again. */
  source: string;
  external_id: string;
  amount: number;
  date: string;
  method: string;
  donor_name: string;
  donor_email: string;
  /** How the donor is shown on the transparency page. */
  display: "name" | "pseudonym" | "hidden";
  pseudonym: string;
  envelope_account_id: string | null;
  transfer_id: string;
  created_by: string | null;
  created_at: Timestamp;
}

/** A donation corrected: its transfer reversed and a new one booked (see migration 0013). */
export interface DonationCorrectionTable {
  id: string;
  space_id: string;
  donation_id: string;
  idempotency_key: string;
  reason: string;
  original_transfer_id: string;
  reversal_transfer_id: string;
  corrected_transfer_id: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface LedgerNotificationTable {
  id: string;
  space_id: string;
  source: string;
  received_at: Timestamp;
  /** The notification as received, for the record (nothing in it is trusted). */
  body: string;
  /** received, booked, known, ignored or failed. */
  outcome: string;
  detail: string;
  donation_id: string | null;
}
