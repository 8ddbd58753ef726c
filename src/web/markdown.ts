import MarkdownIt from "markdown-it";

/**
 * Markdown written by people, as HTML that is safe to insert: raw HTML is not allowed (it is shown as
 * text), and markdown-it refuses javascript:, vbscript: and data: links other than images.
 * `rel` is what links written by others tell the browser and search engines.
 */
export function createMarkdown(rel = "nofollow ugc"): ReturnType<typeof MarkdownIt> {
  const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
  const defaultLinkOpen =
    markdown.renderer.rules.link_open ??
    ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]?.attrSet("rel", rel);
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return markdown;
}

const markdown = createMarkdown();

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
