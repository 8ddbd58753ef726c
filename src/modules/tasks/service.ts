import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { today } from "../../core/ledger.ts";
import { type Actor, can } from "../../core/policy.ts";
import { aboveCap, checkMove, isOverdue, stateWithVolunteers, TASK_LIMITS } from "../../core/tasks.ts";
import { checkLine, fold, oneLine } from "../../core/text.ts";
import type { Database, TaskState, TaskTable } from "../../db/schema.ts";
import { subjectHistory } from "../audit/service.ts";
import type { Claims } from "../claims/service.ts";
import type { Jobs } from "../jobs/service.ts";
import type { Notifications } from "../notifications/service.ts";
import { findSpaceById } from "../spaces/service.ts";
import { authorizedSpace, loadTask, signedIn, trace, type Volunteer, volunteersOf } from "./access.ts";
import { registerTaskDigest, scheduleTaskDigest } from "./digest.ts";
import { createExpenses } from "./expense.ts";
import { createGroups } from "./groups.ts";
import { checkTask, type TaskInput } from "./input.ts";
import * as store from "./store.ts";

export type { Volunteer } from "./access.ts";
export { type ActionTaskInput, createFromAction } from "./action.ts";
export { scheduleTaskDigest } from "./digest.ts";
export type { ExpenseInput } from "./expense.ts";
export type { GroupCommand } from "./groups.ts";
export type { TaskInput } from "./input.ts";

type Db = Kysely<Database>;

/** A task with its group's name and its volunteers, as pages and the API show it. */
export type TaskView = TaskTable & { groupName: string | null; volunteers: Volunteer[] };

/** Closed tasks stay on the board this long; older ones are behind a link. */
const RECENT_DAYS = 30;

/** Cards a column of the board shows at a time; the next ones are a page further (no phone reads thousands). */
export const COLUMN_SIZE = 50;

const recentSince = () => new Date(Date.now() - RECENT_DAYS * 24 * 3600 * 1000).toISOString();

/** The board's order: by group as the board orders them (none last), then the nearest due date first. */
function boardOrder(a: store.TaskRow, b: store.TaskRow): number {
  const group = (a.groupPosition ?? Number.MAX_SAFE_INTEGER) - (b.groupPosition ?? Number.MAX_SAFE_INTEGER);
  if (group !== 0) return group;
  if (a.due_date !== b.due_date) return (a.due_date ?? "9999") < (b.due_date ?? "9999") ? -1 : 1;
  return String(a.created_at) < String(b.created_at) ? -1 : 1;
}

async function withVolunteers(db: Db, rows: store.TaskRow[]): Promise<TaskView[]> {
  const all = await store.volunteersOf(
    db,
    rows.map((r) => r.id),
  );
  const byTask = new Map<string, Volunteer[]>();
  for (const v of all) {
    const volunteer = { id: v.id, name: v.name, personId: v.person_id };
    const list = byTask.get(v.task_id);
    if (list) list.push(volunteer);
    else byTask.set(v.task_id, [volunteer]);
  }
  return rows.map(({ groupPosition: _position, ...row }) => ({
    ...row,
    volunteers: byTask.get(row.id) ?? [],
  }));
}

/** The tasks made of a meeting's action items, with their volunteers. */
export async function tasksOfMeeting(db: Db, meetingId: string): Promise<TaskView[]> {
  return withVolunteers(db, await store.tasksOfMeeting(db, meetingId));
}

export interface BoardOptions {
  /** A group's id, null for the tasks without a group, undefined for every task. */
  groupId?: string | null;
  /** Only the tasks the actor volunteers for. */
  mine?: boolean;
  /** Every closed task (done or dropped), not only those of the last days. */
  all?: boolean;
  /** Only tasks in this state (the API's filter). */
  state?: TaskState;
  /** Only the tasks of the group of this name (the API's filter; none when there is no such group). */
  groupName?: string;
}

/**
 * A space's do-ocracy task board: anyone reads it; whoever the space's rule lets create, take and
 * close tasks (see `task.*` in core/policy.ts); each change leaves a trace in the audit log, which the
 * task's page shows as its history. Groups are in groups.ts, the expense claimed in one step in
 * expense.ts, tasks made of a meeting's action items in action.ts.
 */
