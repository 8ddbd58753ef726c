/** Meetings: their agenda, attendance, minutes, and corrections proposed to published minutes. */

import type { Flag, Timestamp } from "./columns.ts";

export type MeetingStatus = "planned" | "held" | "published" | "cancelled";

export interface MeetingTable {
  id: string;
  space_id: string;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: MeetingStatus;
  cancel_reason: string;
  /** A few words on what the meeting is for. */
  summary: string;
  /** A commons of the directory where it takes place. */
  commons_id: string | null;
  address: string;
  lat: number | null;
  lon: number | null;
  online_link: string;
  /** Event pages elsewhere (Mobilizon, Communecter…): a JSON list of URLs. */
  announcements: string;
  /** An RFC 5545 RRULE value, for a recurring meeting. */
  rrule: string | null;
  /** Occurrences that will not take place: a JSON list of UTC instants. */
  exdates: string;
  /** Raised on each change, for calendars (RFC 5545 SEQUENCE). */
  sequence: number;
  pad_url: string;
  pad_text: string | null;
  pad_sha256: string | null;
  pad_fetched_at: Timestamp | null;
  published_at: Timestamp | null;
  /** Attendees may propose corrections to the published minutes until then. */
  corrections_until: Timestamp | null;
  approved_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type AgendaStatus = "proposed" | "ordered" | "setAside" | "merged";

export interface MeetingAgendaItemTable {
  id: string;
  meeting_id: string;
  title: string;
  description: string;
  minutes: number | null;
  position: number;
  status: AgendaStatus;
  merged_into: string | null;
  proposed_by: string | null;
  /** The proposer's name as it was, kept when their account goes. */
  proposer_name: string;
  created_at: Timestamp;
}

export type AttendanceAnswer = "yes" | "maybe" | "no";

export interface MeetingAttendeeTable {
  id: string;
  meeting_id: string;
  /** Null for someone without an account, added by a facilitator. */
  person_id: string | null;
  name: string;
  /** "Qui je suis": one line, for the minutes' round of presentations. */
  intro: string;
  /** 1: the introduction is shown to everyone; 0: to the space's members only. */
  intro_public: Flag;
  answer: AttendanceAnswer;
  /** Ticked on the day by a facilitator. */
  present: Flag;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type MinutesItemKind = "entry" | "decision" | "workshop" | "action";

export interface MeetingMinutesItemTable {
  id: string;
  meeting_id: string;
  kind: MinutesItemKind;
  /** "HH:MM", Paris time: an entry's stamp. */
  time: string | null;
  /** A workshop's title. */
  title: string;
  /** An entry's or decision's words, a workshop's report, an action item's text. */
  text: string;
  facilitator: string;
  participants: string;
  /** An action item's volunteers: a JSON list of {name, personId}. */
  volunteers: string;
  due_date: string | null;
  /** The task an action item became. */
  task_id: string | null;
  position: number;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MeetingCorrectionTable {
  id: string;
  meeting_id: string;
  author_id: string | null;
  text: string;
  created_at: Timestamp;
}
