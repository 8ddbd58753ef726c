/** A task as typed (a form, the API, a meeting's action item), checked against its space's groups. */
import type { Kysely } from "kysely";
import { type FieldErrors, validationError } from "../../core/errors.ts";
import { MAX_AMOUNT } from "../../core/ledger.ts";
import { TASK_LIMITS, validDueDate } from "../../core/tasks.ts";
import { checkLine, fold, multiline, oneLine } from "../../core/text.ts";
import type { Database, SpaceTable } from "../../db/schema.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

export interface TaskInput {
  title: string;
  /** Markdown. */
  description?: string;
  /** A group of the board, by its id (the forms) or by its name (the API); empty for none. */
  groupId?: string | null;
  groupName?: string | null;
  /** YYYY-MM-DD, or empty for none. */
  dueDate?: string | null;
  /** In cents, or null; only a chamber has money to spend. */
  expectedExpense?: number | null;
}

/** A task's columns as checked. */
export interface CheckedTask {
  title: string;
  description: string;
  group_id: string | null;
  due_date: string | null;
  expected_expense: number | null;
}

/** The group named by the input, or a message for the `group` field. */
async function groupOf(trx: Db, spaceId: string, raw: TaskInput, errors: FieldErrors) {
  const id = oneLine(raw.groupId);
  const name = oneLine(raw.groupName);
  if (!id && !name) return null;
  if (id) {
    const group = await store.groupById(trx, spaceId, id);
    if (group) return group.id;
  } else {
    const wanted = fold(name);
    const group = (await store.groupsOf(trx, spaceId)).find((g) => fold(g.name) === wanted);
    if (group) return group.id;
  }
  errors.group = "tasks.groupUnknown";
  return null;
}

/** Cleans and checks a task; throws a validation error naming each bad field. */
export async function checkTask(
  trx: Db,
  space: Pick<SpaceTable, "id" | "kind">,
  raw: TaskInput,
): Promise<CheckedTask> {
  const errors: FieldErrors = {};
  const title = oneLine(raw.title);
  checkLine(errors, "title", title, { required: true, max: TASK_LIMITS.title });
  const description = multiline(raw.description);
  if ([...description].length > TASK_LIMITS.description)
    errors.description = `field.tooLong.${TASK_LIMITS.description}`;
  const dueDate = oneLine(raw.dueDate) || null;
  if (dueDate !== null && !validDueDate(dueDate)) errors.dueDate = "tasks.dueDateInvalid";
  const expense = raw.expectedExpense ?? null;
  if (expense !== null) {
    if (space.kind !== "chamber") errors.expectedExpense = "tasks.noMoneyHere";
    else if (!Number.isSafeInteger(expense) || expense <= 0 || expense > MAX_AMOUNT)
      errors.expectedExpense = "ledger.amountInvalid";
  }
  const groupId = await groupOf(trx, space.id, raw, errors);
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { title, description, group_id: groupId, due_date: dueDate, expected_expense: expense };
}

/** A group's name as typed: one line, required, not too long. */
export function checkGroupName(raw: unknown): string {
  const errors: FieldErrors = {};
  const name = oneLine(raw);
  checkLine(errors, "name", name, { required: true, max: TASK_LIMITS.groupName });
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return name;
}

/** A title from elsewhere (a meeting's action item): cut to fit, never refused for its length. */
export function fittedTitle(raw: string): string {
  const title = [...oneLine(raw)];
  return title.length <= TASK_LIMITS.title
    ? title.join("")
    : `${title.slice(0, TASK_LIMITS.title - 1).join("")}…`;
}
