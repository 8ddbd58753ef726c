import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { h } from "preact";
import { render } from "preact-render-to-string";
import { createMemo } from "../core/memo.ts";
import { pageContext } from "./page.ts";
import { sharedContext, sharedPart } from "./shared.ts";

const person = { id: "p1", email: "a@example.org", displayName: "Alice", isAdmin: false, language: "fr" };

function context() {
  return pageContext({
    lang: "fr",
    person: person as never,
    csrfToken: () => "jeton-d-alice",
    flash: undefined,
    instanceName: "Communs",
  });
}

describe("shared parts of a page", () => {
  it("renders a part once per key and language, and puts its markup back as it is", async () => {
    const memo = createMemo(10, 60_000, () => 0);
    let rendered = 0;
    const part = () => {
      rendered += 1;
      return h("p", { class: "cards" }, "Jardin <partagé> & co");
    };
    const first = await sharedPart(memo.remember, ["liste", 1], context(), part);
    const again = await sharedPart(memo.remember, ["liste", 1], context(), part);
    await sharedPart(memo.remember, ["liste", 2], context(), part);
    assert.equal(rendered, 2);
    const page = render(h("main", null, first, again));
    assert.equal(
      page,
      '<main><p class="cards">Jardin &lt;partagé> &amp; co</p><p class="cards">Jardin &lt;partagé> &amp; co</p></main>',
    );
  });

  it("refuses to put a person's name or CSRF token in what others will see", () => {
    const shared = sharedContext(context());
    assert.equal(shared.t("nav.home"), context().t("nav.home"));
    assert.throws(() => shared.csrfToken, /CSRF token is not available in a shared part/);
    assert.throws(() => shared.person, /signed-in person is not available in a shared part/);
  });
});
