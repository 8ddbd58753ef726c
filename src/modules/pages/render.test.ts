import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { Anchors, anchorOf, legacyAnchorOf } from "./anchors.ts";
import { FIXTURE, fixtureContext, fixtureNamespaces, fixturePages } from "./render.test-helpers.ts";
import { renderRevision, templateCalls } from "./render.ts";
import type { TitleKey } from "./render-types.ts";

interface OraclePage {
  ns: number;
  title: string;
  redirect: boolean;
  redirect_target?: { title: string; fragment: string | null };
  categories_rendered: string[];
  templates_used: string[];
  links: string[];
  images: string[];
  sections?: { level: number; line: string; anchor: string }[];
  template_calls?: { name: string; params: Record<string, string> }[];
}

const oracle = JSON.parse(readFileSync(join(FIXTURE, "expected/pages.json"), "utf8")) as {
  pages: OraclePage[];
};
const namespaces = fixtureNamespaces();
const pages = fixturePages(namespaces);

const full = (key: TitleKey) => {
  const name = namespaces.name(key.ns);
  return name === "" ? key.title : `${name}:${key.title}`;
};
const nbsp = (text: string) => text.replace(/\u00a0/g, " ");
const sorted = (list: string[]) => [...new Set(list.map(nbsp))].sort();

function pageOf(entry: OraclePage) {
  const page = pages.find((p) => p.full === entry.title);
  assert.ok(page, `${entry.title} is in the dump`);
  return page;
}

test("every fixture page renders the links, categories, headings, templates and redirect MediaWiki found", async () => {
  assert.equal(oracle.pages.length, pages.length);
  for (const entry of oracle.pages) {
    const page = pageOf(entry);
    const rendered = await renderRevision(page.text, "wikitext", fixtureContext(page, pages, namespaces));
    const what = (field: string) => `${entry.title}: ${field}`;
    // Files shown inline count as links (render-types.ts); MediaWiki lists them apart, as images.
    assert.deepEqual(
      sorted(rendered.links.map(full)),
      sorted([...entry.links, ...entry.images]),
      what("links"),
    );
    assert.deepEqual(
      sorted(rendered.categories.map((c) => `${namespaces.name(14)}:${c.name}`)),
      sorted(entry.categories_rendered),
      what("categories"),
    );
    assert.deepEqual(sorted(rendered.templates.map(full)), sorted(entry.templates_used), what("templates"));
    if (entry.sections) {
      assert.deepEqual(
        rendered.headings.map((h) => ({ level: h.level, line: nbsp(h.line), anchor: nbsp(h.anchor) })),
        entry.sections.map((s) => ({ level: s.level, line: nbsp(s.line), anchor: nbsp(s.anchor) })),
        what("headings"),
      );
    }
    if (entry.template_calls)
      assert.deepEqual(templateCalls(page.text), entry.template_calls, what("template calls"));
    if (entry.redirect_target) {
      assert.ok(rendered.redirect, what("redirect"));
      assert.equal(full(rendered.redirect), entry.redirect_target.title, what("redirect target"));
      assert.equal(rendered.redirect.fragment, entry.redirect_target.fragment, what("redirect fragment"));
    } else {
      assert.equal(rendered.redirect, null, what("not a redirect"));
    }
  }
});

async function render(title: string) {
  const page = pages.find((p) => p.full === title);
  assert.ok(page);
  return renderRevision(page.text, "wikitext", fixtureContext(page, pages, namespaces));
}

test("a commons page shows its infobox from the template, red links to missing pages, and its file", async () => {
  const rendered = await render("Cuisine collective Les Marmites");
  assert.match(
    rendered.html,
    /<table class="infobox fiche-commun"[^>]*><caption[^>]*>Cuisine collective Les Marmites/,
  );
  assert.match(
    rendered.html,
    /<a href="\/wiki\/Sp%C3%A9cial:Modifier\/Cat%C3%A9gorie:Communs_de_Lille" class="new" title="Catégorie:Communs de Lille \(page inexistante\)">Lille<\/a>/,
  );
  assert.match(
    rendered.html,
    /<img alt="Logo de Cuisine collective Les Marmites" src="\/wiki\/Spécial:FilePath\//,
  );
  assert.match(rendered.plainText, /8 rue du Faubourg-Fictif/);
  assert.doesNotMatch(rendered.html, /communs-wiki(link|file):/);
});

test("the sort key comes from DEFAULTSORT unless the category gives its own", async () => {
  const rustine = await render("Atelier vélo La Rustine");
  assert.equal(rustine.defaultSort, "Rustine, Atelier vélo La");
  assert.ok(rustine.categories.every((c) => c.sortKey === "Rustine, Atelier vélo La"));
  const pleniere = await render("Plénière des communs – 9 avril 2022");
  assert.deepEqual(
    pleniere.categories.find((c) => c.name === "Assemblée des communs"),
    { name: "Assemblée des communs", sortKey: "2022-04-09" },
  );
});

