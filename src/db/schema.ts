import type { MembershipRole, MembershipStatus } from "../core/policy.ts";
import type { SpaceKind } from "../core/spaces.ts";

export type { MembershipRole, MembershipStatus, SpaceKind };

/**
 * Table types shared by both dialects. Timestamps are ISO-8601 strings in UTC, booleans are 0/1
 * integers and identifiers are UUIDv7 strings, so that a row reads the same from SQLite and PostgreSQL
 * and a backup restores identically into either.
 */
export type Timestamp = string;
export type Flag = 0 | 1;

export interface InstanceSettingTable {
  key: string;
  value: string;
}

export interface PersonTable {
  id: string;
  email: string;
  display_name: string;
  introduction: string;
  language: string;
  password_hash: string;
  is_admin: Flag;
  /** When the person proved the address is theirs (a confirmation or reset link); null until then. */
  confirmed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  id: string;
  person_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: string;
  person_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type EmailLinkPurpose = "reset" | "confirm";

/** A single-use link sent by mail: to reset a password, or to confirm the address of a new account. */
export interface EmailLinkTable {
  id: string;
  person_id: string;
  purpose: EmailLinkPurpose;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RateLimitHitTable {
  id: string;
  key: string;
  at: Timestamp;
}

export interface OutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface SpaceTable {
  id: string;
  kind: SpaceKind;
  slug: string;
  name: string;
  summary: string;
  territory: string | null;
  theme: string | null;
  assembly_id: string | null;
  territorial: Flag;
  decision_mode: string;
  functions: string;
  access: string;
  fork_policy: string;
  formalisation: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipTable {
  id: string;
  space_id: string;
  person_id: string;
  role: MembershipRole;
  status: MembershipStatus;
  introduction: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export interface AuditEventTable {
  id: string;
  at: Timestamp;
  actor_id: string | null;
  space_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before: string | null;
  after: string | null;
}

export interface CommonsKindTable {
  space_id: string;
  slug: string;
  label: string;
  position: number;
}

export interface CommonsTable {
  id: string;
  space_id: string;
  slug: string;
  name: string;
  summary: string;
  description: string;
  kind: string;
  status: "active" | "dormant" | "gone";
  contact: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Folded copies (lower case, no accents) that full-text search reads. */
  search_name: string;
  search_text: string;
}

export interface CommonsPlaceTable {
  id: string;
  commons_id: string;
  position: number;
  label: string;
  street: string;
  postcode: string;
  commune: string;
  commune_folded: string;
  insee_code: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  coarse: Flag;
  geo_source: string | null;
  geo_score: number | null;
  geo_at: Timestamp | null;
  /** Why the last geocoding failed (a message key), null when it did not. */
  geo_failed: string | null;
}

export interface CommonsLinkTable {
  id: string;
  commons_id: string;
  position: number;
  type: string;
  url: string;
  label: string;
}

export interface CommonsOriginTable {
  id: string;
  space_id: string;
  commons_id: string;
  source: string;
  external_id: string;
  revision: string | null;
  imported_at: Timestamp;
}

export interface TagFamilyTable {
  id: string;
  space_id: string;
  name: string;
  position: number;
}

export interface TagTable {
  id: string;
  space_id: string;
  family_id: string | null;
  slug: string;
  label: string;
  folded: string;
  /** 1 for the governed vocabulary, 0 for a free tag. */
  governed: Flag;
  description: string;
}

export interface TagSynonymTable {
  id: string;
  space_id: string;
  tag_id: string;
  label: string;
  folded: string;
}

export interface CommonsTagTable {
  commons_id: string;
  tag_id: string;
}

export interface CommonsRelationTable {
  commons_a: string;
  commons_b: string;
  created_at: Timestamp;
}

export interface CommonsCommonerTable {
  commons_id: string;
  person_id: string;
  role: string;
  created_at: Timestamp;
  /** Who confirmed the declaration (an editor of the record); null once they are gone, or while pending. */
  confirmed_by: string | null;
  /** Set when an editor confirmed it: only then does it give the right to edit the record. */
  confirmed_at: Timestamp | null;
}

export interface CommonsImageTable {
  id: string;
  commons_id: string;
  position: number;
  file: string;
  content_type: string;
  width: number;
  height: number;
  alt: string;
  created_at: Timestamp;
}

export interface ChamberCommonsTable {
  space_id: string;
  commons_id: string;
  created_at: Timestamp;
}

export interface GeoAddressTable {
  /** The BAN address id (e.g. 59350_1234_00012). */
  id: string;
  number: string;
  street: string;
  street_folded: string;
  postcode: string;
  insee_code: string;
  commune: string;
  commune_folded: string;
  latitude: number;
  longitude: number;
}

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
  status: "pending" | "posted" | "voided";
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
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ReceiptMediaType = "application/pdf" | "image/jpeg" | "image/png";

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

/** A chamber's bookkeeping settings: its SIREN names the FEC. */
export interface LedgerSettingTable {
  space_id: string;
  siren: string;
  updated_at: Timestamp;
}

export interface LedgerClosedYearTable {
  space_id: string;
  /** "2025" */
  year: string;
  closed_at: Timestamp;
}

export interface LedgerChainTable {
  space_id: string;
  last_hash: string;
  entries: number;
}

export interface Database {
  instance_settings: InstanceSettingTable;
  persons: PersonTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  email_links: EmailLinkTable;
  rate_limit_hits: RateLimitHitTable;
  outbox: OutboxTable;
  spaces: SpaceTable;
  memberships: MembershipTable;
  audit_events: AuditEventTable;
  commons_kinds: CommonsKindTable;
  commons: CommonsTable;
  commons_places: CommonsPlaceTable;
  commons_links: CommonsLinkTable;
  commons_origins: CommonsOriginTable;
  tag_families: TagFamilyTable;
  tags: TagTable;
  tag_synonyms: TagSynonymTable;
  commons_tags: CommonsTagTable;
  commons_relations: CommonsRelationTable;
  commons_commoners: CommonsCommonerTable;
  commons_images: CommonsImageTable;
  chamber_commons: ChamberCommonsTable;
  geo_addresses: GeoAddressTable;
  ledger_accounts: LedgerAccountTable;
  ledger_entries: LedgerEntryTable;
  ledger_transfers: LedgerTransferTable;
  ledger_balances: LedgerBalanceTable;
  ledger_monthly: LedgerMonthlyTable;
  ledger_chains: LedgerChainTable;
  donations: DonationTable;
  ledger_notifications: LedgerNotificationTable;
  expense_claims: ExpenseClaimTable;
  ledger_closed_years: LedgerClosedYearTable;
  expense_receipts: ExpenseReceiptTable;
  ledger_settings: LedgerSettingTable;
}

/** Every table, parents before children: the order backups write and restores insert. */
export const TABLES: readonly (keyof Database)[] = [
  "instance_settings",
  "persons",
  "sessions",
  "api_tokens",
  "email_links",
  "rate_limit_hits",
  "outbox",
  "spaces",
  "memberships",
  "audit_events",
  "commons_kinds",
  "commons",
  "commons_places",
  "commons_links",
  "commons_origins",
  "tag_families",
  "tags",
  "tag_synonyms",
  "commons_tags",
  "commons_relations",
  "commons_commoners",
  "commons_images",
  "chamber_commons",
  "geo_addresses",
  "ledger_accounts",
  "ledger_entries",
  "ledger_transfers",
  "ledger_balances",
  "ledger_monthly",
  "ledger_chains",
  "donations",
  "ledger_notifications",
  "expense_claims",
  "ledger_closed_years",
  "expense_receipts",
  "ledger_settings",
];
