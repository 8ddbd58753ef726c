import type { FastifyReply } from "fastify";
import { Feed } from "feed";
import { DomainError } from "../../core/errors.ts";
import { CONTENT_NAMESPACES, wikiNamespaces } from "../../core/wiki.ts";
import { sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { type WikiRequest, wikiRef } from "./request.ts";
import {
  AllPagesView,
  BacklinksView,
  CategoriesView,
  RecentChangesView,
  SearchView,
} from "./views-lists.tsx";

// The special pages that list: recent changes (and their Atom feed), every page, the categories,
// search results, what links here.

function offsetOf(raw: string | undefined): number {
  const n = Number(raw ?? 0);
  return Number.isSafeInteger(n) && n >= 0 && n < 100_000 ? n : 0;
}

function before(raw: string | undefined): number | undefined {
  return raw && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
}

export async function listingPage(
  request: WikiRequest,
  reply: FastifyReply,
  slug: string,
  name: string,
  sub?: string,
) {
  const { pages } = request.server.communs;
  const ctx = view(request, reply);
  const q = request.query;
  switch (name) {
    case "Modifications récentes": {
      const found = await pages.recentChanges(request.person, slug, before(q.avant));
      if (sub === "atom") return recentAtom(request, reply, found);
      if (sub !== undefined) throw new DomainError("PAGE_NOT_FOUND");
      ctx.alternates = [
        {
          type: "application/atom+xml",
          href: urls.wikiSpecial(found.wiki.root, "Modifications récentes", "atom"),
          title: ctx.t("pages.feed"),
        },
      ];
      return sendPage(
        reply,
        ctx,
        ctx.t("pages.recent"),
        <RecentChangesView ctx={ctx} wiki={wikiRef(found.wiki)} changes={found.changes} more={found.more} />,
      );
    }
    case "Toutes les pages": {
      const ns = Number(q.ns ?? 0);
      const chosen = (CONTENT_NAMESPACES as readonly number[]).includes(ns) ? ns : 0;
      const found = await pages.allPages(request.person, slug, chosen, (q.de ?? "").slice(0, 255));
      const namespaces = CONTENT_NAMESPACES.map((n) => ({ ns: n, name: wikiNamespaces.name(n) }));
      return sendPage(
        reply,
        ctx,
        ctx.t("pages.all"),
        <AllPagesView
          ctx={ctx}
          wiki={wikiRef(found.wiki)}
          ns={chosen}
          namespaces={namespaces}
          pages={found.pages}
          next={found.next}
        />,
      );
    }
    case "Catégories": {
      const found = await pages.categories(request.person, slug);
      return sendPage(
        reply,
        ctx,
        ctx.t("pages.categories"),
        <CategoriesView ctx={ctx} wiki={wikiRef(found.wiki)} categories={found.categories} />,
      );
    }
    case "Recherche": {
      const text = (q.q ?? q.search ?? "").slice(0, 200);
      const found = await pages.search(request.person, slug, text, offsetOf(q.offset));
      return sendPage(
        reply,
        ctx,
        ctx.t("pages.searchTitle", { q: text }),
        <SearchView
          ctx={ctx}
          wiki={wikiRef(found.wiki)}
          q={text}
          total={found.total}
          results={found.results}
        />,
      );
    }
    case "Pages liées": {
      const found = await pages.backlinks(request.person, slug, sub ?? "", offsetOf(q.offset));
      return sendPage(
        reply,
        ctx,
        ctx.t("pages.backlinksTitle", { title: found.title }),
        <BacklinksView ctx={ctx} wiki={wikiRef(found.wiki)} title={found.title} pages={found.pages} />,
      );
    }
    default:
      throw new DomainError("PAGE_NOT_FOUND");
  }
}

type Recent = Awaited<ReturnType<WikiRequest["server"]["communs"]["pages"]["recentChanges"]>>;

/** Recent changes as an Atom feed (RFC 4287), with absolute links. */
function recentAtom(request: WikiRequest, reply: FastifyReply, found: Recent) {
  const base = request.server.communs.config.publicUrl;
  const absolute = (path: string) => new URL(path, base).href;
  const { wiki } = found;
  const feed = new Feed({
    title: request.t("pages.feedTitle", { space: wiki.space.name }),
    id: absolute(urls.wikiSpecial(wiki.root, "Modifications récentes")),
    link: absolute(urls.wikiSpecial(wiki.root, "Modifications récentes")),
    language: request.lang,
    updated: found.changes[0] ? new Date(found.changes[0].timestamp) : new Date(0),
    copyright: "",
    feedLinks: { atom: absolute(urls.wikiSpecial(wiki.root, "Modifications récentes", "atom")) },
  });
  for (const change of found.changes) {
    const link =
      change.parent === null
        ? urls.wikiSpecial(wiki.root, "Version", change.number)
        : urls.wikiSpecial(wiki.root, "Diff", `${change.parent}/${change.number}`);
    feed.addItem({
      title: change.fullTitle,
      id: absolute(urls.wikiSpecial(wiki.root, "Version", change.number)),
      link: absolute(link),
      date: new Date(change.timestamp),
      description: `${change.comment}${change.comment ? " — " : ""}${request.t("pages.by", { user: change.user_name ?? change.ip ?? "?" })}`,
    });
  }
  return reply.type("application/atom+xml; charset=utf-8").send(feed.atom1());
}
