/**
 * What the wiki import's tests share: the fixture's files, a space to import into, and every wiki
 * table's rows as plain data without the generated ids (pages are named by their number), so that two
 * imports can be compared row for row.
 */
import path from "node:path";
import { Readable } from "node:stream";
import type { Kysely } from "kysely";
import { newId } from "../../src/core/ids.ts";
import type { Database } from "../../src/db/schema.ts";
import { importWiki, type WikiImportOptions } from "../../src/modules/pages/import.ts";
import { MEDIAWIKI_FIXTURES } from "./fixtures.ts";

export const XML = path.join(MEDIAWIKI_FIXTURES, "xml");
export const EXPECTED = path.join(MEDIAWIKI_FIXTURES, "expected");

/** A space of its own for one import, as a row (the import needs nothing else of it). */
export async function buildWikiSpace(
  db: Kysely<Database>,
  slug = `wiki-${newId().slice(-12)}`,
): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await db
    .insertInto("spaces")
    .values({
      id,
      kind: "assembly",
      slug,
      name: `Wiki ${slug}`,
      summary: "",
      territory: "Lilleville",
      theme: null,
      assembly_id: null,
      territorial: 1,
      decision_mode: "stigmergy",
      functions: "discovery_exploration",
      access: "open",
      fork_policy: "avoid",
      formalisation: "low",
      logo: null,
      corrections_days: 7,
      doocracy_cap: 0,
      tasks_rule: "members",
      decision_rules: null,
      forked_from: null,
      forked_at_version: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export function importText(
  db: Kysely<Database>,
  text: string | Buffer,
  options: Omit<WikiImportOptions, "dataDir"> & { dataDir?: string },
) {
  return importWiki(db, Readable.from([typeof text === "string" ? Buffer.from(text) : text]), {
    dataDir: "/nonexistent-data-dir",
    ...options,
  });
}

/** Every wiki table's rows of a space, ids left out, in a stable order. */
export async function wikiRows(db: Kysely<Database>, spaceId: string) {
  const pages = await db
    .selectFrom("wiki_pages")
    .select([
      "number",
      "namespace",
      "title",
      "latest",
      "length",
      "redirect_namespace",
      "redirect_title",
      "redirect_fragment",
      "created_at",
    ])
    .where("space_id", "=", spaceId)
    .orderBy("number")
    .execute();
  const revisions = await db
    .selectFrom("wiki_revisions as r")
    .innerJoin("wiki_pages as p", "p.id", "r.page_id")
    .select([
      "p.number as page",
      "r.number",
      "r.parent",
      "r.timestamp",
      "r.user_name",
      "r.user_number",
      "r.ip",
      "r.comment",
      "r.minor",
      "r.size",
      "r.sha1",
      "r.format",
      "r.text",
    ])
    .where("r.space_id", "=", spaceId)
    .orderBy("r.number")
    .execute();
  const files = await db
    .selectFrom("wiki_files")
    .select(["name", "media_type", "size", "sha1", "storage_key", "timestamp", "user_name", "comment"])
    .where("space_id", "=", spaceId)
    .orderBy("name")
    .orderBy("timestamp")
    .execute();
  const logs = await db
    .selectFrom("wiki_log_events")
    .select(["number", "type", "action", "timestamp", "user_name", "namespace", "title", "comment", "params"])
    .where("space_id", "=", spaceId)
    .orderBy("number")
    .execute();
  const time = (value: string) => new Date(value).toISOString();
  return {
    pages: pages.map((p) => ({ ...p, created_at: time(p.created_at) })),
    revisions: revisions.map((r) => ({ ...r, timestamp: time(r.timestamp) })),
    files: files.map((f) => ({ ...f, timestamp: time(f.timestamp) })),
    logs: logs.map((l) => ({ ...l, timestamp: time(l.timestamp) })),
  };
}
