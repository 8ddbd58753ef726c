import type { Context } from "../../context.ts";
import { textDiff } from "../../core/diff.ts";
import { DomainError } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { fullTitle, MAIN_PAGE, type WikiTitle } from "../../core/wiki.ts";
import type { FlowJobs } from "../../web/import-flow.ts";
import type { Notifications } from "../notifications/service.ts";
import { findSpaceById } from "../spaces/service.ts";
import { titleOf, type Wiki, wikiOf } from "./access.ts";
import { refreshAll, renderContext } from "./refresh.ts";
import { renderRevision } from "./render.ts";
import { createPageEdits } from "./service-edit.ts";
import { createWikiImports } from "./service-import.ts";
import * as store from "./store.ts";
import * as lists from "./store-lists.ts";

export type { Wiki } from "./access.ts";
export { refreshAll, refreshPages, type WikiPlace } from "./refresh.ts";
export { setWikiSpace, wikiSpaceId } from "./store.ts";

/** How many lines a listing shows at a time (histories, recent changes, search, backlinks). */
export const PAGE_SIZE = 50;
/** A category or the A–Z index lists this many members per page, then links to the next ones. */
export const CATEGORY_PAGE = 200;

/** How far a page follows redirects: MediaWiki follows one; a loop or a chain stops there. */
function redirectOf(page: store.PageRow): (WikiTitle & { fragment: string | null }) | null {
  if (page.redirect_title === null || page.redirect_namespace === null) return null;
  return { ns: page.redirect_namespace, title: page.redirect_title, fragment: page.redirect_fragment };
}

/**
 * A space's wiki: pages as MediaWiki keeps them (revisions, history, diffs, categories, redirects,
 * backlinks, recent changes, search). Writing (saves with conflict detection, moves, uploads) is in
 * service-edit.ts, imports from the web (and the choice of the instance's wiki) in service-import.ts,
 * both spread in here.
 */
