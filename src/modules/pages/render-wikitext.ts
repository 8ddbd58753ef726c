/**
 * Wikitext → HTML with wikiparser-node: the templates and transcluded pages are fetched from the wiki
 * (in batches, nested ones level by level) and expanded by the library, which also evaluates the
 * ParserFunctions and magic words; Cite's notes, DEFAULTSORT and the file addresses are hooks; links,
 * headings and safety are finished in render-html.ts.
 */
import Parser, { type Config } from "wikiparser-node";
import { redirectTarget } from "../../core/wikitext/redirects.ts";
import { spaced } from "../../core/wikitext/titles.ts";
import { Citations } from "./render-cite.ts";
import { FILE_MARK, parserConfig } from "./render-config.ts";
import { finishHtml } from "./render-html.ts";
import { keyOf, type RenderContext, type Rendered, type TitleKey } from "./render-types.ts";

/** How deep templates may call templates before the rest is left unexpanded. */
const MAX_DEPTH = 12;
/** wikiparser-node's stage that finds templates (its `stages.template`): the later ones are not needed. */
const TEMPLATE_STAGE = 2;
/** How many distinct templates one page may pull. */
const MAX_TEMPLATES = 400;

/** The library's nodes, as much of them as this file reads (its types declare less than it has). */
interface Node {
  type: string;
  name?: string;
  selfClosing?: boolean;
  childNodes: Node[];
  lastChild?: Node;
  link?: LibTitle;
  value?: string;
  getAttr?(name: string): string | true | undefined;
  getAttribute?(name: string): unknown;
  toHtmlInternal?(opt?: object): string;
  querySelectorAll(selector: string): Node[];
  getCategories(): [string, string | undefined][];
}

interface LibTitle {
  ns: number;
  title: string;
  main: string;
  fragment?: string;
  interwiki: string;
  valid: boolean;
}

/** What one expansion saw; the hooks write into the pass under way (rendering is synchronous). */
interface Pass {
  lookups: Set<string>;
  defaultSort: string | null;
  cite: Citations;
  links: TitleKey[];
  files: string[];
  categories: [string, string | undefined][];
  switches: Set<string>;
  html: string;
}

let pass: Pass | null = null;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  Parser.warning = false;
  // Trees this renderer reads and never edits: the library builds them much faster so.
  Parser.viewOnly = true;
  Parser.setFunctionHook("defaultsort", (token) => {
    const arg = (token as unknown as Node).childNodes[1]?.value;
    if (pass && arg !== undefined && arg.trim() !== "") pass.defaultSort = arg.trim();
    return "";
  });
  Parser.setHook("ref", (token) => {
    const node = token as unknown as Node;
    if (!pass) return "";
    const name = attr(node, "name");
    const inner = node.selfClosing ? "" : (node.lastChild?.toHtmlInternal?.({ nowrap: true }) ?? "");
    return pass.cite.ref(attr(node, "group") ?? "", name, inner);
  });
  Parser.setHook("references", (token) => {
    const node = token as unknown as Node;
    if (!pass) return "";
    if (!node.selfClosing) node.lastChild?.toHtmlInternal?.({ nowrap: true });
    return pass.cite.references(attr(node, "group") ?? "");
  });
  // An image's bytes are at the address the context gives: the library's own URL is replaced.
  const titlePrototype = Object.getPrototypeOf(Parser.normalizeTitle("File:X.png", 6)) as {
    getFileUrl(): string;
  };
  titlePrototype.getFileUrl = function (this: LibTitle) {
    return FILE_MARK + encodeURIComponent(spaced(this.main));
  };
  // Every template the expansion asks for is recorded, found or not: the pages to fetch and the
  // templates used.
  const templates = Parser.templates;
  const has = templates.has.bind(templates);
  templates.has = (key: string) => {
    pass?.lookups.add(key);
    return has(key);
  };
}

/**
 * Runs the library synchronously with `process.memoryUsage()` measured every 500 calls only: its parser
 * checks the heap at every brace, and that call costs a tenth of a render. The guard against runaway
 * input stays, a little late; nothing else runs meanwhile, and the original comes back.
 */
