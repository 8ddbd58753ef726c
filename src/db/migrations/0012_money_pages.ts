import type { Kysely } from "kysely";

/**
 * Expense categories (the chamber's expense accounts) can be archived by the treasurer: kept for the
 * transfers booked to them, no longer offered to new claims.
 *
 * An expense claim carries its author's IBAN, sealed (AES-256-GCM, see claims/iban.ts: the column never
 * holds it in clear) with a masked hint for its author ("FR76 •••• 1234"), and the reference of the
 * transfer that paid it, written by the treasurer.
 */
export async function moneyPages(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("ledger_accounts").addColumn("archived_at", "text").execute();
  await db.schema.alterTable("expense_claims").addColumn("iban_sealed", "text").execute();
  await db.schema
    .alterTable("expense_claims")
    .addColumn("iban_hint", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("expense_claims")
    .addColumn("payment_reference", "text", (c) => c.notNull().defaultTo(""))
    .execute();
}
