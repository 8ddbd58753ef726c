/**
 * Keeping each page's rendering in step with its latest revision, as MediaWiki's links update does:
 * its HTML, search words, redirect, links, templates and categories. Run after a save, a move or an
 * import, and for the pages that link to or transclude a page that changed.
 */
import type { Kysely } from "kysely";
import { stemmed } from "../../core/search.ts";
import { fullTitle, wikiNamespaces } from "../../core/wiki.ts";
import type { Database } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { renderRevision } from "./render.ts";
import type { RenderContext, TitleKey } from "./render-types.ts";
import * as store from "./store.ts";
import { fileByName } from "./store-lists.ts";

type Db = Kysely<Database>;

/** How many pages are rendered per read of their texts. */
const BATCH = 100;

/** Where a space's wiki lives: its slug and whether it answers at the instance's `/wiki`. */
export interface WikiPlace {
  spaceId: string;
  root: string;
}

export function renderContext(db: Db, place: WikiPlace, page: TitleKey): RenderContext {
  return {
    namespaces: wikiNamespaces,
    page,
    sources: (keys) => store.latestTexts(db, place.spaceId, keys),
    existing: (keys) => store.existing(db, place.spaceId, keys),
    href: (key, fragment) => urls.wikiPage(place.root, fullTitle(key), fragment),
    editHref: (key) => urls.wikiSpecial(place.root, "Modifier", fullTitle(key)),
    fileHref: async (name) =>
      (await fileByName(db, place.spaceId, name)) ? urls.wikiSpecial(place.root, "FilePath", name) : null,
  };
}

/** Renders these pages' latest revisions again and stores what they link to. */
export async function refreshPages(db: Db, place: WikiPlace, pageIds: string[]): Promise<void> {
  for (let i = 0; i < pageIds.length; i += BATCH) {
    const rows = await store.latestOf(db, pageIds.slice(i, i + BATCH));
    for (const row of rows) {
      const key = { ns: row.namespace, title: row.title };
      const rendered = await renderRevision(row.text, row.format, renderContext(db, place, key));
      await store.writeRendered(
        db,
        row,
        {
          html: rendered.html,
          sortKey: rendered.defaultSort,
          searchTitle: stemmed(row.title),
          searchText: stemmed(rendered.plainText),
          redirect: rendered.redirect,
          links: rendered.links,
          templates: rendered.templates,
          categories: rendered.categories.map((c) => ({
            name: c.name,
            sortKey: sortKeyOf(c.sortKey || rendered.defaultSort || row.title, key),
          })),
        },
        new Date().toISOString(),
      );
    }
  }
}

/**
 * A category member's sort key as stored: upper case like MediaWiki's default collation, then the full
 * title, so that two members with one key keep an order and a category lists in pages of any size.
 */
function sortKeyOf(key: string, page: TitleKey): string {
  return `${key.toLocaleUpperCase("fr")}\t${fullTitle(page)}`;
}

/** Every page of a space, rendered again (after an import, or a change of the wiki's address). */
export async function refreshAll(db: Db, place: WikiPlace): Promise<number> {
  let count = 0;
  for (let after = ""; ; ) {
    const ids = await store.pageIdsOf(db, place.spaceId, after, 500);
    if (ids.length === 0) return count;
    await refreshPages(db, place, ids);
    count += ids.length;
    after = ids[ids.length - 1] ?? after;
  }
}
