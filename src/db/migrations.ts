import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from "kysely";
import type { DialectName } from "./connection.ts";
import type { Database } from "./schema.ts";

/** Column types that differ between dialects; everything else is written once for both. */
function types(dialect: DialectName) {
  return { timestamp: dialect === "postgres" ? ("timestamptz" as const) : ("text" as const) };
}

type Step = (db: Kysely<unknown>, dialect: DialectName) => Promise<void>;

async function foundation(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .createTable("instance_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("persons")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("introduction", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("language", "text", (c) => c.notNull().defaultTo("fr"))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("is_admin", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("person_id", "text", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("expires_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_person_idx").on("sessions").column("person_id").execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("person_id", "text", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("last_used_at", timestamp)
    .addColumn("revoked_at", timestamp)
    .execute();

  await db.schema
    .createTable("password_resets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("person_id", "text", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("expires_at", timestamp, (c) => c.notNull())
    .addColumn("used_at", timestamp)
    .execute();

  await db.schema
    .createTable("rate_limit_hits")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("rate_limit_hits_key_at_idx")
    .on("rate_limit_hits")
    .columns(["key", "at"])
    .execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("sent_at", timestamp)
    .execute();

  await db.schema
    .createTable("spaces")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('assembly', 'chamber')`))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("territory", "text")
    .addColumn("theme", "text")
    .addColumn("assembly_id", "text", (c) => c.references("spaces.id").onDelete("set null"))
    .addColumn("territorial", "integer", (c) => c.notNull())
    .addColumn("decision_mode", "text", (c) => c.notNull())
    .addColumn("functions", "text", (c) => c.notNull())
    .addColumn("access", "text", (c) => c.notNull())
    .addColumn("fork_policy", "text", (c) => c.notNull())
    .addColumn("formalisation", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("person_id", "text", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('member', 'facilitator', 'treasurer')`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('pending', 'active', 'declined', 'left')`),
    )
    .addColumn("introduction", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .addColumn("decided_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("decided_at", timestamp)
    .addUniqueConstraint("memberships_space_person_unique", ["space_id", "person_id"])
    .execute();
  await db.schema.createIndex("memberships_person_idx").on("memberships").column("person_id").execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("at", timestamp, (c) => c.notNull())
    .addColumn("actor_id", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("space_id", "text", (c) => c.references("spaces.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();
  await db.schema
    .createIndex("audit_events_space_at_idx")
    .on("audit_events")
    .columns(["space_id", "at"])
    .execute();
}

/**
 * Registration is confirmed by a mailed link, so that it answers the same whether or not an address
 * has an account. Reset and confirmation links share one table; people already there are confirmed.
 */
async function emailConfirmation(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .createTable("email_links")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("person_id", "text", (c) => c.notNull().references("persons.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('reset', 'confirm')`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("expires_at", timestamp, (c) => c.notNull())
    .addColumn("used_at", timestamp)
    .execute();
  await sql`insert into email_links (id, person_id, purpose, token_hash, created_at, expires_at, used_at)
    select id, person_id, 'reset', token_hash, created_at, expires_at, used_at from password_resets`.execute(
    db,
  );
  await db.schema.dropTable("password_resets").execute();
  await db.schema.alterTable("persons").addColumn("confirmed_at", timestamp).execute();
  await sql`update persons set confirmed_at = created_at`.execute(db);
}

/**
 * The directory of commons. A commons belongs to one assembly; places, links, tags, origins (one per
 * source record merged into it), related commons (stored once per pair, smaller id first), declared
 * commoners, images and the chambers that link to it hang off it. Search reads folded copies of the
 * text (`search_name`, `search_text`) through FTS5 on SQLite and a GIN index on PostgreSQL. The local
 * geocoding index (`geo_addresses`) is built from a BAN CSV.
 */
async function commons(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  const real = dialect === "postgres" ? ("double precision" as const) : ("real" as const);
  const cascade = (table: string) => (c: ColumnDefinitionBuilder) =>
    c.notNull().references(`${table}.id`).onDelete("cascade");

  await db.schema
    .createTable("commons_kinds")
    .addColumn("space_id", "text", cascade("spaces"))
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("commons_kinds_pk", ["space_id", "slug"])
    .execute();

  await db.schema
    .createTable("commons")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", cascade("spaces"))
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('active', 'dormant', 'gone')`))
    .addColumn("contact", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .addColumn("search_name", "text", (c) => c.notNull())
    .addColumn("search_text", "text", (c) => c.notNull())
    .addUniqueConstraint("commons_space_slug_unique", ["space_id", "slug"])
    .execute();
  await db.schema.createIndex("commons_space_name_idx").on("commons").columns(["space_id", "name"]).execute();
  await db.schema
    .createIndex("commons_space_updated_idx")
    .on("commons")
    .columns(["space_id", "updated_at"])
    .execute();

  await db.schema
    .createTable("commons_places")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("commons_id", "text", cascade("commons"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("street", "text", (c) => c.notNull())
    .addColumn("postcode", "text", (c) => c.notNull())
    .addColumn("commune", "text", (c) => c.notNull())
    .addColumn("commune_folded", "text", (c) => c.notNull())
    .addColumn("insee_code", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("latitude", real)
    .addColumn("longitude", real)
    .addColumn("coarse", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("geo_source", "text")
    .addColumn("geo_score", real)
    .addColumn("geo_at", timestamp)
    .addColumn("geo_failed", "text")
    .execute();
  await db.schema
    .createIndex("commons_places_commons_idx")
    .on("commons_places")
    .column("commons_id")
    .execute();
  await db.schema
    .createIndex("commons_places_commune_idx")
    .on("commons_places")
    .column("commune_folded")
    .execute();
  await db.schema
    .createIndex("commons_places_geo_idx")
    .on("commons_places")
    .columns(["latitude", "longitude"])
    .execute();

  await db.schema
    .createTable("commons_links")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("commons_id", "text", cascade("commons"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("commons_links_commons_idx").on("commons_links").column("commons_id").execute();

  await db.schema
    .createTable("commons_origins")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", cascade("spaces"))
    .addColumn("commons_id", "text", cascade("commons"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("revision", "text")
    .addColumn("imported_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("commons_origins_unique", ["space_id", "source", "external_id"])
    .execute();
  await db.schema
    .createIndex("commons_origins_commons_idx")
    .on("commons_origins")
    .column("commons_id")
    .execute();

  await db.schema
    .createTable("tag_families")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", cascade("spaces"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("tags")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", cascade("spaces"))
    .addColumn("family_id", "text", (c) => c.references("tag_families.id").onDelete("set null"))
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("folded", "text", (c) => c.notNull())
    .addColumn("governed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addUniqueConstraint("tags_space_slug_unique", ["space_id", "slug"])
    .addUniqueConstraint("tags_space_folded_unique", ["space_id", "folded"])
    .execute();

  await db.schema
    .createTable("tag_synonyms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", cascade("spaces"))
    .addColumn("tag_id", "text", cascade("tags"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("folded", "text", (c) => c.notNull())
    .addUniqueConstraint("tag_synonyms_unique", ["space_id", "folded"])
    .execute();

  await db.schema
    .createTable("commons_tags")
    .addColumn("commons_id", "text", cascade("commons"))
    .addColumn("tag_id", "text", cascade("tags"))
    .addPrimaryKeyConstraint("commons_tags_pk", ["commons_id", "tag_id"])
    .execute();
  await db.schema
    .createIndex("commons_tags_tag_idx")
    .on("commons_tags")
    .columns(["tag_id", "commons_id"])
    .execute();

  await db.schema
    .createTable("commons_relations")
    .addColumn("commons_a", "text", cascade("commons"))
    .addColumn("commons_b", "text", cascade("commons"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint("commons_relations_pk", ["commons_a", "commons_b"])
    .addCheckConstraint("commons_relations_order", sql`commons_a < commons_b`)
    .execute();
  await db.schema
    .createIndex("commons_relations_b_idx")
    .on("commons_relations")
    .column("commons_b")
    .execute();

  await db.schema
    .createTable("commons_commoners")
    .addColumn("commons_id", "text", cascade("commons"))
    .addColumn("person_id", "text", cascade("persons"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint("commons_commoners_pk", ["commons_id", "person_id"])
    .execute();
  await db.schema
    .createIndex("commons_commoners_person_idx")
    .on("commons_commoners")
    .column("person_id")
    .execute();

  await db.schema
    .createTable("commons_images")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("commons_id", "text", cascade("commons"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("file", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    .addColumn("alt", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("commons_images_commons_idx")
    .on("commons_images")
    .column("commons_id")
    .execute();

  await db.schema
    .createTable("chamber_commons")
    .addColumn("space_id", "text", cascade("spaces"))
    .addColumn("commons_id", "text", cascade("commons"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint("chamber_commons_pk", ["space_id", "commons_id"])
    .execute();

  await db.schema
    .createTable("geo_addresses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("street", "text", (c) => c.notNull())
    .addColumn("street_folded", "text", (c) => c.notNull())
    .addColumn("postcode", "text", (c) => c.notNull())
    .addColumn("insee_code", "text", (c) => c.notNull())
    .addColumn("commune", "text", (c) => c.notNull())
    .addColumn("commune_folded", "text", (c) => c.notNull())
    .addColumn("latitude", real, (c) => c.notNull())
    .addColumn("longitude", real, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("geo_addresses_postcode_idx")
    .on("geo_addresses")
    .columns(["postcode", "street_folded", "number"])
    .execute();
  await db.schema
    .createIndex("geo_addresses_commune_idx")
    .on("geo_addresses")
    .columns(["commune_folded", "street_folded", "number"])
    .execute();
  await db.schema
    .createIndex("geo_addresses_point_idx")
    .on("geo_addresses")
    .columns(["latitude", "longitude"])
    .execute();

  await searchIndex(db, dialect);
}

/** Full-text search over the folded columns; FTS5 is kept in step with `commons` by triggers. */
async function searchIndex(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect === "postgres") {
    await sql`create index commons_search_idx on commons using gin ((
      setweight(to_tsvector('simple', search_name), 'A') || setweight(to_tsvector('simple', search_text), 'B')))`.execute(
      db,
    );
    return;
  }
  await sql`create virtual table commons_fts using fts5(search_name, search_text,
    content='commons', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger commons_fts_insert after insert on commons begin
    insert into commons_fts(rowid, search_name, search_text) values (new.rowid, new.search_name, new.search_text);
  end`.execute(db);
  await sql`create trigger commons_fts_delete after delete on commons begin
    insert into commons_fts(commons_fts, rowid, search_name, search_text)
      values ('delete', old.rowid, old.search_name, old.search_text);
  end`.execute(db);
  await sql`create trigger commons_fts_update after update of search_name, search_text on commons begin
    insert into commons_fts(commons_fts, rowid, search_name, search_text)
      values ('delete', old.rowid, old.search_name, old.search_text);
    insert into commons_fts(rowid, search_name, search_text) values (new.rowid, new.search_name, new.search_text);
  end`.execute(db);
}

/**
 * The chamber ledger: accounts (plan comptable associatif codes), entries grouping balanced transfers,
 * transfers that are only ever inserted (a pending one is posted or voided by a new row pointing to it),
 * one balance row per account kept in the same transaction, and one chain row per space holding the
 * hash of its last posted transfer (and serialising postings on PostgreSQL).
 */
async function ledger(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
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
async function receipts(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
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

/** One ordered list for both dialects; a name, once released, never changes. */
const STEPS: [string, Step][] = [
  ["0001_foundation", foundation],
  ["0002_email_confirmation", emailConfirmation],
  ["0003_commons", commons],
  ["0004_ledger", ledger],
  ["0005_ledger_receipts", receipts],
];

export const LATEST_MIGRATION = STEPS[STEPS.length - 1]?.[0] ?? "";

class Steps implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(STEPS.map(([name, step]) => [name, { up: (db) => step(db, this.dialect) }]));
  }
}

export async function migrate(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new Steps(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
