import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { renderMarkdown } from "../web/markdown.ts";
import {
  callsOf,
  expandTemplateSource,
  Namespaces,
  NS_CATEGORY,
  NS_TEMPLATE,
  pageCategories,
  pageUrl,
  parseTemplateCalls,
  redirectTarget,
  templateCategories,
  templateKey,
  wikitextToMarkdown,
  wikitextToPlain,
  wikitextUrl,
  withoutCalls,
} from "./wikitext.ts";

const FIXTURE = new URL("../../test/fixtures/mediawiki/", import.meta.url);

interface OraclePage {
  title: string;
  ns: number;
  url: string;
  redirect: boolean;
  redirect_target?: { title: string; fragment: string | null };
  categories_rendered: string[];
  template_calls?: { name: string; params: Record<string, string> }[];
  html_file?: string;
}

const oracle = JSON.parse(readFileSync(new URL("expected/pages.json", FIXTURE), "utf8"))
  .pages as OraclePage[];
const siteinfo = JSON.parse(readFileSync(new URL("expected/siteinfo.json", FIXTURE), "utf8")).query;
const namespaces = new Namespaces(
  Object.values(siteinfo.namespaces as Record<string, { id: number; name: string }>).map((n) => [
    n.id,
    n.name,
  ]),
  (siteinfo.namespacealiases as { id: number; alias: string }[]).map((a) => [a.id, a.alias]),
  siteinfo.general.case,
);
const articleRoot = `${siteinfo.general.server}${siteinfo.general.articlepath.replace("/$1", "")}`;
const categoryPrefix = `${namespaces.name(NS_CATEGORY)}:`;

/** Latest wikitext of each page, read from the `--current` dump (test-only: a regex over a known file). */
function latestTexts(): Map<string, string> {
  const xml = readFileSync(new URL("xml/wikicommunsdev-current.xml", FIXTURE), "utf8");
  const unescapeXml = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  const texts = new Map<string, string>();
  for (const page of xml.matchAll(/<title>(.*?)<\/title>[\s\S]*?<text[^>]*>([\s\S]*?)<\/text>/g))
    texts.set(unescapeXml(page[1] ?? ""), unescapeXml(page[2] ?? ""));
  return texts;
}
const texts = latestTexts();
const textOf = (title: string) => texts.get(title) ?? assert.fail(`no text for ${title}`);
const contentPages = oracle.filter((page) => !page.redirect);

