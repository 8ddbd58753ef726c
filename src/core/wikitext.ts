/**
 * Just enough of MediaWiki's wikitext to import a wiki: template calls (as MediaWiki's preprocessor
 * splits them), the categories a template adds for one call, Markdown for a page's text and plain text
 * for an infobox value. Pure functions; the site's namespace names come from the dump's siteinfo.
 */

// ---------------------------------------------------------------------------------------------------
// Namespaces and titles

/** Names MediaWiki accepts in every language besides the localized ones (canonical names and "Image"). */
const CANONICAL_NAMESPACES: readonly (readonly [number, string])[] = [
  [-2, "Media"],
  [-1, "Special"],
  [1, "Talk"],
  [2, "User"],
  [3, "User talk"],
  [4, "Project"],
  [5, "Project talk"],
  [6, "File"],
  [6, "Image"],
  [7, "File talk"],
  [7, "Image talk"],
  [8, "MediaWiki"],
  [9, "MediaWiki talk"],
  [10, "Template"],
  [11, "Template talk"],
  [12, "Help"],
  [13, "Help talk"],
  [14, "Category"],
  [15, "Category talk"],
];

export const NS_MAIN = 0;
export const NS_FILE = 6;
export const NS_TEMPLATE = 10;
export const NS_CATEGORY = 14;

/** A title's spacing: `_` is a space, runs of spaces are one. */
function spaced(text: string): string {
  return text.replace(/[_\s]+/g, " ").trim();
}

function oneSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function namespaceKey(name: string): string {
  return spaced(name).toLowerCase();
}

/** A wiki's namespaces: localized names (from siteinfo), aliases, and MediaWiki's canonical names. */
export class Namespaces {
  private readonly byKey = new Map<string, number>();
  private readonly names = new Map<number, string>();

  constructor(
    localized: Iterable<readonly [number, string]> = [],
    aliases: Iterable<readonly [number, string]> = [],
    /** siteinfo `<case>`: "first-letter" (almost every wiki) or "case-sensitive". */
    readonly titleCase: string = "first-letter",
  ) {
    for (const [ns, name] of CANONICAL_NAMESPACES) this.add(ns, name);
    for (const [ns, name] of aliases) this.add(ns, name);
    for (const [ns, name] of localized) {
      this.names.set(ns, spaced(name));
      this.add(ns, name);
    }
  }

  private add(ns: number, name: string): void {
    if (spaced(name) !== "") this.byKey.set(namespaceKey(name), ns);
  }

  /** The number of the namespace a prefix names ("Catégorie", "category", "Modèle"), if any. */
  number(prefix: string): number | undefined {
    return this.byKey.get(namespaceKey(prefix));
  }

  /** The localized name of a namespace, "" for the main one. */
  name(ns: number): string {
    return this.names.get(ns) ?? CANONICAL_NAMESPACES.find(([n]) => n === ns)?.[1] ?? "";
  }

  /** A title's namespace and its text without the prefix, normalized as MediaWiki stores it. */
  split(title: string, defaultNs = NS_MAIN): { ns: number; text: string } {
    let rest = spaced(title);
    let ns = defaultNs;
    if (rest.startsWith(":")) {
      rest = spaced(rest.slice(1));
      ns = NS_MAIN;
    }
    const colon = rest.indexOf(":");
    const prefixed = colon > 0 ? this.number(rest.slice(0, colon)) : undefined;
    if (prefixed !== undefined) {
      ns = prefixed;
      rest = spaced(rest.slice(colon + 1));
    }
    return { ns, text: this.titleCase === "case-sensitive" ? rest : upperFirst(rest) };
  }

  /** The full title as MediaWiki writes it ("Modèle:Fiche commun"), fragment dropped. */
  normalize(title: string, defaultNs = NS_MAIN): string {
    const { ns, text } = this.split(title.split("#")[0] ?? "", defaultNs);
    const name = this.name(ns);
    return name === "" ? text : `${name}:${text}`;
  }
}

function upperFirst(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const char = String.fromCodePoint(first);
  return char.toUpperCase() + text.slice(char.length);
}

const defaultNamespaces = new Namespaces();

/**
 * The key under which MediaWiki finds the template a call names: `{{fiche_commun}}`,
 * `{{Modèle:Fiche commun}}` and `{{Template:Fiche commun}}` share one.
 */
export function templateKey(name: string, namespaces: Namespaces = defaultNamespaces): string {
  const bare = name.replace(/^\s*(?:safesubst|subst|msgnw|msg)\s*:/i, "");
  return namespaces.normalize(bare, NS_TEMPLATE);
}

/** A page's URL as MediaWiki writes it: `_` for spaces, percent-encoding but for `:/;@$!*(),~`. */
export function pageUrl(articleRoot: string, title: string, fragment?: string | null): string {
  const anchor = fragment ? `#${urlEncode(fragment)}` : "";
  return `${articleRoot.replace(/\/+$/, "")}/${urlEncode(title)}${anchor}`;
}

