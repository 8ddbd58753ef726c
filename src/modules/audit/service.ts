import type { Context } from "../../context.ts";
import { type Actor, authorize } from "../../core/policy.ts";
import { ACTIVITY_PAGE, SPACE_ACTIVITY } from "./activity.ts";
import { eventsOf, latestInSpaces, listEvents } from "./store.ts";

/** An event as a sentence, for the pages that show a record's own history. */
export { auditSentence } from "./sentences.ts";
/** Every module records its changes here, in the transaction that makes them. */
export { type AuditEntry, type AuditRecord, recordEvent, recordEvents } from "./store.ts";

export const AUDIT_PAGE = 100;

/** A page of the log, newest first: a space's (`spaceId`) or the whole instance's, before an entry. */
export function auditPage(db: Context["db"]["kysely"], options: { spaceId?: string; before?: string }) {
  return listEvents(db, { ...options, limit: AUDIT_PAGE });
}

/** A page of a space's public activity, newest first, before an event. */
export function activityPage(db: Context["db"]["kysely"], spaceId: string, before?: string) {
  return latestInSpaces(db, { spaceIds: [spaceId], actions: SPACE_ACTIVITY, limit: ACTIVITY_PAGE, before });
}

/** What happened to one subject (a task, a claim…), oldest first, as the log's sentences tell it. */
export function subjectHistory(db: Context["db"]["kysely"], type: string, id: string) {
  return eventsOf(db, { type, id, limit: 500 });
}

/** Reading the whole instance's log of changes, for administrators (a space's log: `spaces.auditLog`). */
export function createAudit(ctx: Context) {
  const db = ctx.db.kysely;
  return {
    async ofInstance(actor: Actor | undefined, before?: string) {
      authorize(actor, "instance.readAudit");
      return auditPage(db, { before });
    },

    /** The latest events of these kinds in the spaces a person belongs to, for their home page. */
    latestIn: (spaceIds: string[], actions: readonly string[], limit: number) =>
      spaceIds.length === 0 ? Promise.resolve([]) : latestInSpaces(db, { spaceIds, actions, limit }),
  };
}

export type Audit = ReturnType<typeof createAudit>;
