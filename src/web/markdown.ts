import MarkdownIt from "markdown-it";

/**
 * Markdown written by people, as HTML that is safe to insert: raw HTML is not allowed (it is shown as
 * text), and markdown-it refuses javascript:, vbscript: and data: links other than images.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

// Links written by others open normally but tell search engines not to vouch for them.
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet("rel", "nofollow ugc");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
