/**
 * What ties a record to others: related commons, its commoners (declared by members of the assembly,
 * confirmed by an editor of the record before any right comes with it) and the chambers it is linked to.
 */
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { type Actor, authenticate } from "../../core/policy.ts";
import { oneLine } from "../../core/text.ts";
import { findSpaceBySlug } from "../spaces/service.ts";
import type { Records } from "./service-records.ts";
import * as store from "./store.ts";
import {
  confirmCommoner,
  declareCommoner,
  linkChamber,
  refuseCommoner,
  relate,
  unlinkChamber,
  unrelate,
  withdrawCommoner,
} from "./store-relations.ts";

export function createRelations(ctx: Context, base: Records) {
  const db = ctx.db.kysely;
  const { allowed, authorise, recordRow, commonsEvent } = base;

  /** Confirms or refuses a waiting declaration, as an editor of the record. */
  async function decide(actor: Actor | undefined, id: string, personId: string, confirm: boolean) {
    const { row, space } = await recordRow(id);
    const editor = await authorise(actor, space, "commons.edit", row);
    await db.transaction().execute(async (trx) => {
      const done = confirm
        ? await confirmCommoner(trx, row.id, personId, editor.id)
        : await refuseCommoner(trx, row.id, personId);
      if (!done) throw new DomainError("NOT_FOUND");
      const action = confirm ? "commons.commonerConfirmed" : "commons.commonerRefused";
      await commonsEvent(trx, editor.id, space.id, row.id, action, { after: { personId } });
    });
  }

  return {
    /** "Va dans le même sens": a symmetric link between two records of the same directory. */
    async relate(actor: Actor | undefined, id: string, otherSlug: string, link: boolean) {
      const { row, space } = await recordRow(id);
      await authorise(actor, space, "commons.edit", row);
      const other = await store.findCommonsBySlug(db, space.id, oneLine(otherSlug));
      if (!other || other.id === row.id) throw validationError({ related: "commons.relatedUnknown" });
      await db.transaction().execute(async (trx) => {
        if (link) await relate(trx, row.id, other.id);
        else await unrelate(trx, row.id, other.id);
        await commonsEvent(
          trx,
          actor?.id ?? null,
          space.id,
          row.id,
          link ? "commons.related" : "commons.unrelated",
          { after: { other: other.name } },
        );
      });
    },

    /**
     * A member of the assembly says they contribute to a commons, with a role in their own words. No
     * right comes with it until an editor of the record confirms it; an editor's own declaration is
     * confirmed at once (it gives them nothing they did not have). Answers whether it is confirmed.
     */
    async declareCommoner(actor: Actor | undefined, id: string, rawRole: unknown): Promise<boolean> {
      const { row, space } = await recordRow(id);
      const declarer = await authorise(actor, space, "commons.declareCommoner");
      const role = oneLine(rawRole);
      if ([...role].length > 80) throw validationError({ role: "field.tooLong.80" });
      const editor = await allowed(declarer, space, "commons.edit", row);
      await db.transaction().execute(async (trx) => {
        await declareCommoner(trx, row.id, declarer.id, role);
        if (editor) await confirmCommoner(trx, row.id, declarer.id, declarer.id);
        await commonsEvent(trx, declarer.id, space.id, row.id, "commons.commonerDeclared", {
          after: { role },
        });
      });
      return editor;
    },

    /** Anyone withdraws their own declaration, confirmed or not. */
    async withdrawCommoner(actor: Actor | undefined, id: string) {
      authenticate(actor);
      const { row, space } = await recordRow(id);
      await db.transaction().execute(async (trx) => {
        await withdrawCommoner(trx, row.id, actor.id);
        await commonsEvent(trx, actor.id, space.id, row.id, "commons.commonerWithdrew", { after: null });
      });
    },

    /** An editor of the record confirms a waiting declaration: its declarer may now edit the record. */
    confirmCommoner: (actor: Actor | undefined, id: string, personId: string) =>
      decide(actor, id, personId, true),

    /** An editor of the record refuses a waiting declaration, which is removed. */
    refuseCommoner: (actor: Actor | undefined, id: string, personId: string) =>
      decide(actor, id, personId, false),

    /** A chamber's facilitators link a commons of its assembly's directory to the chamber. */
    async linkChamber(actor: Actor | undefined, id: string, chamberSlug: string, link: boolean) {
      const { row, space } = await recordRow(id);
      const chamber = await findSpaceBySlug(db, oneLine(chamberSlug));
      if (chamber?.kind !== "chamber") throw validationError({ chamber: "commons.chamberUnknown" });
      await authorise(actor, chamber, "chamber.linkCommons");
      await db.transaction().execute(async (trx) => {
        if (link) await linkChamber(trx, chamber.id, row.id);
        else await unlinkChamber(trx, chamber.id, row.id);
        await commonsEvent(
          trx,
          actor?.id ?? null,
          chamber.id,
          row.id,
          link ? "commons.chamberLinked" : "commons.chamberUnlinked",
          { after: { commons: row.name, directory: space.name } },
        );
      });
    },
  };
}
