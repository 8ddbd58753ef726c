/**
 * What a space says of itself (name, description, territory or theme, linked assembly) and its settings
 * for meetings and tasks, edited.
 */
import type { Kysely } from "kysely";
import { validationError } from "../../core/errors.ts";
import type { Actor, SignedInAction } from "../../core/policy.ts";
import { checkSpaceEdit } from "../../core/spaces.ts";
import type { Database } from "../../db/schema.ts";
import { recordEvent } from "../audit/service.ts";
import * as store from "./store.ts";

export function createEditing<Space>(
  db: Kysely<Database>,
  authorise: (actor: Actor | undefined, slug: string, action: SignedInAction) => Promise<store.SpaceRow>,
  present: (row: store.SpaceRow) => Promise<Space>,
) {
  return {
    /** The space as its edit form starts, for those who may edit it. */
    async editing(actor: Actor | undefined, slug: string) {
      const space = await present(await authorise(actor, slug, "space.edit"));
      const assemblies = (await store.listSpaces(db)).filter((s) => s.kind === "assembly");
      return { space, assemblies: assemblies.map((a) => ({ slug: a.slug, name: a.name })) };
    },

    /** Changes what the space says of itself; the event keeps the fields before and after. */
    async edit(actor: Actor | undefined, slug: string, input: Record<string, unknown>): Promise<Space> {
      const row = await authorise(actor, slug, "space.edit");
      const fields = checkSpaceEdit(row.kind, input, {
        correctionsDays: row.corrections_days,
        tasksRule: row.tasks_rule,
      });
      const assembly = fields.assemblySlug ? await store.findSpaceBySlug(db, fields.assemblySlug) : undefined;
      if (fields.assemblySlug && assembly?.kind !== "assembly")
        throw validationError({ assembly: "space.assemblyUnknown" });
      const changes = {
        name: fields.name,
        summary: fields.summary,
        territory: fields.territory,
        theme: fields.theme,
        assembly_id: assembly?.id ?? null,
        corrections_days: fields.correctionsDays,
        tasks_rule: fields.tasksRule,
      };
      const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => changes[k] !== row[k]);
      if (changed.length === 0) return present(row);
      await db.transaction().execute(async (trx) => {
        await store.updateSpace(trx, row.id, changes);
        await recordEvent(trx, {
          actorId: actor?.id ?? null,
          spaceId: row.id,
          action: "space.edited",
          subjectType: "space",
          subjectId: row.id,
          before: Object.fromEntries(changed.map((k) => [k, row[k]])),
          after: Object.fromEntries(changed.map((k) => [k, changes[k]])),
        });
      });
      return present({ ...row, ...changes });
    },
  };
}
