/** Durable jobs, run by the server's runner or a separate worker (`communs jobs run`). */

import type { Timestamp } from "./columns.ts";

export type JobStatus = "pending" | "running" | "done" | "failed";

export interface JobTable {
  id: string;
  /** Namespaced: `mail.send`, `import.commons`… */
  kind: string;
  /** JSON of the handler's payload. */
  payload: string;
  status: JobStatus;
  due_at: Timestamp;
  /** Runs started so far (counted when a worker takes it). */
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  lock_owner: string | null;
  locked_until: Timestamp | null;
  progress_done: number | null;
  progress_total: number | null;
  /** Idempotent enqueue: one waiting or running job per key. */
  key: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}
