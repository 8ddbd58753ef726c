import { createReadStream } from "node:fs";
import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { fullTitle, MAIN_PAGE, parseTitle } from "../../core/wiki.ts";
import { sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { editPage, moveForm, movePage, savePage, uploadFile, uploadForm } from "./pages-forms.tsx";
import { importGet, importPost } from "./pages-import.tsx";
import { listingPage } from "./pages-special.tsx";
import { number, slugOf, type WikiRequest, wikiRef } from "./request.ts";
import { specialOf } from "./specials.ts";
import { DiffView, HistoryView, PageView, VersionView } from "./views.tsx";
import { CategoryMembers } from "./views-lists.tsx";

// A wiki's addresses: `{root}/{Title}` for pages, `{root}/Spécial:…` for the special pages, under a
// space (`/espaces/{slug}/wiki`) or at `/wiki` for the instance's wiki. One GET and one POST route
// each, dispatched here by what the address names.

/** MediaWiki's own query strings on a page's address (`?action=history`, `?oldid=N`, `?diff=N`). */
function oldStyle(root: string, title: string, query: Record<string, string | undefined>): string | null {
  const { action, oldid, diff } = query;
  if (diff !== undefined) {
    const to = diff === "prev" || diff === "cur" || diff === "next" ? oldid : diff;
    const from = diff === "prev" || diff === "cur" || diff === "next" ? undefined : oldid;
    return urls.wikiSpecial(root, "Diff", from && /^\d+$/.test(from) ? `${from}/${to}` : to);
  }
  if (oldid !== undefined) return urls.wikiSpecial(root, "Version", oldid);
  if (action === "history") return urls.wikiSpecial(root, "Historique", title);
  if (action === "edit" || action === "submit") return urls.wikiSpecial(root, "Modifier", title);
  if (action === "info" || action === "raw") return urls.wikiPage(root, title);
  return null;
}

export async function wikiGet(request: WikiRequest, reply: FastifyReply) {
  const slug = await slugOf(request);
  const path = request.params["*"] ?? "";
  const special = specialOf(path);
  if (special === null) throw new DomainError("PAGE_NOT_FOUND");
  if (special) {
    const { pages } = request.server.communs;
    const wiki = await pages.wiki(request.person, slug);
    if (!special.canonical)
      return reply.redirect(urls.wikiSpecial(wiki.root, special.name, special.sub, request.query), 301);
    return specialPage(request, reply, slug, special.name, special.sub);
  }
  return readPage(request, reply, slug, path);
}

async function specialPage(
  request: WikiRequest,
  reply: FastifyReply,
  slug: string,
  name: string,
  sub?: string,
) {
  const { pages } = request.server.communs;
  const ctx = view(request, reply);
  switch (name) {
    case "Historique": {
      const found = await pages.history(
        request.person,
        slug,
        sub ?? "",
        request.query.avant ? number(request.query.avant) : undefined,
      );
      return sendPage(
        reply,
        ctx,
        ctx.t("pages.historyTitle", { title: found.title }),
        <HistoryView
          ctx={ctx}
          wiki={wikiRef(found.wiki)}
          title={found.title}
          revisions={found.revisions}
          more={found.more}
        />,
      );
    }
    case "Version": {
      const found = await pages.version(request.person, slug, number(sub));
      return sendPage(
        reply,
        ctx,
        ctx.t("pages.revisionTitle", { title: found.title, number: found.revision.number }),
        <VersionView
          ctx={ctx}
          wiki={wikiRef(found.wiki)}
          title={found.title}
          revision={found.revision}
          current={found.page.latest === found.revision.number}
          html={found.html}
        />,
      );
    }
    case "Diff":
      return diffPage(request, reply, slug, sub);
    case "Modifier":
      return editPage(request, reply, slug, sub ?? "");
    case "Renommer":
      return moveForm(request, reply, slug, sub ?? "");
    case "Téléverser":
      return uploadForm(request, reply, slug);
    case "Importer":
      return importGet(request, reply, slug, sub);
    case "FilePath": {
      const file = await pages.fileOf(request.person, slug, sub ?? "");
      return reply
        .type(file.mediaType)
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(createReadStream(file.path));
    }
    case "Page au hasard": {
      const found = await pages.random(request.person, slug);
      const wiki = await pages.wiki(request.person, slug);
      return reply.redirect(urls.wikiPage(wiki.root, found.title), 302);
    }
    default:
      return listingPage(request, reply, slug, name, sub);
  }
}

async function diffPage(request: WikiRequest, reply: FastifyReply, slug: string, sub?: string) {
  const { pages } = request.server.communs;
  const { de, a } = request.query;
  if (!sub && (de || a)) {
    const wiki = await pages.wiki(request.person, slug);
    return reply.redirect(urls.wikiSpecial(wiki.root, "Diff", `${number(de)}/${number(a)}`), 303);
  }
  const [first, second] = (sub ?? "").split("/");
  let from: number;
  let to: number;
  if (second === undefined) {
    to = number(first);
    const found = await pages.version(request.person, slug, to);
    from = found.revision.parent ?? to;
  } else [from, to] = [number(first), number(second)];
  const found = await pages.diff(request.person, slug, from, to);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("pages.diffTitle", { title: found.title, from, to }),
    <DiffView ctx={ctx} wiki={wikiRef(found.wiki)} title={found.title} from={found.from} to={found.to} />,
  );
}

