import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Context } from "../../context.ts";
import { newId } from "../../core/ids.ts";
import type { JobTable } from "../../db/schema.ts";
import * as store from "./store.ts";

export type JobPayload = Record<string, unknown>;

export interface JobRun {
  jobId: string;
  /** 1 for the first run. */
  attempt: number;
  /** Records progress for pages that show it (e.g. "Placer les adresses": 120 / 800). */
  progress(done: number, total: number): Promise<void>;
}

/** A kind's handler, typed with the payload its kind is enqueued with. */
export type JobHandler<P = JobPayload> = (payload: P, run: JobRun) => Promise<void>;

export interface JobView {
  id: string;
  kind: string;
  status: "pending" | "running" | "done" | "failed";
  attempts: number;
  lastError: string | null;
  progressDone: number | null;
  progressTotal: number | null;
  dueAt: string;
  finishedAt: string | null;
}

export interface EnqueueOptions {
  dueAt?: Date;
  /** While a job of this key waits or runs, enqueueing it again answers that job's id. */
  key?: string;
  maxAttempts?: number;
}

/** The contract other modules use (see the jobs contract). */
export interface Jobs {
  /** Registers the one handler of a kind (called while services are built, in src/services.ts). */
  register<P>(kind: string, handler: JobHandler<P>): void;
  enqueue(kind: string, payload: JobPayload, options?: EnqueueOptions): Promise<string>;
  get(id: string): Promise<JobView | undefined>;
  /** Failed jobs (attempts exhausted), for the administrators' "à traiter". */
  countFailed(): Promise<number>;
}

/** What runners (the server's, `communs jobs run`) and tests use besides the contract. */
export interface JobQueue extends Jobs {
  /** The newest job enqueued with `key`, whatever its status. */
  latest(key: string): Promise<JobView | undefined>;
  /**
   * Takes up to `limit` due jobs of the kinds handled here (of `kinds`, when given) and starts them;
   * answers their runs, which never reject.
   */
  startDue(limit: number, kinds?: readonly string[]): Promise<Promise<void>[]>;
  /** Calls `listener` after each enqueue in this process (a runner wakes up). */
  onEnqueue(listener: () => void): () => void;
  /** Runs the due jobs (of `kinds`) here until none is due, and waits for every run of this process. */
  idle(kinds?: readonly string[]): Promise<void>;
}

const DEFAULT_MAX_ATTEMPTS = 5;
/** Jobs enqueued by this process between two analyses of the job table (see store.analyzeJobs). */
const ANALYZE_EVERY = 1_000;
const RETRY_CAP_MS = 60 * 60 * 1000;
const ERROR_MAX_LENGTH = 2000;

export function toJobView(row: JobTable): JobView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    progressDone: row.progress_done,
    progressTotal: row.progress_total,
    dueAt: row.due_at,
    finishedAt: row.finished_at,
  };
}

/** The delay before the next try after `attempt` failed runs: doubled each time, up to an hour. */
export function retryDelayMs(firstMs: number, attempt: number): number {
  return Math.min(RETRY_CAP_MS, firstMs * 2 ** Math.max(0, attempt - 1));
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.slice(0, ERROR_MAX_LENGTH);
}