function urlEncode(text: string): string {
  return encodeURIComponent(spaced(text).replace(/ /g, "_"))
    .replace(/'/g, "%27")
    .replace(/%(3A|2F|3B|40|24|2C)/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

// ---------------------------------------------------------------------------------------------------
// Preprocessor: MediaWiki's brace matching, with `[[…]]` protecting pipes and extension tags kept opaque

export type WikiNode = string | TemplateNode | ArgumentNode | ExtensionNode;
interface Part {
  /** What stands before the part's first `=` when it has one (a named parameter). */
  name: WikiNode[] | null;
  nodes: WikiNode[];
}
interface TemplateNode {
  type: "template";
  parts: Part[];
  start: number;
  end: number;
}
interface ArgumentNode {
  type: "argument";
  parts: Part[];
}
interface ExtensionNode {
  type: "extension";
  name: string;
  attributes: string;
  inner: string | null;
  source: string;
}
interface Piece {
  open: "{" | "[";
  count: number;
  start: number;
  parts: Part[];
}

/** Tags whose content the preprocessor leaves alone (core and common extensions). */
const EXTENSION_TAGS = new Set(
  (
    "nowiki pre ref references gallery math chem ce source syntaxhighlight poem templatedata " +
    "templatestyles score timeline imagemap categorytree indicator section charinsert inputbox hiero " +
    "graph mapframe maplink"
  ).split(" "),
);
const RULES = {
  "{": { close: "}", names: new Set([2, 3]), min: 2, max: 3 },
  "[": { close: "]", names: new Set([2]), min: 2, max: 2 },
} as const;
const TAG = /<(\/?)([A-Za-z][\w-]*)([^>]{0,1000}?)(\/?)>/y;
const SPECIAL = /[{}[\]|=<]/g;

/** Keeps only `<onlyinclude>` sections when a template has some, as transclusion does. */
function onlyIncluded(text: string): string {
  const sections = [...text.matchAll(/<onlyinclude>([\s\S]*?)(?:<\/onlyinclude>|$)/gi)];
  return sections.length === 0 ? text : sections.map((m) => m[1]).join("");
}

function append(nodes: WikiNode[], node: WikiNode): void {
  const last = nodes.length - 1;
  if (typeof node === "string" && typeof nodes[last] === "string") nodes[last] += node;
  else if (node !== "") nodes.push(node);
}

function broken(piece: Piece, count: number): WikiNode[] {
  const nodes: WikiNode[] = [piece.open.repeat(count)];
  piece.parts.forEach((part, k) => {
    if (k > 0) nodes.push("|");
    if (part.name) nodes.push(...part.name, "=");
    nodes.push(...part.nodes);
  });
  return nodes;
}

class Preprocessor {
  private readonly root: WikiNode[] = [];
  private readonly stack: Piece[] = [];
  private readonly unclosed = new Map<string, number>();
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly mode: "page" | "transclusion",
  ) {}

  run(): WikiNode[] {
    const { text } = this;
    while (this.i < text.length) {
      SPECIAL.lastIndex = this.i;
      const found = SPECIAL.exec(text);
      const next = found ? found.index : text.length;
      if (next > this.i) this.add(text.slice(this.i, next));
      this.i = next;
      if (found) this.special(found[0]);
    }
    while (this.stack.length > 0) {
      const piece = this.stack.pop() as Piece;
      for (const node of broken(piece, piece.count)) this.add(node);
    }
    return this.root;
  }

  private get accumulator(): WikiNode[] {
    const top = this.stack.at(-1);
    return top ? (top.parts.at(-1) as Part).nodes : this.root;
  }

  private add(node: WikiNode): void {
    append(this.accumulator, node);
  }

  private special(char: string): void {
    if (char === "<") this.tag();
    else if (char === "{" || char === "[") this.open(char);
    else if (char === "}" || char === "]") this.close(char);
    else if (char === "|") this.pipe();
    else this.equals();
  }

  private runLength(char: string, max = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < max && this.text[this.i + n] === char) n++;
    return n;
  }

  private open(char: "{" | "["): void {
    const count = this.runLength(char);
    if (count >= RULES[char].min) {
      this.stack.push({ open: char, count, start: this.i, parts: [{ name: null, nodes: [] }] });
    } else this.add(char.repeat(count));
    this.i += count;
  }

  private close(char: string): void {
    const top = this.stack.at(-1);
    if (!top || RULES[top.open].close !== char) {
      this.add(char);
      this.i++;
      return;
    }
    const rule = RULES[top.open];
    const count = this.runLength(char, top.count);
    let matching = Math.min(count, rule.max);
    while (matching > 0 && !(rule.names as ReadonlySet<number>).has(matching)) matching--;
    if (matching <= 0) {
      this.add(char.repeat(count));
      this.i += count;
      return;
    }
    const end = this.i + matching;
    const start = top.start + top.count - matching;
    const element: WikiNode[] =
      top.open === "["
        ? [...broken(top, matching), char.repeat(matching)]
        : [
            matching === 3
              ? { type: "argument", parts: top.parts }
              : { type: "template", parts: top.parts, start, end },
          ];
    this.stack.pop();
    this.i = end;
    const remaining = top.count - matching;
    if (remaining >= rule.min) {
      this.stack.push({
        open: top.open,
        count: remaining,
        start: top.start,
        parts: [{ name: null, nodes: [] }],
      });
    } else if (remaining > 0) this.add(top.open.repeat(remaining));
    for (const node of element) this.add(node);
  }

  private pipe(): void {
    const top = this.stack.at(-1);
    if (top) top.parts.push({ name: null, nodes: [] });
    else this.add("|");
    this.i++;
  }

  private equals(): void {
    const top = this.stack.at(-1);
    const part = top?.parts.at(-1);
    const lineStart = this.i === 0 || this.text[this.i - 1] === "\n";
    if (top?.open === "{" && part && top.parts.length > 1 && part.name === null && !lineStart) {
      part.name = part.nodes;
      part.nodes = [];
    } else this.add("=");
    this.i++;
  }

  private tag(): void {
    const { text } = this;
    if (text.startsWith("<!--", this.i)) {
      const end = text.indexOf("-->", this.i + 4);
      const after = end < 0 ? text.length : end + 3;
      // A comment alone on its line takes its line break with it, as in MediaWiki.
      const alone = (this.i === 0 || text[this.i - 1] === "\n") && text[after] === "\n";
      this.i = alone ? after + 1 : after;
      return;
    }
    TAG.lastIndex = this.i;
    const tag = TAG.exec(text);
    const name = tag?.[2]?.toLowerCase() ?? "";
    if (tag && (name === "includeonly" || name === "noinclude" || name === "onlyinclude")) {
      this.inclusionTag(name, tag);
    } else if (tag && tag[1] === "" && EXTENSION_TAGS.has(name)) {
      this.extension(name, tag);
    } else {
      this.add("<");
      this.i++;
    }
  }

  private inclusionTag(name: string, tag: RegExpExecArray): void {
    const hidden = this.mode === "page" ? "includeonly" : "noinclude";
    const after = this.i + tag[0].length;
    if (name === hidden && tag[1] === "" && tag[4] === "") {
      const found = this.closingTag(name, after);
      this.i = found ? found.index + found[0].length : this.text.length;
    } else this.i = after;
  }

  /** Where `</name>` is after a position; remembers a failed search so that unclosed tags stay linear. */
  private closingTag(name: string, after: number): RegExpExecArray | null {
    if (after >= (this.unclosed.get(name) ?? Number.POSITIVE_INFINITY)) return null;
    const close = new RegExp(`</${name}\\s*>`, "ig");
    close.lastIndex = after;
    const found = close.exec(this.text);
    if (!found) this.unclosed.set(name, Math.min(after, this.unclosed.get(name) ?? after));
    return found;
  }

  private extension(name: string, tag: RegExpExecArray): void {
    const after = this.i + tag[0].length;
    const attributes = tag[3] ?? "";
    if (tag[4] === "/") {
      this.add({ type: "extension", name, attributes, inner: null, source: tag[0] });
      this.i = after;
      return;
    }
    const found = this.closingTag(name, after);
    if (!found) {
      this.add("<");
      this.i++;
      return;
    }
    const end = found.index + found[0].length;
    const inner = this.text.slice(after, found.index);
    this.add({ type: "extension", name, attributes, inner, source: this.text.slice(this.i, end) });
    this.i = end;
  }
}

/** Wikitext as MediaWiki's preprocessor sees it, for a page read as itself or transcluded. */
export function preprocess(text: string, mode: "page" | "transclusion" = "page"): WikiNode[] {
  return new Preprocessor(mode === "transclusion" ? onlyIncluded(text) : text, mode).run();
}

/** Deeper nesting than this is not read (MediaWiki stops expanding far earlier); keeps the stack safe. */
const MAX_NESTING = 200;
let nesting = 0;

function nested<T>(fallback: T, step: () => T): T {
  if (nesting >= MAX_NESTING) return fallback;
  nesting++;
  try {
    return step();
  } finally {
    nesting--;
  }
}

/** Writes nodes back as wikitext (comments, which the preprocessor drops, are gone). */
function source(nodes: readonly WikiNode[]): string {
  return nested("", () => sourceOf(nodes));
}

function sourceOf(nodes: readonly WikiNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (typeof node === "string") out += node;
    else if (node.type === "extension") out += node.source;
    else {
      const braces = node.type === "template" ? 2 : 3;
      out += `${"{".repeat(braces)}${node.parts.map(partSource).join("|")}${"}".repeat(braces)}`;
    }
  }
  return out;
}