test("notes are numbered, a named note reused before its definition shares its number, and listed", async () => {
  const { html } = await render("Plénière des communs – 9 avril 2022");
  assert.equal((html.match(/href="#cite_note-budget-2">\[2\]/g) ?? []).length, 2);
  assert.match(html, /<li id="cite_note-budget-2">.*Vote à main levée/);
  assert.match(html, /<div id="toc"/);
  assert.match(
    html,
    /<h2><span id="Points_pr.C3.A9vus"><\/span><span class="mw-headline" id="Points_prévus">/,
  );
});

test("interwiki links are external, __NOTOC__ is honoured, transclusion brings headings and categories", async () => {
  const category = await render("Catégorie:Communs de Roubaix");
  assert.match(
    category.html,
    /<a href="https:\/\/en.wikipedia.org\/wiki\/[Ff]r:Roubaix" class="extiw" rel="nofollow noopener"/,
  );
  const home = await render("Accueil");
  assert.match(home.html, /Programme/);
  assert.doesNotMatch(home.html, /id="toc"/);
});

test("MediaWiki's anchors: spaces as _, duplicates numbered, legacy form for old links", () => {
  assert.equal(anchorOf(" 14h05 : Ateliers "), "14h05_:_Ateliers");
  assert.equal(legacyAnchorOf("Comment ça marche ?"), "Comment_.C3.A7a_marche_.3F");
  const anchors = new Anchors();
  assert.deepEqual(
    ["Notes", "notes", "Notes", "Notes_2"].map((t) => anchors.next(t)),
    ["Notes", "notes_2", "Notes_3", "Notes_2_2"],
  );
});

function memoryContext(texts: Record<string, string>, page = "Essai") {
  const all = Object.entries(texts).map(([title, text]) => {
    const { ns, text: main } = namespaces.split(title);
    return { ns, title: main, full: title, text };
  });
  const { ns, text } = namespaces.split(page);
  return fixtureContext({ ns, title: text }, all, namespaces);
}

test("nested templates, French parser functions and magic words, loops and missing templates", async () => {
  const ctx = memoryContext({
    "Modèle:Externe":
      "<includeonly>[https://{{{1}}}.example {{Interne|{{{1}}}}}] {{#si:{{{x|}}}|oui|non}} {{NOMPAGE}}</includeonly><noinclude>doc</noinclude>",
    "Modèle:Interne": "<onlyinclude>'''{{{1}}}'''</onlyinclude> caché [[Catégorie:Interne]]",
    "Modèle:Boucle": "{{Boucle}}",
    "Modèle:Redirigé": "#REDIRECTION [[Modèle:Interne]]",
  });
  const rendered = await renderRevision(
    "{{Externe|A}} {{Boucle}} {{Absent}} {{Redirigé|R}} {{#selon: b | a = 1 | b = deux }} {{CLEDETRI:Clé}} [[Category:Essais]]",
    "wikitext",
    ctx,
  );
  assert.match(rendered.plainText, /A non Essai/);
  assert.match(
    rendered.html,
    /<a rel="nofollow noopener" class="external" href="https:\/\/a.example\/"><b>A<\/b><\/a>/,
  );
  assert.match(rendered.plainText, /Template loop detected/);
  assert.match(rendered.html, /<b>R<\/b>/);
  assert.match(rendered.plainText, /deux/);
  assert.doesNotMatch(rendered.plainText, /caché|doc/);
  assert.deepEqual(
    rendered.templates.map(full).sort(),
    ["Modèle:Absent", "Modèle:Boucle", "Modèle:Externe", "Modèle:Interne", "Modèle:Redirigé"].sort(),
  );
  assert.deepEqual(rendered.categories, [{ name: "Essais", sortKey: "Clé" }]);
});

