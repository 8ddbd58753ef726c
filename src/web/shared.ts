/**
 * Parts of a page that are the same for everyone allowed the same things (a page of the directory, the
 * records carrying a tag) are rendered once and kept with the data they show, so that a signed-in
 * reader does not pay for fifty cards on every request. Such a part is rendered with a context that
 * has no person and no CSRF token: a view that reaches for either fails there, in tests, instead of
 * showing one person's name or form token to another. Forms stay in the part rendered per request.
 */
import type { JSX, VNode } from "preact";
import { jsxTemplate } from "preact/jsx-runtime";
import { render } from "preact-render-to-string";
import type { Memo } from "../core/memo.ts";
import type { PageContext } from "./page.ts";

function unavailable(what: string): never {
  throw new Error(`${what} is not available in a shared part of a page: render it per request`);
}

/** What a shared part may look at: the language and the instance, nothing about who asks. */
export function sharedContext(ctx: PageContext): PageContext {
  return {
    lang: ctx.lang,
    t: ctx.t,
    instanceName: ctx.instanceName,
    flash: undefined,
    get person(): undefined {
      return unavailable("The signed-in person");
    },
    get csrfToken(): string {
      return unavailable("A CSRF token");
    },
  };
}

/**
 * A part of the page rendered once for everyone who asks with the same `key` (which must name all the
 * view depends on besides the language) and kept by `remember`.
 */
export async function sharedPart(
  remember: Memo["remember"],
  key: unknown[],
  ctx: PageContext,
  part: (shared: PageContext) => JSX.Element | Promise<JSX.Element>,
): Promise<VNode> {
  const html = await remember(JSON.stringify(["html", ctx.lang, ...key]), async () =>
    render(await part(sharedContext(ctx))),
  );
  // The template form of a fragment is how Preact's precompiled JSX puts markup in as it is: the
  // markup was escaped when the part was rendered.
  return jsxTemplate([html]);
}
