import type { Context } from "../../context.ts";
import { DomainError } from "../../core/errors.ts";
import { type Actor, authorize } from "../../core/policy.ts";
import { recordEvent } from "../audit/service.ts";
import { type JobView, toJobView } from "./service.ts";
import * as store from "./store.ts";

/** The failed jobs shown at most on the administrators' page, latest first. */
export const FAILED_SHOWN = 200;

/** The administrators' side of jobs: what failed for good, and trying it again. */
export function createJobsAdmin(ctx: Context) {
  const db = ctx.db.kysely;
  return {
    async failed(actor: Actor | undefined): Promise<{ jobs: JobView[]; total: number }> {
      authorize(actor, "instance.manageJobs");
      const [rows, total] = await Promise.all([store.listFailed(db, FAILED_SHOWN), store.countFailed(db)]);
      return { jobs: rows.map(toJobView), total };
    },

    /** Makes a failed job due again now, with all its attempts; the change is audited. */
    async retry(actor: Actor | undefined, id: string): Promise<void> {
      authorize(actor, "instance.manageJobs");
      await db.transaction().execute(async (trx) => {
        const job = await store.findJob(trx, id);
        if (!job || !(await store.retryFailed(trx, id, new Date().toISOString())))
          throw new DomainError("NOT_FOUND");
        await recordEvent(trx, {
          actorId: actor?.id ?? null,
          action: "job.retried",
          subjectType: "job",
          subjectId: id,
          before: { kind: job.kind, attempts: job.attempts, error: job.last_error },
        });
      });
    },
  };
}

export type JobsAdmin = ReturnType<typeof createJobsAdmin>;
