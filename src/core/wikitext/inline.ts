/** Inline wikitext: links, quotes, entities, HTML tags, as Markdown or plain text. */

import { decodeEntity } from "./entities.ts";
import { type Namespaces, NS_CATEGORY, NS_FILE, pageUrl } from "./titles.ts";

const HTML_TAGS = new Set(
  (
    "abbr b bdi bdo big blockquote br caption center cite code data dd del dfn div dl dt em font h1 h2 h3 h4 h5 " +
    "h6 hr i ins kbd li mark ol p q rb rp rt rtc ruby s samp small span strike strong sub sup table td th time " +
    "tr tt u ul var wbr"
  ).split(" "),
);
const STYLE_TAGS: Record<string, "b" | "i"> = { b: "b", strong: "b", i: "i", em: "i" };
export const URL_PROTOCOLS = "https?:\\/\\/|ftps?:\\/\\/|mailto:|\\/\\/|irc:\\/\\/|news:";
export const URL_CHARS = '[^\\s\\]<>"\\[{}|\uE000-\uE0FF]';
const EXTERNAL_LINK = new RegExp(`\\[((?:${URL_PROTOCOLS})${URL_CHARS}+)\\s*([^\\]]*)\\]`, "iy");
const BARE_URL = new RegExp(`(?:https?|ftps?):\\/\\/${URL_CHARS}+`, "iy");
const LINK_TRAIL = /\p{Ll}+/uy;
const INLINE_START = new RegExp(
  `\\[\\[|\\[(?=${URL_PROTOCOLS})|(?<![\\p{L}\\p{N}_])(?:https?|ftps?):\\/\\/|''+|<\\/?[A-Za-z][^>\\n]{0,1000}>|&(?:#\\d+|#x[\\da-f]+|[a-z][a-z\\d]*);|\uE000\\d+\uE001|__[\\p{Lu}]{3,}__`,
  "giu",
);

type Token =
  | { kind: "text"; text: string }
  | { kind: "markdown"; text: string }
  | { kind: "quotes"; count: number }
  | { kind: "style"; style: "b" | "i"; open: boolean | null };

export interface InlineContext {
  /** "markdown": Markdown with escapes; "plain": a value's visible text. */
  output: "markdown" | "plain";
  namespaces: Namespaces;
  articleRoot?: string;
  /** In a table cell: line breaks become spaces. */
  cell?: boolean;
  /** Text of the placeholders the page's extension tags became. */
  slot?: (index: number, context: InlineContext) => string;
  noLinks?: boolean;
}

