import type { JobsConfig } from "../../config.ts";
import type { JobQueue } from "./service.ts";

export interface Runner {
  start(): void;
  /** Stops taking jobs and waits for the runs under way. */
  stop(): Promise<void>;
}

/**
 * Runs due jobs, a few at once: it looks every `pollMs`, at once when a job is enqueued in this process,
 * and again as soon as a run ends.
 */
export function createRunner(
  queue: JobQueue,
  settings: Pick<JobsConfig, "pollMs" | "concurrency">,
  onError: (error: unknown) => void,
): Runner {
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopped = true;
  let filling = false;
  let again = false;

  async function fill(): Promise<void> {
    if (filling) {
      again = true;
      return;
    }
    filling = true;
    try {
      do {
        again = false;
        if (stopped) return;
        const runs = await queue.startDue(settings.concurrency - running.size);
        for (const run of runs) {
          running.add(run);
          void run.finally(() => {
            running.delete(run);
            wake();
          });
        }
        // A full batch may leave more due jobs behind: look again while there is room.
        if (runs.length > 0 && running.size < settings.concurrency) again = true;
      } while (again);
    } finally {
      filling = false;
    }
  }

  function wake(): void {
    fill().catch(onError);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      unsubscribe = queue.onEnqueue(wake);
      timer = setInterval(wake, settings.pollMs);
      timer.unref();
      wake();
    },

    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe?.();
      while (filling || running.size > 0) {
        await Promise.allSettled([...running]);
        if (filling) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}
