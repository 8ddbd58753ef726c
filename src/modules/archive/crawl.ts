/**
 * The crawl: every public address of the site asked of the application as an anonymous visitor would,
 * starting from the home page and each space's listings, then following every same-site link of what it
 * answered. Pages are written as they came (their links are rewritten once every answer is known);
 * each address ends with an outcome that decides what links to it become.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { urls } from "../../web/urls.ts";
import { addressesOf, cssUrls } from "./html.ts";
import { isHtml, keyOf, mediaType, type Place, placeOf } from "./paths.ts";

export interface Fetched {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
}

/** Asks the site for one address (a path and its query), as an anonymous visitor. */
export type Fetcher = (address: string) => Promise<Fetched>;

export type Outcome =
  | { kind: "page"; place: Place; url: string }
  | { kind: "file"; place: Place; url: string; type: string }
  /** `location`: the target's absolute address, its fragment kept. */
  | { kind: "redirect"; location: string; status: number }
  /** A form, a login, an edit: something only a server does. Links to it go. */
  | { kind: "server" }
  /** The wiki's search: links to it lead to the archive's own search page. */
  | { kind: "search" }
  /** Not found (or gone) on the site itself: links to it keep their text. */
  | { kind: "dead"; status: number };

/** Addresses that need a server whatever they answer: logins, accounts, the API, edits, forms. */
const NEEDS_SERVER: RegExp[] = [
  /^\/api(\/|$)/,
  /^\/(connexion|inscription|deconnexion|mot-de-passe-oublie|profil|notifications|confirmation|reinitialisation|journal|taches-en-echec|health)(\/|$)/,
  /\/(modifier|nouveau|nouvelle|supprimer|fusionner|rejoindre|quitter|bifurquer|proposer|import|adresses|annuler|publier)(\/|$)/,
  /\/suggestions\.json$/,
  /\/Spécial:(Modifier|Renommer|Téléverser|Importer|Page au hasard|Importer)(\/|$)/,
];
const WIKI_SEARCH = /\/Spécial:Recherche(\/|$)/;
const LOGIN = /^\/(connexion|inscription)(\/|$)/;

export function decodedPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname;
  }
}

/** The listings of a space: the crawl starts there too, so nothing public hangs on one link. */
function spaceListings(slug: string): string[] {
  const wiki = urls.wikiRoot(slug);
  return [
    urls.space(slug),
    urls.spaceAbout(slug),
    urls.spaceMembers(slug),
    urls.commonsList(slug),
    urls.commonsMap(slug),
    urls.commonsMapData(slug),
    ...(["csv", "geojson", "jsonld", "gogocarto"] as const).map((format) => urls.commonsExport(slug, format)),
    urls.tags(slug),
    urls.meetings(slug),
    urls.meetingsCalendar(slug),
    urls.tasks(slug),
    urls.decisions(slug),
    urls.decisions(slug, { statut: "toutes" }),
    urls.decisions(slug, { statut: "en-cours" }),
    urls.socialCode(slug),
    urls.transparency(slug),
    urls.spaceActivity(slug),
    urls.spaceActivityFeed(slug),
    urls.spaceFamily(slug),
    urls.wikiPage(wiki, ""),
    urls.wikiSpecial(wiki, "Toutes les pages"),
    urls.wikiSpecial(wiki, "Catégories"),
    urls.wikiSpecial(wiki, "Modifications récentes"),
  ];
}

export const START = [
  urls.home(),
  urls.spaces(),
  urls.favicon(),
  urls.wikiPage(urls.wikiRoot("", true), ""),
  urls.wikiSpecial(urls.wikiRoot("", true), "Toutes les pages"),
  urls.wikiSpecial(urls.wikiRoot("", true), "Catégories"),
  urls.wikiSpecial(urls.wikiRoot("", true), "Modifications récentes"),
];

export interface CrawlOptions {
  fetch: Fetcher;
  /** The site's own origin (its public address): absolute links to it are the site's too. */
  origins: string[];
  /** The folder the answers are written to. */
  dir: string;
  concurrency?: number;
  progress?: (done: number, queued: number) => void;
}

export interface Crawl {
  outcomes: Map<string, Outcome>;
  /** The spaces met (their slugs), in order. */
  spaces: string[];
  /** Server errors met (address → status): the archive is not made with them. */
  failures: { url: string; status: number }[];
  bytes: number;
}

