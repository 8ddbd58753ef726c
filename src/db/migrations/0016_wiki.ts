import { type Kysely, sql } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * Documentation pages (a wiki per space, MediaWiki's model): pages with their revisions, the links,
 * categories and templates of each page's latest revision, uploaded files and imported log items; and
 * the instance's lifecycle stages (notice, read-only, archived), each from its date.
 */
export async function wiki(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema
    .createTable("wiki_pages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    // Its page id in the space: an imported page keeps MediaWiki's.
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("namespace", "integer", (c) => c.notNull())
    // The title without its namespace prefix, spaces (not underscores), first letter as the wiki's case.
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("latest", "integer")
    .addColumn("redirect_namespace", "integer")
    .addColumn("redirect_title", "text")
    .addColumn("redirect_fragment", "text")
    .addColumn("length", "integer", (c) => c.notNull().defaultTo(0))
    // The latest revision rendered, and the display sort key (DEFAULTSORT), refreshed with its links.
    .addColumn("html", "text")
    .addColumn("sort_key", "text")
    .addColumn("rendered_at", timestamp)
    .addColumn("search_title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("touched_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("wiki_pages_title", ["space_id", "namespace", "title"])
    .addUniqueConstraint("wiki_pages_number", ["space_id", "number"])
    .execute();
  await db.schema
    .createTable("wiki_revisions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    .addColumn("page_id", "text", (c) => c.notNull().references("wiki_pages.id"))
    // Its revision id in the space: an imported revision keeps MediaWiki's.
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("parent", "integer")
    .addColumn("timestamp", timestamp, (c) => c.notNull())
    // A registered author (name, and MediaWiki's user id or our person), or an IP; never both.
    .addColumn("user_name", "text")
    .addColumn("user_number", "integer")
    .addColumn("person_id", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("ip", "text")
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("minor", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("size", "integer", (c) => c.notNull())
    // SHA-1 of the UTF-8 text, base 36, 31 characters, as MediaWiki writes it.
    .addColumn("sha1", "text", (c) => c.notNull())
    // wikitext (imported) or markdown (written here)
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addUniqueConstraint("wiki_revisions_number", ["space_id", "number"])
    .execute();
  await db.schema
    .createIndex("wiki_revisions_page")
    .on("wiki_revisions")
    .columns(["page_id", "number"])
    .execute();
  await db.schema
    .createIndex("wiki_revisions_recent")
    .on("wiki_revisions")
    .columns(["space_id", "timestamp"])
    .execute();
  for (const table of ["wiki_links", "wiki_templates"]) {
    await db.schema
      .createTable(table)
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("page_id", "text", (c) => c.notNull().references("wiki_pages.id").onDelete("cascade"))
      .addColumn("space_id", "text", (c) => c.notNull())
      .addColumn("namespace", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addUniqueConstraint(`${table}_target_of_page`, ["page_id", "namespace", "title"])
      .execute();
    await db.schema
      .createIndex(`${table}_target`)
      .on(table)
      .columns(["space_id", "namespace", "title"])
      .execute();
  }
  await db.schema
    .createTable("wiki_categories")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("page_id", "text", (c) => c.notNull().references("wiki_pages.id").onDelete("cascade"))
    .addColumn("space_id", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("sort_key", "text", (c) => c.notNull())
    .addUniqueConstraint("wiki_categories_of_page", ["page_id", "category"])
    .execute();
  await db.schema
    .createIndex("wiki_categories_members")
    .on("wiki_categories")
    .columns(["space_id", "category", "sort_key"])
    .execute();
  await files(db, timestamp);
  await searchIndex(db, dialect);
  await db.schema
    .createTable("lifecycle_stages")
    // notice, readOnly, archived
    .addColumn("stage", "text", (c) => c.primaryKey())
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("next_url", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("set_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("set_at", timestamp, (c) => c.notNull())
    .execute();
}

async function files(db: Kysely<unknown>, timestamp: "text" | "timestamptz"): Promise<void> {
  await db.schema
    .createTable("wiki_files")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    // The file's name, its description page's title without « Fichier: ».
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha1", "text", (c) => c.notNull())
    // Where its bytes are, under the data folder.
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("timestamp", timestamp, (c) => c.notNull())
    .addColumn("user_name", "text")
    .addColumn("person_id", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addUniqueConstraint("wiki_files_version", ["space_id", "name", "timestamp"])
    .execute();
  await db.schema
    .createTable("wiki_log_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("timestamp", timestamp, (c) => c.notNull())
    .addColumn("user_name", "text")
    .addColumn("namespace", "integer")
    .addColumn("title", "text")
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    // As the dump has them (PHP-serialized), read when shown.
    .addColumn("params", "text", (c) => c.notNull().defaultTo(""))
    .addUniqueConstraint("wiki_log_events_number", ["space_id", "number"])
    .execute();
}

/**
 * French full-text search over stemmed, accent-folded columns (core/search.ts): PostgreSQL's `french`
 * configuration, SQLite's FTS5 kept in step by triggers.
 */
async function searchIndex(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect === "postgres") {
    await sql`create index wiki_pages_search_idx on wiki_pages using gin ((
      setweight(to_tsvector('french', search_title), 'A') || setweight(to_tsvector('french', search_text), 'B')))`.execute(
      db,
    );
    return;
  }
  await sql`create virtual table wiki_pages_fts using fts5(search_title, search_text,
    content='wiki_pages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger wiki_pages_fts_insert after insert on wiki_pages begin
    insert into wiki_pages_fts(rowid, search_title, search_text) values (new.rowid, new.search_title, new.search_text);
  end`.execute(db);
  await sql`create trigger wiki_pages_fts_delete after delete on wiki_pages begin
    insert into wiki_pages_fts(wiki_pages_fts, rowid, search_title, search_text)
      values ('delete', old.rowid, old.search_title, old.search_text);
  end`.execute(db);
  await sql`create trigger wiki_pages_fts_update after update of search_title, search_text on wiki_pages begin
    insert into wiki_pages_fts(wiki_pages_fts, rowid, search_title, search_text)
      values ('delete', old.rowid, old.search_title, old.search_text);
    insert into wiki_pages_fts(rowid, search_title, search_text) values (new.rowid, new.search_title, new.search_text);
  end`.execute(db);
}
