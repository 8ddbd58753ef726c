/**
 * A revision's text as the wiki shows it: wikitext (imported from MediaWiki) through wikiparser-node,
 * Markdown (written here) through markdown-it, both giving the same `Rendered` (see render-types.ts).
 */
import { renderMarkdownPage } from "./render-markdown.ts";
import type { RenderContext, Rendered } from "./render-types.ts";
import { renderWikitext } from "./render-wikitext.ts";

export { templateCalls } from "./template-calls.ts";

export function renderRevision(
  text: string,
  format: "wikitext" | "markdown",
  ctx: RenderContext,
): Promise<Rendered> {
  return format === "markdown" ? renderMarkdownPage(text, ctx) : renderWikitext(text, ctx);
}
