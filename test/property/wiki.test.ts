// Property tests for the wiki's ways in: the edit and move forms (random, oversized, missing and
// Unicode-weird fields and titles, as a form or as JSON), any address under the wiki, and the API's
// create and edit (random JSON bodies). The answer is never a 5xx; a refusal is a French 4xx and writes
// nothing; a saved edit writes one whole revision whose sha1 and size are its text's.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { parseTitle, revisionSha1, revisionSize } from "../../src/core/wiki.ts";
import { useApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { buildAssembly, buildMember, buildToken, signIn } from "../helpers/factories.ts";
import {
  assertApiRefusal,
  assertFrenchRefusal,
  type Browser,
  browserOf,
  countRows,
  encode,
  encodings,
  formValue,
  jsonJunk,
  postAs,
  RUNS,
  snapshot,
  weirdString,
} from "../helpers/fuzz.ts";

const titles = fc.oneof(
  fc.constantFrom(
    "Accueil",
    "Catégorie:Jardins",
    "a[b]",
    "Spécial:Recherche",
    "",
    " ",
    "%E9",
    "x".repeat(300),
    "Page/Sous-page",
  ),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
);

for (const dialect of testDialects()) {
  describe(`the wiki's forms, addresses and API under random input [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let slug = "";
    let browser: Browser;
    let token = "";

    before(async () => {
      const assembly = await buildAssembly(h.app, { name: "Assemblée aléatoire" });
      slug = assembly.slug;
      const member = await buildMember(h.app, assembly, "member", { name: "Ada" });
      browser = await browserOf(
        await signIn(h, member),
        `/espaces/${slug}/wiki/Sp%C3%A9cial:Modifier/Accueil`,
      );
      token = await buildToken(h.app, member);
      await h.app.communs.pages.save(member, slug, "Accueil", {
        text: "Bienvenue.",
        comment: "",
        minor: false,
      });
    });

    it("saves an edit form whole or refuses it in French, writing nothing", async () => {
      await fc.assert(
        fc.asyncProperty(
          titles,
          formValue(weirdString),
          formValue(weirdString),
          formValue(fc.constantFrom("", "1", "x", "99999999")),
          encodings,
          async (title, text, comment, base, encoding) => {
            const body = encode({ text, comment, base }, browser.csrf, encoding);
            const url = `/espaces/${slug}/wiki/Sp%C3%A9cial:Modifier/${encodeURIComponent(title)}`;
            const before = await countRows(h.db, "wiki_revisions");
            const state = await snapshot(h.db);
            const answer = await postAs(h, browser, url, body);
            assert.ok(answer.statusCode < 500, `${answer.statusCode} ${answer.body.slice(0, 300)}`);
            if (answer.statusCode === 303) {
              const key = parseTitle(title);
              assert.ok(key, `saved under a title that names no page: ${title}`);
              const after = await countRows(h.db, "wiki_revisions");
              assert.ok(after - before <= 1, "one revision at most");
              const latest = await h.db.kysely
                .selectFrom("wiki_revisions")
                .selectAll()
                .orderBy("number", "desc")
                .executeTakeFirstOrThrow();
              assert.equal(latest.sha1, revisionSha1(latest.text));
              assert.equal(latest.size, revisionSize(latest.text));
              return;
            }
            if (answer.statusCode === 409) return; // an edit conflict: both texts given back, nothing written
            assertFrenchRefusal(answer, url);
            assert.deepEqual(await snapshot(h.db), state, "a refused edit writes nothing");
          },
        ),
        { numRuns: RUNS },
      );
    });

    it("answers any address under the wiki without a 5xx", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            titles,
            fc.constantFrom(
              "Sp%C3%A9cial:Version/abc",
              "Sp%C3%A9cial:Diff/1/x",
              "Special:Nothing",
              "Sp%C3%A9cial:Historique/",
              "Sp%C3%A9cial:FilePath/..%2F..%2Fetc",
            ),
          ),
          fc.constantFrom("", "?action=history", "?oldid=zz", "?diff=prev&oldid=1", "?apres=%00"),
          async (path, query) => {
            const answer = await h.app.inject({
              url: `/espaces/${slug}/wiki/${encodeURIComponent(path).replace(/%2F/g, "/")}${query}`,
            });
            assert.ok(
              answer.statusCode < 500,
              `${path}${query} → ${answer.statusCode} ${answer.body.slice(0, 300)}`,
            );
          },
        ),
        { numRuns: RUNS },
      );
    });

    it("creates and edits through the API or refuses in French, writing nothing", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            jsonJunk,
            fc.record(
              {
                title: fc.oneof(titles, jsonJunk),
                text: fc.oneof(weirdString, jsonJunk),
                baseRevision: fc.oneof(fc.integer(), jsonJunk),
              },
              { requiredKeys: [] },
            ),
          ),
          fc.constantFrom("POST", "PUT"),
          async (payload, method) => {
            const state = await snapshot(h.db);
            const answer = await h.app.inject({
              method: method as "POST" | "PUT",
              url: `/api/v1/spaces/${slug}/pages${method === "PUT" ? "?title=Accueil" : ""}`,
              headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
              payload: JSON.stringify(payload),
            });
            assert.ok(answer.statusCode < 500, `${answer.statusCode} ${answer.body.slice(0, 300)}`);
            if (answer.statusCode >= 400) {
              assertApiRefusal(answer, method);
              assert.deepEqual(await snapshot(h.db), state, "a refused call writes nothing");
            }
          },
        ),
        { numRuns: RUNS },
      );
    });
  });
}
