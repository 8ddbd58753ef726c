/**
 * The job table: enqueue, take the due jobs under a lease, end them (done, again later, failed), and
 * read them for pages.
 */
import { type Kysely, sql } from "kysely";
import type { DialectName } from "../../db/connection.ts";
import type { Database, JobTable } from "../../db/schema.ts";

type Db = Kysely<Database>;

/**
 * Tells the planner how many jobs wait. Planning from a table it believes nearly empty, PostgreSQL
 * reads and sorts every waiting job at each take instead of the first by its index; autovacuum would
 * tell it only a minute later, once a burst of thousands of jobs is half done.
 */
export async function analyzeJobs(db: Db): Promise<void> {
  await sql`analyze jobs`.execute(db);
}

/** Inserts a job; with a key already waiting or running, inserts nothing and answers false. */
export async function insertJob(db: Db, job: JobTable): Promise<boolean> {
  const result = await db
    .insertInto("jobs")
    .values(job)
    .onConflict((c) => c.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function waitingJobId(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("jobs")
    .select("id")
    .where("key", "=", key)
    .where("status", "in", ["pending", "running"])
    .executeTakeFirst();
  return row?.id;
}

/** The newest job of a key, whatever its status. */
export function latestJobOfKey(db: Db, key: string) {
  return db
    .selectFrom("jobs")
    .selectAll()
    .where("key", "=", key)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export function findJob(db: Db, id: string) {
  return db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
}

type Take = {
  owner: string;
  now: string;
  lockedUntil: string;
  limit: number;
  kinds: readonly string[];
  /** Whether to look for expired leases too (rare: a runner looks once per poll, not at every take). */
  expired?: boolean;
};

/**
 * Takes up to `limit` jobs running under a lease that expired (their worker died), then jobs that are
 * due, for `owner` until `lockedUntil`. Each is one statement, so one transaction; each reads its own
 * index in order (one query with OR would sort every waiting job at each take). On PostgreSQL the rows
 * are chosen `FOR UPDATE SKIP LOCKED`, so that workers never wait for each other nor take the same job;
 * SQLite has one writer at a time, which the statement is for its whole run.
 */
export async function takeDueJobs(db: Db, dialect: DialectName, take: Take): Promise<JobTable[]> {
  const expired =
    take.expired === false ? [] : await claim(db, dialect, take, "running", "locked_until", take.limit);
  const due = await claim(db, dialect, take, "pending", "due_at", take.limit - expired.length);
  return [...expired, ...due];
}

async function claim(
  db: Db,
  dialect: DialectName,
  take: Take,
  status: "pending" | "running",
  time: "due_at" | "locked_until",
  limit: number,
): Promise<JobTable[]> {
  if (limit <= 0) return [];
  let chosen = db
    .selectFrom("jobs")
    .select("id")
    .where("status", "=", status)
    .where(time, "<=", take.now)
    .where("kind", "in", take.kinds)
    .orderBy(time)
    .limit(limit);
  if (dialect === "postgres") chosen = chosen.forUpdate().skipLocked();
  return db
    .updateTable("jobs")
    .set((eb) => ({
      status: "running",
      lock_owner: take.owner,
      locked_until: take.lockedUntil,
      attempts: eb("attempts", "+", 1),
    }))
    .where("id", "in", chosen)
    .returningAll()
    .execute();
}

/** Keeps a running job's lease; false when the job is no longer this worker's. */
export async function extendLease(db: Db, id: string, owner: string, lockedUntil: string): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set({ locked_until: lockedUntil })
    .where("id", "=", id)
    .where("lock_owner", "=", owner)
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setProgress(db: Db, id: string, done: number, total: number): Promise<void> {
  await db
    .updateTable("jobs")
    .set({ progress_done: done, progress_total: total })
    .where("id", "=", id)
    .execute();
}

/** Ends a run of `owner`: done, pending again later (a retry), or failed for good. */
export async function endRun(
  db: Db,
  id: string,
  owner: string,
  end:
    | { status: "done"; at: string }
    | { status: "pending"; dueAt: string; error: string }
    | { status: "failed"; at: string; error: string },
): Promise<void> {
  const released = { lock_owner: null, locked_until: null };
  const set =
    end.status === "done"
      ? { ...released, status: end.status, finished_at: end.at }
      : end.status === "pending"
        ? { ...released, status: end.status, due_at: end.dueAt, last_error: end.error }
        : { ...released, status: end.status, finished_at: end.at, last_error: end.error };
  await db
    .updateTable("jobs")
    .set(set)
    .where("id", "=", id)
    .where("lock_owner", "=", owner)
    .where("status", "=", "running")
    .execute();
}

export async function countFailed(db: Db): Promise<number> {
  const row = await db
    .selectFrom("jobs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "failed")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The failed jobs, latest first. */
export function listFailed(db: Db, limit: number) {
  return db
    .selectFrom("jobs")
    .selectAll()
    .where("status", "=", "failed")
    .orderBy("finished_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/**
 * Makes a failed job due now with its attempts counted afresh; false when it is not failed. A job
 * whose key is taken meanwhile (the same work enqueued again) is not made due twice: false too.
 */
export async function retryFailed(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set({ status: "pending", due_at: now, attempts: 0, finished_at: null })
    .where("id", "=", id)
    .where("status", "=", "failed")
    .where((eb) =>
      eb.or([
        eb("key", "is", null),
        eb.not(
          eb.exists(
            eb
              .selectFrom("jobs as waiting")
              .select("waiting.id")
              .whereRef("waiting.key", "=", "jobs.key")
              .where("waiting.status", "in", ["pending", "running"]),
          ),
        ),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
