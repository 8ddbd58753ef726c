/** A board's groups (logistique, communication, cartographie…), which its facilitators keep. */
import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import { DEFAULT_GROUPS, TASK_LIMITS } from "../../core/tasks.ts";
import { fold, oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database, TaskGroupTable } from "../../db/schema.ts";
import { recordEvent } from "../audit/service.ts";
import { authorizedSpace, signedIn } from "./access.ts";
import { checkGroupName } from "./input.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/** What the groups page sends: one command, on one group for all but `create` and `defaults`. */
export interface GroupCommand {
  action: string;
  group?: string;
  name?: string;
}

export const GROUP_ACTIONS = ["create", "rename", "up", "down", "delete", "defaults"] as const;

export function createGroups(ctx: Context) {
  const db = ctx.db.kysely;

  async function traceGroup(
    trx: Db,
    actorId: string,
    group: Pick<TaskGroupTable, "id" | "space_id" | "name">,
    action: string,
    before: Record<string, unknown> | null = null,
  ) {
    await recordEvent(trx, {
      actorId,
      spaceId: group.space_id,
      action,
      subjectType: "taskGroup",
      subjectId: group.id,
      before,
      after: { name: group.name },
    });
  }

  /** A name no other group of the board has, whatever its case and accents. */
  function checkFree(groups: TaskGroupTable[], name: string, except?: string): void {
    const wanted = fold(name);
    if (groups.some((g) => g.id !== except && fold(g.name) === wanted))
      throw validationError({ name: "tasks.groupTaken" });
  }

  async function add(trx: Db, actorId: string, spaceId: string, groups: TaskGroupTable[], name: string) {
    if (groups.length >= TASK_LIMITS.groups) throw validationError({ name: "tasks.tooManyGroups" });
    checkFree(groups, name);
    const group: TaskGroupTable = {
      id: newId(),
      space_id: spaceId,
      name,
      position: Math.max(-1, ...groups.map((g) => g.position)) + 1,
      created_at: new Date().toISOString(),
    };
    await store.insertGroup(trx, group);
    await traceGroup(trx, actorId, group, "taskGroup.created");
    groups.push(group);
  }

  /** Moves a group one place up or down the board, numbering them all again from 0. */
  async function moveGroup(
    trx: Db,
    actorId: string,
    groups: TaskGroupTable[],
    group: TaskGroupTable,
    by: number,
  ) {
    const from = groups.findIndex((g) => g.id === group.id);
    const to = from + by;
    if (to < 0 || to >= groups.length) return;
    const order = [...groups];
    order.splice(from, 1);
    order.splice(to, 0, group);
    for (const [position, g] of order.entries())
      if (g.position !== position) await store.updateGroup(trx, g.id, { position });
    await traceGroup(trx, actorId, group, "taskGroup.moved", { position: from + 1 });
  }

  return {
    /** The board's groups, once the actor may manage them (for their page). */
    async managing(actor: Actor | undefined, slug: string) {
      const { space } = await authorizedSpace(db, actor, "task.manageGroups", slug);
      return { space, groups: await store.groupsOf(db, space.id) };
    },

    /** Creates, renames, moves or deletes a group (its tasks stay, without a group), or adds the usual ones. */
    async manageGroups(actor: Actor | undefined, slug: string, command: GroupCommand) {
      const { space } = await authorizedSpace(db, actor, "task.manageGroups", slug);
      const by = signedIn(actor);
      const action = oneLine(command.action);
      if (!(GROUP_ACTIONS as readonly string[]).includes(action)) throw new DomainError("BAD_REQUEST");
      const name = ["create", "rename"].includes(action) ? checkGroupName(command.name) : "";
      await guardConstraints(() =>
        db.transaction().execute(async (trx) => {
          const groups = await store.groupsOf(trx, space.id);
          if (action === "create") return add(trx, by.id, space.id, groups, name);
          if (action === "defaults") {
            for (const usual of DEFAULT_GROUPS)
              if (!groups.some((g) => fold(g.name) === fold(usual)))
                await add(trx, by.id, space.id, groups, usual);
            return;
          }
          const group = groups.find((g) => g.id === oneLine(command.group));
          if (!group) throw new DomainError("TASK_GROUP_NOT_FOUND");
          if (action === "rename") {
            if (name === group.name) return;
            checkFree(groups, name, group.id);
            await store.updateGroup(trx, group.id, { name });
            return traceGroup(trx, by.id, { ...group, name }, "taskGroup.renamed", { name: group.name });
          }
          if (action === "delete") {
            await store.deleteGroup(trx, group.id);
            return traceGroup(trx, by.id, group, "taskGroup.deleted");
          }
          return moveGroup(trx, by.id, groups, group, action === "up" ? -1 : 1);
        }),
      );
      return action;
    },
  };
}
