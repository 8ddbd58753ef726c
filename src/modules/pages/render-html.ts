/**
 * The finishing of a rendered page, shared by wikitext and Markdown: internal links marked by the
 * renderer become the wiki's addresses (red when the page is missing, asked in one batch), images get
 * their file's address, headings get MediaWiki's anchors (html5 + legacy), a table of contents is
 * added when MediaWiki would, and the whole is sanitized.
 */
import { spaced } from "../../core/wikitext/titles.ts";
import { Anchors, legacyAnchorOf } from "./anchors.ts";
import { renderWord } from "./messages-render.ts";
import { escapeHtml } from "./render-cite.ts";
import { FILE_MARK, interwikiUrl, LINK_MARK } from "./render-config.ts";
import { sanitizeHtml } from "./render-sanitize.ts";
import { type Heading, keyOf, type RenderContext, type TitleKey } from "./render-types.ts";

export interface FinishOptions {
  /** A table of contents whatever the number of headings (`__TOC__`, `__FORCETOC__`). */
  toc: boolean;
  /** A table of contents from four headings on (MediaWiki's default, off with `__NOTOC__`). */
  autoToc: boolean;
}

export interface Finished {
  html: string;
  headings: Heading[];
  /** The internal pages the HTML links to. */
  targets: TitleKey[];
  plainText: string;
}

const LINK = new RegExp(`<a ([^>]*?)href="${LINK_MARK}([^"]*)"([^>]*)>`, "g");
const FILE = new RegExp(`<img ([^>]*?)src="${FILE_MARK}([^"]*)"([^>]*)>`, "g");
const HEADING =
  /<div class="mw-heading mw-heading([1-6])"><h\1 id="[^"]*">([\s\S]*?)<\/h\1><\/div>|<h([1-6])(?:\s[^>]*)?>([\s\S]*?)<\/h\3>/g;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** `Title#fragment` as the marks carry it. */
function parseMark(source: string): { title: string; fragment: string | null } {
  // The library links a missing template to its edit form (`?action=edit&redlink=1`): the page is kept.
  const query = source.indexOf("?");
  const mark = query < 0 ? source : source.slice(0, query);
  const hash = mark.indexOf("#");
  const title = spaced(decode(hash < 0 ? mark : mark.slice(0, hash)));
  const fragment = hash < 0 ? null : spaced(decode(mark.slice(hash + 1))) || null;
  return { title, fragment };
}

function withoutAttribute(attributes: string, name: string): string {
  return attributes.replace(new RegExp(`\\s*\\b${name}="[^"]*"`, "g"), "");
}

