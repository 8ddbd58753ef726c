/** Proposals and how they were decided, and each space's versioned social code. */

import type {
  DecisionMode,
  ObjectionStatus,
  Outcome,
  Position,
  ProposalClass,
} from "../../core/decisions.ts";
import type { Timestamp } from "./columns.ts";

export interface ProposalTable {
  id: string;
  space_id: string;
  /** Its number in the space: « Proposition n° 12 ». */
  number: number;
  title: string;
  class: ProposalClass;
  mode: DecisionMode;
  proposer_id: string | null;
  proposer_name: string;
  participants: "members" | "facilitators";
  reactions_at: Timestamp;
  objections_at: Timestamp;
  deadline: Timestamp;
  extensions: number;
  phase_told: string;
  outcome: Outcome | null;
  outcome_note: string;
  decided_at: Timestamp | null;
  /** YYYY-MM-DD, for an adopted decision. */
  review_date: string | null;
  reviewed_at: Timestamp | null;
  /** Taken off the register at a review. */
  retired_at: Timestamp | null;
  replaces_id: string | null;
  replaced_by: string | null;
  /** The meeting it was decided in, when it was. */
  meeting_id: string | null;
  subject_type: "expenseClaim" | "membership" | null;
  subject_id: string | null;
  payload: string | null;
  /** Its current version's number. */
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProposalVersionTable {
  id: string;
  proposal_id: string;
  number: number;
  body: string;
  /** What the proposer says the amendment changes. */
  note: string;
  created_at: Timestamp;
}

export interface ProposalCommentTable {
  id: string;
  proposal_id: string;
  kind: "question" | "answer" | "reaction";
  author_id: string | null;
  author_name: string;
  text: string;
  created_at: Timestamp;
}

export interface ProposalObjectionTable {
  id: string;
  proposal_id: string;
  author_id: string | null;
  author_name: string;
  reason: string;
  harm: string;
  status: ObjectionStatus;
  invalid_reason: string;
  integrating_version: number | null;
  recorded_by: string | null;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface ProposalPositionTable {
  id: string;
  proposal_id: string;
  person_id: string | null;
  name: string;
  position: Position;
  reason: string;
  recorded_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SocialCodeVersionTable {
  id: string;
  space_id: string;
  number: number;
  text: string;
  proposal_id: string | null;
  adopted_at: Timestamp;
}