async function readPage(request: WikiRequest, reply: FastifyReply, slug: string, path: string) {
  const { pages } = request.server.communs;
  const wiki = await pages.wiki(request.person, slug);
  if (path === "") return reply.redirect(urls.wikiPage(wiki.root, MAIN_PAGE), 302);
  const key = parseTitle(path);
  if (!key) throw new DomainError("PAGE_NOT_FOUND");
  const title = fullTitle(key);
  const moved = oldStyle(wiki.root, title, request.query);
  if (moved) return reply.redirect(moved, 301);
  // One address per page: `accueil`, `Accueil` and `Accueil` with spaces all lead to `Accueil`.
  const canonical = urls.wikiPage(wiki.root, title);
  if (decodeURI(request.url.split("?")[0] ?? "") !== decodeURI(canonical))
    return reply.redirect(canonical + query(request), 301);
  const found = await pages.view(request.person, slug, path, { redirect: request.query.redirect !== "no" });
  if (found.redirect)
    return reply.redirect(urls.wikiPage(wiki.root, fullTitle(found.redirect), found.redirect.fragment), 302);
  const ctx = view(request, reply);
  const members =
    key.ns === 14 ? await pages.category(request.person, slug, key.title, request.query.apres ?? "") : null;
  const status = found.page || members?.total ? 200 : 404;
  return sendPage(
    reply,
    ctx,
    title,
    <PageView
      ctx={ctx}
      wiki={wikiRef(wiki)}
      title={title}
      html={found.page?.html ?? (found.page ? "" : null)}
      categories={found.categories}
      redirectTo={
        found.page?.redirect_title
          ? {
              title: fullTitle({ ns: found.page.redirect_namespace ?? 0, title: found.page.redirect_title }),
              fragment: found.page.redirect_fragment,
            }
          : undefined
      }
    >
      {members && (
        <CategoryMembers
          ctx={ctx}
          wiki={wikiRef(wiki)}
          name={key.title}
          title={title}
          members={members.members}
          total={members.total}
          next={members.next}
        />
      )}
      {key.ns === 6 && found.page && (
        <p>
          <a href={urls.wikiSpecial(wiki.root, "FilePath", key.title)}>{ctx.t("pages.fileLink")}</a>
        </p>
      )}
    </PageView>,
    status,
  );
}

function query(request: FastifyRequest): string {
  const at = request.url.indexOf("?");
  return at < 0 ? "" : request.url.slice(at);
}

export async function wikiPost(request: WikiRequest, reply: FastifyReply) {
  const slug = await slugOf(request);
  const special = specialOf(request.params["*"] ?? "");
  if (!special?.canonical) throw new DomainError("NOT_FOUND");
  if (special.name === "Modifier") return savePage(request, reply, slug, special.sub ?? "");
  if (special.name === "Renommer") return movePage(request, reply, slug, special.sub ?? "");
  if (special.name === "Téléverser") return uploadFile(request, reply, slug);
  if (special.name === "Importer") return importPost(request, reply, slug, special.sub);
  throw new DomainError("NOT_FOUND");
}

/**
 * MediaWiki's own entry point (`/index.php?title=X&action=history`, `?oldid=N`, `?search=…`), sent on
 * for good to where the instance's wiki keeps that page now.
 */
export async function oldIndex(request: WikiRequest, reply: FastifyReply) {
  const slug = await slugOf(request);
  const wiki = await request.server.communs.pages.wiki(request.person, slug);
  const { title = "", search, ...rest } = request.query;
  if (search !== undefined)
    return reply.redirect(urls.wikiSpecial(wiki.root, "Recherche", undefined, { q: search }), 301);
  const special = specialOf(title);
  if (special) return reply.redirect(urls.wikiSpecial(wiki.root, special.name, special.sub), 301);
  if (special === null) throw new DomainError("PAGE_NOT_FOUND");
  const key = parseTitle(title || MAIN_PAGE);
  if (!key) throw new DomainError("PAGE_NOT_FOUND");
  const target = fullTitle(key);
  return reply.redirect(oldStyle(wiki.root, target, rest) ?? urls.wikiPage(wiki.root, target), 301);
}
