import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { type Actor, authorize, joinStatus, type SignedInAction } from "../../core/policy.ts";
import { oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import type { Notifications } from "../notifications/service.ts";
import * as store from "./store.ts";

/**
 * What the space's governance (the decisions module) adds to the life of a space, declared here so that
 * spaces depend on no module above them: what a new space starts with (a chamber's social code), the
 * round a request to join opens, and whether one facilitator may decide a request alone.
 */
export interface Governance {
  founded(trx: Kysely<Database>, space: store.SpaceRow): Promise<void>;
  requested(
    trx: Kysely<Database>,
    space: store.SpaceRow,
    membership: store.MembershipRow,
  ): Promise<(() => Promise<void>) | undefined>;
  decidesAlone(space: store.SpaceRow): boolean;
}

/** Joining a space, and a request to join decided by one facilitator where the rules let them. */
export function createAdmissions(
  ctx: Context,
  notifications: Notifications,
  governance: Governance,
  authorise: (actor: Actor | undefined, slug: string, action: SignedInAction) => Promise<store.SpaceRow>,
  spaceRow: (slug: string) => Promise<store.SpaceRow>,
  membershipIn: (trx: Kysely<Database>, spaceId: string, id: string) => Promise<store.MembershipRow>,
) {
  const db = ctx.db.kysely;
  return {
    /** An open space admits at once; a co-opted one records a pending request with an introduction. */
    async join(actor: Actor | undefined, slug: string, input: { introduction?: unknown }) {
      authorize(actor, "space.join");
      const space = await spaceRow(slug);
      const status = joinStatus(space.access);
      const introduction = oneLine(input.introduction);
      return guardConstraints(() =>
        db.transaction().execute(async (trx) => {
          const existing = await store.findMembership(trx, space.id, actor.id);
          if (existing?.status === "active") throw new DomainError("ALREADY_MEMBER");
          if (existing?.status === "pending") throw new DomainError("ALREADY_REQUESTED");
          if (status === "pending" && introduction === "") {
            throw validationError({ introduction: "membership.introductionRequired" });
          }
          if ([...introduction].length > 500) throw validationError({ introduction: "field.tooLong.500" });
          const now = new Date().toISOString();
          const decided =
            status === "active"
              ? { decided_by: actor.id, decided_at: now }
              : { decided_by: null, decided_at: null };
          const membership: store.MembershipRow = {
            id: existing?.id ?? newId(),
            space_id: space.id,
            person_id: actor.id,
            role: "member",
            status,
            introduction,
            created_at: existing?.created_at ?? now,
            updated_at: now,
            ...decided,
          };
          if (existing) {
            await store.updateMembership(trx, existing.id, {
              status,
              role: "member",
              introduction,
              ...decided,
            });
          } else {
            await store.insertMembership(trx, membership);
          }
          await recordEvent(trx, {
            actorId: actor.id,
            spaceId: space.id,
            action: status === "active" ? "membership.joined" : "membership.requested",
            subjectType: "person",
            subjectId: actor.id,
            before: existing ? { status: existing.status } : null,
            after: { status },
          });
          const round = status === "pending" ? await governance.requested(trx, space, membership) : undefined;
          return { status, round };
        }),
      ).then(async ({ status, round }) => {
        // A round tells the members itself; a request decided by a facilitator is told to them.
        if (round) await round();
        else if (status === "pending")
          await notifications.notify({
            kind: "membership.requested",
            spaceId: space.id,
            recipients: await notifications.withRole(space.id, ["facilitator"]),
            link: urls.spaceMembers(space.slug),
            params: { space: space.name },
            actorId: actor.id,
          });
        return status;
      });
    },

    /**
     * A facilitator (or an administrator) accepts or declines a request alone, where the space's rules
     * say so; elsewhere the request is decided by its co-optation round.
     */
    async decideAdmission(
      actor: Actor | undefined,
      slug: string,
      membershipId: string,
      decision: "accept" | "decline",
    ) {
      const space = await authorise(actor, slug, "space.manageMembers");
      if (!governance.decidesAlone(space)) throw new DomainError("ADMISSION_BY_CONSENT");
      const personId = await db.transaction().execute(async (trx) => {
        await store.lockSpace(trx, ctx.db.dialect, space.id);
        const membership = await membershipIn(trx, space.id, membershipId);
        if (membership.status !== "pending") throw new DomainError("NOT_PENDING");
        const status = decision === "accept" ? "active" : "declined";
        await store.updateMembership(trx, membership.id, {
          status,
          decided_by: actor?.id ?? null,
          decided_at: new Date().toISOString(),
        });
        await recordEvent(trx, {
          actorId: actor?.id ?? null,
          spaceId: space.id,
          action: decision === "accept" ? "membership.accepted" : "membership.declined",
          subjectType: "person",
          subjectId: membership.person_id,
          before: { status: "pending" },
          after: { status },
        });
        return membership.person_id;
      });
      await notifications.notify({
        kind: decision === "accept" ? "membership.accepted" : "membership.declined",
        spaceId: space.id,
        recipients: [personId],
        link: urls.space(space.slug),
        params: { space: space.name },
        actorId: actor?.id,
      });
    },
  };
}
