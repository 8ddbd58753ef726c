// Placeholder until the wikitext renderer lands (wt-render): Markdown with wiki links only.

import { redirectTarget } from "../../core/wikitext/redirects.ts";
import { renderMarkdown } from "../../web/markdown.ts";
import type { RenderContext, Rendered, TitleKey } from "./render-types.ts";
import { keyOf } from "./render-types.ts";

export async function renderRevision(text: string, _format: string, ctx: RenderContext): Promise<Rendered> {
  const links: TitleKey[] = [];
  const categories: { name: string; sortKey: string }[] = [];
  const found = [...text.matchAll(/\[\[([^\]|#]*)(#[^\]|]*)?(?:\|([^\]]*))?\]\]/g)];
  for (const m of found) {
    const key = ctx.namespaces.split(m[1] ?? "");
    if (key.ns === 14) categories.push({ name: key.text, sortKey: m[3] ?? "" });
    else links.push({ ns: key.ns, title: key.text });
  }
  const exist = await ctx.existing(links);
  let body = text;
  for (const m of found) {
    const key = ctx.namespaces.split(m[1] ?? "");
    const tk = { ns: key.ns, title: key.text };
    const label = m[3] ?? `${m[1]}${m[2] ?? ""}`;
    const href = key.ns === 14 ? "" : exist.has(keyOf(tk)) ? ctx.href(tk, m[2]?.slice(1)) : ctx.editHref(tk);
    body = body.replace(m[0], key.ns === 14 ? "" : `[${label}](${href.replace(/\)/g, "%29")})`);
  }
  const r = redirectTarget(text);
  const rk = r ? ctx.namespaces.split(r.title) : null;
  return {
    html: renderMarkdown(body),
    links,
    categories,
    templates: [],
    headings: [],
    redirect: r && rk ? { ns: rk.ns, title: rk.text, fragment: r.fragment } : null,
    defaultSort: null,
    plainText: text,
  };
}
