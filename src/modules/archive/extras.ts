/**
 * What the archive adds to the site's pages: its search page (and script), its « Données » page with
 * the downloads (the directory's exports, the map's data, calendars, feeds, the wiki as MediaWiki XML),
 * and sitemap.xml.
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { translate } from "../../web/i18n.ts";
import { urls } from "../../web/urls.ts";
import type { Crawl } from "./crawl.ts";
import { decodeEntities } from "./html.ts";
import { keyOf } from "./paths.ts";
import {
  DATA_HREF,
  type DataGroup,
  dataPage,
  SEARCH_HREF,
  SEARCH_JS,
  SEARCH_SCRIPT,
  searchPage,
  sitemap,
} from "./templates.ts";

/**
 * Writes the wiki pages of a space as a MediaWiki XML export through `write`; false when the space has
 * no wiki page (nothing was written). The pages module provides it (`exportWikiXml`).
 */
export type WikiXmlExport = (spaceSlug: string, write: (chunk: string) => Promise<void>) => Promise<boolean>;

export interface ExtrasOptions {
  dir: string;
  now: Date;
  crawled: Crawl;
  /** Every archived page's address. */
  pages: string[];
  baseHref?: string;
  wikiXml?: WikiXmlExport;
}

const t = (key: string, params?: Record<string, string | number>) => translate("fr", key, params);
const BASE = "http://archive.invalid";

async function write(dir: string, href: string, text: string): Promise<void> {
  const file = path.join(dir, ...decodeURIComponent(href).split("/").filter(Boolean));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** The archived place of a site address, if the crawl kept one (a page or a file). */
function placeHref(crawled: Crawl, address: string): string | undefined {
  const outcome = crawled.outcomes.get(keyOf(new URL(address, BASE)));
  return outcome && (outcome.kind === "page" || outcome.kind === "file") ? outcome.place.href : undefined;
}

/** A space's name, read from the title of its archived page (« Nom · Instance »). */
async function spaceName(dir: string, crawled: Crawl, slug: string): Promise<string> {
  const outcome = crawled.outcomes.get(keyOf(new URL(urls.space(slug), BASE)));
  if (outcome?.kind !== "page") return slug;
  const html = await readFile(path.join(dir, ...outcome.place.file.split("/")), "utf8");
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1];
  return title ? decodeEntities(title.split(" · ")[0] ?? slug) : slug;
}

async function writeWikiXml(dir: string, slug: string, wikiXml: WikiXmlExport): Promise<string | null> {
  const href = `${DATA_HREF}/wiki-${encodeURIComponent(slug)}.xml`;
  const file = path.join(dir, "archive", "donnees", `wiki-${slug}.xml`);
  await mkdir(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file);
  let written = false;
  try {
    written = await wikiXml(slug, async (chunk) => {
      if (!stream.write(chunk)) await once(stream, "drain");
    });
  } finally {
    stream.end();
    await once(stream, "close");
    if (!written) await rm(file, { force: true });
  }
  return written ? href : null;
}

export async function writeExtras(options: ExtrasOptions): Promise<{ files: number; sitemap: boolean }> {
  const { dir, crawled, now } = options;
  const layout = await readFile(path.join(dir, "index.html"), "utf8");
  let files = 0;

  const groups: DataGroup[] = [];
  for (const slug of crawled.spaces.map((s) => decodeURIComponent(s))) {
    const space = await spaceName(dir, crawled, slug);
    const directory = (["csv", "geojson", "jsonld", "gogocarto"] as const).flatMap((format) => {
      const href = placeHref(crawled, urls.commonsExport(slug, format));
      return href
        ? [{ href, label: `${t("archive.directory", { space })} (${t(`archive.format.${format}`)})` }]
        : [];
    });
    const map = placeHref(crawled, urls.commonsMapData(slug));
    const calendar = placeHref(crawled, urls.meetingsCalendar(slug));
    const feed = placeHref(crawled, urls.spaceActivityFeed(slug));
    const wiki = options.wikiXml ? await writeWikiXml(dir, slug, options.wikiXml) : null;
    if (wiki) files += 1;
    groups.push({
      title: space,
      links: [
        ...directory,
        ...(map
          ? [{ href: map, label: `${t("archive.directory", { space })} (${t("archive.format.map")})` }]
          : []),
        ...(calendar ? [{ href: calendar, label: t("archive.calendar", { space }) }] : []),
        ...(feed ? [{ href: feed, label: t("archive.activity", { space }) }] : []),
        ...(wiki ? [{ href: wiki, label: t("archive.wikiXml", { space }) }] : []),
      ],
    });
  }
  await write(dir, `${DATA_HREF}/index.html`, dataPage(layout, now, groups));

  // Without JavaScript the search falls back on the wiki's A–Z index, or the list of spaces.
  const index = [
    urls.wikiSpecial(urls.wikiRoot("", true), "Toutes les pages"),
    ...crawled.spaces.map((slug) =>
      urls.wikiSpecial(urls.wikiRoot(decodeURIComponent(slug)), "Toutes les pages"),
    ),
  ]
    .map((address) => placeHref(crawled, address))
    .find(Boolean);
  await write(
    dir,
    `${SEARCH_HREF}/index.html`,
    searchPage(
      layout,
      index ? { href: index, label: t("archive.index") } : { href: "/", label: t("archive.spaces") },
    ),
  );
  await write(dir, `/${SEARCH_SCRIPT}`, SEARCH_JS);
  files += 3;

  if (!options.baseHref) return { files, sitemap: false };
  const base = options.baseHref;
  await write(dir, "/sitemap.xml", sitemap(options.pages.map((href) => `${base}${href}`)));
  await write(dir, "/robots.txt", `User-agent: *\nAllow: /\nSitemap: ${base}/sitemap.xml\n`);
  return { files: files + 2, sitemap: true };
}
