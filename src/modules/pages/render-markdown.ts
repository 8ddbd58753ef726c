/**
 * Markdown pages written in Communs: the project's markdown-it (no raw HTML), plus the wiki's links
 * `[[Title]]`, `[[Title|text]]`, `[[Title#section]]`, categories `[[Catégorie:X]]` (listed, not shown),
 * images `[[Fichier:x.png]]`, and a first line `#REDIRECT [[Title]]` (or `#REDIRECTION`) making the page
 * a redirect. Links, headings and safety are finished as for wikitext (render-html.ts).
 */
import type { StateInline, Token } from "markdown-it";
import { redirectTarget } from "../../core/wikitext/redirects.ts";
import { NS_CATEGORY, NS_FILE, spaced } from "../../core/wikitext/titles.ts";
import { createMarkdown } from "../../web/markdown.ts";
import { escapeHtml } from "./render-cite.ts";
import { FILE_MARK, interwikiUrl, LINK_MARK } from "./render-config.ts";
import { finishHtml } from "./render-html.ts";
import { keyOf, type RenderContext, type Rendered, type TitleKey } from "./render-types.ts";

interface Env {
  ctx: RenderContext;
  categories: Map<string, { name: string; sortKey: string }>;
}

interface WikiLink extends Record<string, unknown> {
  target: string;
  text: string | null;
}

const markdown = createMarkdown("nofollow noopener");

function wikiLinkRule(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x5b || src.charCodeAt(pos + 1) !== 0x5b) return false;
  const end = src.indexOf("]]", pos + 2);
  if (end < 0) return false;
  const inner = src.slice(pos + 2, end);
  if (inner.includes("\n") || inner.includes("[[") || inner.trim() === "") return false;
  if (!silent) {
    const pipe = inner.indexOf("|");
    const link: WikiLink = {
      target: pipe < 0 ? inner : inner.slice(0, pipe),
      text: pipe < 0 ? null : inner.slice(pipe + 1),
    };
    const token = state.push("wikilink", "", 0);
    token.meta = link;
  }
  state.pos = end + 2;
  return true;
}

markdown.inline.ruler.before("link", "wikilink", wikiLinkRule);

markdown.renderer.rules.wikilink = (tokens: Token[], idx: number, _options: unknown, rendering: unknown) => {
  const link = tokens[idx]?.meta as WikiLink;
  const env = rendering as Env;
  const { ctx } = env;
  const forced = link.target.trimStart().startsWith(":");
  const hash = link.target.indexOf("#");
  const title = spaced(hash < 0 ? link.target : link.target.slice(0, hash)).replace(/^:\s*/, "");
  const fragment = hash < 0 ? "" : spaced(link.target.slice(hash + 1));
  const shown = escapeHtml(link.text?.trim() || spaced(link.target.replace(/^\s*:/, "")));
  const external = interwikiUrl(title);
  if (external !== null && ctx.namespaces.number(title.slice(0, title.indexOf(":"))) === undefined) {
    return `<a class="extiw" href="${LINK_MARK}${encodeURIComponent(title)}">${shown}</a>`;
  }
  const { ns, text } = title === "" ? { ns: ctx.page.ns, text: "" } : ctx.namespaces.split(title);
  if (!forced && ns === NS_CATEGORY && text !== "") {
    if (!env.categories.has(text)) env.categories.set(text, { name: text, sortKey: link.text?.trim() ?? "" });
    return "";
  }
  if (!forced && ns === NS_FILE && text !== "") {
    const alt = escapeHtml(link.text?.trim() || text);
    const page = encodeURIComponent(`${ctx.namespaces.name(NS_FILE)}:${text}`);
    return `<a href="${LINK_MARK}${page}"><img src="${FILE_MARK}${encodeURIComponent(text)}" alt="${alt}"></a>`;
  }
  if (text === "")
    return `<a href="#${escapeHtml(encodeURIComponent(fragment.replace(/ /g, "_")))}">${shown}</a>`;
  const name = ctx.namespaces.name(ns);
  const full = name === "" ? text : `${name}:${text}`;
  const anchor = fragment === "" ? "" : `#${encodeURIComponent(fragment)}`;
  return `<a href="${LINK_MARK}${encodeURIComponent(full)}${anchor}" title="${escapeHtml(full)}">${shown}</a>`;
};

export async function renderMarkdownPage(text: string, ctx: RenderContext): Promise<Rendered> {
  const env: Env = { ctx, categories: new Map() };
  const redirect = redirectTarget(text);
  const source = redirect ? text.replace(/^[^\n]*\n?/, "") : text;
  const { html, headings, targets, plainText } = await finishHtml(
    markdown.render(source, env as unknown as Parameters<typeof markdown.render>[1]),
    ctx,
    {
      toc: false,
      autoToc: false,
    },
  );
  const self = keyOf(ctx.page);
  const links = new Map<string, TitleKey>();
  for (const target of targets) if (keyOf(target) !== self) links.set(keyOf(target), target);
  let redirectKey: Rendered["redirect"] = null;
  if (redirect) {
    const { ns, text: title } = ctx.namespaces.split(redirect.title);
    redirectKey = { ns, title, fragment: redirect.fragment };
    links.set(keyOf(redirectKey), { ns, title });
  }
  return {
    html,
    links: [...links.values()],
    categories: [...env.categories.values()],
    templates: [],
    headings,
    redirect: redirectKey,
    defaultSort: null,
    plainText,
  };
}