function partSource(part: Part): string {
  return part.name ? `${source(part.name)}=${source(part.nodes)}` : source(part.nodes);
}

// ---------------------------------------------------------------------------------------------------
// Template calls

export interface TemplateCall {
  /** The name as written (trimmed): "Fiche commun", "DEFAULTSORT:Rustine", ":Page transcluse". */
  name: string;
  /** Named parameters trimmed, positional ones ("1", "2"…) as written; raw wikitext. */
  params: Record<string, string>;
  /** Where the call sits in the text it was read from. */
  start: number;
  end: number;
}

function callOf(node: TemplateNode): TemplateCall {
  const params: Record<string, string> = {};
  let position = 1;
  for (const part of node.parts.slice(1)) {
    if (part.name) params[source(part.name).trim()] = source(part.nodes).trim();
    else params[String(position++)] = source(part.nodes);
  }
  const title = node.parts[0] as Part;
  return { name: source(title.nodes).trim(), params, start: node.start, end: node.end };
}

function collectCalls(nodes: readonly WikiNode[], calls: TemplateCall[]): void {
  nested(undefined, () => collectCallsOf(nodes, calls));
}

function collectCallsOf(nodes: readonly WikiNode[], calls: TemplateCall[]): void {
  for (const node of nodes) {
    if (typeof node === "string" || node.type === "extension") continue;
    if (node.type === "template") calls.push(callOf(node));
    for (const part of node.parts) {
      if (part.name) collectCalls(part.name, calls);
      collectCalls(part.nodes, calls);
    }
  }
}