test("Markdown pages: wiki links (red when missing), sections, categories, redirects", async () => {
  const ctx = memoryContext({ Accueil: "x", "Plénière des communs – 9 avril 2022": "y" });
  const rendered = await renderRevision(
    "# Titre\n\nVoir [[Accueil]], [[Plénière des communs – 9 avril 2022#14h05 : Ateliers|l'atelier]] et [[Page à créer]].\n\n## 14h05 : Ateliers\n\n`[[pas un lien]]` [[Catégorie:Essais|clé]] [[Category:Autre]] [[:Catégorie:Vue]] [[wikipedia:fr:Lille|Lille]]",
    "markdown",
    ctx,
  );
  assert.match(rendered.html, /<a href="\/wiki\/Accueil" title="Accueil">Accueil<\/a>/);
  assert.match(
    rendered.html,
    /href="\/wiki\/Pl%C3%A9ni%C3%A8re_des_communs_%E2%80%93_9_avril_2022#14h05_:_Ateliers"/,
  );
  assert.match(rendered.html, /class="new"[^>]*>Page à créer<\/a>/);
  assert.match(rendered.html, /<code>\[\[pas un lien\]\]<\/code>/);
  assert.match(rendered.html, /href="https:\/\/en.wikipedia.org\/wiki\/fr:Lille"/);
  assert.deepEqual(rendered.headings, [
    { level: 1, line: "Titre", anchor: "Titre" },
    { level: 2, line: "14h05 : Ateliers", anchor: "14h05_:_Ateliers" },
  ]);
  assert.deepEqual(rendered.categories, [
    { name: "Essais", sortKey: "clé" },
    { name: "Autre", sortKey: "" },
  ]);
  assert.deepEqual(
    rendered.links.map(full).sort(),
    ["Accueil", "Catégorie:Vue", "Page à créer", "Plénière des communs – 9 avril 2022"].sort(),
  );
  const redirect = await renderRevision("#REDIRECTION [[Accueil#Fiches]]\n", "markdown", ctx);
  assert.deepEqual(redirect.redirect, { ns: 0, title: "Accueil", fragment: "Fiches" });
  const english = await renderRevision("#redirect [[Plénière des communs – 9 avril 2022]]", "markdown", ctx);
  assert.equal(english.redirect?.title, "Plénière des communs – 9 avril 2022");
});

const ATTACKS = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  '<span onclick="alert(1)" onmouseover=alert(1)>x</span>',
  "[javascript:alert(1) clic] [[javascript:alert(1)|clic]]",
  '[clic](javascript:alert(1)) <a href="javascript:alert(1)">a</a>',
  '<div style="background:url(javascript:alert(1))">y</div>',
  '{| onmouseover="alert(1)"\n| x\n|}',
  "<ref><script>alert(1)</script></ref><references/>",
  "[[Fichier:X.png|link=javascript:alert(1)]] <svg onload=alert(1)>",
  '<span title="&quot;><script>alert(1)</script>">z</span> <iframe src="javascript:alert(1)"></iframe>',
];

/** Escaped text may say anything; the tags themselves may not run anything. */
function assertInert(html: string): void {
  assert.doesNotMatch(html, /<(script|style|iframe|svg|object|embed)\b/i);
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    assert.doesNotMatch(tag, /\son\w+\s*=/i, tag);
    assert.doesNotMatch(tag, /(href|src)\s*=\s*"\s*(javascript|vbscript|data):/i, tag);
    assert.doesNotMatch(tag, /url\s*\(\s*javascript/i, tag);
  }
}

test("scripts, handlers and javascript: links come out inert, in wikitext and in Markdown", async () => {
  const ctx = memoryContext({});
  for (const attack of ATTACKS) {
    for (const format of ["wikitext", "markdown"] as const) {
      const { html } = await renderRevision(attack, format, ctx);
      assertInert(html);
    }
  }
});

const pieces = fc.constantFrom(
  "{{",
  "}}",
  "{{{",
  "[[",
  "]]",
  "|",
  "=",
  "==",
  "\n",
  "*",
  "#",
  ":",
  "{|",
  "|}",
  "|-",
  "''",
  "<ref>",
  "</ref>",
  "<references/>",
  "<script>",
  "onerror=",
  "javascript:",
  "<nowiki>",
  "<pre>",
  "</pre>",
  "Catégorie:",
  "Modèle:",
  "#si:",
  "__NOTOC__",
  "#REDIRECTION ",
  "<span ",
  ">",
  '"',
);
const wikitextish = fc
  .array(fc.oneof(pieces, fc.string({ maxLength: 6 })), { maxLength: 40 })
  .map((parts) => parts.join(""));

test("any text renders without throwing, to well-formed safe HTML", async () => {
  const ctx = memoryContext({ "Modèle:A": "{{{1|}}}[[Catégorie:A]]{{B}}", "Modèle:B": "{{A|x}}" });
  await fc.assert(
    fc.asyncProperty(
      wikitextish,
      fc.constantFrom("wikitext" as const, "markdown" as const),
      async (text, format) => {
        const rendered = await renderRevision(text, format, ctx);
        assertInert(rendered.html);
        assert.doesNotMatch(rendered.html, /communs-wiki(link|file):/);
        for (const heading of rendered.headings) assert.ok(!/\s/.test(heading.anchor));
      },
    ),
    { numRuns: 150 },
  );
});
