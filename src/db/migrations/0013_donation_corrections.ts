import type { Kysely } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * A donation corrected from its page: the original transfer reversed, a new one booked with the right
 * values, the reason said. The row ties the three transfers to the donation; its key makes a second
 * submission of the same form correct nothing more.
 */
export async function donationCorrections(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .createTable("donation_corrections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    .addColumn("donation_id", "text", (c) => c.notNull().references("donations.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("original_transfer_id", "text", (c) => c.notNull().references("ledger_transfers.id"))
    .addColumn("reversal_transfer_id", "text", (c) => c.notNull().references("ledger_transfers.id"))
    .addColumn("corrected_transfer_id", "text", (c) => c.notNull().references("ledger_transfers.id"))
    .addColumn("created_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("donation_corrections_key", ["space_id", "idempotency_key"])
    .execute();
  await db.schema
    .createIndex("donation_corrections_donation")
    .on("donation_corrections")
    .columns(["donation_id", "created_at"])
    .execute();
}
