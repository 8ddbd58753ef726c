import type { Context } from "../../context.ts";
import { type Actor, authorize } from "../../core/policy.ts";
import type { Spaces } from "../spaces/service.ts";
import { listEvents } from "./store.ts";

export const AUDIT_PAGE = 100;

/** Reading the log of changes: a space's for those who may, the whole instance's for administrators. */
export function createAudit(ctx: Context, spaces: Spaces) {
  const db = ctx.db.kysely;
  return {
    async ofSpace(actor: Actor | undefined, slug: string, before?: string) {
      const space = await spaces.allowed(actor, slug, "space.readAudit");
      return { space, entries: await listEvents(db, { spaceId: space.id, limit: AUDIT_PAGE, before }) };
    },

    async ofInstance(actor: Actor | undefined, before?: string) {
      authorize(actor, "instance.readAudit");
      return listEvents(db, { limit: AUDIT_PAGE, before });
    },
  };
}

export type Audit = ReturnType<typeof createAudit>;