export function createPages(ctx: Context, jobs: FlowJobs, notifications: Notifications) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;

  async function pageOf(wiki: Wiki, key: WikiTitle) {
    return (await store.pageByTitle(db, wiki.spaceId, key)) ?? null;
  }

  /** A page as readers see it; `redirect: false` shows a redirect page itself instead of its target. */
  async function view(
    actor: Actor | undefined,
    slug: string,
    rawTitle: string,
    options = { redirect: true },
  ) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const key = titleOf(rawTitle || MAIN_PAGE);
    const page = await pageOf(wiki, key);
    const target = page && options.redirect ? redirectOf(page) : null;
    const categories = page ? await pageCategories(page) : [];
    return { wiki, key, title: fullTitle(key), page, redirect: target, categories };
  }

  async function pageCategories(page: store.PageRow) {
    const names = await lists.categoriesOf(db, page.id);
    const existing = await store.existing(
      db,
      page.space_id,
      names.map((title) => ({ ns: 14, title })),
    );
    return names.map((name) => ({ name, exists: existing.has(`14:${name}`) }));
  }

  async function history(actor: Actor | undefined, slug: string, rawTitle: string, before?: number) {
    const { wiki, key, page } = await view(actor, slug, rawTitle, { redirect: false });
    if (!page) throw new DomainError("PAGE_NOT_FOUND");
    const revisions = await store.revisionsOf(db, page.id, { before, limit: PAGE_SIZE + 1 });
    return {
      wiki,
      key,
      title: fullTitle(key),
      page,
      revisions: revisions.slice(0, PAGE_SIZE),
      more: revisions.length > PAGE_SIZE ? revisions[PAGE_SIZE - 1]?.number : undefined,
    };
  }

  async function revisionIn(wiki: Wiki, number: number) {
    const found = await store.revision(db, wiki.spaceId, number);
    if (!found) throw new DomainError("REVISION_NOT_FOUND");
    const page = await store.pageById(db, found.page_id);
    if (!page) throw new DomainError("REVISION_NOT_FOUND");
    return { revision: found, page, key: { ns: page.namespace, title: page.title } };
  }

  /**
   * An old revision, rendered as it was (with today's templates and links, as MediaWiki does); the
   * latest is the page as already rendered.
   */
  async function version(actor: Actor | undefined, slug: string, number: number) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const { revision, page, key } = await revisionIn(wiki, number);
    const html =
      page.latest === revision.number && page.html !== null
        ? page.html
        : (await renderRevision(revision.text, revision.format, renderContext(db, wiki, key))).html;
    return { wiki, key, title: fullTitle(key), page, revision, html };
  }

  /** What changed between two revisions (of one page or of two), line by line then word by word. */
  async function diff(actor: Actor | undefined, slug: string, from: number, to: number) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const [older, newer] = await Promise.all([revisionIn(wiki, from), revisionIn(wiki, to)]);
    return {
      wiki,
      key: newer.key,
      title: fullTitle(newer.key),
      from: older.revision,
      to: newer.revision,
      blocks: textDiff(older.revision.text, newer.revision.text),
    };
  }

  async function recentChanges(actor: Actor | undefined, slug: string, before?: number) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const rows = await lists.recentChanges(db, wiki.spaceId, { limit: PAGE_SIZE + 1, before });
    return {
      wiki,
      changes: rows
        .slice(0, PAGE_SIZE)
        .map((r) => ({ ...r, fullTitle: fullTitle({ ns: r.namespace, title: r.title }) })),
      more: rows.length > PAGE_SIZE ? rows[PAGE_SIZE - 1]?.number : undefined,
    };
  }

  async function allPages(actor: Actor | undefined, slug: string, ns: number, from: string) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const rows = await lists.allPages(db, wiki.spaceId, { ns, from, limit: CATEGORY_PAGE + 1 });
    return {
      wiki,
      ns,
      pages: rows
        .slice(0, CATEGORY_PAGE)
        .map((r) => ({ ...r, fullTitle: fullTitle({ ns, title: r.title }) })),
      next: rows[CATEGORY_PAGE]?.title,
    };
  }

  async function categories(actor: Actor | undefined, slug: string) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    return { wiki, categories: await lists.categories(db, wiki.spaceId) };
  }

  /** A category's members, complete through keyset pages of 200, subcategories and files apart. */
  async function category(actor: Actor | undefined, slug: string, name: string, after: string) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const [rows, total] = await Promise.all([
      lists.categoryMembers(db, wiki.spaceId, name, { after, limit: CATEGORY_PAGE + 1 }),
      lists.categoryCount(db, wiki.spaceId, name),
    ]);
    const members = rows
      .slice(0, CATEGORY_PAGE)
      .map((r) => ({ ...r, fullTitle: fullTitle({ ns: r.namespace, title: r.title }) }));
    return { wiki, members, total, next: rows.length > CATEGORY_PAGE ? members.at(-1)?.sort_key : undefined };
  }

  async function backlinks(actor: Actor | undefined, slug: string, rawTitle: string, offset = 0) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const key = titleOf(rawTitle);
    const rows = await lists.backlinks(db, wiki.spaceId, key, { limit: PAGE_SIZE + 1, offset });
    return {
      wiki,
      key,
      title: fullTitle(key),
      pages: rows
        .slice(0, PAGE_SIZE)
        .map((r) => ({ ...r, fullTitle: fullTitle({ ns: r.namespace, title: r.title }) })),
      more: rows.length > PAGE_SIZE,
    };
  }

  async function search(actor: Actor | undefined, slug: string, text: string, offset = 0) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const found = await lists.searchPages(db, dialect, wiki.spaceId, text.slice(0, 200), {
      limit: PAGE_SIZE,
      offset,
    });
    return {
      wiki,
      total: found.total,
      results: found.rows.map((r) => ({
        ...r,
        fullTitle: fullTitle({ ns: r.namespace, title: r.title }),
      })),
    };
  }

  async function random(actor: Actor | undefined, slug: string) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const found = await lists.randomPage(db, wiki.spaceId);
    return { wiki, title: found ? fullTitle({ ns: found.namespace, title: found.title }) : MAIN_PAGE };
  }

  /** Makes a space the instance's wiki (at `/wiki`), rendering its pages' links for their new address. */
  async function placeAtRoot(spaceId: string, root: string): Promise<void> {
    await store.setWikiSpace(db, spaceId);
    await refreshAll(db, { spaceId, root });
  }

  /** The slug of the instance's wiki space, which answers at `/wiki`, if one is chosen. */
  async function rootSlug(): Promise<string | null> {
    const id = await store.wikiSpaceId(db);
    if (!id) return null;
    return (await findSpaceById(db, id))?.slug ?? null;
  }

  /** A page as the API gives it: redirect, rendered categories, links and every revision. */
  async function apiPage(actor: Actor | undefined, slug: string, rawTitle: string) {
    const { key, page, categories } = await view(actor, slug, rawTitle, { redirect: false });
    if (!page) throw new DomainError("PAGE_NOT_FOUND");
    const [links, revisions] = await Promise.all([
      lists.linksOf(db, page.id),
      lists.allRevisionsOf(db, page.id),
    ]);
    return { key, page, categories: categories.map((c) => c.name), links, revisions };
  }

  async function titles(actor: Actor | undefined, slug: string, offset: number, limit: number) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    return lists.titles(db, wiki.spaceId, { offset, limit });
  }

  return {
    rootSlug,
    apiPage,
    titles,
    view,
    history,
    version,
    diff,
    recentChanges,
    allPages,
    categories,
    category,
    backlinks,
    search,
    random,
    placeAtRoot,
    wiki: (actor: Actor | undefined, slug: string) => wikiOf(db, actor, slug, "page.read"),
    ...createPageEdits(ctx),
    ...createWikiImports(ctx, jobs, notifications),
  };
}

export type Pages = ReturnType<typeof createPages>;