function quickly<T>(run: () => T): T {
  const original = process.memoryUsage;
  let measured = original();
  let calls = 0;
  const cheap = Object.assign(
    () => {
      if (++calls % 500 === 0) measured = original();
      return measured;
    },
    { rss: original.rss },
  );
  process.memoryUsage = cheap;
  try {
    return run();
  } finally {
    process.memoryUsage = original;
  }
}

function attr(node: Node, name: string): string | null {
  const value = node.getAttr?.(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** The library's title key (`Modèle:Fiche_commun`) of a full title. */
function libraryKey(title: string, config: Config, defaultNs = 0): string {
  return Parser.normalizeTitle(title, defaultNs, true, config).title;
}

function fullTitle(ctx: RenderContext, key: TitleKey): string {
  const prefix = ctx.namespaces.name(key.ns);
  return prefix === "" ? key.title : `${prefix}:${key.title}`;
}

function toKey(ctx: RenderContext, title: string): TitleKey {
  const { ns, text } = ctx.namespaces.split(title);
  return { ns, title: text };
}

/** The templates a text calls by a fixed name (`{{Fiche commun}}`, `{{:Page}}`). */
function calledTemplates(text: string, config: Config, include: boolean, page: string): string[] {
  const root = quickly(() => Parser.parse(text, include, TEMPLATE_STAGE, config, page)) as unknown as Node;
  return root.querySelectorAll("template").flatMap((t) => (t.name ? [t.name] : []));
}

/**
 * Fetches the sources of these library keys and of the templates they call, level by level. `known`
 * maps each key to its text, or null when the wiki has no such page; redirects are followed.
 */
async function fetchTemplates(
  names: Iterable<string>,
  known: Map<string, string | null>,
  ctx: RenderContext,
  config: Config,
  page: string,
  used: Set<string>,
  aliases: Map<string, string>,
): Promise<void> {
  let batch = [...new Set(names)].filter((name) => !known.has(name));
  for (let depth = 0; batch.length > 0 && depth < MAX_DEPTH && known.size < MAX_TEMPLATES; depth++) {
    batch = batch.slice(0, MAX_TEMPLATES - known.size);
    const keys = batch.map((name) => toKey(ctx, name.replace(/_/g, " ")));
    const found = await ctx.sources(keys);
    const next: string[] = [];
    batch.forEach((name, i) => {
      const source = found.get(keyOf(keys[i] as TitleKey));
      known.set(name, source?.text ?? null);
      if (!source) return;
      const target = redirectTarget(source.text);
      if (target) {
        // A redirected template is transcluded through its target, and uses both.
        const targetName = libraryKey(target.title, config);
        used.add(targetName);
        aliases.set(name, targetName);
        if (!known.has(targetName)) next.push(targetName);
        return;
      }
      for (const called of calledTemplates(source.text, config, true, page)) {
        if (!known.has(called)) next.push(called);
      }
    });
    batch = [...new Set(next)];
  }
}

function expandOnce(
  text: string,
  config: Config,
  page: string,
  known: Map<string, string | null>,
  aliases: Map<string, string>,
): Pass {
  const current: Pass = {
    lookups: new Set(),
    defaultSort: null,
    cite: new Citations(),
    links: [],
    files: [],
    categories: [],
    switches: new Set(),
    html: "",
  };
  const templates = Parser.templates;
  templates.clear();
  for (const [name, source] of known) {
    let resolved = source;
    for (let hops = 0, alias = aliases.get(name); alias !== undefined && hops < 5; hops++) {
      resolved = known.get(alias) ?? null;
      alias = aliases.get(alias);
    }
    if (resolved !== null) Map.prototype.set.call(templates, name, resolved);
  }
  pass = current;
  try {
    // toHtml parses the text again after expanding it: this first parse need not go further.
    const root = quickly(() => Parser.parse(text, false, TEMPLATE_STAGE, config, page));
    root.addEventListener("expand", (_event: unknown, data: { token: Node }) => collect(data.token, current));
    const html = quickly(() => root.toHtml());
    current.html = withoutCategoryBox(html, current.categories.length > 0) + current.cite.rest();
  } finally {
    pass = null;
    templates.clear();
  }
  return current;
}

/** The library lists the categories at the end of its HTML; the wiki's pages show them their own way. */
function withoutCategoryBox(html: string, hasCategories: boolean): string {
  const box = html.lastIndexOf('\n<div id="catlinks" class="catlinks">');
  return hasCategories && box >= 0 ? html.slice(0, box) : html;
}

/** What the expanded page links to, shows and is filed under, before the library renders it. */
function collect(expanded: Node, into: Pass): void {
  for (const link of expanded.querySelectorAll("link")) {
    const title = link.link;
    if (!title?.valid || title.interwiki !== "" || title.main === "" || title.ns < 0) continue;
    into.links.push({ ns: title.ns, title: title.title });
  }
  for (const file of expanded.querySelectorAll("file, gallery-image")) {
    const title = file.getAttribute?.("title") as LibTitle | undefined;
    if (title?.valid && title.ns === 6) into.files.push(spaced(title.main));
  }
  into.categories = expanded.getCategories();
  for (const word of expanded.querySelectorAll("double-underscore")) {
    if (word.name) into.switches.add(word.name.toLowerCase());
  }
}

export async function renderWikitext(text: string, ctx: RenderContext): Promise<Rendered> {
  install();
  const config = parserConfig(ctx.namespaces);
  const page = fullTitle(ctx, ctx.page);
  const self = keyOf(ctx.page);
  const known = new Map<string, string | null>();
  const used = new Set<string>();
  const aliases = new Map<string, string>();

  await fetchTemplates(calledTemplates(text, config, false, page), known, ctx, config, page, used, aliases);
  let result = expandOnce(text, config, page, known, aliases);
  // Names built by the expansion itself ({{ {{{type}}} }}) are only known once it has run.
  for (let round = 0; round < MAX_DEPTH; round++) {
    const unknown = [...result.lookups].filter((name) => !known.has(name));
    if (unknown.length === 0 || known.size >= MAX_TEMPLATES) break;
    await fetchTemplates(unknown, known, ctx, config, page, used, aliases);
    result = expandOnce(text, config, page, known, aliases);
  }
  for (const name of result.lookups) used.add(name);

  const links = new Map<string, TitleKey>();
  for (const link of result.links) {
    const key = toKey(ctx, link.title.replace(/_/g, " "));
    if (keyOf(key) !== self) links.set(keyOf(key), key);
  }
  for (const file of result.files) {
    const key = { ns: 6, title: toKey(ctx, `File:${file}`).title };
    links.set(keyOf(key), key);
  }
  const redirect = redirectTarget(text);
  let redirectKey: (TitleKey & { fragment: string | null }) | null = null;
  if (redirect) {
    const key = toKey(ctx, redirect.title);
    redirectKey = { ...key, fragment: redirect.fragment };
    links.set(keyOf(key), key);
  }

  const categories = new Map<string, { name: string; sortKey: string }>();
  for (const [name, sortKey] of result.categories) {
    const category = toKey(ctx, name.replace(/_/g, " ")).title;
    if (!categories.has(category)) {
      categories.set(category, { name: category, sortKey: sortKey?.trim() || result.defaultSort || "" });
    }
  }

  const { html, headings, targets, plainText } = await finishHtml(result.html, ctx, {
    toc: !result.switches.has("notoc") && (result.switches.has("forcetoc") || result.switches.has("toc")),
    autoToc: !result.switches.has("notoc"),
  });
  // Links found only in the HTML (none expected) still count, so the red links and the table agree.
  for (const target of targets) if (keyOf(target) !== self) links.set(keyOf(target), target);

  const templates = new Map<string, TitleKey>();
  for (const name of used) {
    const key = toKey(ctx, name.replace(/_/g, " "));
    if (keyOf(key) !== self) templates.set(keyOf(key), key);
  }

  return {
    html,
    links: [...links.values()],
    categories: [...categories.values()],
    templates: [...templates.values()],
    headings,
    redirect: redirectKey,
    defaultSort: result.defaultSort,
    plainText,
  };
}
