/**
 * Just enough of MediaWiki's wikitext to import a wiki: template calls (as MediaWiki's preprocessor
 * splits them), the categories a template adds for one call, Markdown for a page's text and plain text
 * for an infobox value. Pure functions; the site's namespace names come from the dump's siteinfo.
 */

import { MarkdownWriter } from "./wikitext/blocks.ts";
import { decodeEntities } from "./wikitext/entities.ts";
import { type InlineContext, inline, URL_CHARS, URL_PROTOCOLS } from "./wikitext/inline.ts";
import { PageText } from "./wikitext/page-text.ts";
import { defaultNamespaces, type Namespaces, oneSpace } from "./wikitext/titles.ts";

export { callsOf, parseTemplateCalls, type TemplateCall, withoutCalls } from "./wikitext/calls.ts";
export { expandTemplateSource, pageCategories, templateCategories } from "./wikitext/expand.ts";
export { preprocess, type WikiNode } from "./wikitext/preprocess.ts";
export { REDIRECT_WORDS, redirectTarget } from "./wikitext/redirects.ts";
export {
  Namespaces,
  NS_CATEGORY,
  NS_FILE,
  NS_MAIN,
  NS_TEMPLATE,
  pageUrl,
  templateKey,
} from "./wikitext/titles.ts";

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
