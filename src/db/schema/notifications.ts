/** Notifications, each person's settings, unsubscribe links and the opt-outs of bare addresses. */

import type { Flag, Timestamp } from "./columns.ts";

export interface NotificationTable {
  id: string;
  person_id: string;
  space_id: string | null;
  kind: string;
  /** JSON: the values the kind's message is written with. */
  params: string;
  /** The path of what it is about. */
  link: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
  /** 1 when the person gets it in the daily digest; `digested_at` once the digest went out. */
  in_digest: Flag;
  digested_at: Timestamp | null;
}

export interface NotificationSettingTable {
  person_id: string;
  space_id: string;
  kind: string;
  channel: string;
  updated_at: Timestamp;
}

export interface NotificationUnsubscribeTable {
  token_hash: string;
  person_id: string | null;
  email: string | null;
  scope: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface NotificationOptoutTable {
  email: string;
  space_id: string;
  kind: string;
  created_at: Timestamp;
}
