import { type Kysely, sql } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * A commoner's declaration gives the right to edit a record only once an editor of the record has
 * confirmed it. Declarations made before this step by the record's creator (the one made when the
 * record was created) count as confirmed by that person; every other one waits for an editor.
 */
export async function commonerConfirmation(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .alterTable("commons_commoners")
    .addColumn("confirmed_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("commons_commoners").addColumn("confirmed_at", timestamp).execute();
  await sql`update commons_commoners set confirmed_by = person_id, confirmed_at = created_at
    where person_id = (select created_by from commons where commons.id = commons_commoners.commons_id)`.execute(
    db,
  );
}
