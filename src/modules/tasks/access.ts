/** What the task board's use cases share: loading a space or a task with what the policy looks at, and tracing. */
import type { Kysely } from "kysely";
import { DomainError } from "../../core/errors.ts";
import { type Action, type Actor, type Membership, type Resource, refusal } from "../../core/policy.ts";
import type { Database, SpaceTable, TaskTable } from "../../db/schema.ts";
import { recordEvent } from "../audit/service.ts";
import { findMembership, findSpaceById, findSpaceBySlug } from "../spaces/service.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

export type Volunteer = { id: string; name: string; personId: string | null };

/** What a rule of the policy looks at: the space (with its rule for tasks), the membership, the task. */
export function resourceOf(
  space: Pick<SpaceTable, "kind" | "tasks_rule">,
  membership: Membership | undefined,
  task?: Pick<TaskTable, "created_by">,
  volunteers: Volunteer[] = [],
): Resource {
  return {
    space: { kind: space.kind, tasksRule: space.tasks_rule },
    membership,
    task: task && {
      volunteerIds: volunteers.flatMap((v) => (v.personId ? [v.personId] : [])),
      createdBy: task.created_by,
    },
  };
}

/** Throws the policy's refusal (401, 403, or 404 for an action of another kind of space). */
function allow(actor: Actor | undefined, action: Action, resource: Resource): void {
  const refused = refusal(actor, action, resource);
  if (refused) throw new DomainError(refused);
}

/** The actor of an action only a signed-in person may take (the policy has let them by then). */
export function signedIn(actor: Actor | undefined): Actor {
  if (!actor) throw new DomainError("UNAUTHENTICATED");
  return actor;
}

export async function spaceBySlug(db: Db, slug: string): Promise<SpaceTable> {
  const space = await findSpaceBySlug(db, slug);
  if (!space) throw new DomainError("SPACE_NOT_FOUND");
  return space;
}

/** The space and the actor's membership in it, once the policy allows the action there. */
export async function authorizedSpace(db: Db, actor: Actor | undefined, action: Action, slug: string) {
  const space = await spaceBySlug(db, slug);
  const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
  const resource = resourceOf(space, membership);
  allow(actor, action, resource);
  return { space, membership, resource };
}

export async function volunteersOf(db: Db, taskId: string): Promise<Volunteer[]> {
  return (await store.volunteersOf(db, [taskId])).map((v) => ({
    id: v.id,
    name: v.name,
    personId: v.person_id,
  }));
}

/** A task, its space and volunteers, once the policy allows the actor the action on it. */
export async function loadTask(db: Db, actor: Actor | undefined, id: string, action: Action) {
  const task = await store.taskById(db, id);
  if (!task) throw new DomainError("TASK_NOT_FOUND");
  const space = await findSpaceById(db, task.space_id);
  if (!space) throw new DomainError("TASK_NOT_FOUND");
  const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
  const volunteers = await volunteersOf(db, task.id);
  const resource = resourceOf(space, membership, task, volunteers);
  allow(actor, action, resource);
  return { task, space, membership, volunteers, resource };
}

/**
 * Leaves the visible trace of a change (« Lucie a pris la tâche… »): an audit event on the task, with
 * its title so that the sentence names it as it was then.
 */
export async function trace(
  trx: Db,
  actorId: string | null,
  task: Pick<TaskTable, "id" | "space_id" | "title">,
  action: string,
  details: { before?: Record<string, unknown>; after?: Record<string, unknown> } = {},
): Promise<void> {
  await recordEvent(trx, {
    actorId,
    spaceId: task.space_id,
    action,
    subjectType: "task",
    subjectId: task.id,
    before: details.before ?? null,
    after: { title: task.title, ...details.after },
  });
}
