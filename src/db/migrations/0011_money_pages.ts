import { type Kysely, sql } from "kysely";
import { newId } from "../../core/ids.ts";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * The expense categories chambers get beyond 6132 and 625, as the chart named them when this landed
 * (written out: a migration never changes with the code).
 */
const CATEGORIES = [
  ["604", "Prestations de services"],
  ["606", "Fournitures"],
  ["618", "Documentation"],
  ["6226", "Honoraires"],
  ["623", "Impression et communication"],
  ["6257", "Réceptions"],
  ["626", "Frais postaux et de téléphone"],
  ["627", "Frais bancaires"],
] as const;

/** Chambers whose chart already exists get the new categories (new chambers get them with their chart). */
async function seedCategories(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ space_id: string }>`
    select distinct space_id from ledger_accounts where kind = 'expense'`.execute(db);
  const now = new Date().toISOString();
  for (const { space_id } of rows)
    for (const [code, label] of CATEGORIES) {
      const { rows: found } = await sql`
        select id from ledger_accounts where space_id = ${space_id} and code = ${code}`.execute(db);
      if (found.length > 0) continue;
      const id = newId();
      await sql`insert into ledger_accounts (id, space_id, code, label, kind, commons_id, created_at)
        values (${id}, ${space_id}, ${code}, ${label}, 'expense', null, ${now})`.execute(db);
      await sql`insert into ledger_balances (account_id, debits, credits, pending_debits, pending_credits)
        values (${id}, 0, 0, 0, 0)`.execute(db);
    }
}

/**
 * Expense categories (the chamber's expense accounts) are seeded for existing chambers and can be archived by the treasurer: kept for the
 * transfers booked to them, no longer offered to new claims.
 *
 * An expense claim carries its author's IBAN, sealed (AES-256-GCM, see claims/iban.ts: the column never
 * holds it in clear) with a masked hint for its author ("FR76 •••• 1234"), and the reference of the
 * transfer that paid it, written by the treasurer.
 */
export async function moneyPages(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema.alterTable("ledger_accounts").addColumn("archived_at", timestamp).execute();
  await db.schema.alterTable("expense_claims").addColumn("iban_sealed", "text").execute();
  await db.schema
    .alterTable("expense_claims")
    .addColumn("iban_hint", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("expense_claims")
    .addColumn("payment_reference", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await seedCategories(db);
}
