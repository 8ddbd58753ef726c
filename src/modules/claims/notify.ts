import type { Kysely } from "kysely";
import type { Actor } from "../../core/policy.ts";
import type { Database, ExpenseClaimTable } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import type { NotificationKind, Notifications } from "../notifications/service.ts";
import { findSpaceById } from "../spaces/service.ts";

/**
 * Tells what became of a claim: a new one to the chamber's treasurers (its facilitators when it has
 * none), a decision to its author.
 */
export function claimNotifier(db: Kysely<Database>, notifications: Notifications) {
  async function keepers(spaceId: string): Promise<string[]> {
    const treasurers = await notifications.withRole(spaceId, ["treasurer"]);
    return treasurers.length > 0 ? treasurers : notifications.withRole(spaceId, ["facilitator"]);
  }

  return async (kind: NotificationKind, claim: ExpenseClaimTable, by: Actor | null, toAuthor: boolean) => {
    const space = await findSpaceById(db, claim.space_id);
    if (!space) return;
    await notifications.notify({
      kind,
      spaceId: space.id,
      recipients: toAuthor ? [claim.author_id] : await keepers(space.id),
      link: urls.claim(space.slug, claim.id),
      params: { space: space.name, title: claim.title, amount: Number(claim.amount), reason: claim.reason },
      actorId: by?.id ?? null,
    });
  };
}
