/** A meeting's action item made a task, as the meetings module confirms its minutes. */
import type { Kysely } from "kysely";
import { validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import { stateWithVolunteers, TASK_LIMITS, validDueDate } from "../../core/tasks.ts";
import { multiline, oneLine } from "../../core/text.ts";
import type { Database, TaskTable } from "../../db/schema.ts";
import { trace } from "./access.ts";
import { fittedTitle } from "./input.ts";
import * as store from "./store.ts";

export interface ActionTaskInput {
  title: string;
  description?: string;
  /** Who said they would do it: a name, and their person when they have an account. */
  volunteers: { name: string; personId: string | null }[];
  dueDate: string | null;
  meetingId: string;
  actionItemId: string;
}

/**
 * Makes a task of a meeting's action item, inside the caller's transaction: taken when someone
 * volunteered in the meeting, open otherwise. It does not authorize: the caller (a facilitator
 * confirming the minutes) did. A title too long for a task is cut, the full text kept in the
 * description; a due date that is not a day of the calendar is refused.
 */
export async function createFromAction(
  trx: Kysely<Database>,
  actor: Actor,
  spaceId: string,
  input: ActionTaskInput,
): Promise<string> {
  const full = oneLine(input.title);
  const title = fittedTitle(full);
  const dueDate = oneLine(input.dueDate) || null;
  if (title === "") throw validationError({ title: "field.required" });
  if (dueDate !== null && !validDueDate(dueDate)) throw validationError({ dueDate: "tasks.dueDateInvalid" });
  const given = multiline(input.description);
  const description = (title === full ? given : [full, given].filter(Boolean).join("\n\n")).slice(
    0,
    TASK_LIMITS.description,
  );
  const now = new Date().toISOString();
  const id = newId();
  const seen = new Set<string>();
  const volunteers = input.volunteers.flatMap((v) => {
    const name = [...oneLine(v.name)].slice(0, TASK_LIMITS.volunteerName).join("");
    const key = v.personId ?? `name:${name.toLowerCase()}`;
    if (name === "" || seen.has(key)) return [];
    seen.add(key);
    return [{ id: newId(), task_id: id, person_id: v.personId, name, created_at: now }];
  });
  const task: TaskTable = {
    id,
    space_id: spaceId,
    group_id: null,
    title,
    description,
    due_date: dueDate,
    state: stateWithVolunteers(volunteers.length),
    drop_reason: "",
    meeting_id: input.meetingId,
    action_item_id: input.actionItemId,
    expected_expense: null,
    claim_id: null,
    created_by: actor.id,
    created_at: now,
    updated_at: now,
  };
  await store.insertTask(trx, task);
  await store.insertVolunteers(trx, volunteers);
  await trace(trx, actor.id, task, "task.created", {
    after: { purpose: "meeting", volunteers: volunteers.map((v) => v.name) },
  });
  return id;
}
