/**
 * What an import looks up in bulk: known origins, the directory's names and places, and the planner's
 * statistics after a large import.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

/** Which of these origins (source, id) a directory already knows, and for which record. */
export async function recordsByOrigin(db: Db, spaceId: string, origins: { source: string; id: string }[]) {
  const found = new Map<string, string>();
  if (origins.length === 0) return found;
  const rows = await db
    .selectFrom("commons_origins")
    .select(["source", "external_id", "commons_id"])
    .where("space_id", "=", spaceId)
    .where("external_id", "in", [...new Set(origins.map((o) => o.id))])
    .execute();
  for (const row of rows) found.set(originKey(row.source, row.external_id), row.commons_id);
  return found;
}

export function originKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

/** Names and postcodes/communes of every record of a directory, for duplicate warnings on import. */
export async function directoryIndex(db: Db, spaceId: string) {
  const rows = await db
    .selectFrom("commons as c")
    .leftJoin("commons_places as p", "p.commons_id", "c.id")
    .select(["c.id", "c.slug", "c.name", "p.postcode", "p.commune"])
    .where("c.space_id", "=", spaceId)
    .execute();
  const records = new Map<
    string,
    { id: string; slug: string; name: string; places: { postcode: string; commune: string }[] }
  >();
  for (const r of rows) {
    const record = records.get(r.id) ?? { id: r.id, slug: r.slug, name: r.name, places: [] };
    if (r.postcode !== null || r.commune !== null)
      record.places.push({ postcode: r.postcode ?? "", commune: r.commune ?? "" });
    records.set(r.id, record);
  }
  return [...records.values()];
}

/**
 * Refreshes the planner's statistics on the directory's tables: after thousands of rows arrive at
 * once, PostgreSQL would otherwise guess a space holds a few dozen records and plan searches badly.
 */
export async function analyzeDirectory(db: Db): Promise<void> {
  for (const table of ["commons", "commons_places", "commons_tags", "tags", "commons_origins"])
    await sql`analyze ${sql.table(table)}`.execute(db);
}
