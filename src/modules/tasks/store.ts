import { type Kysely, sql } from "kysely";
import type { DialectName } from "../../db/connection.ts";
import type { Database, TaskGroupTable, TaskState, TaskTable, TaskVolunteerTable } from "../../db/schema.ts";

type Db = Kysely<Database>;

// Groups

export function groupsOf(db: Db, spaceId: string) {
  return db
    .selectFrom("task_groups")
    .selectAll()
    .where("space_id", "=", spaceId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export function groupById(db: Db, spaceId: string, id: string) {
  return db
    .selectFrom("task_groups")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertGroup(db: Db, group: TaskGroupTable): Promise<void> {
  await db.insertInto("task_groups").values(group).execute();
}

export async function updateGroup(
  db: Db,
  id: string,
  changes: Partial<Pick<TaskGroupTable, "name" | "position">>,
): Promise<void> {
  await db.updateTable("task_groups").set(changes).where("id", "=", id).execute();
}

/** A group goes; its tasks stay on the board, without a group. */
export async function deleteGroup(db: Db, id: string): Promise<void> {
  await db.updateTable("tasks").set({ group_id: null }).where("group_id", "=", id).execute();
  await db.deleteFrom("task_groups").where("id", "=", id).execute();
}

// Tasks

/**
 * Makes concurrent moves of one task wait for each other (PostgreSQL; SQLite runs one write transaction
 * at a time anyway): someone taking a task while its last volunteer lets it go cannot leave it open
 * with a volunteer, nor its expense be claimed twice.
 */
export async function lockTask(db: Db, dialect: DialectName, id: string): Promise<void> {
  if (dialect === "postgres")
    await db.selectFrom("tasks").select("id").where("id", "=", id).forUpdate().execute();
}

export function taskById(db: Db, id: string) {
  return db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
}

export function taskByClaim(db: Db, claimId: string) {
  return db.selectFrom("tasks").selectAll().where("claim_id", "=", claimId).executeTakeFirst();
}

export async function insertTask(db: Db, task: TaskTable): Promise<void> {
  await db.insertInto("tasks").values(task).execute();
}

export async function updateTask(db: Db, id: string, changes: Partial<TaskTable>): Promise<void> {
  await db.updateTable("tasks").set(changes).where("id", "=", id).execute();
}

export interface TaskFilter {
  states?: readonly TaskState[];
  /** A group's id, or null for the tasks without a group. */
  groupId?: string | null;
  /** Only the tasks this person volunteers for. */
  volunteer?: string;
  /** Closed tasks (done, dropped) changed since this instant only. */
  closedSince?: string;
}

/** A space's tasks that pass the filter. */
function filtered(db: Db, spaceId: string, filter: TaskFilter) {
  let query = db.selectFrom("tasks as t").where("t.space_id", "=", spaceId);
  if (filter.states) query = query.where("t.state", "in", [...filter.states]);
  if (filter.groupId !== undefined)
    query =
      filter.groupId === null
        ? query.where("t.group_id", "is", null)
        : query.where("t.group_id", "=", filter.groupId);
  if (filter.volunteer) {
    const person = filter.volunteer;
    query = query.where("t.id", "in", (eb) =>
      eb.selectFrom("task_volunteers").select("task_id").where("person_id", "=", person),
    );
  }
  const since = filter.closedSince;
  // Closed states alone read the index of their last change; with open ones, those stay whatever their age.
  if (since && filter.states?.every((state) => state === "done" || state === "dropped"))
    query = query.where("t.updated_at", ">=", since);
  else if (since)
    query = query.where((eb) =>
      eb.or([eb("t.state", "in", ["open", "taken"]), eb("t.updated_at", ">=", since)]),
    );
  return query;
}

/** A space's tasks with their group's name, at most 500 (the API; the board sorts them). */
export function tasksOf(db: Db, spaceId: string, filter: TaskFilter = {}) {
  return filtered(db, spaceId, filter)
    .leftJoin("task_groups as g", "g.id", "t.group_id")
    .selectAll("t")
    .select(["g.name as groupName", "g.position as groupPosition"])
    .orderBy("t.created_at", "desc")
    .orderBy("t.id", "desc")
    .limit(500)
    .execute();
}

/**
 * A page of a column of the board: tasks in the board's order (by group as the board orders them,
 * those without one last, then the nearest due date first, then the oldest), `limit` from `offset`.
 */
export function boardPage(db: Db, spaceId: string, filter: TaskFilter, limit: number, offset: number) {
  return filtered(db, spaceId, filter)
    .leftJoin("task_groups as g", "g.id", "t.group_id")
    .selectAll("t")
    .select(["g.name as groupName", "g.position as groupPosition"])
    .orderBy(sql`g.position is null`)
    .orderBy("g.position")
    .orderBy(sql`t.due_date is null`)
    .orderBy("t.due_date")
    .orderBy("t.created_at")
    .orderBy("t.id")
    .limit(limit)
    .offset(offset)
    .execute();
}

/** How many of a space's tasks pass the filter. */
export async function countTasks(db: Db, spaceId: string, filter: TaskFilter): Promise<number> {
  const row = await filtered(db, spaceId, filter)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type TaskRow = Awaited<ReturnType<typeof tasksOf>>[number];

/** The tasks made of a meeting's action items. */
export function tasksOfMeeting(db: Db, meetingId: string) {
  return db
    .selectFrom("tasks as t")
    .leftJoin("task_groups as g", "g.id", "t.group_id")
    .selectAll("t")
    .select(["g.name as groupName", "g.position as groupPosition"])
    .where("t.meeting_id", "=", meetingId)
    .orderBy("t.created_at")
    .orderBy("t.id")
    .execute();
}

/** The tasks a person holds (taken), in every space, due ones first; `dueBefore` keeps the overdue ones. */
export function heldBy(db: Db, personId: string, dueBefore?: string) {
  let query = db
    .selectFrom("tasks as t")
    .innerJoin("task_volunteers as v", "v.task_id", "t.id")
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .select(["t.id", "t.title", "t.due_date as dueDate", "s.slug as spaceSlug", "s.name as spaceName"])
    .where("v.person_id", "=", personId)
    .where("t.state", "=", "taken");
  if (dueBefore) query = query.where("t.due_date", "<", dueBefore);
  return query.orderBy("t.due_date").orderBy("t.id").limit(200).execute();
}

// Volunteers

export function volunteersOf(db: Db, taskIds: string[]) {
  if (taskIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("task_volunteers")
    .selectAll()
    .where("task_id", "in", taskIds)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function insertVolunteers(db: Db, rows: TaskVolunteerTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto("task_volunteers").values(rows).execute();
}

/** Lets volunteers go: one person, or everyone (`personId` undefined). */
export async function deleteVolunteers(db: Db, taskId: string, personId?: string): Promise<void> {
  let query = db.deleteFrom("task_volunteers").where("task_id", "=", taskId);
  if (personId) query = query.where("person_id", "=", personId);
  await query.execute();
}

export async function volunteerCount(db: Db, taskId: string): Promise<number> {
  const row = await db
    .selectFrom("task_volunteers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("task_id", "=", taskId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The name a person goes by, for a volunteer's row. */
export async function personName(db: Db, personId: string): Promise<string> {
  const row = await db
    .selectFrom("persons")
    .select("display_name")
    .where("id", "=", personId)
    .executeTakeFirst();
  return row?.display_name ?? "";
}

/** Every task taken by someone with an account, with its space: what the weekly digest tells. */
export function takenTasks(db: Db) {
  return db
    .selectFrom("tasks as t")
    .innerJoin("task_volunteers as v", "v.task_id", "t.id")
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .select([
      "v.person_id as personId",
      "t.id",
      "t.title",
      "t.due_date as dueDate",
      "s.id as spaceId",
      "s.slug",
      "s.name",
    ])
    .where("v.person_id", "is not", null)
    .where("t.state", "=", "taken")
    .orderBy("t.due_date")
    .orderBy("t.id")
    .execute();
}
