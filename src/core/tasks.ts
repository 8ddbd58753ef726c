/**
 * The do-ocracy task board's rules, without I/O: the states a task goes through, what each move asks
 * of it, the limits of what is typed, and when an expected expense needs a decision.
 */
import { DomainError } from "./errors.ts";
import { validDate } from "./ledger.ts";

export const TASK_STATES = ["open", "taken", "done", "dropped"] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_LIMITS = {
  title: 140,
  description: 5000,
  groupName: 60,
  volunteerName: 120,
  reason: 500,
  groups: 30,
} as const;

/** Offered on an empty board's groups page, as the seed's assembly named its working groups. */
export const DEFAULT_GROUPS = ["Logistique", "Communication", "Cartographie"] as const;

/**
 * The moves of a task, and the states each starts from: one takes an open task (or joins those who took
 * it), lets it go, finishes it once taken, drops it (with a reason) while it is not closed, edits it
 * while it is not closed. A done or dropped task stays as it is: its history is what people read.
 */
export const TASK_MOVES = {
  take: ["open", "taken"],
  release: ["taken"],
  finish: ["taken"],
  drop: ["open", "taken"],
  edit: ["open", "taken"],
  /** The expense is declared by whoever took the task, before or after it is done. */
  claimExpense: ["taken", "done"],
} as const satisfies Record<string, readonly TaskState[]>;
export type TaskMove = keyof typeof TASK_MOVES;

/** Throws TASK_STATE (409) unless the move can start from this state. */
export function checkMove(state: string, move: TaskMove): void {
  if (!(TASK_MOVES[move] as readonly string[]).includes(state)) throw new DomainError("TASK_STATE");
}

/** What a task's state is once its volunteers are counted: taken while someone holds it. */
export function stateWithVolunteers(count: number): "open" | "taken" {
  return count > 0 ? "taken" : "open";
}

/** A due date as typed: a real day of the calendar, between 2000 and 2100. */
export function validDueDate(date: string): boolean {
  return validDate(date) && date >= "2000-01-01" && date <= "2100-12-31";
}

/** Past its due date and still to do: the board shows it highlighted. */
export function isOverdue(task: { state: string; dueDate: string | null }, today: string): boolean {
  return (task.state === "open" || task.state === "taken") && task.dueDate !== null && task.dueDate < today;
}

/**
 * Whether a task's expense is above the space's do-ocracy cap, so that its claim needs a decision:
 * the larger of what was expected and what was claimed counts, so that claiming more than announced
 * cannot slip under the cap. At the cap exactly, it is still do-ocracy.
 */
export function aboveCap(expected: number | null, claimed: number | null, cap: number): boolean {
  return Math.max(expected ?? 0, claimed ?? 0) > cap;
}
