/**
 * Reading and rewriting the links of the pages the application rendered. The HTML comes from
 * preact-render-to-string (and the wiki's renderer), so it is well formed: a tokenizer of tags and
 * quoted attributes is enough, with comments, scripts and styles skipped as wholes. Forms are taken out
 * first: an archive answers no form.
 */

const ATTRS = String.raw`(?:\s+[^\s"'<>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?)*`;
const TOKEN = new RegExp(
  String.raw`<!--[\s\S]*?-->|<(script|style)\b(${ATTRS})\s*>([\s\S]*?)<\/\1\s*>|<a\b(${ATTRS})\s*>([\s\S]*?)<\/a\s*>|<([a-zA-Z][\w:-]*)(${ATTRS})\s*(\/?)>`,
  "gi",
);
const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/gi;

/** The attributes that hold one address. */
const URL_ATTRIBUTES = new Set(["href", "src", "poster", "data-points-url"]);

export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt|nbsp);/gi, (_, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">", nbsp: "\u00a0" }[lower] ?? "";
  });
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

interface Attribute {
  name: string;
  value: string | undefined;
}

function attributesOf(text: string): Attribute[] {
  const list: Attribute[] = [];
  for (const match of text.matchAll(ATTR)) {
    const raw = match[2] ?? match[3] ?? match[4];
    list.push({
      name: (match[1] ?? "").toLowerCase(),
      value: raw === undefined ? undefined : decodeEntities(raw),
    });
  }
  return list;
}

function serialise(attributes: Attribute[]): string {
  return attributes
    .map(({ name, value }) => (value === undefined ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`))
    .join("");
}

/** The forms of a page taken out (they cannot be nested, so each ends at the next `</form>`). */
export function withoutForms(html: string): string {
  return html.replace(/<form\b[\s\S]*?<\/form\s*>/gi, "");
}

/** The addresses of a `srcset` (each candidate is an address and an optional width or density). */
function srcsetUrls(value: string): string[] {
  return value
    .split(",")
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? "")
    .filter((address) => address !== "");
}

export function cssUrls(css: string): string[] {
  return [...css.matchAll(CSS_URL)].map((m) => m[1] ?? m[2] ?? m[3] ?? "").filter(Boolean);
}

/** What happens to one address found in a page. */
export type Decision =
  | { keep: true }
  | { href: string }
  /** The element goes (a link to a form, a login…): nothing of it is left. */
  | { remove: true }
  /** The link goes, its text stays (a page the site itself no longer had). */
  | { unwrap: true };

export type Decide = (address: string) => Decision;

function rewriteCss(css: string, decide: Decide): string {
  return css.replace(CSS_URL, (whole, a?: string, b?: string, c?: string) => {
    const address = a ?? b ?? c ?? "";
    if (!address) return whole;
    const decision = decide(address);
    return "href" in decision ? `url("${decision.href}")` : whole;
  });
}

/**
 * A tag's attributes with their addresses decided: the new attributes, or null when the element must
 * go. An address to unwrap takes the attribute away (an `<a>` without `href` is plain text).
 */
function rewriteAttributes(attributes: Attribute[], decide: Decide): Attribute[] | null {
  const result: Attribute[] = [];
  for (const attribute of attributes) {
    const { name, value } = attribute;
    if (value === undefined) result.push(attribute);
    else if (URL_ATTRIBUTES.has(name)) {
      const decision = decide(value);
      if ("remove" in decision) return null;
      if ("href" in decision) result.push({ name, value: decision.href });
      else if (!("unwrap" in decision)) result.push(attribute);
    } else if (name === "srcset") {
      const candidates = value.split(",").map((candidate) => candidate.trim());
      const kept = candidates.flatMap((candidate) => {
        const [address = "", ...descriptors] = candidate.split(/\s+/);
        if (!address) return [];
        const decision = decide(address);
        if ("remove" in decision || "unwrap" in decision) return [];
        return [["href" in decision ? decision.href : address, ...descriptors].join(" ")];
      });
      if (kept.length > 0) result.push({ name, value: kept.join(", ") });
    } else if (name === "style") result.push({ name, value: rewriteCss(value, decide) });
    else result.push(attribute);
  }
  return result;
}

/** Every address a page (its forms taken out) refers to, in order. */
export function addressesOf(html: string): string[] {
  const found: string[] = [];
  const visit = (attributes: Attribute[]) => {
    for (const { name, value } of attributes) {
      if (value === undefined) continue;
      if (URL_ATTRIBUTES.has(name)) found.push(value);
      else if (name === "srcset") found.push(...srcsetUrls(value));
      else if (name === "style") found.push(...cssUrls(value));
    }
  };
  for (const match of withoutForms(html).matchAll(TOKEN)) {
    if (match[1]) {
      visit(attributesOf(match[2] ?? ""));
      if (match[1].toLowerCase() === "style") found.push(...cssUrls(match[3] ?? ""));
    } else if (match[4] !== undefined) {
      visit(attributesOf(match[4]));
      found.push(...addressesOf(match[5] ?? ""));
    } else if (match[6]) visit(attributesOf(match[7] ?? ""));
  }
  return found;
}

/** The page with its forms taken out and each address decided by `decide`. */
export function rewriteHtml(html: string, decide: Decide): string {
  return withoutForms(html).replace(
    TOKEN,
    (
      whole,
      block?: string,
      blockAttrs?: string,
      blockBody?: string,
      aAttrs?: string,
      aBody?: string,
      tag?: string,
      tagAttrs?: string,
      close?: string,
    ) => {
      if (block) {
        const attributes = rewriteAttributes(attributesOf(blockAttrs ?? ""), decide);
        if (!attributes) return "";
        const body =
          block.toLowerCase() === "style" ? rewriteCss(blockBody ?? "", decide) : (blockBody ?? "");
        return `<${block}${serialise(attributes)}>${body}</${block}>`;
      }
      if (aAttrs !== undefined) {
        const attributes = rewriteAttributes(attributesOf(aAttrs), decide);
        if (!attributes) return "";
        return `<a${serialise(attributes)}>${rewriteHtml(aBody ?? "", decide)}</a>`;
      }
      if (tag) {
        const attributes = rewriteAttributes(attributesOf(tagAttrs ?? ""), decide);
        if (!attributes) return "";
        return `<${tag}${serialise(attributes)}${close ? " /" : ""}>`;
      }
      return whole;
    },
  );
}

/** The ids a page declares (its fragments' targets), `name` of anchors included as browsers do. */
export function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  for (const match of html.matchAll(/<[a-zA-Z][\w:-]*\s[^>]*?\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    ids.add(decodeEntities(match[1] ?? match[2] ?? ""));
  return ids;
}

/** Empty list items left by removed links. */
export function tidy(html: string): string {
  return html.replace(/<li>\s*<\/li>/g, "");
}
