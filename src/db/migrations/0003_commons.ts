import { type ColumnDefinitionBuilder, type Kysely, sql } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * The directory of commons. A commons belongs to one assembly; places, links, tags, origins (one per
 * source record merged into it), related commons (stored once per pair, smaller id first), declared
 * commoners, images and the chambers that link to it hang off it. Search reads folded copies of the
 * text (`search_name`, `search_text`) through FTS5 on SQLite and a GIN index on PostgreSQL. The local
 * geocoding index (`geo_addresses`) is built from a BAN CSV.
 */
export async function commons(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
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