export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*[\]<|~]/g, "\\$&")
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
    .replace(/&(?=#?[a-z\d]+;)/gi, "\\&");
}

/** Escapes what would start a Markdown block at the beginning of a line of text. */
export function escapeLineStart(line: string): string {
  return line
    .replace(/^(\s*)([#>]|[-+](?=\s|$)|=+\s*$)/, "$1\\$2")
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

function markdownHref(url: string): string {
  return url.replace(/[()<>\s|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

function link(label: string, url: string | null, context: InlineContext): string {
  if (context.output === "plain" || url === null || context.noLinks) return label;
  return `[${label}](${markdownHref(url)})`;
}

/** Each `[[`'s matching `]]` (innermost first), in one pass so that a line of unclosed links stays linear. */
function bracketPairs(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  for (let i = text.indexOf("[["); i >= 0 && i < text.length - 1; i++) {
    if (text.startsWith("[[", i)) {
      open.push(i);
      i++;
    } else if (text.startsWith("]]", i)) {
      const start = open.pop();
      if (start !== undefined) pairs.set(start, i);
      i++;
    }
  }
  return pairs;
}

const FILE_OPTION =
  /^(thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|gauche|droite|vignette|cadre|sans_cadre|néant|redresse|upright|baseline|sub|super|top|text-top|middle|bottom|text-bottom|\d*x?\d+\s*px|(alt|link|lien|page|class|lang|upright|redresse)\s*=.*)$/i;

/** A file link shows its caption (the last part that is not an option), nothing else we can keep. */
function fileCaption(parts: string[], context: InlineContext): string {
  const caption = parts
    .slice(1)
    .reverse()
    .find((part) => !FILE_OPTION.test(part.trim()));
  return caption ? inline(caption.trim(), { ...context, noLinks: true }) : "";
}

function internalLink(inner: string, trail: string, context: InlineContext): string {
  const parts = inner.split("|");
  const target = (parts[0] ?? "").trim();
  const colon = target.startsWith(":");
  const { ns } = context.namespaces.split(target);
  // Category and file links keep the letters that follow them as text, as MediaWiki does.
  if (!colon && ns === NS_CATEGORY) return inline(trail, context);
  if (!colon && ns === NS_FILE) return fileCaption(parts, context) + inline(trail, context);
  const written = parts.length > 1 ? parts.slice(1).join("|") : null;
  const labelText =
    written === null
      ? target.replace(/^:/, "")
      : written.trim() === ""
        ? context.namespaces.split(target).text.replace(/\s*\([^)]*\)$/, "")
        : written;
  const label = inline(labelText + trail, { ...context, noLinks: true });
  const hash = target.indexOf("#");
  const title = hash < 0 ? target : target.slice(0, hash);
  const fragment = hash < 0 ? null : target.slice(hash + 1);
  // Our pages have no heading anchors: a link within the page keeps its label only.
  if (!context.articleRoot || title.replace(/^:/, "").trim() === "") return label;
  return link(label, pageUrl(context.articleRoot, context.namespaces.normalize(title), fragment), context);
}

function externalLink(url: string, label: string, context: InlineContext): string {
  const href = url.startsWith("//") ? `https:${url}` : url;
  if (label.trim() === "") {
    if (context.output === "plain") return href;
    return /^https?:/i.test(href) ? `<${href}>` : escapeMarkdown(href);
  }
  return link(inline(label.trim(), { ...context, noLinks: true }), href, context);
}

function bareUrl(match: string, context: InlineContext): { text: string; length: number } {
  let url = match.replace(/[.,;:!?'"]+$/, "");
  if (url.endsWith(")") && !url.includes("(")) url = url.replace(/\)+$/, "");
  const text = context.output === "plain" ? url : context.noLinks ? escapeMarkdown(url) : `<${url}>`;
  return { text, length: url.length };
}

function htmlTag(tag: string, context: InlineContext): Token | null {
  const found = /^<(\/?)([A-Za-z][\w-]*)/.exec(tag);
  const name = found?.[2]?.toLowerCase() ?? "";
  if (!HTML_TAGS.has(name)) return null;
  const style = STYLE_TAGS[name];
  if (style) return { kind: "style", style, open: found?.[1] !== "/" };
  if (name === "br")
    return { kind: "markdown", text: context.cell || context.output === "plain" ? " " : "\\\n" };
  if (name === "s" || name === "del" || name === "strike")
    return { kind: "markdown", text: context.output === "plain" ? "" : "~~" };
  return { kind: "markdown", text: "" };
}

function tokenize(text: string, context: InlineContext): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const pushText = (value: string) => {
    const last = tokens.at(-1);
    if (last?.kind === "text") last.text += value;
    else if (value !== "") tokens.push({ kind: "text", text: value });
  };
  const pairs = bracketPairs(text);
  while (at < text.length) {
    INLINE_START.lastIndex = at;
    const found = INLINE_START.exec(text);
    if (!found) break;
    pushText(text.slice(at, found.index));
    at = found.index;
    const step = inlineToken(text, at, found[0], context, pairs);
    if (step.token) tokens.push(step.token);
    else pushText(step.text ?? "");
    at += step.length;
  }
  pushText(text.slice(at));
  return tokens;
}

function inlineToken(
  text: string,
  at: number,
  found: string,
  context: InlineContext,
  pairs: Map<number, number>,
): { token?: Token; text?: string; length: number } {
  if (found === "[[") {
    const close = pairs.get(at);
    if (close === undefined) return { text: "[[", length: 2 };

    LINK_TRAIL.lastIndex = close + 2;
    const trail = LINK_TRAIL.exec(text)?.[0] ?? "";
    const rendered = internalLink(text.slice(at + 2, close), trail, context);
    return { token: { kind: "markdown", text: rendered }, length: close + 2 + trail.length - at };
  }
  if (found === "[") {
    EXTERNAL_LINK.lastIndex = at;
    const external = EXTERNAL_LINK.exec(text);
    if (!external) return { text: "[", length: 1 };
    const rendered = externalLink(external[1] ?? "", external[2] ?? "", context);
    return { token: { kind: "markdown", text: rendered }, length: external[0].length };
  }
  if (found.startsWith("''")) return { token: { kind: "quotes", count: found.length }, length: found.length };
  if (found.startsWith("<")) {
    const token = htmlTag(found, context);
    return token ? { token, length: found.length } : { text: "<", length: 1 };
  }
  if (found.startsWith("&")) return { text: decodeEntity(found) ?? found, length: found.length };
  if (found.startsWith("\uE000")) {
    const rendered = context.slot?.(Number(found.slice(1, -1)), context) ?? "";
    return { token: { kind: "markdown", text: rendered }, length: found.length };
  }
  if (found.startsWith("__")) return { text: "", length: found.length };
  BARE_URL.lastIndex = at;
  const url = BARE_URL.exec(text);
  if (!url) return { text: found, length: found.length };
  const bare = bareUrl(url[0], context);
  return { token: { kind: "markdown", text: bare.text }, length: bare.length };
}

/**
 * MediaWiki's reading of apostrophes: 2 italic, 3 bold, 5 both, 4 = one apostrophe + bold, more = the
 * extra ones as text; when bold and italic counts are both odd, one bold becomes apostrophe + italic.
 */
function resolveQuotes(tokens: Token[]): Token[] {
  const runs: Token[] = [];
  for (const token of tokens) {
    if (token.kind !== "quotes") {
      runs.push(token);
      continue;
    }
    const extra = token.count === 4 ? 1 : token.count > 5 ? token.count - 5 : 0;
    if (extra > 0) runs.push({ kind: "text", text: "'".repeat(extra) });
    runs.push({ kind: "quotes", count: token.count - extra });
  }
  const count = (n: number) => runs.filter((t) => t.kind === "quotes" && t.count === n).length;
  if (count(2) % 2 === 1 && count(3) % 2 === 1) splitOneBold(runs);
  const out: Token[] = [];
  for (const token of runs) {
    if (token.kind !== "quotes") out.push(token);
    else if (token.count === 2) out.push({ kind: "style", style: "i", open: null });
    else if (token.count === 3) out.push({ kind: "style", style: "b", open: null });
    else out.push({ kind: "style", style: "b", open: null }, { kind: "style", style: "i", open: null });
  }
  return out;
}

function splitOneBold(runs: Token[]): void {
  const bolds = runs.flatMap((token, k) => (token.kind === "quotes" && token.count === 3 ? [k] : []));
  const before = (k: number) => {
    const previous = runs[k - 1];
    return previous?.kind === "text" ? previous.text : "";
  };
  const pick =
    bolds.find((k) => / \S$|^\S$/.test(before(k).slice(-2))) ??
    bolds.find((k) => /\S$/.test(before(k))) ??
    bolds[0];
  if (pick === undefined) return;
  runs.splice(pick, 1, { kind: "text", text: "'" }, { kind: "quotes", count: 2 });
}

const MARK = { b: ["\uE011", "\uE012"], i: ["\uE013", "\uE014"] } as const;

function render(tokens: Token[], context: InlineContext): string {
  const open = { b: false, i: false };
  let out = "";
  for (const token of resolveQuotes(tokens)) {
    if (token.kind === "text") out += context.output === "plain" ? token.text : escapeMarkdown(token.text);
    else if (token.kind === "markdown") out += token.text;
    else if (token.kind === "style") {
      const opening = token.open ?? !open[token.style];
      if (opening === open[token.style]) continue;
      open[token.style] = opening;
      out += MARK[token.style][opening ? 0 : 1];
    }
  }
  if (open.i) out += MARK.i[1];
  if (open.b) out += MARK.b[1];
  return context.output === "plain" ? out.replace(/[\uE011-\uE014]/g, "") : placeMarks(out);
}

/** Emphasis marks hug their words (Markdown ignores `** x **`); empty ones go. */
export function placeMarks(text: string): string {
  let out = text.replace(/([\uE011\uE013]+)(\s+)/g, "$2$1").replace(/(\s+)([\uE012\uE014]+)/g, "$2$1");
  let previous = "";
  while (previous !== out) {
    previous = out;
    out = out.replace(/\uE011\uE012|\uE013\uE014/g, "");
  }
  return out.replace(/[\uE011\uE012]/g, "**").replace(/[\uE013\uE014]/g, "*");
}

/** One line (or a cell, a label) of wikitext as Markdown or plain text. */
export function inline(text: string, context: InlineContext): string {
  return render(tokenize(text, context), context);
}
