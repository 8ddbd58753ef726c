import type { Kysely } from "kysely";
import type { ScheduledStage } from "../../core/lifecycle.ts";
import type { Database, LifecycleStageTable } from "../../db/schema.ts";

type Db = Kysely<Database>;

/** The scheduled stages (three rows at most), with the name of who set each. */
export function listStages(db: Db) {
  return db
    .selectFrom("lifecycle_stages as l")
    .leftJoin("persons as p", "p.id", "l.set_by")
    .select([
      "l.stage",
      "l.starts_on",
      "l.message",
      "l.next_url",
      "l.set_by",
      "l.set_at",
      "p.display_name as set_by_name",
    ])
    .execute();
}

/** A stage's row replaced by a new one. */
export async function replaceStage(db: Db, row: LifecycleStageTable): Promise<void> {
  await db.deleteFrom("lifecycle_stages").where("stage", "=", row.stage).execute();
  await db.insertInto("lifecycle_stages").values(row).execute();
}

export async function deleteStages(db: Db, stages?: ScheduledStage[]): Promise<void> {
  let query = db.deleteFrom("lifecycle_stages");
  if (stages) query = query.where("stage", "in", stages);
  await query.execute();
}
