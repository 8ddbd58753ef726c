// Markup typed into a display name, an introduction or a space name comes back as text: escaped on
// the members page, the profile, the space page, the home page's flash and the audit log.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { email, useApp, Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { expireRound } from "../helpers/decisions.ts";
import { buildAdmin, buildAssembly, buildChamber, signIn } from "../helpers/factories.ts";

const SCRIPT = "<script>alert(1)</script>";
const ATTRIBUTE = '"><img src=x onerror=alert(1)>';
// preact-render-to-string escapes &, < and " (in text and in attributes); > alone opens nothing.
const SCRIPT_ESCAPED = "&lt;script>alert(1)&lt;/script>";
const ATTRIBUTE_ESCAPED = "&quot;>&lt;img src=x onerror=alert(1)>";

/** No payload as markup: no script element but the page's own, no injected element or handler. */
function assertInert(body: string, label: string): void {
  assert.ok(!body.includes(SCRIPT), `${label}: raw <script> payload`);
  assert.doesNotMatch(body, /<script/i, `${label}: a script element`);
  assert.doesNotMatch(body, /<img[^>]*onerror/i, `${label}: an injected img`);
  assert.doesNotMatch(body, /"><img/, `${label}: an attribute was broken out of`);
}

for (const dialect of testDialects()) {
  describe(`escaping of user text [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let admin: Visitor;
    let scripter: Visitor;
    let breaker: Visitor;
    let homeAfterRegistration = "";

    before(async () => {
      const adminPerson = await buildAdmin(h.app, "Alice Admin");
      admin = await signIn(h, adminPerson);
      scripter = new Visitor(h);
      await scripter.register({ email: email("s"), displayName: SCRIPT });
      homeAfterRegistration = (await scripter.get("/")).body;
      breaker = new Visitor(h);
      await breaker.register({
        email: email("b"),
        displayName: ATTRIBUTE,
        introduction: ATTRIBUTE,
        password: "un mot de passe solide",
      });
      await buildAssembly(h.app, {
        by: adminPerson,
        slug: "assemblee",
        name: `Assemblée ${SCRIPT}`,
        territory: ATTRIBUTE,
        summary: SCRIPT,
      });
      await buildChamber(h.app, { by: adminPerson, slug: "chambre", name: "Chambre", theme: "vélo" });
      await scripter.submit("/espaces/assemblee", "/espaces/assemblee/rejoindre", {});
      await breaker.submit("/espaces/assemblee", "/espaces/assemblee/rejoindre", {});
      await breaker.submit("/espaces/chambre", "/espaces/chambre/rejoindre", { introduction: SCRIPT });
    });

    it("escapes names on the members pages, pending introductions included", async () => {
      const assembly = await admin.get("/espaces/assemblee/membres");
      assert.equal(assembly.statusCode, 200);
      assertInert(assembly.body, "members");
      assert.ok(assembly.body.includes(SCRIPT_ESCAPED));
      assert.ok(assembly.body.includes(ATTRIBUTE_ESCAPED));
      const chamber = await admin.get("/espaces/chambre/membres");
      assertInert(chamber.body, "pending");
      assert.ok(chamber.body.includes(SCRIPT_ESCAPED), "the introduction is shown, escaped");
      assert.ok(chamber.body.includes(ATTRIBUTE_ESCAPED), "the requester's name is shown, escaped");
    });

    it("escapes the name in the profile form's values", async () => {
      const profile = await breaker.get("/profil");
      assertInert(profile.body, "profile");
      assert.ok(profile.body.includes(`value="${ATTRIBUTE_ESCAPED}"`));
      const scripterProfile = await scripter.get("/profil");
      assertInert(scripterProfile.body, "profile");
      assert.ok(scripterProfile.body.includes(SCRIPT_ESCAPED));
    });

    it("escapes a refused form's values when it shows them again", async () => {
      const refused = await admin.submit("/profil", "/profil", { displayName: ATTRIBUTE, language: "xx" });
      assert.equal(refused.statusCode, 400);
      assertInert(refused.body, "refused profile");
      assert.ok(refused.body.includes(`value="${ATTRIBUTE_ESCAPED}"`));
    });

    it("escapes the welcome flash and the space's own texts", async () => {
      assertInert(homeAfterRegistration, "home");
      assert.ok(homeAfterRegistration.includes(`Bienvenue, ${SCRIPT_ESCAPED}`));
      for (const url of ["/", "/espaces/assemblee", "/espaces/assemblee/a-propos"]) {
        const page = await breaker.get(url);
        assertInert(page.body, url);
        assert.ok(page.body.includes(SCRIPT_ESCAPED), url);
      }
    });

    it("escapes names and changes in the audit log", async () => {
      for (const url of ["/journal", "/espaces/assemblee/journal"]) {
        const journal = await admin.get(url);
        assert.equal(journal.statusCode, 200, url);
        assertInert(journal.body, url);
        assert.ok(journal.body.includes(SCRIPT_ESCAPED), url);
        assert.ok(journal.body.includes(ATTRIBUTE_ESCAPED), url);
      }
    });

    it("escapes a task's title, description, group, volunteers and reason on the board, its page and the log", async () => {
      const groups = "/espaces/assemblee/taches/groupes";
      await admin.submit(groups, groups, { action: "create", name: ATTRIBUTE });
      const groupId = /name="group" value="([0-9a-f-]{36})"/.exec((await admin.get(groups)).body)?.[1];
      assert.ok(groupId);
      const form = "/espaces/assemblee/taches/nouvelle";
      const created = await admin.submit(form, form, {
        title: SCRIPT,
        description: `${SCRIPT}\n\n[clic](javascript:alert(1)) ${ATTRIBUTE}`,
        group: groupId,
        take: "1",
      });
      assert.equal(created.statusCode, 303, created.body);
      const url = String(created.headers.location);
      assert.equal((await scripter.submit(url, `${url}/prendre`, {})).statusCode, 303);
      assert.equal((await admin.submit(url, `${url}/abandonner`, { reason: ATTRIBUTE })).statusCode, 303);
      const expected: Record<string, string[]> = {
        [url]: [SCRIPT_ESCAPED, ATTRIBUTE_ESCAPED],
        "/espaces/assemblee/taches?tout=1": [SCRIPT_ESCAPED, ATTRIBUTE_ESCAPED],
        [groups]: [ATTRIBUTE_ESCAPED],
        "/espaces/assemblee/journal": [SCRIPT_ESCAPED, ATTRIBUTE_ESCAPED],
      };
      for (const [page, shown] of Object.entries(expected)) {
        const response = await admin.get(page);
        assert.equal(response.statusCode, 200, page);
        assertInert(response.body, page);
        for (const text of shown) assert.ok(response.body.includes(text), `${page} shows ${text}`);
      }
      assert.doesNotMatch((await admin.get(url)).body, /href="javascript:/i, "no javascript: link");
    });

    it("escapes every text of a meeting: its facts, agenda, attendance, minutes and corrections", async () => {
      const form = "/espaces/assemblee/reunions/nouvelle";
      const created = await admin.submit(form, form, {
        title: SCRIPT,
        start: "2026-11-14T09:30",
        end: "2026-11-14T12:00",
        summary: ATTRIBUTE,
        address: SCRIPT,
        announcements: `https://exemple.test/${ATTRIBUTE}`,
      });
      assert.equal(created.statusCode, 303, created.body);
      const url = String(created.headers.location);
      const posts: [string, Record<string, string>][] = [
        ["/ordre-du-jour", { title: SCRIPT, description: ATTRIBUTE }],
        ["/presence", { answer: "yes", intro: ATTRIBUTE, introPublic: "1" }],
        ["/invites", { name: SCRIPT, intro: ATTRIBUTE }],
        ["/compte-rendu", { kind: "entry", text: SCRIPT }],
        ["/compte-rendu", { kind: "decision", text: ATTRIBUTE }],
        [
          "/compte-rendu",
          { kind: "workshop", title: SCRIPT, facilitator: ATTRIBUTE, participants: SCRIPT, text: ATTRIBUTE },
        ],
        ["/compte-rendu", { kind: "action", text: SCRIPT, volunteers: `${ATTRIBUTE}, ${SCRIPT}` }],
        ["/publier", {}],
        ["/corrections", { text: SCRIPT }],
      ];
      for (const [path, fields] of posts)
        assert.equal((await admin.submit(url, `${url}${path}`, fields)).statusCode, 303, path);
      for (const page of [
        url,
        `${url}/imprimer`,
        "/espaces/assemblee/reunions",
        "/espaces/assemblee/activite",
      ]) {
        const response = await scripter.get(page);
        assert.equal(response.statusCode, 200, page);
        assertInert(response.body, page);
        assert.ok(response.body.includes(SCRIPT_ESCAPED), `${page} shows the title as text`);
      }
      const pageBody = (await admin.get(url)).body;
      assert.ok(pageBody.includes(ATTRIBUTE_ESCAPED), "the attribute payloads as text");
    });

    it("escapes a social code's proposal, its version, diff and history, the rules' form and a fork's name", async () => {
      const { decisions } = h.app.communs;
      const form = "/espaces/chambre/code-social/proposer";
      const current = await decisions.socialCode.current("chambre");
      const proposed = await admin.submit(form, form, {
        title: SCRIPT,
        body: `${current?.text}\n\n${SCRIPT}\n\n[clic](javascript:alert(1)) ${ATTRIBUTE}`,
        note: ATTRIBUTE,
        deadline: "",
      });
      assert.equal(proposed.statusCode, 303, proposed.body);
      const number = Number(String(proposed.headers.location).split("/").pop());
      const id = await decisions.byNumber("chambre", number);
      const adminPerson = (
        await h.db.kysely
          .selectFrom("persons")
          .select("id")
          .where("display_name", "=", "Alice Admin")
          .executeTakeFirstOrThrow()
      ).id;
      await decisions.position({ id: adminPerson, isAdmin: true }, id, { position: "agree" });
      await expireRound(h.db, id);
      await decisions.settle(id);
      for (const page of [
        "/espaces/chambre/code-social",
        "/espaces/chambre/code-social?version=1",
        "/espaces/chambre/code-social/diff?de=1&a=2",
        "/espaces/chambre/a-propos",
      ]) {
        const response = await breaker.get(page);
        assert.equal(response.statusCode, 200, page);
        assertInert(response.body, page);
        assert.doesNotMatch(response.body, /href="javascript:/i, `${page}: no javascript: link`);
      }
      assert.ok(
        (await breaker.get("/espaces/chambre/code-social")).body.includes(SCRIPT_ESCAPED),
        "the title",
      );
      assert.ok(
        (await breaker.get("/espaces/chambre/code-social/diff?de=1&a=2")).body.includes(ATTRIBUTE_ESCAPED),
      );
      const rules = "/espaces/chambre/regles/proposer";
      const refused = await admin.submit(rules, rules, {
        title: ATTRIBUTE,
        body: SCRIPT,
        questionsDays: "x",
      });
      assert.equal(refused.statusCode, 400);
      assertInert(refused.body, "refused rules");
      assert.ok(refused.body.includes(`value="${ATTRIBUTE_ESCAPED}"`));
      assert.ok(refused.body.includes(SCRIPT_ESCAPED));
      const fork = "/espaces/chambre/bifurquer";
      const forked = await admin.submit(fork, fork, { name: SCRIPT, slug: "chambre-fourchue" });
      assert.equal(forked.statusCode, 303, forked.body);
      const taken = await admin.submit(fork, fork, { name: ATTRIBUTE, slug: "chambre-fourchue" });
      assert.equal(taken.statusCode, 409);
      assertInert(taken.body, "refused fork");
      assert.ok(taken.body.includes(`value="${ATTRIBUTE_ESCAPED}"`));
      for (const page of [
        "/espaces/chambre-fourchue/famille",
        "/espaces/chambre/a-propos",
        "/espaces/chambre-fourchue",
      ]) {
        const response = await breaker.get(page);
        assert.equal(response.statusCode, 200, page);
        assertInert(response.body, page);
        assert.ok(response.body.includes(SCRIPT_ESCAPED), `${page} shows the fork's name as text`);
      }
    });

    it("escapes every text of a proposal: title, body, discussion, objections, amendment, positions", async () => {
      const register = "/espaces/chambre/decisions";
      const created = await admin.submit(`${register}/nouvelle`, register, {
        title: SCRIPT,
        body: `${SCRIPT}\n\n[clic](javascript:alert(1)) ${ATTRIBUTE}`,
        mode: "consent",
      });
      assert.equal(created.statusCode, 303, created.body);
      const url = String(created.headers.location);
      const posts: [string, Record<string, string>][] = [
        ["/questions", { kind: "question", text: SCRIPT }],
        ["/objections", { reason: SCRIPT, harm: ATTRIBUTE }],
        ["/objections", { reason: ATTRIBUTE, harm: SCRIPT }],
      ];
      for (const [path, fields] of posts)
        assert.equal((await admin.submit(url, `${url}${path}`, fields)).statusCode, 303, path);
      const [first, second] = [
        ...(await admin.get(url)).body.matchAll(/id="objection-([0-9a-f-]{36})"/g),
      ].map((m) => m[1]);
      assert.ok(first && second);
      const amended = await admin.submit(url, `${url}/amender`, {
        body: `${ATTRIBUTE}\n${SCRIPT}`,
        note: ATTRIBUTE,
        integrates: first,
      });
      assert.equal(amended.statusCode, 303, amended.body);
      const invalid = await admin.submit(url, `${url}/objections/${second}/invalider`, { reason: SCRIPT });
      assert.equal(invalid.statusCode, 303);
      const consensus = await admin.submit(`${register}/nouvelle`, register, {
        title: ATTRIBUTE,
        body: "Un texte",
        mode: "consensus",
      });
      const other = String(consensus.headers.location);
      const blocked = await admin.submit(other, `${other}/position`, { position: "block", reason: SCRIPT });
      assert.equal(blocked.statusCode, 303);
      for (const page of [
        url,
        `${url}/versions?de=1&a=2`,
        other,
        `${register}?statut=toutes`,
        "/espaces/chambre/journal",
      ]) {
        const response = await admin.get(page);
        assert.equal(response.statusCode, 200, page);
        assertInert(response.body, page);
        assert.ok(response.body.includes(SCRIPT_ESCAPED), `${page} shows the script as text`);
      }
      const proposal = (await admin.get(url)).body;
      assert.ok(proposal.includes(ATTRIBUTE_ESCAPED), "the attribute payloads as text");
      assert.doesNotMatch(proposal, /href="javascript:/i, "no javascript: link");
      assert.ok((await admin.get(other)).body.includes(ATTRIBUTE_ESCAPED), "the title as text");
    });

    it("escapes a wiki page's text, summary and links on the page, its history, diffs, lists and conflict page", async () => {
      const root = "/espaces/assemblee/wiki";
      const edit = `${root}/Sp%C3%A9cial:Modifier/Page_pi%C3%A9g%C3%A9e`;
      const text = `${SCRIPT}\n\n${ATTRIBUTE} [[Cible|${SCRIPT}]] [clic](javascript:alert(1))\n\n[[Catégorie:${ATTRIBUTE.replace(/[<>[\]]/g, "")}]]`;
      const first = await admin.submit(edit, edit, { text, comment: SCRIPT, base: "" });
      assert.equal(first.statusCode, 303, first.body);
      const base = String(
        (await h.app.communs.pages.view(undefined, "assemblee", "Page piégée")).page?.latest,
      );
      await admin.submit(edit, edit, { text: `${ATTRIBUTE}${text}`, comment: ATTRIBUTE, base });
      const conflict = await admin.submit(edit, edit, {
        text: `${SCRIPT}!\n\n${ATTRIBUTE}`,
        comment: ATTRIBUTE,
        base,
      });
      assert.equal(conflict.statusCode, 409);
      assertInert(conflict.body, "conflict page");
      const latest = Number(base) + 1;
      for (const page of [
        `${root}/Page_pi%C3%A9g%C3%A9e`,
        `${root}/Sp%C3%A9cial:Historique/Page_pi%C3%A9g%C3%A9e`,
        `${root}/Sp%C3%A9cial:Diff/${base}/${latest}`,
        `${root}/Sp%C3%A9cial:Version/${base}`,
        `${root}/Sp%C3%A9cial:Modifications_r%C3%A9centes`,
        `${root}/Sp%C3%A9cial:Recherche?q=${encodeURIComponent(SCRIPT)}`,
        `${root}/Sp%C3%A9cial:Cat%C3%A9gories`,
        `${root}/Sp%C3%A9cial:Modifier/Page_pi%C3%A9g%C3%A9e`,
      ]) {
        const response = await admin.get(page);
        assert.equal(response.statusCode, 200, page);
        assertInert(response.body, page);
        assert.doesNotMatch(response.body, /href="javascript:/i, `${page}: no javascript: link`);
      }
    });

    it("sends a script-forbidding Content-Security-Policy and nosniff with every page", async () => {
      const page = await admin.get("/espaces/assemblee/membres");
      assert.match(String(page.headers["content-security-policy"]), /script-src 'self'/);
      assert.match(String(page.headers["content-security-policy"]), /default-src 'self'/);
      assert.equal(page.headers["x-content-type-options"], "nosniff");
      const api = await h.app.inject({ method: "GET", url: "/api/v1/spaces" });
      assert.match(String(api.headers["content-type"]), /^application\/json/);
      assert.equal(api.headers["x-content-type-options"], "nosniff");
    });
  });
}
