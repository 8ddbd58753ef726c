/**
 * Choosing a record by name (to link it, or merge it): records whose stemmed name holds the words typed,
 * the exact name or short address first.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

/**
 * At most `limit` records of a directory named like `named` (stems of a folded query: letters, digits and
 * single spaces, so nothing in it is a LIKE wildcard), or whose short address is `slug`; `except` left out.
 */
export function commonsNamed(
  db: Db,
  spaceId: string,
  query: { named: string; slug: string },
  except: string | null,
  limit: number,
) {
  const exact = sql<number>`case when search_name = ${query.named} or slug = ${query.slug} then 0 else 1 end`;
  return db
    .selectFrom("commons")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where((eb) => eb.or([eb("slug", "=", query.slug), eb("search_name", "like", `%${query.named}%`)]))
    .$if(except !== null, (qb) => qb.where("id", "!=", except as string))
    .orderBy(exact)
    .orderBy("name")
    .orderBy("id")
    .limit(limit)
    .execute();
}
