import type { Kysely } from "kysely";
import { today } from "../../core/ledger.ts";
import type { Database } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import type { Jobs } from "../jobs/service.ts";
import type { Notifications } from "../notifications/service.ts";
import * as store from "./store.ts";

export const TASK_DIGEST = "tasks.weeklyDigest";
const WEEK = 7 * 24 * 3_600_000;

/** The next Monday, 07:00 UTC (8 or 9 o'clock in Paris): when the week's digest goes out. */
export function nextDigestAt(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7));
  const days = (8 - next.getUTCDay()) % 7;
  next.setUTCDate(next.getUTCDate() + days);
  return next.getTime() <= now.getTime() ? new Date(next.getTime() + WEEK) : next;
}

/** Sets the next weekly digest, once (a digest already waiting keeps its place). */
export async function scheduleTaskDigest(jobs: Jobs, now = new Date()): Promise<void> {
  const dueAt = nextDigestAt(now);
  await jobs.enqueue(TASK_DIGEST, {}, { dueAt, key: `${TASK_DIGEST}:${dueAt.toISOString().slice(0, 10)}` });
}

/**
 * Once a week, each volunteer hears of the tasks they hold in each space, the overdue ones first,
 * through the notification layer (a mail by default, or as they chose); while tasks are held, the
 * next week's digest is set.
 */
export function registerTaskDigest(db: Kysely<Database>, jobs: Jobs, notifications: Notifications): void {
  jobs.register(TASK_DIGEST, async () => {
    const rows = await store.takenTasks(db);
    const day = today();
    const groups = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = `${row.personId} ${row.spaceId}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    for (const held of groups.values()) {
      const [first] = held;
      if (!first?.personId) continue;
      const overdue = held.filter((t) => t.dueDate !== null && t.dueDate < day);
      const lines = [...overdue, ...held.filter((t) => !overdue.includes(t))].map(
        (t) => `- ${t.title}${t.dueDate ? ` (${t.dueDate}${overdue.includes(t) ? ", en retard" : ""})` : ""}`,
      );
      await notifications.notify({
        kind: "tasks.weekly",
        spaceId: first.spaceId,
        recipients: [first.personId],
        link: urls.tasks(first.slug, { miennes: 1 }),
        params: { space: first.name, count: held.length, overdue: overdue.length, tasks: lines.join("\n") },
      });
    }
    if (rows.length > 0) await scheduleTaskDigest(jobs, new Date(Date.now() + 60_000));
  });
}