/** Every template call of a page's wikitext, in reading order (nested calls after their parent). */
export function parseTemplateCalls(text: string): TemplateCall[] {
  const calls: TemplateCall[] = [];
  collectCalls(preprocess(text, "page"), calls);
  return calls;
}

/** The calls of one template, names compared as MediaWiki does (first letter, `_`, namespace prefix). */
export function callsOf(
  text: string,
  template: string,
  namespaces: Namespaces = defaultNamespaces,
): TemplateCall[] {
  const key = templateKey(template, namespaces);
  return parseTemplateCalls(text).filter((call) => templateKey(call.name, namespaces) === key);
}

/** The text without the given calls (the infobox), for the page's description. */
export function withoutCalls(text: string, calls: readonly TemplateCall[]): string {
  let out = "";
  let at = 0;
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    if (call.start < at) continue;
    out += text.slice(at, call.start);
    at = call.end;
  }
  return out + text.slice(at);
}

// ---------------------------------------------------------------------------------------------------
// Expansion: just enough to see the categories a template adds

interface Frame {
  /** Full title of the page being rendered. */
  title: string;
  namespaces: Namespaces;
  /** The call's parameters, or null when rendering the page itself. */
  args: ReadonlyMap<string, string> | null;
  /** What an extension tag becomes (dropped for categories, a placeholder for Markdown). */
  extension: (node: ExtensionNode) => string;
}

function expand(nodes: readonly WikiNode[], frame: Frame): string {
  return nested("", () => expandOf(nodes, frame));
}

function expandOf(nodes: readonly WikiNode[], frame: Frame): string {
  let out = "";
  for (const node of nodes) {
    if (typeof node === "string") out += node;
    else if (node.type === "extension") out += frame.extension(node);
    else if (node.type === "argument") out += expandArgument(node, frame);
    else out += expandTemplate(node, frame);
  }
  return out;
}

function expandPart(part: Part | undefined, frame: Frame): string {
  if (!part) return "";
  return part.name ? `${expand(part.name, frame)}=${expand(part.nodes, frame)}` : expand(part.nodes, frame);
}

function expandArgument(node: ArgumentNode, frame: Frame): string {
  const name = expand((node.parts[0] as Part).nodes, frame).trim();
  const value = frame.args?.get(name);
  if (value !== undefined) return value;
  if (node.parts.length > 1) return expandPart(node.parts[1], frame);
  return `{{{${name}}}}`;
}

const PAGE_NAME_WORDS = new Set(["PAGENAME", "NOMPAGE"]);
const FULL_PAGE_NAME_WORDS = new Set(["FULLPAGENAME", "NOMPAGECOMPLET"]);
const CASE_FUNCTIONS: Record<string, (text: string) => string> = {
  lc: (text) => text.toLowerCase(),
  uc: (text) => text.toUpperCase(),
  lcfirst: (text) => text.charAt(0).toLowerCase() + text.slice(1),
  ucfirst: upperFirst,
};

function expandTemplate(node: TemplateNode, frame: Frame): string {
  const title = expand((node.parts[0] as Part).nodes, frame).trim();
  const args = node.parts.slice(1);
  if (title === "!") return "|";
  if (title === "=") return "=";
  if (PAGE_NAME_WORDS.has(title)) return frame.namespaces.split(frame.title).text;
  if (FULL_PAGE_NAME_WORDS.has(title)) return frame.title;
  const colon = title.indexOf(":");
  if (colon < 0) return "";
  const fn = title.slice(0, colon).trim();
  const first = title.slice(colon + 1).trim();
  const caseFunction = CASE_FUNCTIONS[fn.toLowerCase()];
  if (caseFunction) return caseFunction(first);
  if (fn === "#if") return expandPart(first !== "" ? args[0] : args[1], frame).trim();
  if (fn === "#ifeq") return expandIfeq(first, args, frame);
  if (fn === "#switch") return expandSwitch(first, args, frame);
  return "";
}

function sameValue(a: string, b: string): boolean {
  const numeric = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  return a === b || (numeric.test(a) && numeric.test(b) && Number(a) === Number(b));
}

function expandIfeq(first: string, args: Part[], frame: Frame): string {
  const other = expandPart(args[0], frame).trim();
  return expandPart(sameValue(first, other) ? args[1] : args[2], frame).trim();
}

function expandSwitch(value: string, args: Part[], frame: Frame): string {
  let fallThrough = false;
  let fallback: Part | undefined;
  for (const [k, part] of args.entries()) {
    if (part.name) {
      const key = expand(part.name, frame).trim();
      if (fallThrough || sameValue(key, value)) return expand(part.nodes, frame).trim();
      if (key === "#default") fallback = { name: null, nodes: part.nodes };
    } else {
      const key = expand(part.nodes, frame).trim();
      if (sameValue(key, value)) fallThrough = true;
      else if (k === args.length - 1) return key;
    }
  }
  return expandPart(fallback, frame).trim();
}

function pageFrame(title: string, namespaces: Namespaces, extension: Frame["extension"] = () => ""): Frame {
  return { title, namespaces, args: null, extension };
}

