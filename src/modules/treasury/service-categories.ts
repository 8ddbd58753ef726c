import type { Context } from "../../context.ts";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { checkLine, oneLine } from "../../core/text.ts";
import { recordEvent } from "../audit/service.ts";
import type { Ledger } from "../ledger/service.ts";
import * as store from "./store-categories.ts";

/** An expense account's code in the associations' chart: class 6, two to eight digits (606, 6257). */
const EXPENSE_CODE = /^6\d{1,7}$/;

export type CategoryChange = "rename" | "archive" | "restore" | "delete";
const CHANGES: readonly string[] = ["rename", "archive", "restore", "delete"];

/**
 * The chamber's expense categories as the treasurer keeps them: its expense accounts, named in plain
 * French, added, renamed, archived (no longer offered to claims) or, when nothing uses one, deleted.
 */
export function createCategories(ctx: Pick<Context, "db">, ledger: Ledger) {
  const db = ctx.db.kysely;

  async function booker(actor: Actor | undefined, spaceSlug: string) {
    const { space } = await ledger.authorized(actor, "ledger.book", spaceSlug);
    return space;
  }

  function audit(actor: Actor | undefined, spaceId: string, action: string, after: Record<string, unknown>) {
    return recordEvent(db, {
      actorId: actor?.id ?? null,
      spaceId,
      action,
      subjectType: "space",
      subjectId: spaceId,
      after,
    });
  }

  return {
    async list(actor: Actor | undefined, spaceSlug: string) {
      const space = await booker(actor, spaceSlug);
      await db.transaction().execute((trx) => ledger.ensureChart(trx, space.id));
      return {
        space: { slug: space.slug, name: space.name },
        categories: await store.expenseCategories(db, space.id),
      };
    },

    async add(actor: Actor | undefined, spaceSlug: string, raw: { code: string; label: string }) {
      const space = await booker(actor, spaceSlug);
      const [code, label] = [oneLine(raw.code), oneLine(raw.label)];
      const errors: FieldErrors = {};
      if (!EXPENSE_CODE.test(code)) errors.categoryCode = "treasury.categoryCodeInvalid";
      checkLine(errors, "categoryLabel", label, { required: true, max: 120 });
      if (!errors.categoryCode && (await ledger.account(db, space.id, code)))
        errors.categoryCode = "treasury.codeTaken";
      if (Object.keys(errors).length > 0) throw validationError(errors);
      await ledger.createAccount(spaceSlug, { code, label, kind: "expense" }).catch((error: unknown) => {
        throw error instanceof DomainError && error.code === "CONFLICT"
          ? validationError({ categoryCode: "treasury.codeTaken" })
          : error;
      });
      await audit(actor, space.id, "ledger.categoryAdded", { code, label });
      return { code };
    },

    /** Renames, archives, restores or deletes a category; one used by a transfer or a claim stays. */
    async change(
      actor: Actor | undefined,
      spaceSlug: string,
      code: string,
      raw: { change: string; label: string },
    ): Promise<{ code: string; change: CategoryChange }> {
      const space = await booker(actor, spaceSlug);
      const category = (await store.expenseCategories(db, space.id)).find((c) => c.code === code);
      if (!category) throw new DomainError("NOT_FOUND");
      if (!CHANGES.includes(raw.change)) throw new DomainError("BAD_REQUEST");
      const change = raw.change as CategoryChange;
      if (change === "rename") {
        const label = oneLine(raw.label);
        const errors: FieldErrors = {};
        checkLine(errors, "categoryLabel", label, { required: true, max: 120 });
        if (Object.keys(errors).length > 0) throw validationError(errors);
        await store.renameAccount(db, category.id, label);
        await audit(actor, space.id, "ledger.categoryRenamed", { code, before: category.label, label });
      } else if (change === "delete") {
        if (category.used) throw validationError({ category: "treasury.categoryUsed" });
        await store.deleteAccount(db, category.id);
        await audit(actor, space.id, "ledger.categoryDeleted", { code, label: category.label });
      } else {
        await store.archiveAccount(db, category.id, change === "archive" ? new Date().toISOString() : null);
        await audit(actor, space.id, `ledger.category${change === "archive" ? "Archived" : "Restored"}`, {
          code,
        });
      }
      return { code, change };
    },
  };
}

export type Categories = ReturnType<typeof createCategories>;
