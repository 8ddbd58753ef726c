/** A chamber's books: chart of accounts, entries, transfers and their sums, hash chain, closed years. */

import type { TransferStatus } from "../../core/ledger.ts";
import type { Timestamp } from "./columns.ts";

export type LedgerAccountKind = "asset" | "liability" | "equity" | "income" | "expense" | "envelope" | "memo";

export interface LedgerAccountTable {
  id: string;
  space_id: string;
  /** Plan comptable associatif code (512, 754, 6132…), or an envelope's own code. */
  code: string;
  label: string;
  kind: LedgerAccountKind;
  commons_id: string | null;
  created_at: Timestamp;
  /** An expense category the treasurer archived: kept for its transfers, offered to no new claim. */
  archived_at: Timestamp | null;
}

export interface LedgerEntryTable {
  id: string;
  space_id: string;
  /** Continuous per space: the FEC's EcritureNum. */
  number: number;
  date: string;
  journal: string;
  label: string;
  created_at: Timestamp;
}

export interface LedgerTransferTable {
  id: string;
  space_id: string;
  entry_id: string;
  idempotency_key: string;
  debit_account_id: string;
  credit_account_id: string;
  /** Integer cents, > 0. */
  amount: number;
  date: string;
  label: string;
  journal: string;
  piece_ref: string;
  status: TransferStatus;
  /** For a posting or a voiding: the pending transfer it settles. */
  pending_id: string | null;
  /** For a correction: the transfer it reverses. */
  reverses_id: string | null;
  source_type: string | null;
  source_id: string | null;
  /** sha256(previous posted hash + canonical content), for posted transfers. */
  hash: string | null;
  created_at: Timestamp;
}

export interface LedgerBalanceTable {
  account_id: string;
  debits: number;
  credits: number;
  pending_debits: number;
  pending_credits: number;
}

/**
 * Posted transfers of an account summed by month ("YYYY-MM"), closing entries left out: what the
 * transparency page adds up, kept in the same transaction as each transfer.
 */
export interface LedgerMonthlyTable {
  space_id: string;
  account_id: string;
  month: string;
  debits: number;
  credits: number;
  /** Transfers counted once, at their debit account. */
  transfers: number;
}

export interface LedgerChainTable {
  space_id: string;
  last_hash: string;
  entries: number;
}

export interface LedgerClosedYearTable {
  space_id: string;
  /** "2025" */
  year: string;
  closed_at: Timestamp;
}

/** A chamber's bookkeeping settings: its SIREN names the FEC. */
export interface LedgerSettingTable {
  space_id: string;
  siren: string;
  updated_at: Timestamp;
}
