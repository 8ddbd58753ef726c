/**
 * The few pages the archive adds to the site's own (its search, its data, the pages left at old
 * addresses), and what it adds to every page: the notice of the archive's date, its canonical address.
 * They take the site's own layout from its home page, so they look like the rest.
 */
import { translate } from "../../web/i18n.ts";
import { escapeHtml } from "./html.ts";

export const SEARCH_HREF = "/archive/recherche";
export const DATA_HREF = "/archive/donnees";
export const SEARCH_SCRIPT = "archive/recherche.js";

const t = (key: string, params?: Record<string, string | number>) => translate("fr", key, params);

export function archiveDate(now: Date): string {
  return new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" }).format(now);
}

/** The notice every page of the archive shows, with the way to its search and its data. */
export function noticeHtml(now: Date): string {
  return `<p class="flash archive-notice" role="note" data-pagefind-ignore>${escapeHtml(
    t("archive.notice", { date: archiveDate(now) }),
  )} <a href="${SEARCH_HREF}">${escapeHtml(t("archive.search"))}</a> · <a href="${DATA_HREF}">${escapeHtml(
    t("archive.data"),
  )}</a></p>`;
}

/** A page of the site made an archive's page: the notice (`noticeHtml`) under the header, its canonical address. */
export function decorate(html: string, notice: string, canonical?: string): string {
  let result = html;
  if (/<\/header>/i.test(result)) result = result.replace(/<\/header>/i, (end) => `${end}${notice}`);
  else result = result.replace(/<body\b[^>]*>/i, (start) => `${start}${notice}`);
  // Only the pages' own content is searched: the header, the footer and the notice are the same on each.
  result = result.replace(/<main\b/i, "<main data-pagefind-body");
  if (canonical)
    result = result.replace(
      /<\/head>/i,
      (end) => `<link rel="canonical" href="${escapeHtml(canonical)}" />${end}`,
    );
  return result;
}

/** A page of the archive in the site's layout: `layout` is a page of the site (its home), already rewritten. */
export function inLayout(layout: string, title: string, body: string, head = ""): string {
  return layout
    .replace(/<title>[\s\S]*?<\/title>/i, (old) => {
      const site = / · ([^<]*)<\/title>$/i.exec(old)?.[1] ?? "";
      return `<title>${escapeHtml(title)}${site ? ` · ${site}` : ""}</title>`;
    })
    .replace(/<link rel="canonical"[^>]*>/i, "")
    .replace(/<link rel="alternate"[^>]*>/gi, "")
    .replace(/<\/head>/i, (end) => `${head}${end}`)
    .replace(
      /(<main\b)[^>]*>[\s\S]*<\/main>/i,
      (_, start: string) => `${start} id="contenu" tabindex="-1">${body}</main>`,
    );
}

/** The archive's search: Pagefind's interface with JavaScript, the A–Z index without it. */
export function searchPage(layout: string, index: { href: string; label: string }): string {
  const body = `<h1>${escapeHtml(t("archive.searchTitle"))}</h1>
<div id="recherche"></div>
<noscript><p>${escapeHtml(t("archive.searchNoScript"))} <a href="${escapeHtml(index.href)}">${escapeHtml(index.label)}</a></p></noscript>
<script src="/pagefind/pagefind-ui.js"></script>
<script src="/${SEARCH_SCRIPT}"></script>`;
  return inLayout(
    layout,
    t("archive.searchTitle"),
    body,
    '<link rel="stylesheet" href="/pagefind/pagefind-ui.css" />',
  );
}

export const SEARCH_JS = `// The archive's search (Pagefind): the index was built with the archive, no server answers it.
window.addEventListener("DOMContentLoaded", function () {
  new PagefindUI({ element: "#recherche", showSubResults: true, showImages: false });
});
`;

export interface DataLink {
  href: string;
  label: string;
}

export interface DataGroup {
  title: string;
  links: DataLink[];
}

export function dataPage(layout: string, now: Date, groups: DataGroup[]): string {
  const list = groups
    .filter((group) => group.links.length > 0)
    .map(
      (group) =>
        `<section><h2>${escapeHtml(group.title)}</h2><ul>${group.links
          .map((link) => `<li><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></li>`)
          .join("")}</ul></section>`,
    )
    .join("\n");
  const body = `<h1>${escapeHtml(t("archive.dataTitle"))}</h1>
<p>${escapeHtml(t("archive.dataIntro", { date: archiveDate(now) }))}</p>
${list || `<p class="empty">${escapeHtml(t("archive.noData"))}</p>`}`;
  return inLayout(layout, t("archive.dataTitle"), body);
}

/** The page left at an old address: it sends the browser on (fragment kept), with a link for anyone else. */
export function redirectPage(target: string, canonical?: string): string {
  const href = escapeHtml(target);
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${escapeHtml(t("archive.redirectTitle"))}</title>
<meta name="robots" content="noindex" />
<meta http-equiv="refresh" content="0; url=${href}" />
<link rel="canonical" href="${escapeHtml(canonical ?? target)}" />
</head><body><p>${t("archive.redirect", { link: `<a href="${href}">${href}</a>` })}</p></body></html>
`;
}

export function sitemap(locations: string[]): string {
  const entries = locations.map((loc) => `  <url><loc>${escapeHtml(loc)}</loc></url>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries}
</urlset>
`;
}
