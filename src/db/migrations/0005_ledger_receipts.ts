import { type Kysely, sql } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/** Fills ledger_monthly from the posted transfers, closing entries left out (what booking keeps up). */
export async function sumMonthlyFromTransfers(db: Kysely<unknown>): Promise<void> {
  for (const [side, column] of [
    ["debit_account_id", "debits"],
    ["credit_account_id", "credits"],
  ] as const)
    await sql`
      insert into ledger_monthly (space_id, account_id, month, debits, credits, transfers)
      select space_id, ${sql.ref(side)}, substr(date, 1, 7),
        ${column === "debits" ? sql`sum(amount)` : sql`0`},
        ${column === "credits" ? sql`sum(amount)` : sql`0`},
        ${column === "debits" ? sql`count(*)` : sql`0`}
      from ledger_transfers where status = 'posted' and journal <> 'CL'
      group by space_id, ${sql.ref(side)}, substr(date, 1, 7)
      on conflict (account_id, month) do update set
        debits = ledger_monthly.debits + excluded.debits,
        credits = ledger_monthly.credits + excluded.credits,
        transfers = ledger_monthly.transfers + excluded.transfers`.execute(db);
}

/**
 * Receipts of expense claims (files kept under the data folder), each chamber's ledger settings, and
 * the monthly sums of each account that the transparency page reads.
 */
export async function receipts(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .createTable("expense_receipts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("claim_id", "text", (c) => c.notNull().references("expense_claims.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) =>
      c.notNull().check(sql`media_type in ('application/pdf', 'image/jpeg', 'image/png')`),
    )
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("expense_receipts_claim_idx")
    .on("expense_receipts")
    .column("claim_id")
    .execute();
  const money = dialect === "postgres" ? ("bigint" as const) : ("integer" as const);
  await db.schema
    .createTable("ledger_monthly")
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("account_id", "text", (c) => c.notNull().references("ledger_accounts.id").onDelete("cascade"))
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("debits", money, (c) => c.notNull().defaultTo(0))
    .addColumn("credits", money, (c) => c.notNull().defaultTo(0))
    .addColumn("transfers", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("ledger_monthly_pk", ["account_id", "month"])
    .execute();
  await db.schema
    .createIndex("ledger_monthly_space_idx")
    .on("ledger_monthly")
    .columns(["space_id", "month"])
    .execute();
  // Transfers booked before this table existed (0004 was released).
  await sumMonthlyFromTransfers(db);
  // The transparency page's latest transfers and its CSV read the year in this order; the old index
  // is its prefix.
  await db.schema
    .createIndex("ledger_transfers_space_date_id_idx")
    .on("ledger_transfers")
    .columns(["space_id", "date", "id"])
    .execute();
  await db.schema.dropIndex("ledger_transfers_space_date_idx").execute();
  // A correction is looked up by the transfer it reverses (once per reversal, and on the treasurer's page).
  await db.schema
    .createIndex("ledger_transfers_reverses_idx")
    .on("ledger_transfers")
    .column("reverses_id")
    .execute();
  await db.schema
    .createTable("ledger_settings")
    .addColumn("space_id", "text", (c) => c.primaryKey().references("spaces.id").onDelete("cascade"))
    .addColumn("siren", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .execute();
}
