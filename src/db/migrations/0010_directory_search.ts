import type { Kysely } from "kysely";
import { stemmed } from "../../core/search.ts";
import type { DialectName } from "../connection.ts";

interface Tables {
  commons: {
    id: string;
    name: string;
    summary: string;
    description: string;
    search_name: string;
    search_text: string;
  };
  commons_tags: { commons_id: string; tag_id: string };
  tags: { id: string; label: string };
  commons_places: { commons_id: string; commune: string };
  audit_events: { subject_type: string; subject_id: string; id: string };
}

const BATCH = 500;

/**
 * Search by French stems: the search columns now hold the stems of the folded words (core/search.ts),
 * refilled here for the records already stored (SQLite's FTS5 triggers follow the update). A record's
 * history is read through an index on the audit event's subject instead of a scan of every event.
 */
export async function directorySearch(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createIndex("audit_events_subject_idx")
    .on("audit_events")
    .columns(["subject_type", "subject_id", "id"])
    .execute();
  const tables = db as unknown as Kysely<Tables>;
  for (let after = ""; ; ) {
    const rows = await tables
      .selectFrom("commons")
      .select(["id", "name", "summary", "description"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return;
    await restem(tables, rows);
    after = rows[rows.length - 1]?.id ?? after;
  }
}

async function restem(
  db: Kysely<Tables>,
  rows: { id: string; name: string; summary: string; description: string }[],
) {
  const ids = rows.map((r) => r.id);
  const [tags, places] = await Promise.all([
    db
      .selectFrom("commons_tags as ct")
      .innerJoin("tags as t", "t.id", "ct.tag_id")
      .select(["ct.commons_id", "t.label"])
      .where("ct.commons_id", "in", ids)
      .execute(),
    db
      .selectFrom("commons_places")
      .select(["commons_id", "commune"])
      .where("commons_id", "in", ids)
      .execute(),
  ]);
  for (const row of rows) {
    const words = [
      row.summary,
      row.description,
      ...tags.filter((t) => t.commons_id === row.id).map((t) => t.label),
      ...places.filter((p) => p.commons_id === row.id).map((p) => p.commune),
    ];
    await db
      .updateTable("commons")
      .set({ search_name: stemmed(row.name), search_text: stemmed(words.join(" ")) })
      .where("id", "=", row.id)
      .execute();
  }
}
