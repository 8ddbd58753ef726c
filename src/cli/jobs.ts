import { createRunner } from "../modules/jobs/runner.ts";
import { ALL_SERVICES } from "../services.ts";
import type { Invocation } from "./command.ts";
import { withServices } from "./services.ts";

/**
 * A worker beside (or instead of) the server's own runner: every service is loaded, so that every
 * kind of job has its handler. With `--once` it runs the jobs due now and exits; otherwise it runs
 * until SIGTERM or SIGINT, then lets the jobs under way finish.
 */
export function jobsRun({ config, values }: Invocation): Promise<void> {
  return withServices(config, ALL_SERVICES, async ({ jobs, ctx }) => {
    if (values.once) {
      await jobs.idle();
      return;
    }
    const runner = createRunner(jobs, config.jobs, (error) =>
      ctx.log.error({ err: error }, "jobs could not be taken"),
    );
    runner.start();
    ctx.log.info({ database: ctx.db.dialect }, "jobs worker running");
    // The runner's timer does not hold the process: this one does, until a signal.
    const alive = setInterval(() => undefined, 60_000);
    await new Promise((resolve) => {
      process.once("SIGTERM", resolve);
      process.once("SIGINT", resolve);
    });
    clearInterval(alive);
    await runner.stop();
  });
}
