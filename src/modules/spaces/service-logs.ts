import type { Kysely } from "kysely";
import type { Actor, SignedInAction } from "../../core/policy.ts";
import type { Database } from "../../db/schema.ts";
import { activityPage, auditPage } from "../audit/service.ts";
import type * as store from "./store.ts";

/** A space's two logs: its public activity, and the log of changes its facilitators read. */
export function createLogs<Space>(
  db: Kysely<Database>,
  authorise: (actor: Actor | undefined, slug: string, action: SignedInAction) => Promise<store.SpaceRow>,
  present: (row: store.SpaceRow) => Promise<Space>,
  spaceRow: (slug: string) => Promise<store.SpaceRow>,
) {
  return {
    /** What happened in a space that everyone may know, newest first. */
    async activity(slug: string, before?: string) {
      const row = await spaceRow(slug);
      return { space: await present(row), entries: await activityPage(db, row.id, before) };
    },

    /** A page of the space's log of changes, for those who may read it. */
    async auditLog(actor: Actor | undefined, slug: string, before?: string) {
      const row = await authorise(actor, slug, "space.readAudit");
      return { space: await present(row), entries: await auditPage(db, { spaceId: row.id, before }) };
    },
  };
}
