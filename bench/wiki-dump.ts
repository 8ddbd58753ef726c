// A generated MediaWiki XML export (schema 0.11), deterministic: N pages × R revisions of about 3 KB of
// French wikitext each, calling an infobox template that adds categories, linking to other pages, with
// one page in ten a redirect (some to a section) and valid sha1/bytes everywhere. The import benchmark
// and the kill -9 test read it; `node --import tsx bench/wiki-dump.ts N R > FILE.xml` writes one.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";

const SITEINFO = `  <siteinfo>
    <sitename>Wiki généré</sitename>
    <dbname>wikigenere</dbname>
    <base>https://wiki.genere.example/wiki/Accueil</base>
    <generator>MediaWiki 1.39.17</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="-2" case="first-letter">Média</namespace>
      <namespace key="-1" case="first-letter">Spécial</namespace>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Discussion</namespace>
      <namespace key="2" case="first-letter">Utilisateur</namespace>
      <namespace key="4" case="first-letter">Wiki généré</namespace>
      <namespace key="6" case="first-letter">Fichier</namespace>
      <namespace key="10" case="first-letter">Modèle</namespace>
      <namespace key="14" case="first-letter">Catégorie</namespace>
    </namespaces>
  </siteinfo>
`;

const WORDS = (
  "commun jardin partagé atelier vélo grainothèque cuisine collective assemblée réunion compte-rendu " +
  "budget entraide quartier bénévoles outils semences récolte réparation tiers-lieu habitants voisins " +
  "gouvernance consentement proposition objection contribution documentation archive mémoire"
).split(" ");
const TOWNS = ["Lille", "Roubaix", "Tourcoing", "Villeneuve-d'Ascq", "Wattrelos"];
const USERS = [
  ["Inès", 3],
  ["Bastien L", 4],
  ["Admin Communs", 1],
  ["Zoé", 7],
] as const;

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function sha1(text: string): string {
  const hex = createHash("sha1").update(text, "utf8").digest("hex");
  return BigInt(`0x${hex}`).toString(36).padStart(31, "0");
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pageTitle(n: number): string {
  return n === 1 ? "Modèle:Fiche commun" : `Commun numéro ${n}`;
}

const TEMPLATE = `<includeonly>{| class="infobox"
|+ {{{nom|{{PAGENAME}}}}}
|-
| Ville || {{{ville|}}}
|}
[[Catégorie:Communs]]{{#if:{{{ville|}}}|[[Catégorie:Communs de {{{ville}}}]]}}</includeonly><noinclude>Modèle de fiche.
[[Catégorie:Modèles]]</noinclude>`;

function body(page: number, revision: number, pages: number, next: () => number): string {
  if (page === 1) return `${TEMPLATE}\n<!-- version ${revision} -->`;
  if (page % 10 === 0 && revision > 1) {
    const target = pageTitle(((page * 7) % pages) + 2 > pages ? 2 : ((page * 7) % pages) + 2);
    return page % 20 === 0 ? `#REDIRECTION [[${target}#Histoire]]` : `#REDIRECT [[${target}]]`;
  }
  const town = TOWNS[page % TOWNS.length];
  const lines = [`{{Fiche commun\n| nom = ${pageTitle(page)}\n| ville = ${town}\n}}`, "", "== Histoire =="];
  while (lines.join("\n").length < 2900) {
    const words = Array.from({ length: 12 }, () => WORDS[Math.floor(next() * WORDS.length)]);
    const link = pageTitle(2 + Math.floor(next() * Math.max(pages - 1, 1)));
    lines.push(`${words.join(" ")} [[${link}]] (révision ${revision}).`);
    if (next() < 0.15) lines.push("", `== Section ${lines.length} ==`);
  }
  lines.push("", `[[Catégorie:Thème ${1 + (page % 7)}]]`);
  return lines.join("\n");
}

/** The export's text, chunk by chunk (a page at a time), so that a large one is never held whole. */
export function* wikiDump(pages: number, revisions: number, seed = 13): Generator<string> {
  const next = random(seed);
  yield `<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ http://www.mediawiki.org/xml/export-0.11.xsd" version="0.11" xml:lang="fr">\n${SITEINFO}`;
  let revisionId = 0;
  const start = Date.UTC(2020, 0, 1);
  for (let page = 1; page <= pages; page++) {
    const title = pageTitle(page);
    const ns = page === 1 ? 10 : 0;
    const parts = [
      `  <page>\n    <title>${xmlEscape(title)}</title>\n    <ns>${ns}</ns>\n    <id>${page}</id>\n`,
    ];
    const last = body(page, revisions, pages, random(seed + page * 1000 + revisions));
    const redirect = /^#REDIRECT(?:ION)? \[\[([^\]#]+)/.exec(last)?.[1];
    if (redirect) parts.push(`    <redirect title="${xmlEscape(redirect)}" />\n`);
    let parent: number | null = null;
    for (let r = 1; r <= revisions; r++) {
      revisionId += 1;
      const text = body(page, r, pages, random(seed + page * 1000 + r));
      const [user, userId] = USERS[Math.floor(next() * USERS.length)] ?? USERS[0];
      const time = new Date(start + (page * revisions + r) * 60_000).toISOString().replace(".000Z", "Z");
      const hash = sha1(text);
      const contributor =
        r === 2 && page % 9 === 0
          ? "<ip>192.0.2.9</ip>"
          : `<username>${xmlEscape(user)}</username>\n        <id>${userId}</id>`;
      parts.push(`    <revision>
      <id>${revisionId}</id>
${parent === null ? "" : `      <parentid>${parent}</parentid>\n`}      <timestamp>${time}</timestamp>
      <contributor>
        ${contributor}
      </contributor>
${r % 4 === 0 ? "      <minor/>\n" : ""}      <comment>Révision ${r} de la page ${page}</comment>
      <origin>${revisionId}</origin>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="${Buffer.byteLength(text)}" sha1="${hash}" xml:space="preserve">${xmlEscape(text)}</text>
      <sha1>${hash}</sha1>
    </revision>
`);
      parent = revisionId;
    }
    parts.push("  </page>\n");
    yield parts.join("");
  }
  yield "</mediawiki>\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [pages = "2000", revisions = "5"] = process.argv.slice(2);
  Readable.from(wikiDump(Number(pages), Number(revisions))).pipe(process.stdout);
}
