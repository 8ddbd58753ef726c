/**
 * What a signed-in person's home page gathers: their spaces, what needs them ("à traiter") and recent
 * activity in their spaces. Every count is grouped across all their spaces in one query per kind of
 * item, whatever the number of spaces.
 */
import type { Context } from "../../context.ts";
import { createMemo } from "../../core/memo.ts";
import { type Actor, can } from "../../core/policy.ts";
import type { ToDoItem, ToDoKind } from "../../web/todo.tsx";
import { urls } from "../../web/urls.ts";
import type { Audit } from "../audit/service.ts";
import type { Claims } from "../claims/service.ts";
import type { Commons } from "../commons/service.ts";
import type { Decisions } from "../decisions/service.ts";
import type { JobQueue } from "../jobs/service.ts";
import type { Meetings } from "../meetings/service.ts";
import type { Spaces } from "../spaces/service.ts";

export interface MySpace {
  id: string;
  slug: string;
  name: string;
  kind: "assembly" | "chamber";
  role: string;
  status: string;
}

/** What the home page tells of recent activity: people joining, commons added, spaces changed. */
export const ACTIVITY_ACTIONS = [
  "membership.joined",
  "membership.accepted",
  "commons.created",
  "space.edited",
] as const;
const ACTIVITY_LENGTH = 8;

type Count = { spaceId: string; n: number | string };

export function createHome(
  ctx: Context,
  spaces: Spaces,
  claims: Claims,
  commons: Commons,
  audit: Audit,
  jobs: JobQueue,
  meetings: Meetings,
  decisions: Decisions,
) {
  // What a person's home page gathers changes only when something is written: kept until then.
  const dashboards = createMemo(1_000, 60_000, ctx.db.writes);

  /** The person's active spaces where an action of the policy is theirs. */
  function where(
    actor: Actor,
    mine: MySpace[],
    action: "space.manageMembers" | "claim.decide" | "commons.curate",
  ) {
    return mine.filter((s) => s.status === "active" && can(actor, action, { space: s, membership: s }));
  }

  function items(kind: ToDoKind, counts: Count[], mine: MySpace[], href: (slug: string) => string) {
    const byId = new Map(mine.map((s) => [s.id, s]));
    return counts.flatMap(({ spaceId, n }): ToDoItem[] => {
      const space = byId.get(spaceId);
      if (!space || Number(n) === 0) return [];
      return [
        { kind, count: Number(n), href: href(space.slug), space: { slug: space.slug, name: space.name } },
      ];
    });
  }

  async function claimItems(actor: Actor, mine: MySpace[]): Promise<ToDoItem[]> {
    const chambers = where(actor, mine, "claim.decide");
    const rows = await claims.toDecide(
      chambers.map((s) => s.id),
      actor.id,
    );
    const of = (status: string) => rows.filter((r) => r.status === status);
    return [
      ...items("claimsToApprove", of("submitted"), chambers, (slug) => urls.claims(slug, "submitted")),
      ...items("claimsToPay", of("approved"), chambers, (slug) => urls.claims(slug, "approved")),
    ];
  }

  async function failedJobs(actor: Actor): Promise<ToDoItem[]> {
    if (!actor.isAdmin) return [];
    const count = await jobs.countFailed();
    return count > 0 ? [{ kind: "failedJobs", count, href: urls.failedJobs(), space: null }] : [];
  }

  /** What needs the person in these spaces of theirs; failed jobs too, for administrators, on their home. */
  async function toDo(actor: Actor, mine: MySpace[], withJobs: boolean): Promise<ToDoItem[]> {
    const facilitated = where(actor, mine, "space.manageMembers");
    const curated = where(actor, mine, "commons.curate");
    const member = mine.filter((s) => s.status === "active");
    const [failed, requests, claimed, unplaced, meetingWork, rounds] = await Promise.all([
      withJobs ? failedJobs(actor) : [],
      spaces.pendingRequests(facilitated.map((s) => s.id)),
      claimItems(actor, mine),
      commons.unplaced(curated.map((s) => s.id)),
      meetings.toDo(facilitated.map((s) => s.id)),
      decisions.toDo(
        actor.id,
        member.map((s) => s.id),
        member.filter((s) => s.role === "facilitator").map((s) => s.id),
      ),
    ]);
    return [
      ...failed,
      ...items("joinRequests", requests, facilitated, urls.spaceMembers),
      ...claimed,
      ...items("unplacedPlaces", unplaced, curated, urls.commonsAddresses),
      ...items("themesToOrder", meetingWork.themes, facilitated, (slug) => urls.meetings(slug)),
      ...items("minutesToPublish", meetingWork.minutes, facilitated, (slug) => urls.meetings(slug)),
      ...items("proposalsToAnswer", rounds, member, (slug) => urls.decisions(slug, { statut: "en-cours" })),
    ];
  }

  return {
    /** The signed-in home page: the person's spaces, what needs them and what happened lately. */
    dashboard(actor: Actor) {
      return dashboards.remember(JSON.stringify([actor.id, actor.isAdmin]), async () => {
        const mine: MySpace[] = await spaces.membershipsOf(actor.id);
        const active = mine.filter((s) => s.status === "active").map((s) => s.id);
        const [items, activity] = await Promise.all([
          toDo(actor, mine, true),
          audit.latestIn(active, ACTIVITY_ACTIONS, ACTIVITY_LENGTH),
        ]);
        return { spaces: mine, toDo: items, activity };
      });
    },

    /** What needs the person in one space, for that space's home. */
    toDoIn(
      actor: Actor | undefined,
      space: Omit<MySpace, "role" | "status">,
      membership: { role: string; status: string } | undefined,
    ): Promise<ToDoItem[]> {
      if (!actor || !membership) return Promise.resolve([]);
      const { id, slug, name, kind } = space;
      return toDo(actor, [{ id, slug, name, kind, role: membership.role, status: membership.status }], false);
    },
  };
}

export type Home = ReturnType<typeof createHome>;