export function createJobs(ctx: Context): JobQueue {
  const { db, config, log } = ctx;
  const settings = config.jobs;
  const handlers = new Map<string, JobHandler<unknown>>();
  const listeners = new Set<() => void>();
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  /** When this process last looked for runs whose worker died. */
  let expiredLookedAt = 0;
  let enqueuedSinceAnalysis = 0;
  /** Every take and run under way in this process. */
  const inFlight = new Set<Promise<unknown>>();

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  /**
   * Writes a run's progress, one write at a time: calls made meanwhile leave only their latest value to
   * write next. (On SQLite a long import holds the one connection: progress must not pile up behind it.)
   */
  function progressWriter(jobId: string): JobRun["progress"] {
    let latest: [number, number] | undefined;
    let writing: Promise<void> | undefined;
    return (done, total) => {
      latest = [done, total];
      writing ??= (async () => {
        while (latest) {
          const [doneNow, totalNow] = latest;
          latest = undefined;
          await store.setProgress(db.kysely, jobId, doneNow, totalNow);
        }
      })().finally(() => {
        writing = undefined;
      });
      return writing;
    };
  }

  const leaseEnd = () => new Date(Date.now() + settings.leaseMs).toISOString();

  async function execute(job: JobTable): Promise<void> {
    const handler = handlers.get(job.kind);
    const heartbeat = setInterval(
      () => void store.extendLease(db.kysely, job.id, owner, leaseEnd()).catch(() => undefined),
      Math.max(10, settings.leaseMs / 3),
    );
    heartbeat.unref();
    try {
      // A run past its attempts is one whose worker died: it is not tried again.
      if (job.attempts > job.max_attempts)
        throw new Error("le traitement s’est interrompu (processus arrêté)");
      if (!handler) throw new Error(`aucun traitement pour « ${job.kind} »`);
      const run: JobRun = {
        jobId: job.id,
        attempt: job.attempts,
        progress: progressWriter(job.id),
      };
      await handler(JSON.parse(job.payload), run);
      await store.endRun(db.kysely, job.id, owner, { status: "done", at: new Date().toISOString() });
    } catch (error) {
      await fail(job, describe(error)).catch((failure: unknown) =>
        log.error({ jobId: job.id, err: describe(failure) }, "job's failure could not be recorded"),
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function fail(job: JobTable, error: string): Promise<void> {
    const last = job.attempts >= job.max_attempts;
    log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: error }, "job failed");
    if (last) {
      await store.endRun(db.kysely, job.id, owner, { status: "failed", at: new Date().toISOString(), error });
      return;
    }
    const dueAt = new Date(Date.now() + retryDelayMs(settings.retryMs, job.attempts)).toISOString();
    await store.endRun(db.kysely, job.id, owner, { status: "pending", dueAt, error });
  }

  function startDue(limit: number, kinds?: readonly string[]): Promise<Promise<void>[]> {
    const handled = [...handlers.keys()].filter((kind) => !kinds || kinds.includes(kind));
    if (handled.length === 0 || limit <= 0) return Promise.resolve([]);
    const now = new Date().toISOString();
    const expired = Date.now() - expiredLookedAt >= settings.pollMs;
    if (expired) expiredLookedAt = Date.now();
    const take = { owner, now, lockedUntil: leaseEnd(), limit, kinds: handled, expired };
    // Tracked until the runs are tracked themselves: `idle` never sees a gap between the two.
    return track(
      store.takeDueJobs(db.kysely, db.dialect, take).then((jobs) => jobs.map((job) => track(execute(job)))),
    );
  }

  return {
    register(kind, handler) {
      if (handlers.has(kind)) throw new Error(`job kind ${kind} registered twice`);
      // A kind's payloads are the ones enqueued for it, read back from JSON.
      handlers.set(kind, handler as JobHandler<unknown>);
    },

    async enqueue(kind, payload, options = {}) {
      const id = newId();
      const now = new Date().toISOString();
      const job: JobTable = {
        id,
        kind,
        payload: JSON.stringify(payload),
        status: "pending",
        due_at: (options.dueAt ?? new Date()).toISOString(),
        attempts: 0,
        max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        last_error: null,
        lock_owner: null,
        locked_until: null,
        progress_done: null,
        progress_total: null,
        key: options.key ?? null,
        created_at: now,
        finished_at: null,
      };
      // A keyed job may end between a refused insert and the look-up: then try again.
      while (!(await store.insertJob(db.kysely, job))) {
        if (!options.key) throw new Error(`job ${id} could not be added`);
        const waiting = await store.waitingJobId(db.kysely, options.key);
        if (waiting) return waiting;
      }
      if (++enqueuedSinceAnalysis >= ANALYZE_EVERY) {
        enqueuedSinceAnalysis = 0;
        await store.analyzeJobs(db.kysely);
      }
      for (const listener of listeners) listener();
      return id;
    },

    async get(id) {
      const row = await store.findJob(db.kysely, id);
      return row && toJobView(row);
    },

    async latest(key) {
      const row = await store.latestJobOfKey(db.kysely, key);
      return row && toJobView(row);
    },

    countFailed: () => store.countFailed(db.kysely),

    startDue,

    onEnqueue(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async idle(kinds) {
      for (;;) {
        const runs = await startDue(100, kinds);
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        if (runs.length === 0) return;
      }
    },
  };
}