export function createTasks(ctx: Context, claims: Claims, jobs: Jobs, notifications: Notifications) {
  const db = ctx.db.kysely;
  registerTaskDigest(db, jobs, notifications);
  const dialect = ctx.db.dialect;

  /** Runs a move of a task in a transaction, the task locked, once the policy allows it. */
  function move<T>(
    actor: Actor | undefined,
    id: string,
    action: "task.take" | "task.release" | "task.finish" | "task.drop" | "task.edit",
    work: (trx: Db, loaded: Awaited<ReturnType<typeof loadTask>>, by: Actor, now: string) => Promise<T>,
  ): Promise<T> {
    return db.transaction().execute(async (trx) => {
      await store.lockTask(trx, dialect, id);
      const loaded = await loadTask(trx, actor, id, action);
      return work(trx, loaded, signedIn(actor), new Date().toISOString());
    });
  }

  /** The space, its groups and the filter of the board's options, once the actor may read the board. */
  async function boardScope(actor: Actor | undefined, slug: string, options: BoardOptions) {
    const { space, resource } = await authorizedSpace(db, actor, "task.read", slug);
    const groups = await store.groupsOf(db, space.id);
    const named = options.groupName === undefined ? undefined : fold(options.groupName);
    const groupId =
      named === undefined ? options.groupId : (groups.find((g) => fold(g.name) === named)?.id ?? "");
    return {
      space,
      groups,
      filter: { groupId, volunteer: options.mine ? actor?.id : undefined },
      can: {
        create: can(actor, "task.create", resource),
        manageGroups: can(actor, "task.manageGroups", resource),
      },
    };
  }

  async function view(id: string): Promise<TaskView> {
    const task = await store.taskById(db, id);
    if (!task) throw new DomainError("TASK_NOT_FOUND");
    const group = task.group_id ? await store.groupById(db, task.space_id, task.group_id) : undefined;
    return { ...task, groupName: group?.name ?? null, volunteers: await volunteersOf(db, id) };
  }

  return {
    ...createGroups(ctx),
    ...createExpenses(ctx, claims),

    /** The board's tasks (the API's list): at most 500, the newest, in the board's order. */
    async board(actor: Actor | undefined, slug: string, options: BoardOptions = {}) {
      const { space, groups, filter, can } = await boardScope(actor, slug, options);
      const rows = await store.tasksOf(db, space.id, {
        ...filter,
        states: options.state ? [options.state] : options.all ? undefined : ["open", "taken", "done"],
        closedSince: options.all || options.state ? undefined : recentSince(),
      });
      return { space, groups, tasks: await withVolunteers(db, rows.sort(boardOrder)), today: today(), can };
    },

    /**
     * The board as its page shows it: a column a state (open, taken, done in the last days, and dropped
     * with `all`), or one state's column alone at `page`; each COLUMN_SIZE tasks at most, in the board's
     * order, with how many it holds in all.
     */
    async columns(actor: Actor | undefined, slug: string, options: BoardOptions & { page?: number } = {}) {
      const { space, groups, filter, can } = await boardScope(actor, slug, options);
      const states: TaskState[] = options.state
        ? [options.state]
        : ["open", "taken", "done", ...(options.all ? (["dropped"] as const) : [])];
      const offset = options.state ? (Math.max(1, options.page ?? 1) - 1) * COLUMN_SIZE : 0;
      const since = options.all ? undefined : recentSince();
      const columns = [];
      for (const state of states) {
        const closed = state === "done" || state === "dropped";
        const only = { ...filter, states: [state], closedSince: closed ? since : undefined };
        const total = await store.countTasks(db, space.id, only);
        const rows = await store.boardPage(db, space.id, only, COLUMN_SIZE, offset);
        columns.push({ state, total, tasks: await withVolunteers(db, rows) });
      }
      return { space, groups, columns, today: today(), can };
    },

    /** The space and its groups, once the actor may create a task there (for the form). */
    async creating(actor: Actor | undefined, slug: string) {
      const { space } = await authorizedSpace(db, actor, "task.create", slug);
      return { space, groups: await store.groupsOf(db, space.id) };
    },

    /** A member creates a task, taking it at once when they say they will do it. */
    async create(actor: Actor | undefined, slug: string, raw: TaskInput, options: { take?: boolean } = {}) {
      const { space } = await authorizedSpace(db, actor, "task.create", slug);
      const by = signedIn(actor);
      const made = await db.transaction().execute(async (trx) => {
        const fields = await checkTask(trx, space, raw);
        const now = new Date().toISOString();
        const task: TaskTable = {
          id: newId(),
          space_id: space.id,
          ...fields,
          state: options.take ? "taken" : "open",
          drop_reason: "",
          meeting_id: null,
          action_item_id: null,
          claim_id: null,
          created_by: by.id,
          created_at: now,
          updated_at: now,
        };
        await store.insertTask(trx, task);
        await trace(trx, by.id, task, "task.created", { after: { dueDate: task.due_date } });
        if (options.take) {
          const name = await store.personName(trx, by.id);
          await store.insertVolunteers(trx, [
            { id: newId(), task_id: task.id, person_id: by.id, name, created_at: now },
          ]);
          await trace(trx, by.id, task, "task.taken", {
            before: { state: "open" },
            after: { state: "taken" },
          });
        }
        return task;
      });
      if (options.take) await scheduleTaskDigest(jobs);
      return made;
    },

    /** A task as its page shows it: its group, volunteers, history, claim, and what the actor may do. */
    async page(actor: Actor | undefined, slug: string, id: string) {
      const { task, space, membership, volunteers, resource } = await loadTask(db, actor, id, "task.read");
      if (space.slug !== slug) throw new DomainError("TASK_NOT_FOUND");
      const group = task.group_id ? await store.groupById(db, space.id, task.group_id) : undefined;
      const claim = task.claim_id ? await claims.get(task.claim_id) : undefined;
      const volunteering = actor !== undefined && volunteers.some((v) => v.personId === actor.id);
      const running = task.state === "open" || task.state === "taken";
      const allowed = (action: Parameters<typeof can>[1]) => can(actor, action, resource);
      return {
        space,
        task: { ...task, groupName: group?.name ?? null, volunteers } as TaskView,
        history: await subjectHistory(db, "task", task.id),
        today: today(),
        overdue: isOverdue({ state: task.state, dueDate: task.due_date }, today()),
        claim: claim && {
          id: claim.id,
          amount: Number(claim.amount),
          status: claim.status,
          visible: can(actor, "claim.read", { space, membership, claim: { authorId: claim.author_id } }),
        },
        /** Only a chamber has money: there, an expense above its cap needs a decision. */
        aboveCap:
          space.kind === "chamber" &&
          aboveCap(task.expected_expense, claim ? Number(claim.amount) : null, space.doocracy_cap),
        volunteering,
        can: {
          take: running && !volunteering && allowed("task.take"),
          release: task.state === "taken" && allowed("task.release"),
          finish: task.state === "taken" && allowed("task.finish"),
          drop: running && allowed("task.drop"),
          edit: running && allowed("task.edit"),
          claimExpense:
            task.expected_expense !== null &&
            task.claim_id === null &&
            (task.state === "taken" || task.state === "done") &&
            allowed("task.claimExpense"),
        },
      };
    },

    /** A task and its space's groups, once the actor may edit it (for the form). */
    async editing(actor: Actor | undefined, slug: string, id: string) {
      const { task, space } = await loadTask(db, actor, id, "task.edit");
      if (space.slug !== slug) throw new DomainError("TASK_NOT_FOUND");
      checkMove(task.state, "edit");
      return { space, task: await view(id), groups: await store.groupsOf(db, space.id) };
    },

    /** Title, description, group, due date, expected expense; the expense stays once it is claimed. */
    edit(actor: Actor | undefined, id: string, raw: TaskInput) {
      return move(actor, id, "task.edit", async (trx, { task, space }, by, now) => {
        checkMove(task.state, "edit");
        const fields = await checkTask(trx, space, raw);
        if (task.claim_id && fields.expected_expense !== task.expected_expense)
          throw validationError({ expectedExpense: "tasks.expenseClaimed" });
        const groups = await store.groupsOf(trx, space.id);
        const groupName = (gid: string | null) => groups.find((g) => g.id === gid)?.name ?? null;
        const compared: [string, unknown, unknown][] = [
          ["title", task.title, fields.title],
          ["description", task.description, fields.description],
          ["group", groupName(task.group_id), groupName(fields.group_id)],
          ["dueDate", task.due_date, fields.due_date],
          ["expectedExpense", task.expected_expense, fields.expected_expense],
        ];
        const changed = compared.filter(([, was, is]) => was !== is);
        if (changed.length === 0) return;
        await store.updateTask(trx, task.id, { ...fields, updated_at: now });
        await trace(trx, by.id, { ...task, title: fields.title }, "task.edited", {
          before: Object.fromEntries(changed.map(([key, was]) => [key, was])),
          after: Object.fromEntries(changed.map(([key, , is]) => [key, is])),
        });
      });
    },

    /** The actor takes the task (joining those who already did); taking it twice changes nothing. */
    async take(actor: Actor | undefined, id: string) {
      const taken = await move(actor, id, "task.take", async (trx, { task, volunteers }, by, now) => {
        checkMove(task.state, "take");
        if (volunteers.some((v) => v.personId === by.id)) return;
        const name = await store.personName(trx, by.id);
        await store.insertVolunteers(trx, [
          { id: newId(), task_id: task.id, person_id: by.id, name, created_at: now },
        ]);
        await store.updateTask(trx, task.id, { state: "taken", updated_at: now });
        await trace(trx, by.id, task, "task.taken", {
          before: { state: task.state },
          after: { state: "taken" },
        });
      });
      await scheduleTaskDigest(jobs);
      return taken;
    },

    /**
     * A volunteer lets the task go: it is open again when nobody holds it any more. A facilitator who
     * does not hold it lets every volunteer go (someone who went quiet): it is open again.
     */
    release(actor: Actor | undefined, id: string) {
      return move(actor, id, "task.release", async (trx, { task, volunteers }, by, now) => {
        checkMove(task.state, "release");
        const own = volunteers.some((v) => v.personId === by.id);
        await store.deleteVolunteers(trx, task.id, own ? by.id : undefined);
        const state = stateWithVolunteers(own ? await store.volunteerCount(trx, task.id) : 0);
        await store.updateTask(trx, task.id, { state, updated_at: now });
        await trace(trx, by.id, task, "task.released", {
          before: { state: task.state },
          after: { state, ...(own ? {} : { purpose: "all" }) },
        });
      });
    },

    finish(actor: Actor | undefined, id: string) {
      return move(actor, id, "task.finish", async (trx, { task }, by, now) => {
        checkMove(task.state, "finish");
        await store.updateTask(trx, task.id, { state: "done", updated_at: now });
        await trace(trx, by.id, task, "task.finished", {
          before: { state: task.state },
          after: { state: "done" },
        });
      });
    },

    /** Its creator or a facilitator drops a task that will not be done, saying why. */
    drop(actor: Actor | undefined, id: string, rawReason: unknown) {
      return move(actor, id, "task.drop", async (trx, { task }, by, now) => {
        const reason = oneLine(rawReason);
        const errors: FieldErrors = {};
        checkLine(errors, "reason", reason, { required: true, max: TASK_LIMITS.reason });
        if (Object.keys(errors).length > 0) throw validationError(errors);
        checkMove(task.state, "drop");
        await store.updateTask(trx, task.id, { state: "dropped", drop_reason: reason, updated_at: now });
        await trace(trx, by.id, task, "task.dropped", {
          before: { state: task.state },
          after: { state: "dropped", reason },
        });
      });
    },

    /** Throws TASK_NOT_FOUND unless the task is on this space's board (a page's address names both). */
    async inSpace(slug: string, id: string): Promise<void> {
      const task = await store.taskById(db, id);
      const space = task && (await findSpaceById(db, task.space_id));
      if (!space || space.slug !== slug) throw new DomainError("TASK_NOT_FOUND");
    },

    /** A task for the API: anyone may read it, as they may read the board. */
    async get(actor: Actor | undefined, id: string): Promise<TaskView> {
      await loadTask(db, actor, id, "task.read");
      return view(id);
    },

    /** The task whose expense a claim is, with whether it is above its chamber's cap (for the claim's page). */
    async ofClaim(claim: { id: string; amount: number | string }) {
      const task = await store.taskByClaim(db, claim.id);
      const space = task && (await findSpaceById(db, task.space_id));
      if (!task || !space) return undefined;
      return {
        id: task.id,
        title: task.title,
        spaceSlug: space.slug,
        aboveCap: aboveCap(task.expected_expense, Number(claim.amount), space.doocracy_cap),
      };
    },

    tasksOfMeeting: (meetingId: string) => tasksOfMeeting(db, meetingId),
    /** The tasks a person holds, in every space (for a weekly digest). */
    openTasksOf: (personId: string) => store.heldBy(db, personId),
    /** Those of them past their due date. */
    overdueTasksOf: (personId: string) => store.heldBy(db, personId, today()),
  };
}

export type Tasks = ReturnType<typeof createTasks>;