const header = (value: Fetched["headers"][string]) => (Array.isArray(value) ? value[0] : value)?.toString();

export async function crawl(options: CrawlOptions): Promise<Crawl> {
  const base = new URL(options.origins[0] ?? "http://localhost");
  const outcomes = new Map<string, Outcome>();
  const seen = new Set<string>();
  const queue: URL[] = [];
  const spaces: string[] = [];
  const failures: Crawl["failures"] = [];
  let bytes = 0;
  let done = 0;

  /** The same-site address a reference points to, or null (another site, `mailto:`, a fragment only…). */
  const siteUrl = (reference: string, from: URL): URL | null => {
    let url: URL;
    try {
      url = new URL(reference, from);
    } catch {
      return null;
    }
    if (!options.origins.includes(url.origin)) return null;
    return new URL(`${url.pathname}${url.search}`, base);
  };
  const enqueue = (reference: string, from: URL) => {
    const url = siteUrl(reference, from);
    if (!url) return;
    const key = keyOf(url);
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(url);
    const space = /^\/espaces\/([^/?#]+)/.exec(url.pathname)?.[1];
    if (space && !spaces.includes(space) && space !== "nouveau") {
      spaces.push(space);
      for (const listing of spaceListings(decodeURIComponent(space))) enqueue(listing, base);
    }
  };

  // Written synchronously: many small files, each faster than a round trip through the thread pool.
  const folders = new Set<string>();
  const store = (place: Place, body: Buffer) => {
    const file = path.join(options.dir, ...place.file.split("/"));
    const folder = path.dirname(file);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    writeFileSync(file, body);
    bytes += body.length;
  };

  const visit = async (url: URL): Promise<void> => {
    const key = keyOf(url);
    const decoded = decodedPath(url);
    if (WIKI_SEARCH.test(decoded)) return void outcomes.set(key, { kind: "search" });
    if (NEEDS_SERVER.some((pattern) => pattern.test(decoded)))
      return void outcomes.set(key, { kind: "server" });
    const answer = await options.fetch(`${url.pathname}${url.search}`);
    const type = header(answer.headers["content-type"]) ?? "";
    if (answer.status >= 300 && answer.status < 400) {
      const location = header(answer.headers.location);
      if (!location) return void outcomes.set(key, { kind: "dead", status: answer.status });
      const target = new URL(location, url);
      const local = siteUrl(target.href, url);
      if (local && LOGIN.test(local.pathname)) return void outcomes.set(key, { kind: "server" });
      outcomes.set(key, { kind: "redirect", location: target.href, status: answer.status });
      enqueue(target.href, url);
      return;
    }
    if (answer.status === 401 || answer.status === 403 || answer.status === 405)
      return void outcomes.set(key, { kind: "server" });
    if (answer.status >= 500) {
      failures.push({ url: key, status: answer.status });
      return void outcomes.set(key, { kind: "dead", status: answer.status });
    }
    if (answer.status !== 200) return void outcomes.set(key, { kind: "dead", status: answer.status });
    const html = isHtml(type);
    const place = placeOf(url, html, type);
    if (!place) return void outcomes.set(key, { kind: "dead", status: 404 });
    store(place, answer.body);
    if (html) {
      outcomes.set(key, { kind: "page", place, url: key });
      for (const reference of addressesOf(answer.body.toString("utf8"))) enqueue(reference, url);
    } else {
      outcomes.set(key, { kind: "file", place, url: key, type: mediaType(type) });
      if (mediaType(type) === "text/css")
        for (const reference of cssUrls(answer.body.toString("utf8"))) enqueue(reference, url);
    }
  };

  for (const start of START) enqueue(start, base);
  const limit = options.concurrency ?? 8;
  let next = 0;
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (active < limit && next < queue.length) {
        const url = queue[next] as URL;
        next += 1;
        active += 1;
        visit(url).then(() => {
          active -= 1;
          done += 1;
          options.progress?.(done, queue.length - next);
          pump();
        }, reject);
      }
      if (active === 0 && next >= queue.length) resolve();
    };
    pump();
  });
  return { outcomes, spaces, failures, bytes };
}
