/** The instance's settings, people and how they sign in, rate limits, the mail outbox. */

import type { Flag, Timestamp } from "./columns.ts";

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

/** Failed logins of one (account, address) pair: how many, and when the pair may try again. */
export interface LoginThrottleTable {
  /** sha256 of the normalised e-mail and the address: neither is kept. */
  key: string;
  failures: number;
  not_before: Timestamp;
  last_at: Timestamp;
}

export interface OutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  /** JSON of extra headers (List-Unsubscribe…), or null. */
  headers: string | null;
  /** JSON of small text attachments (a meeting's .ics), or null. */
  attachments: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}
