/** Spaces (assemblies and chambers), their members, and the audit log. */

import type { MembershipRole, MembershipStatus } from "../../core/policy.ts";
import type { SpaceKind } from "../../core/spaces.ts";
import type { Flag, Timestamp } from "./columns.ts";

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
  /** Its logo's file under images/ (a WebP made when it was uploaded), or null. */
  logo: string | null;
  /** Days attendees have to propose corrections to published minutes. */
  corrections_days: number;
  /** The do-ocracy cap, in cents: a task's expected expense under it is claimed without a decision. */
  doocracy_cap: number;
  /** Who may create, take and close tasks in a chamber. */
  tasks_rule: "members" | "facilitators";
  /** Its decision rules (JSON), or null for its kind's defaults. */
  decision_rules: string | null;
  /** The chamber it was forked from, and the version of that chamber's social code it started from. */
  forked_from: string | null;
  forked_at_version: number | null;
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
