/** The do-ocracy task board of a space. */

import type { Timestamp } from "./columns.ts";

export type TaskState = "open" | "taken" | "done" | "dropped";

export interface TaskGroupTable {
  id: string;
  space_id: string;
  name: string;
  position: number;
  created_at: Timestamp;
}

export interface TaskTable {
  id: string;
  space_id: string;
  group_id: string | null;
  title: string;
  description: string;
  due_date: string | null;
  state: TaskState;
  drop_reason: string;
  /** The meeting it came from, and the action item of its minutes. */
  meeting_id: string | null;
  action_item_id: string | null;
  /** The expense it is expected to need, in cents. */
  expected_expense: number | null;
  claim_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskVolunteerTable {
  id: string;
  task_id: string;
  /** Null for a volunteer without an account. */
  person_id: string | null;
  name: string;
  created_at: Timestamp;
}
