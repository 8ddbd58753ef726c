import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { renderMarkdown } from "./markdown.ts";

test("Markdown renders headings, lists and links, and shows raw HTML as text", () => {
  const html = renderMarkdown(
    "## Jardin\n\n- un\n- deux\n\n[site](https://jardin.example) <script>alert(1)</script>",
  );
  assert.match(html, /<h2>Jardin<\/h2>/);
  assert.match(html, /<li>un<\/li>/);
  assert.match(html, /<a href="https:\/\/jardin.example" rel="nofollow ugc">site<\/a>/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test("Markdown refuses javascript: links", () => {
  const html = renderMarkdown("[clic](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)");
  assert.doesNotMatch(html, /href="javascript:/);
  assert.doesNotMatch(html, /href="data:/);
});

test("no Markdown input produces a tag that runs script", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (source) => {
      const html = renderMarkdown(source);
      assert.doesNotMatch(html, /<(script|iframe|img[^>]+onerror|svg)/i);
      assert.doesNotMatch(html, /href="\s*javascript:/i);
    }),
  );
});
