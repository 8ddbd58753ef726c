/**
 * A space's wiki as a MediaWiki XML export (schema 0.11, the elements in the XSD's order) with every
 * revision, so that MediaWiki's `importDump.php` takes it back and the static archive offers it as a
 * download. Written as it is read: a bounded number of pages and revisions in memory at a time.
 * Markdown revisions go out as the wikitext model's plain text: MediaWiki has no Markdown model.
 */
import type { Kysely } from "kysely";
import { fullTitle, wikiNamespaces } from "../../core/wiki.ts";
import type { Database } from "../../db/schema.ts";
import { type ExportedPage, type ExportedRevision, pagesAfter, revisionsAfter } from "./store-import.ts";

const PAGES_PER_READ = 100;
const REVISIONS_PER_READ = 200;

export interface WikiExportOptions {
  siteName?: string;
  /** The main page's absolute URL (`<base>`). */
  base?: string;
  dbName?: string;
}

/** The namespaces a Communs wiki has, with their French names (0 is the main one). */
const NAMESPACES = [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/** XML text: markup characters escaped, `\r` kept (a parser would turn it into `\n`), forbidden ones dropped. */
function text(value: string): string {
  return value
    .replace(/[^\P{Cc}\t\n\r\u007F-\u009F]|[\uFFFE\uFFFF]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

function attribute(value: string): string {
  return text(value).replace(/"/g, "&quot;");
}

/** MediaWiki's timestamps: to the second, in UTC. */
function timestamp(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function siteinfo(options: WikiExportOptions): string {
  const namespaces = NAMESPACES.map((key) => {
    const name = wikiNamespaces.name(key);
    return name === ""
      ? `      <namespace key="${key}" case="first-letter" />`
      : `      <namespace key="${key}" case="first-letter">${text(name)}</namespace>`;
  });
  return [
    "  <siteinfo>",
    `    <sitename>${text(options.siteName ?? "Wiki")}</sitename>`,
    `    <dbname>${text(options.dbName ?? "communs")}</dbname>`,
    `    <base>${text(options.base ?? "")}</base>`,
    "    <generator>Communs</generator>",
    "    <case>first-letter</case>",
    "    <namespaces>",
    ...namespaces,
    "    </namespaces>",
    "  </siteinfo>",
    "",
  ].join("\n");
}

function contributor(revision: ExportedRevision): string {
  if (revision.user_name !== null) {
    const id = revision.user_number !== null ? `\n        <id>${revision.user_number}</id>` : "";
    return `      <contributor>\n        <username>${text(revision.user_name)}</username>${id}\n      </contributor>`;
  }
  if (revision.ip !== null)
    return `      <contributor>\n        <ip>${text(revision.ip)}</ip>\n      </contributor>`;
  return '      <contributor deleted="deleted" />';
}

function revisionXml(revision: ExportedRevision): string {
  const lines = ["    <revision>", `      <id>${revision.number}</id>`];
  if (revision.parent !== null) lines.push(`      <parentid>${revision.parent}</parentid>`);
  lines.push(`      <timestamp>${timestamp(revision.timestamp)}</timestamp>`, contributor(revision));
  if (revision.minor) lines.push("      <minor/>");
  if (revision.comment !== "") lines.push(`      <comment>${text(revision.comment)}</comment>`);
  lines.push(
    `      <origin>${revision.number}</origin>`,
    "      <model>wikitext</model>",
    "      <format>text/x-wiki</format>",
    `      <text bytes="${revision.size}" sha1="${revision.sha1}" xml:space="preserve">${text(revision.text)}</text>`,
    `      <sha1>${revision.sha1}</sha1>`,
    "    </revision>",
    "",
  );
  return lines.join("\n");
}

function pageHead(page: ExportedPage): string {
  const lines = [
    "  <page>",
    `    <title>${text(fullTitle({ ns: page.namespace, title: page.title }))}</title>`,
    `    <ns>${page.namespace}</ns>`,
    `    <id>${page.number}</id>`,
  ];
  if (page.redirect_title !== null && page.redirect_namespace !== null)
    lines.push(
      `    <redirect title="${attribute(fullTitle({ ns: page.redirect_namespace, title: page.redirect_title }))}" />`,
    );
  return `${lines.join("\n")}\n`;
}

export async function exportWikiXml(
  db: Kysely<Database>,
  spaceId: string,
  write: (chunk: string) => Promise<void>,
  options: WikiExportOptions = {},
): Promise<void> {
  await write(
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ http://www.mediawiki.org/xml/export-0.11.xsd" version="0.11" xml:lang="fr">\n',
  );
  await write(siteinfo(options));
  for (let after = 0; ; ) {
    const pages = await pagesAfter(db, spaceId, after, PAGES_PER_READ);
    if (pages.length === 0) break;
    for (const page of pages) {
      await write(pageHead(page));
      for (let last = 0; ; ) {
        const revisions = await revisionsAfter(db, page.id, last, REVISIONS_PER_READ);
        if (revisions.length === 0) break;
        await write(revisions.map(revisionXml).join(""));
        last = revisions[revisions.length - 1]?.number ?? last;
      }
      await write("  </page>\n");
    }
    after = pages[pages.length - 1]?.number ?? after;
  }
  await write("</mediawiki>\n");
}
