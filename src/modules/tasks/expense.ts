/**
 * A task's expected expense claimed in one step: its volunteer files an expense claim through the
 * claims service, linked to the task in the claim's own transaction. Under the chamber's do-ocracy cap
 * that is all; above it, the task and the claim say a decision is needed (a later decision round takes
 * it). The claims' approval rule is theirs and does not change.
 */
import type { Context } from "../../context.ts";
import { DomainError } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { aboveCap, checkMove } from "../../core/tasks.ts";
import type { Upload } from "../../web/uploads.ts";
import type { ClaimInput, Claims } from "../claims/service.ts";
import { loadTask, signedIn, trace } from "./access.ts";
import * as store from "./store.ts";

/** The claim's fields but its title, which is the task's. */
export type ExpenseInput = Omit<ClaimInput, "title">;

export function createExpenses(ctx: Context, claims: Claims) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;

  /** The task, once the actor may claim its expense now (it has one, and none was claimed yet). */
  async function claimable(actor: Actor | undefined, slug: string, id: string) {
    const loaded = await loadTask(db, actor, id, "task.claimExpense");
    if (loaded.space.slug !== slug) throw new DomainError("TASK_NOT_FOUND");
    checkMove(loaded.task.state, "claimExpense");
    if (loaded.task.expected_expense === null || loaded.task.claim_id !== null)
      throw new DomainError("TASK_EXPENSE");
    return loaded;
  }

  return {
    /** What the expense form offers: the chamber's expense categories and envelopes. */
    async expenseChoices(actor: Actor | undefined, slug: string, id: string) {
      await claimable(actor, slug, id);
      return claims.choices(slug);
    },

    /** The volunteer files the task's expense as their claim, the task linked to it. */
    async claimExpense(
      actor: Actor | undefined,
      slug: string,
      id: string,
      raw: ExpenseInput,
      receipt?: Upload,
    ) {
      const { task, space } = await claimable(actor, slug, id);
      const by = signedIn(actor);
      const claim = await claims.submit(
        by,
        slug,
        { ...raw, title: task.title },
        receipt,
        async (trx, made) => {
          await store.lockTask(trx, dialect, task.id);
          const fresh = await store.taskById(trx, task.id);
          // Claimed meanwhile (a form sent twice): the second claim is not made.
          if (!fresh || fresh.claim_id !== null) throw new DomainError("TASK_EXPENSE");
          await store.updateTask(trx, task.id, { claim_id: made.id, updated_at: new Date().toISOString() });
          const above = aboveCap(fresh.expected_expense, Number(made.amount), space.doocracy_cap);
          await trace(trx, by.id, fresh, "task.expenseClaimed", {
            after: { amount: Number(made.amount), ...(above ? { purpose: "aboveCap" } : {}) },
          });
        },
      );
      return {
        claim,
        aboveCap: aboveCap(task.expected_expense, Number(claim.amount), space.doocracy_cap),
      };
    },
  };
}
