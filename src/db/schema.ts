import type { MembershipRole, MembershipStatus } from "../core/permissions.ts";
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
];