/** Words of visible text, for comparing what a reader sees. */
function words(html: string): Set<string> {
  const text = html
    .replace(/<[^>]*>/g, " ")
    .replace(/&#160;|&nbsp;/g, " ")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * What MediaWiki showed, minus what we leave out on purpose: the infobox, the table of contents, missing
 * templates, the notes' back links.
 */
function oracleWords(page: OraclePage): Set<string> {
  const html = readFileSync(new URL(page.html_file ?? "", FIXTURE), "utf8")
    .replace(/<table class="infobox[\s\S]*?<\/table>/g, "")
    .replace(/<div id="toc"[\s\S]*?<\/ul>\n<\/div>/g, "")
    .replace(/<span class="mw-cite-backlink">[\s\S]*?<\/span>/g, "")
    .replace(
      new RegExp(`<a [^>]*class="new" title="${namespaces.name(NS_TEMPLATE)}:[^"]*"[^>]*>[^<]*</a>`, "g"),
      "",
    )
    .replace(/<!--[\s\S]*?-->/g, "");
  return words(html);
}

function markdownOf(page: OraclePage): string {
  const text = textOf(page.title);
  const template = page.template_calls?.[0];
  const infobox = template ? callsOf(text, template.name, namespaces) : [];
  return wikitextToMarkdown(withoutCalls(text, infobox), { namespaces, articleRoot, title: page.title });
}

describe("template calls", () => {
  it("are split as MediaWiki's preprocessor splits them, on every page of the fixture", () => {
    for (const page of contentPages) {
      const calls = parseTemplateCalls(textOf(page.title)).map(({ name, params }) => ({ name, params }));
      assert.deepEqual(calls, page.template_calls ?? [], page.title);
    }
  });

  it("know where they are in the text", () => {
    const text = "avant {{Fiche|a=[[x|y]]|{{b}}}} après";
    const [call, inner] = parseTemplateCalls(text);
    assert.equal(text.slice(call?.start, call?.end), "{{Fiche|a=[[x|y]]|{{b}}}}");
    assert.equal(text.slice(inner?.start, inner?.end), "{{b}}");
    assert.equal(withoutCalls(text, [call as NonNullable<typeof call>]), "avant  après");
  });

  it("keep pipes inside links, nested templates, nowiki and comments out of the split", () => {
    const [call] = parseTemplateCalls(
      "{{Fiche | a = [[P|l]], x | b = {{c|d=e}} | <nowiki>f|g</nowiki> | h<!-- i|j --> |k=l=m}}",
    );
    assert.deepEqual(call?.params, {
      a: "[[P|l]], x",
      b: "{{c|d=e}}",
      "1": " <nowiki>f|g</nowiki> ",
      "2": " h ",
      k: "l=m",
    });
  });

  it("compare template names as MediaWiki does", () => {
    const key = templateKey("Fiche commun", namespaces);
    for (const name of [
      "fiche commun",
      "Fiche_commun",
      " Modèle:Fiche commun ",
      "Template:fiche_commun",
      "modèle:Fiche  commun",
    ])
      assert.equal(templateKey(name, namespaces), key, name);
    assert.notEqual(templateKey(":Fiche commun", namespaces), key);
    assert.notEqual(templateKey("Fiche Commun", namespaces), key);
    assert.equal(
      callsOf("{{fiche_commun|a=1}} {{Autre}} {{Modèle:Fiche commun}}", "Fiche commun", namespaces).length,
      2,
    );
  });
});

describe("categories", () => {
  const templates = new Map(
    oracle.filter((page) => page.ns === NS_TEMPLATE).map((page) => [page.title, textOf(page.title)]),
  );

  it("are those of the page plus those its templates add, as MediaWiki rendered them", () => {
    // A page transcluding another page (`{{:Page}}`) inherits that page's categories: not expanded here.
    const checked = contentPages.filter(
      (page) => !page.template_calls?.some((call) => call.name.startsWith(":")),
    );
    assert.ok(checked.length >= 10);
    for (const page of checked) {
      const text = textOf(page.title);
      const context = { title: page.title, namespaces };
      const found = [...pageCategories(text, context)];
      for (const call of parseTemplateCalls(text)) {
        const source = templates.get(namespaces.normalize(call.name, NS_TEMPLATE));
        if (source !== undefined) found.push(...templateCategories(source, call, context));
      }
      const expected = page.categories_rendered.map((c) => c.slice(categoryPrefix.length));
      assert.deepEqual(new Set(found), new Set(expected), page.title);
    }
  });

  it("expand parameters, nested defaults, #if, #ifeq, #switch, {{!}} and PAGENAME", () => {
    const context = { title: "Atelier", namespaces };
    const expand = (source: string, params: Record<string, string> = {}) =>
      expandTemplateSource(source, { params }, context);
    assert.equal(expand("{{{nom|{{PAGENAME}}}}}"), "Atelier");
    assert.equal(expand("{{{nom|{{PAGENAME}}}}}", { nom: "X" }), "X");
    assert.equal(expand("{{{a|{{{b|défaut}}}}}}"), "défaut");
    assert.equal(expand("{{{a|}}}"), "");
    assert.equal(expand("{{{a}}}"), "{{{a}}}");
    assert.equal(expand("{{#if:{{{v|}}}|oui|non}}", { v: " " }), "non");
    assert.equal(expand("{{#if: {{{v|}}} | oui | non }}", { v: "x" }), "oui");
    assert.equal(expand("{{#ifeq:{{{v}}}|01|égal|différent}}", { v: "1" }), "égal");
    assert.equal(expand("{{#switch:{{{v}}}|a|b=AB|c=C|#default=D}}", { v: "a" }), "AB");
    assert.equal(expand("{{#switch:{{{v}}}|a|b=AB|c=C|#default=D}}", { v: "z" }), "D");
    assert.equal(expand("a{{!}}b"), "a|b");
    assert.equal(expand("<noinclude>doc</noinclude>corps<includeonly> inclus</includeonly>"), "corps inclus");
    assert.equal(
      expand("hors<onlyinclude>dedans</onlyinclude>hors<onlyinclude> aussi</onlyinclude>"),
      "dedans aussi",
    );
  });

  it("are read with the wiki's localized and canonical names, sort keys dropped, links to categories ignored", () => {
    const text =
      "[[Catégorie:Vélo|clé]] [[category:jardins_partagés]] [[:Catégorie:Lien]] <nowiki>[[Catégorie:Non]]</nowiki>" +
      "<!-- [[Catégorie:Commentaire]] --> {{X|[[Catégorie:Dans un paramètre]]}} <includeonly>[[Catégorie:Modèle]]</includeonly>";
    assert.deepEqual(pageCategories(text, { title: "P", namespaces }), ["Vélo", "Jardins partagés"]);
  });
});

describe("redirects and URLs", () => {
  it("read redirect targets with their fragment, in French and English", () => {
    for (const page of oracle.filter((p) => p.redirect))
      assert.deepEqual(redirectTarget(textOf(page.title)), page.redirect_target, page.title);
    assert.equal(redirectTarget("Texte #REDIRECT [[X]]"), null);
    assert.deepEqual(redirectTarget("#redirect: [[a_b|c]]"), { title: "a b", fragment: null });
  });

  it("write page URLs as MediaWiki does", () => {
    for (const page of oracle) assert.equal(pageUrl(articleRoot, page.title), page.url, page.title);
  });
});

describe("wikitext to Markdown", () => {
  it("keeps every word a reader saw on the wiki, and adds none", () => {
    for (const page of contentPages.filter((p) => p.html_file)) {
      const ours = words(renderMarkdown(markdownOf(page)));
      const theirs = oracleWords(page);
      const transcluded = page.template_calls?.some((call) => call.name.startsWith(":"));
      if (!transcluded)
        assert.deepEqual(
          [...theirs].filter((w) => !ours.has(w)),
          [],
          `${page.title}: missing words`,
        );
      assert.deepEqual(
        [...ours].filter((w) => !theirs.has(w)),
        [],
        `${page.title}: added words`,
      );
    }
  });

  it("turns headings, lists, tables, notes and links into Markdown", () => {
    const minutes = oracle.find(
      (p) => p.template_calls?.length && p.html_file && textOf(p.title).includes("<ref"),
    );
    assert.ok(minutes);
    const markdown = markdownOf(minutes);
    const html = renderMarkdown(markdown);
    assert.match(markdown, /^## 13h30 : Accueil$/m);
    assert.match(markdown, /^### Outils partagés$/m);
    assert.match(markdown, /^1\. Ateliers en petits groupes\n {3}1\. Outils partagés$/m);
    assert.match(markdown, /^\| Poste \| Montant \(€\) \| Porté par \|$/m);
    assert.match(markdown, /^\| \*\*Total\*\* \| \*\*876\*\* \| {2}\|$/m);
    assert.match(markdown, /^\*\*Budget prévisionnel 2022\*\*$/m);
    // The named note is cited before it is written: it is note 2 everywhere, written once.
    assert.match(markdown, /96\\\[2\\\]/);
    assert.match(markdown, /abstention\\\[2\\\]\./);
    assert.match(markdown, /^2\. Vote à main levée.*\[sondage préparatoire\]\(https:\/\/sondage\./m);
    assert.match(markdown, /<https:\/\/photos\.[^>]+>/);
    assert.match(html, /<table>/);
    assert.match(html, /<ol>\s*<li>Accueil/);
    assert.doesNotMatch(markdown, /Catégorie|\{\{|<ref|\[\[/);
    const links = [...markdown.matchAll(/\]\((https:[^)]+)\)/g)].map((m) => m[1]);
    const rustine = oracle.find((p) => markdown.includes(`](${p.url})`));
    assert.ok(rustine && links.includes(rustine.url), "internal links point to the wiki's page URLs");
  });

  it("keeps nowiki literally, non-breaking spaces, and drops comments, magic words and categories", () => {
    const page = contentPages.find((p) => textOf(p.title).includes("<nowiki>"));
    assert.ok(page);
    const markdown = markdownOf(page);
    const html = renderMarkdown(markdown);
    const nowiki = /<nowiki>(.*?)<\/nowiki>/.exec(textOf(page.title))?.[1] ?? "";
    assert.ok(html.includes(nowiki), "nowiki content shown as typed");
    assert.ok(markdown.includes("22h30\u00a0: rangement"), "&nbsp; becomes a no-break space");
    assert.doesNotMatch(markdown, /NOTOC|<!--|Annonce reprise|Catégorie|Événements/);
    assert.match(markdown, /\*l'hiver des communs\*/);
  });

  it("writes labels only without a wiki URL, and reads MediaWiki's quotes", () => {
    assert.equal(wikitextToMarkdown("Voir [[Page cible|la page]] et [[Autre]]s."), "Voir la page et Autres.");
    assert.equal(
      wikitextToMarkdown("'''gras''' et ''ital'' et '''''les deux'''''"),
      "**gras** et *ital* et ***les deux***",
    );
    // As in MediaWiki, l'''x''' is "l" then bold; four apostrophes keep one.
    assert.equal(wikitextToMarkdown("l'''association''' est"), "l**association** est");
    assert.equal(wikitextToMarkdown("l''''association''' est"), "l'**association** est");
    assert.equal(
      wikitextToMarkdown("[https://a.example/x_(y) un lien] [https://b.example]"),
      "[un lien](https://a.example/x_%28y%29) <https://b.example>",
    );
    assert.equal(
      wikitextToMarkdown("1. pas une liste\n- ni celle-ci\n> ni une citation"),
      "1\\. pas une liste\n\\- ni celle-ci\n\\> ni une citation",
    );
    assert.equal(
      wikitextToMarkdown("a *b* _c_ `d` <b>e</b> &lt;f&gt;"),
      "a \\*b\\* \\_c\\_ \\`d\\` **e** \\<f>",
    );
    assert.equal(
      wikitextToMarkdown("[[Fichier:Logo.png|vignette|200px|Le logo]] texte", { namespaces }),
      "Le logo texte",
    );
    assert.equal(wikitextToMarkdown("[[File:Logo.png|thumb|left]] texte"), "texte");
  });

  it("keeps complex tables as rows of text", () => {
    const markdown = wikitextToMarkdown('{|\n| rowspan="2" | a || b\n|-\n| c\n* d\n|}');
    assert.equal(markdown, "- a — b\n- c \\* d");
  });
});

describe("infobox values", () => {
  it("become plain text, and URLs are taken from external links", () => {
    const values = contentPages
      .flatMap((page) => page.template_calls ?? [])
      .flatMap((call) => Object.values(call.params));
    const linked = values.find((v) => /\[\[[^\]]*\|/.test(v));
    assert.ok(linked);
    const plain = wikitextToPlain(linked, { namespaces });
    assert.equal(plain, linked.replace(/\[\[[^|\]]*\|([^\]]*)\]\]/g, "$1"));
    const external = values.find((v) => /^\[https?:/.test(v));
    assert.ok(external);
    assert.equal(wikitextUrl(external), /^\[(\S+)/.exec(external)?.[1]);
    assert.equal(wikitextToPlain(external), /^\[\S+ ([^\]]+)\]/.exec(external)?.[1]);
    assert.equal(wikitextUrl("https://nu.example/a."), "https://nu.example/a");
    assert.equal(wikitextUrl("www.exemple.org"), "https://www.exemple.org");
    assert.equal(wikitextUrl("voir le site"), "");
    assert.equal(wikitextToPlain("'''Gras''' &amp; <br/>[[A|b]]<ref>note</ref> {{modèle}}"), "Gras & b");
  });
});

describe("wikitext properties", () => {
  const pieces = [
    "{{",
    "}}",
    "{{{",
    "}}}",
    "[[",
    "]]",
    "[",
    "]",
    "|",
    "||",
    "=",
    "''",
    "'''",
    "'",
    "<nowiki>",
    "</nowiki>",
    "<ref>",
    "</ref>",
    '<ref name="a" />',
    "<references />",
    "<!--",
    "-->",
    "\n",
    "\n\n",
    "*",
    "#",
    ":",
    ";",
    "{|",
    "|-",
    "|}",
    "|+",
    "!",
    "!!",
    "<includeonly>",
    "</includeonly>",
    "<noinclude>",
    "<onlyinclude>",
    "<pre>",
    "</pre>",
    "Catégorie:",
    "Modèle:",
    "Fichier:",
    "https://x.example/",
    "[https://y.example z]",
    "#if:",
    "#ifeq:",
    "#switch:",
    "{{!}}",
    "PAGENAME",
    "==",
    "----",
    "<br>",
    "<b>",
    "</i>",
    "&nbsp;",
    "&#0;",
    "&amp;",
    "\uE000",
    "\uE001",
    "__NOTOC__",
    "#REDIRECT",
    "a",
    "b",
    " ",
    "é",
    "1.",
    "-",
    ">",
    "\\",
    "`",
    "~",
  ];
  const wikitext = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(""));

  it("never throws, and never leaks its internal markers", () => {
    fc.assert(
      fc.property(wikitext, wikitext, (text, template) => {
        const context = { title: "Page", namespaces };
        const outputs = [
          wikitextToMarkdown(text, { namespaces, articleRoot, title: "Page" }),
          wikitextToPlain(text),
          wikitextUrl(text),
          ...pageCategories(text, context),
        ];
        for (const call of parseTemplateCalls(text)) {
          assert.ok(text.slice(call.start, call.end).startsWith("{{"));
          assert.ok(text.slice(call.start, call.end).endsWith("}}"));
          outputs.push(...templateCategories(template, call, context));
        }
        redirectTarget(text);
        for (const output of outputs) assert.doesNotMatch(output, /[\uE001-\uE0FF]/);
      }),
      { numRuns: 400 },
    );
  });

  it("shows text without wiki markup exactly as typed, whatever Markdown would make of it", () => {
    const letter = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzé");
    const middle = fc.constantFrom(..."abcé 0123456789*_#>-+=()!`~.\\|:^$%,?/@");
    const start = fc.constantFrom("", "-", "+", ">", "1.", "2)", "=");
    const line = fc
      .tuple(start, fc.constantFrom("", " "), letter, fc.array(middle, { maxLength: 30 }), letter)
      .map(([s, space, a, m, z]) => `${s}${space}${a}${m.join("")}${z}`);
    const text = fc.array(fc.tuple(line, fc.constantFrom("\n", "\n\n")), { minLength: 1, maxLength: 6 });
    const collapse = (s: string) => s.replace(/\s+/g, " ").trim();
    fc.assert(
      fc.property(text, (lines) => {
        const source = lines.map(([l, sep]) => l + sep).join("");
        const html = renderMarkdown(wikitextToMarkdown(source));
        const shown = html
          .replace(/<[^>]*>/g, "")
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&amp;/g, "&");
        assert.equal(collapse(shown), collapse(source));
      }),
      { numRuns: 500 },
    );
  });

  it("survives deep nesting", () => {
    const deep = `${"{{a|".repeat(3000)}x${"}}".repeat(3000)} ${"[[".repeat(3000)}`;
    assert.equal(typeof wikitextToMarkdown(deep), "string");
    assert.ok(parseTemplateCalls(deep).length >= 100);
    assert.equal(wikitextToPlain(`${"{{{a|".repeat(3000)}x${"}}}".repeat(3000)}`), "");
  });
});