/** Expands a template's source for one call: parameters, defaults, `#if`, `#ifeq`, `#switch`, `{{!}}`. */
export function expandTemplateSource(
  templateSource: string,
  call: Pick<TemplateCall, "params">,
  context: { title: string; namespaces?: Namespaces },
): string {
  const namespaces = context.namespaces ?? defaultNamespaces;
  const page = pageFrame(context.title, namespaces);
  const args = new Map(
    Object.entries(call.params).map(([name, value]) => [name, expand(preprocess(value, "page"), page)]),
  );
  return expand(preprocess(templateSource, "transclusion"), { ...page, args });
}

/** The categories a rendered text links to (`[[Catégorie:X|clé]]` → "X"), sort keys dropped. */
function categoryLinks(rendered: string, namespaces: Namespaces): string[] {
  const categories: string[] = [];
  for (const link of rendered.matchAll(/\[\[([^[\]|]*)(?:\|[^[\]]*)?\]\]/g)) {
    const target = link[1] ?? "";
    if (target.trimStart().startsWith(":")) continue;
    const { ns, text } = namespaces.split(target);
    if (ns === NS_CATEGORY && text !== "" && !categories.includes(text)) categories.push(text);
  }
  return categories;
}

/** The categories a template adds to the page that calls it (names without the namespace prefix). */
export function templateCategories(
  templateSource: string,
  call: Pick<TemplateCall, "params">,
  context: { title: string; namespaces?: Namespaces },
): string[] {
  return categoryLinks(
    expandTemplateSource(templateSource, call, context),
    context.namespaces ?? defaultNamespaces,
  );
}

/** The categories written in the page itself (not inside template calls). */
export function pageCategories(text: string, context: { title: string; namespaces?: Namespaces }): string[] {
  const namespaces = context.namespaces ?? defaultNamespaces;
  return categoryLinks(expand(preprocess(text, "page"), pageFrame(context.title, namespaces)), namespaces);
}

// ---------------------------------------------------------------------------------------------------
// Redirects

/** `#REDIRECT` and the localized words of the most common wiki languages (the dump does not list them). */
export const REDIRECT_WORDS: readonly string[] = [
  "#REDIRECT",
  "#REDIRECTION",
  "#WEITERLEITUNG",
  "#REDIRECCIÓN",
  "#RINVIA",
  "#DOORVERWIJZING",
  "#REDIRECIONAMENTO",
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The target of a redirect page (`#REDIRECT [[Page#section]]`), or null for an ordinary page. */
export function redirectTarget(
  text: string,
  words: readonly string[] = REDIRECT_WORDS,
): { title: string; fragment: string | null } | null {
  const alternatives = words.map(escapeRegExp).join("|");
  const found = new RegExp(
    `^\\s*(?:${alternatives})\\s*:?\\s*\\[\\[([^\\]|]+)(?:\\|[^\\]]*)?\\]\\]`,
    "iu",
  ).exec(text);
  if (!found) return null;
  const target = found[1] ?? "";
  const hash = target.indexOf("#");
  if (hash < 0) return { title: spaced(target), fragment: null };
  return { title: spaced(target.slice(0, hash)), fragment: spaced(target.slice(hash + 1)) || null };
}

// ---------------------------------------------------------------------------------------------------
// Inline wikitext: links, quotes, entities, HTML tags

const ENTITIES: Record<string, string> = {
  nbsp: "\u00a0",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  laquo: "«",
  raquo: "»",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  bull: "•",
  middot: "·",
  copy: "©",
  reg: "®",
  trade: "™",
  euro: "€",
  deg: "°",
  times: "×",
  thinsp: "\u2009",
  ensp: "\u2002",
  emsp: "\u2003",
  shy: "\u00ad",
  zwj: "\u200d",
  zwnj: "\u200c",
};

function decodeEntity(entity: string): string | undefined {
  const body = entity.slice(1, -1);
  if (body.startsWith("#")) {
    const code = /^#x/i.test(body) ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
      ? String.fromCodePoint(code)
      : undefined;
  }
  return ENTITIES[body] ?? ENTITIES[body.toLowerCase()];
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/gi, (entity) => decodeEntity(entity) ?? entity);
}

/** HTML tags MediaWiki lets through; we keep their text. Others are shown as typed. */
const HTML_TAGS = new Set(
  (
    "abbr b bdi bdo big blockquote br caption center cite code data dd del dfn div dl dt em font h1 h2 h3 h4 h5 " +
    "h6 hr i ins kbd li mark ol p q rb rp rt rtc ruby s samp small span strike strong sub sup table td th time " +
    "tr tt u ul var wbr"
  ).split(" "),
);
const STYLE_TAGS: Record<string, "b" | "i"> = { b: "b", strong: "b", i: "i", em: "i" };
const URL_PROTOCOLS = "https?:\\/\\/|ftps?:\\/\\/|mailto:|\\/\\/|irc:\\/\\/|news:";
const URL_CHARS = '[^\\s\\]<>"\\[{}|\uE000-\uE0FF]';
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