export async function finishHtml(
  source: string,
  ctx: RenderContext,
  options: FinishOptions,
): Promise<Finished> {
  const marks = new Map<string, { key: TitleKey | null; fragment: string | null; url: string | null }>();
  for (const match of source.matchAll(LINK)) {
    const mark = match[2] ?? "";
    if (marks.has(mark)) continue;
    const { title, fragment } = parseMark(mark);
    const external = /\bclass="extiw"/.test(`${match[1]} ${match[3]}`) ? interwikiUrl(title) : null;
    if (external !== null || title === "") {
      marks.set(mark, { key: null, fragment, url: external });
      continue;
    }
    const { ns, text } = ctx.namespaces.split(title);
    marks.set(mark, { key: { ns, title: text }, fragment, url: null });
  }
  const targets = new Map<string, TitleKey>();
  for (const { key } of marks.values()) if (key && key.ns >= 0) targets.set(keyOf(key), key);
  const existing = targets.size > 0 ? await ctx.existing([...targets.values()]) : new Set<string>();

  let html = source.replace(LINK, (_all, before: string, mark: string, after: string) => {
    const target = marks.get(mark);
    let attributes = withoutAttribute(`${before} ${after}`, "class").trim();
    if (target?.url)
      return `<a href="${escapeHtml(target.url)}" class="extiw" rel="nofollow noopener" ${attributes}>`;
    if (!target?.key) return `<a ${attributes}>`;
    const { key, fragment } = target;
    if (key.ns < 0 || existing.has(keyOf(key))) {
      return `<a href="${escapeHtml(ctx.href(key, fragment))}" ${attributes}>`;
    }
    const name = ctx.namespaces.name(key.ns);
    const full = name === "" ? key.title : `${name}:${key.title}`;
    attributes = withoutAttribute(attributes, "title");
    const title = escapeHtml(renderWord("render.missing", { title: full }));
    return `<a href="${escapeHtml(ctx.editHref(key))}" class="new" title="${title}" ${attributes}>`;
  });

  const files = new Map<string, string | null>();
  for (const match of html.matchAll(FILE)) files.set(match[2] ?? "", null);
  await Promise.all(
    [...files.keys()].map(async (mark) => {
      files.set(mark, await ctx.fileHref(spaced(decode(mark))));
    }),
  );
  html = html.replace(FILE, (_all, before: string, mark: string, after: string) => {
    const href = files.get(mark);
    if (href) return `<img ${before}src="${escapeHtml(href)}"${after}>`;
    const name = escapeHtml(spaced(decode(mark)));
    return `<span class="mw-missing-file" title="${escapeHtml(renderWord("render.missingFile", { name }))}">${name}</span>`;
  });
  html = html.replace(/\brel="nofollow"/g, 'rel="nofollow noopener"');
  // The library writes a table's caption inside its first row; HTML wants it first in the table.
  html = html.replace(
    /(<table\b[^>]*>)(\s*<tbody>\s*(?:<tr>\s*)?)(<caption\b[^>]*>[\s\S]*?<\/caption>)/g,
    "$1$3$2",
  );

  const anchors = new Anchors();
  const headings: Heading[] = [];
  html = html.replace(HEADING, (_all, level1?: string, inner1?: string, level2?: string, inner2?: string) => {
    const level = Number(level1 ?? level2);
    const inner = (inner1 ?? inner2 ?? "").trim();
    const line = textOf(inner);
    const anchor = anchors.next(line);
    headings.push({ level, line, anchor });
    const legacy = legacyAnchorOf(anchor);
    const fallback = legacy === anchor ? "" : `<span id="${escapeHtml(legacy)}"></span>`;
    return `<h${level}>${fallback}<span class="mw-headline" id="${escapeHtml(anchor)}">${inner}</span></h${level}>`;
  });

  html = sanitizeHtml(html);
  const plainText = textOf(html);
  if (options.toc || (options.autoToc && headings.length >= 4)) html = withToc(html, headings);
  return { html, headings, targets: [...targets.values()], plainText };
}

/** MediaWiki's table of contents, before the first heading. */
function withToc(html: string, headings: Heading[]): string {
  if (headings.length === 0) return html;
  const top = Math.min(...headings.map((h) => h.level));
  let list = "";
  let depth = 0;
  const counters: number[] = [];
  for (const heading of headings) {
    const level = heading.level - top + 1;
    if (depth === 0) {
      list += "<ul>";
      depth = 1;
    }
    while (depth < level) {
      list += "<ul>";
      depth++;
      counters[depth - 1] = 0;
    }
    while (depth > level) {
      list += "</li></ul>";
      depth--;
    }
    if (list.endsWith("</a>") || list.endsWith("</ul>")) list += "</li>";
    counters[depth - 1] = (counters[depth - 1] ?? 0) + 1;
    counters.length = depth;
    const number = counters.join(".");
    list += `<li class="toclevel-${depth}"><a href="#${escapeHtml(encodeURIComponent(heading.anchor))}"><span class="tocnumber">${number}</span> <span class="toctext">${escapeHtml(heading.line)}</span></a>`;
  }
  list += "</li></ul>".repeat(depth);
  const toc = `<div id="toc" class="toc" role="navigation"><div class="toctitle"><span class="toctitle-text">${escapeHtml(renderWord("render.toc"))}</span></div>${list}</div>\n`;
  const first = html.search(/<h[1-6]>/);
  return first < 0 ? html : html.slice(0, first) + toc + html.slice(first);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** The text of some HTML: tags dropped, entities decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(
      /<\/?(?:br|p|div|li|tr|td|th|h[1-6]|dd|dt|ul|ol|table|pre|figure|figcaption|caption|hr)\b[^>]*>/gi,
      " ",
    )
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, entity: string) => {
      const lower = entity.toLowerCase();
      if (lower.startsWith("#x")) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) || 0xfffd);
      if (lower.startsWith("#")) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10) || 0xfffd);
      return ENTITIES[lower] ?? all;
    })
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
}
