/**
 * What rendering a revision needs and gives: the page's text (wikitext imported from MediaWiki, or
 * Markdown written here) becomes HTML, and the links, categories, templates and headings the wiki's
 * tables keep. The resolvers are asked in batches so that a page costs a few queries, not one per link.
 */
import type { Namespaces } from "../../core/wikitext/titles.ts";
import type { RevisionFormat } from "../../db/schema.ts";

/** A title split as the tables keep it: its namespace number and its text without the prefix. */
export interface TitleKey {
  ns: number;
  title: string;
}

export interface RenderContext {
  namespaces: Namespaces;
  /** The page rendered (for {{PAGENAME}}, relative links, self-links). */
  page: TitleKey;
  /** The latest text (and format) of each page asked for that exists: templates and transclusions. */
  sources(keys: TitleKey[]): Promise<Map<string, { text: string; format: RevisionFormat }>>;
  /** Which of these pages exist (the others are red links). Keys are `${ns}:${title}`. */
  existing(keys: TitleKey[]): Promise<Set<string>>;
  /** A page's address (the URL builders' wikiPage under the space's root). */
  href(key: TitleKey, fragment?: string | null): string;
  /** Where a missing page is created (Spécial:Modifier/Title). */
  editHref(key: TitleKey): string;
  /** An uploaded file's bytes, or null when the wiki has no such file. */
  fileHref(name: string): Promise<string | null>;
}

export interface Heading {
  level: number;
  /** As shown, without markup. */
  line: string;
  /** MediaWiki's anchor (`14h05_:_Ateliers`), for `#section` links and redirects. */
  anchor: string;
}

export interface Rendered {
  html: string;
  /** Internal link targets (not categories, files shown inline count as links to File:). */
  links: TitleKey[];
  /** Categories, those added by templates and transclusions included, with their sort keys. */
  categories: { name: string; sortKey: string }[];
  /** Templates and transcluded pages used, missing ones included. */
  templates: TitleKey[];
  headings: Heading[];
  redirect: (TitleKey & { fragment: string | null }) | null;
  /** DEFAULTSORT / CLEDETRI, when set. */
  defaultSort: string | null;
  /** The words a reader sees, for full-text search. */
  plainText: string;
}

/** `${ns}:${title}`: how TitleKey sets and maps are keyed. */
export function keyOf(key: TitleKey): string {
  return `${key.ns}:${key.title}`;
}
