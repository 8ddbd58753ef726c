import { type Kysely, sql } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * The chamber ledger: accounts (plan comptable associatif codes), entries grouping balanced transfers,
 * transfers that are only ever inserted (a pending one is posted or voided by a new row pointing to it),
 * one balance row per account kept in the same transaction, and one chain row per space holding the
 * hash of its last posted transfer (and serialising postings on PostgreSQL).
 */
export async function ledger(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  const money = dialect === "postgres" ? ("bigint" as const) : ("integer" as const);
  await db.schema
    .createTable("ledger_accounts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .check(sql`kind in ('asset', 'liability', 'equity', 'income', 'expense', 'envelope', 'memo')`),
    )
    .addColumn("commons_id", "text", (c) => c.references("commons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("ledger_accounts_code_unique", ["space_id", "code"])
    .execute();
  await db.schema
    .createTable("ledger_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("journal", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("ledger_entries_number_unique", ["space_id", "number"])
    .execute();
  await db.schema
    .createTable("ledger_transfers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("entry_id", "text", (c) => c.notNull().references("ledger_entries.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("debit_account_id", "text", (c) => c.notNull().references("ledger_accounts.id"))
    .addColumn("credit_account_id", "text", (c) => c.notNull().references("ledger_accounts.id"))
    .addColumn("amount", money, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("journal", "text", (c) => c.notNull())
    .addColumn("piece_ref", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'posted', 'voided')`))
    .addColumn("pending_id", "text", (c) => c.references("ledger_transfers.id").unique())
    .addColumn("reverses_id", "text", (c) => c.references("ledger_transfers.id"))
    .addColumn("source_type", "text")
    .addColumn("source_id", "text")
    .addColumn("hash", "text")
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("ledger_transfers_key_unique", ["space_id", "idempotency_key"])
    .execute();
  await db.schema
    .createIndex("ledger_transfers_space_date_idx")
    .on("ledger_transfers")
    .columns(["space_id", "date"])
    .execute();
  await db.schema
    .createIndex("ledger_transfers_entry_idx")
    .on("ledger_transfers")
    .column("entry_id")
    .execute();
  await db.schema
    .createTable("ledger_balances")
    .addColumn("account_id", "text", (c) =>
      c.primaryKey().references("ledger_accounts.id").onDelete("cascade"),
    )
    .addColumn("debits", money, (c) => c.notNull().defaultTo(0))
    .addColumn("credits", money, (c) => c.notNull().defaultTo(0))
    .addColumn("pending_debits", money, (c) => c.notNull().defaultTo(0))
    .addColumn("pending_credits", money, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable("donations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("amount", money, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("donor_name", "text", (c) => c.notNull())
    .addColumn("donor_email", "text", (c) => c.notNull())
    .addColumn("display", "text", (c) => c.notNull().check(sql`display in ('name', 'pseudonym', 'hidden')`))
    .addColumn("pseudonym", "text", (c) => c.notNull())
    .addColumn("envelope_account_id", "text", (c) => c.references("ledger_accounts.id"))
    .addColumn("transfer_id", "text", (c) => c.notNull().references("ledger_transfers.id"))
    .addColumn("created_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("donations_source_unique", ["space_id", "source", "external_id"])
    .execute();
  await db.schema
    .createTable("ledger_notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("received_at", timestamp, (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("donation_id", "text", (c) => c.references("donations.id"))
    .execute();
  await db.schema
    .createTable("expense_claims")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.notNull().references("persons.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("amount", money, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("account_code", "text", (c) => c.notNull())
    .addColumn("envelope_code", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('submitted', 'approved', 'paid', 'rejected', 'waived')`),
    )
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reservation_id", "text", (c) => c.references("ledger_transfers.id"))
    .addColumn("decided_by", "text", (c) => c.references("persons.id"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("ledger_closed_years")
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    // Text ("2025"), like every key the backups page through.
    .addColumn("year", "text", (c) => c.notNull())
    .addColumn("closed_at", timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_closed_years_pk", ["space_id", "year"])
    .execute();
  await db.schema
    .createTable("ledger_chains")
    .addColumn("space_id", "text", (c) => c.primaryKey().references("spaces.id").onDelete("cascade"))
    .addColumn("last_hash", "text", (c) => c.notNull())
    .addColumn("entries", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}
