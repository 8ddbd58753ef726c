/** Expense claims and their receipts. */

import type { ReceiptMediaType } from "../../core/receipts.ts";
import type { Timestamp } from "./columns.ts";

export type ClaimStatus = "submitted" | "approved" | "paid" | "rejected" | "waived";

export interface ExpenseClaimTable {
  id: string;
  space_id: string;
  author_id: string;
  title: string;
  amount: number;
  date: string;
  /** The expense account it is booked to (6132 room rental, 625 travel…). */
  account_code: string;
  envelope_code: string | null;
  status: ClaimStatus;
  /** Why it was rejected. */
  reason: string;
  /** The pending envelope transfer made at approval. */
  reservation_id: string | null;
  decided_by: string | null;
  /** The author's IBAN, sealed with the instance's secret key (claims/iban.ts); null when not given. */
  iban_sealed: string | null;
  /** The IBAN as its author sees it again: country, check digits and last four ("FR76 •••• 1234"). */
  iban_hint: string;
  /** The bank transfer's reference, written by the treasurer who paid the claim. */
  payment_reference: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A receipt of an expense claim; the file itself is under the data folder, named by the id. */
export interface ExpenseReceiptTable {
  id: string;
  claim_id: string;
  /** The name it was sent with, for the download. */
  file_name: string;
  media_type: ReceiptMediaType;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}