interface InlineContext {
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

function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*[\]<|~]/g, "\\$&")
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
    .replace(/&(?=#?[a-z\d]+;)/gi, "\\&");
}

/** Escapes what would start a Markdown block at the beginning of a line of text. */
function escapeLineStart(line: string): string {
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
function placeMarks(text: string): string {
  let out = text.replace(/([\uE011\uE013]+)(\s+)/g, "$2$1").replace(/(\s+)([\uE012\uE014]+)/g, "$2$1");
  let previous = "";
  while (previous !== out) {
    previous = out;
    out = out.replace(/\uE011\uE012|\uE013\uE014/g, "");
  }
  return out.replace(/[\uE011\uE012]/g, "**").replace(/[\uE013\uE014]/g, "*");
}

/** One line (or a cell, a label) of wikitext as Markdown or plain text. */
function inline(text: string, context: InlineContext): string {
  return render(tokenize(text, context), context);
}

// ---------------------------------------------------------------------------------------------------
// Page text: extension tags set aside, templates removed

type Slot =
  | { kind: "literal"; text: string }
  | { kind: "block"; text: string }
  | { kind: "note"; number: number }
  | { kind: "references" };

const LITERAL_TAGS = new Set(["nowiki", "math", "chem", "ce", "hiero", "score", "timeline", "graph"]);
const BLOCK_TAGS = new Set(["pre", "source", "syntaxhighlight"]);
const DROPPED_TAGS = new Set(
  (
    "gallery templatedata templatestyles categorytree indicator section charinsert inputbox imagemap " +
    "mapframe maplink"
  ).split(" "),
);

function attribute(attributes: string, name: string): string | null {
  const found = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s/>]+))`, "i").exec(attributes);
  return found ? oneSpace(found[1] ?? found[2] ?? found[3] ?? "") : null;
}

class PageText {
  readonly slots: Slot[] = [];
  /** Footnotes in the order they were first cited, wikitext. */
  readonly notes: string[] = [];
  private readonly noteNumbers = new Map<string, number>();
  private readonly definitions = new Map<string, string>();
  referencesPlaced = false;
  private readonly frame: Frame;

  constructor(title: string, namespaces: Namespaces) {
    this.frame = pageFrame(title, namespaces, (node) => this.extension(node));
  }

  flatten(text: string): string {
    const nodes = preprocess(text, "page");
    this.collectDefinitions(nodes);
    return expand(nodes, this.frame);
  }

  private collectDefinitions(nodes: readonly WikiNode[]): void {
    for (const node of nodes) {
      if (typeof node === "string" || node.type !== "extension" || node.name !== "ref") continue;
      const name = attribute(node.attributes, "name");
      if (name && node.inner?.trim() && !this.definitions.has(name)) this.definitions.set(name, node.inner);
    }
  }

  private placeholder(slot: Slot, block = false): string {
    this.slots.push(slot);
    const mark = `\uE000${this.slots.length - 1}\uE001`;
    return block ? `\n${mark}\n` : mark;
  }

  private extension(node: ExtensionNode): string {
    const inner = node.inner ?? "";
    if (node.name === "ref") return this.note(node);
    if (node.name === "references") return this.placeholder({ kind: "references" }, true);
    if (node.name === "poem") return inner;
    if (BLOCK_TAGS.has(node.name))
      return this.placeholder({ kind: "block", text: decodeEntities(inner.replace(/^\n+|\s+$/g, "")) }, true);
    if (LITERAL_TAGS.has(node.name))
      return this.placeholder({ kind: "literal", text: decodeEntities(inner) });
    if (DROPPED_TAGS.has(node.name)) return "";
    return this.placeholder({ kind: "literal", text: inner });
  }

  private note(node: ExtensionNode): string {
    const name = attribute(node.attributes, "name");
    const known = name ? this.noteNumbers.get(name) : undefined;
    if (known !== undefined) return this.placeholder({ kind: "note", number: known });
    const content = name ? (this.definitions.get(name) ?? node.inner ?? "") : (node.inner ?? "");
    this.notes.push("");
    const number = this.notes.length;
    this.notes[number - 1] = oneSpace(expand(preprocess(content, "page"), this.frame));
    if (name) this.noteNumbers.set(name, number);
    return this.placeholder({ kind: "note", number });
  }

  noteList(context: InlineContext): string {
    return this.notes.map((note, k) => `${k + 1}. ${escapeLineStart(inline(note, context))}`).join("\n");
  }

  slotText(index: number, context: InlineContext): string {
    const slot = this.slots[index];
    if (!slot) return "";
    if (slot.kind === "note") return context.output === "plain" ? "" : `\\[${slot.number}\\]`;
    if (slot.kind === "references") return "";
    const text = slot.kind === "block" ? oneSpace(slot.text) : slot.text;
    return context.output === "plain" ? text : escapeMarkdown(text);
  }
}

// ---------------------------------------------------------------------------------------------------
// Blocks: headings, lists, tables, paragraphs

interface Block {
  kind: "paragraph" | "list" | "single";
  lines: string[];
}

interface TableCell {
  header: boolean;
  lines: string[];
}

const LIST_WIDTH: Record<string, number> = { "*": 2, "#": 3, ";": 2, ":": 2 };

class MarkdownWriter {
  private readonly blocks: Block[] = [];
  private current: Block | null = null;

  constructor(
    private readonly page: PageText,
    private readonly context: InlineContext,
  ) {}

  private line(kind: "paragraph" | "list", text: string): void {
    if (this.current?.kind !== kind) {
      this.current = { kind, lines: [] };
      this.blocks.push(this.current);
    }
    this.current.lines.push(text);
  }

  private single(text: string): void {
    if (text.trim() === "") return;
    this.blocks.push({ kind: "single", lines: [text] });
    this.current = null;
  }

  write(flat: string): string {
    const lines = flat.split("\n");
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k] ?? "";
      if (/^\s*\{\|/.test(line)) {
        const end = tableEnd(lines, k);
        this.table(lines.slice(k, end + 1));
        k = end;
      } else this.lineOf(line);
    }
    if (!this.page.referencesPlaced && this.page.notes.length > 0)
      this.single(this.page.noteList(this.context));
    return this.blocks
      .map((block) => block.lines.join("\n"))
      .filter((text) => text.trim() !== "")
      .join("\n\n");
  }

  /** Headings, lists and rules start at the line's first column; a line led by spaces is text. */
  private lineOf(raw: string): void {
    const line = raw.trimEnd();
    const slot = /^\s*\uE000(\d+)\uE001$/.exec(line);
    if (line.trim() === "") this.current = null;
    else if (slot) this.blockSlot(Number(slot[1]));
    else if (/^=+[^=].*=$|^==+$/.test(line) && line.length > 2) this.heading(line);
    else if (/^----/.test(line)) {
      this.single("---");
      this.paragraph(line.replace(/^-+/, ""));
    } else if (/^[*#:;]/.test(line)) this.listItem(line);
    else this.paragraph(line.trim());
  }

  private paragraph(text: string): void {
    const rendered = inline(text, this.context);
    if (rendered.trim() === "") return;
    for (const part of rendered.split("\n")) this.line("paragraph", escapeLineStart(part.trim()));
  }

  private blockSlot(index: number): void {
    const slot = this.page.slots[index];
    if (slot?.kind === "references") {
      this.page.referencesPlaced = true;
      if (this.page.notes.length > 0) this.single(this.page.noteList(this.context));
    } else if (slot?.kind === "block") {
      const fence = slot.text.includes("```") ? "~~~~" : "```";
      this.single(`${fence}\n${slot.text}\n${fence}`);
    } else this.paragraph(`\uE000${index}\uE001`);
  }

  private heading(line: string): void {
    const sides = Math.min(/^=+/.exec(line)?.[0].length ?? 1, /=+$/.exec(line)?.[0].length ?? 1);
    const level = Math.min(sides, Math.floor((line.length - 1) / 2), 6);
    const text = inline(line.slice(level, line.length - level).trim(), { ...this.context, cell: true });
    if (text.trim() === "") return;
    this.single(
      `${"#".repeat(level)} ${text.replace(/\s(#+)$/, (_, hashes: string) => ` ${"\\#".repeat(hashes.length)}`)}`,
    );
  }

  private listItem(line: string): void {
    const prefix = /^[*#:;]+/.exec(line)?.[0] ?? "";
    let content = line.slice(prefix.length).trim();
    const last = prefix.at(-1) ?? "*";
    if (/^:+$/.test(prefix)) {
      const text = escapeLineStart(inline(content, { ...this.context, cell: true }));
      if (text.trim() !== "") this.single(`${"> ".repeat(prefix.length)}${text}`);
      return;
    }
    let definition = "";
    if (last === ";") {
      const colon = termColon(content);
      if (colon >= 0) {
        definition = content.slice(colon + 1).trim();
        content = content.slice(0, colon).trim();
      }
    }
    const indent = [...prefix.slice(0, -1)].reduce((width, c) => width + (LIST_WIDTH[c] ?? 2), 0);
    const text = escapeLineStart(inline(content, { ...this.context, cell: true }));
    const marker = last === "#" ? "1. " : last === ":" ? "" : "- ";
    const body =
      last === ";"
        ? `\uE011${text}\uE012${definition ? ` : ${inline(definition, { ...this.context, cell: true })}` : ""}`
        : text;
    this.line("list", `${" ".repeat(indent)}${marker}${placeMarks(body)}`);
  }

  private table(lines: string[]): void {
    this.current = null;
    const table = parseTable(lines);
    const cellContext = { ...this.context, cell: true };
    if (table.caption) this.single(`**${inline(table.caption, cellContext).trim()}**`);
    if (table.rows.length === 0) return;
    if (table.complex) {
      for (const row of table.rows) {
        const cells = row
          .map((cell) => inline(cell.lines.join(" ").trim(), cellContext))
          .filter((c) => c !== "");
        if (cells.length > 0) this.line("list", `- ${escapeLineStart(cells.join(" — "))}`);
      }
      this.current = null;
      return;
    }
    this.single(markdownTable(table.rows, cellContext));
  }
}

function termColon(content: string): number {
  let depth = 0;
  for (let i = 0; i < content.length; i++) {
    if (content.startsWith("[[", i)) depth++;
    else if (content.startsWith("]]", i)) depth--;
    else if (content[i] === ":" && depth === 0 && !content.startsWith("//", i + 1)) return i;
  }
  return -1;
}

function tableEnd(lines: readonly string[], from: number): number {
  let depth = 0;
  for (let k = from; k < lines.length; k++) {
    const line = (lines[k] ?? "").trim();
    if (line.startsWith("{|")) depth++;
    else if (line.startsWith("|}")) depth--;
    if (depth === 0) return k;
  }
  return lines.length - 1;
}

/** Splits on a separator outside `[[…]]`. */
function splitOutsideLinks(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("[[", i)) {
      depth++;
      i++;
      continue;
    }
    if (text.startsWith("]]", i)) {
      depth = Math.max(0, depth - 1);
      i++;
      continue;
    }
    separator.lastIndex = i;
    const found = depth === 0 ? separator.exec(text) : null;
    if (found && found.index === i) {
      parts.push(text.slice(start, i));
      start = i + found[0].length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A cell's content without its attributes (`style="…" | content`), and whether they span. */
function cellContent(cell: string): { text: string; spans: boolean } {
  const parts = splitOutsideLinks(cell, /\|(?!\|)/y);
  if (parts.length < 2) return { text: cell, spans: false };
  const attributes = parts[0] ?? "";
  return { text: parts.slice(1).join("|"), spans: /\b(rowspan|colspan)\s*=/i.test(attributes) };
}

function parseTable(lines: readonly string[]): { caption: string; rows: TableCell[][]; complex: boolean } {
  const rows: TableCell[][] = [[]];
  const row = () => rows.at(-1) as TableCell[];
  let caption = "";
  let complex = false;
  let inCaption = false;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (line.startsWith("|}")) break;
    if (line.startsWith("{|")) complex = true;
    else if (line.startsWith("|+")) {
      caption = cellContent(line.slice(2)).text.trim();
      inCaption = true;
    } else if (line.startsWith("|-")) {
      rows.push([]);
      inCaption = false;
    } else if (line.startsWith("!") || line.startsWith("|")) {
      const header = line.startsWith("!");
      for (const cell of splitOutsideLinks(line.slice(1), header ? /\|\||!!/y : /\|\|/y)) {
        const content = cellContent(cell);
        complex ||= content.spans;
        row().push({ header, lines: [content.text.trim()] });
      }
      inCaption = false;
    } else if (line !== "") {
      complex ||= /^[*#:;]/.test(line);
      const cell = row().at(-1);
      if (cell) cell.lines.push(line);
      else if (inCaption) caption += ` ${line}`;
      else row().push({ header: false, lines: [line] });
    }
  }
  return { caption, rows: rows.filter((r) => r.length > 0), complex };
}

function markdownTable(rows: TableCell[][], context: InlineContext): string {
  const width = Math.max(...rows.map((r) => r.length));
  const text = (cell: TableCell | undefined, bold: boolean) => {
    const content = cell ? inline(cell.lines.join(" ").trim(), context).replace(/\n/g, " ").trim() : "";
    return bold && content !== "" ? placeMarks(`\uE011${content}\uE012`) : content;
  };
  const first = rows[0] as TableCell[];
  const hasHeader = first.every((cell) => cell.header);
  const body = hasHeader ? rows.slice(1) : rows;
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const columns = Array.from({ length: width }, (_, k) => k);
  return [
    line(columns.map((k) => (hasHeader ? text(first[k], false) : ""))),
    line(columns.map(() => "---")),
    ...body.map((row) => line(columns.map((k) => text(row[k], row[k]?.header === true)))),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Entry points

export interface WikitextOptions {
  namespaces?: Namespaces;
  /** The wiki's article root ("https://wiki.example/wiki"): internal links become links to its pages. */
  articleRoot?: string;
  /** The page's own title, for `{{PAGENAME}}`. */
  title?: string;
}

/** Characters we use as markers inside the text are not allowed in, like MediaWiki's strip markers. */
function guarded(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/[\uE000-\uE0FF]/g, "\uFFFD");
}

/** A page's wikitext as Markdown (markdown-it, no HTML): templates, categories and comments removed. */
export function wikitextToMarkdown(text: string, options: WikitextOptions = {}): string {
  const namespaces = options.namespaces ?? defaultNamespaces;
  const page = new PageText(options.title ?? "", namespaces);
  const flat = page.flatten(guarded(text));
  const context: InlineContext = {
    output: "markdown",
    namespaces,
    ...(options.articleRoot ? { articleRoot: options.articleRoot } : {}),
    slot: (index, at) => page.slotText(index, at),
  };
  return new MarkdownWriter(page, context).write(flat);
}

/** A parameter value as one line of visible text: links become their labels, markup goes. */
export function wikitextToPlain(text: string, options: WikitextOptions = {}): string {
  const namespaces = options.namespaces ?? defaultNamespaces;
  const page = new PageText(options.title ?? "", namespaces);
  const flat = page.flatten(guarded(text));
  const context: InlineContext = {
    output: "plain",
    namespaces,
    slot: (index, at) => page.slotText(index, at),
  };
  return oneSpace(
    flat
      .split("\n")
      .map((line) => inline(line.replace(/^[*#:;]+/, "").trim(), context))
      .join(" "),
  );
}

/** The URL a parameter value gives: `[url label]`, a bare URL, or a bare domain ("exemple.org"). */
export function wikitextUrl(text: string, options: WikitextOptions = {}): string {
  const namespaces = options.namespaces ?? defaultNamespaces;
  const flat = new PageText(options.title ?? "", namespaces).flatten(guarded(text));
  const external = new RegExp(`\\[((?:${URL_PROTOCOLS})${URL_CHARS}+)`, "i").exec(flat);
  if (external?.[1]) return external[1].startsWith("//") ? `https:${external[1]}` : external[1];
  const bare = new RegExp(`(?:https?|ftps?):\\/\\/${URL_CHARS}+`, "i").exec(flat);

  if (bare) return bare[0].replace(/[.,;:!?'"]+$/, "");
  const plain = oneSpace(decodeEntities(flat));
  return /^(?:www\.)?[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.[a-z]{2,}(?:\/\S*)?$/iu.test(plain)
    ? `https://${plain}`
    : "";
}
