/**
 * The archive's redirects for the servers that will serve it: a map nginx and Caddy read to answer
 * each old address with a 301 (the redirect pages do the same for a server that reads no map), and
 * the same list as JSON for `communs archive serve`.
 */
import { urls } from "../../web/urls.ts";
import type { Crawl } from "./crawl.ts";
import type { Decision } from "./html.ts";
import { keyOf } from "./paths.ts";

export interface Redirect {
  /** The address as a browser asks for it (path and query, percent-encoded). */
  from: string;
  /** Where it leads, fragment included. */
  to: string;
}

export const REDIRECTS_JSON = "_redirects.json";
export const NGINX_MAP = "_redirects.nginx.conf";
export const CADDY_MAP = "Caddyfile.redirects";

const quoted = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export function nginxMap(redirects: Redirect[]): string {
  const lines = redirects.map(({ from, to }) => `    ${quoted(from)} ${quoted(to)};`).join("\n");
  return `# Redirects of the Communs archive, for nginx. In the http block:
#     include /path/to/archive/${NGINX_MAP};
# and in the archive's server block:
#     root /path/to/archive;
#     location / { try_files $uri $uri/index.html $uri/ =404; }
#     if ($communs_redirect) { return 301 $communs_redirect; }
map $request_uri $communs_redirect {
    default "";
${lines}
}
`;
}

export function caddyMap(redirects: Redirect[]): string {
  const lines = redirects.map(({ from, to }) => `	${quoted(from)} ${quoted(to)}`).join("\n");
  return `# Redirects of the Communs archive, for Caddy. In the archive's site block:
#     root * /path/to/archive
#     import /path/to/archive/${CADDY_MAP}
#     try_files {path} {path}/index.html
#     file_server
map {uri} {communs_redirect} {
${lines}
	default ""
}
@communs_redirect not vars {communs_redirect} ""
redir @communs_redirect {communs_redirect} permanent
`;
}

const WIKI = urls.wikiRoot("", true);
const SITE = "http://archive.invalid";

/**
 * MediaWiki's own addresses of the instance's wiki, which old links still use: `/index.php?title=X` and
 * `&action=history` for every page (or redirect) the archive kept at `/wiki/X`, in MediaWiki's order and
 * title encoding, as a browser asks for them.
 */
export function oldWikiAddresses(crawled: Crawl, decide: (key: string) => Decision): Redirect[] {
  const found: Redirect[] = [];
  const prefix = `${WIKI}/`;
  for (const [key, outcome] of crawled.outcomes) {
    if (outcome.kind !== "page" && outcome.kind !== "redirect") continue;
    if (!key.startsWith(prefix) || key.includes("?")) continue;
    const encoded = key.slice(prefix.length);
    let title: string;
    try {
      title = decodeURIComponent(encoded);
    } catch {
      continue;
    }
    if (title === "" || /^(Spécial|Special):/i.test(title)) continue;
    const page = decide(key);
    if ("href" in page) found.push({ from: `/index.php?title=${encoded}`, to: page.href });
    const historyKey = keyOf(new URL(urls.wikiSpecial(WIKI, "Historique", title), SITE));
    if (!crawled.outcomes.has(historyKey)) continue;
    const history = decide(historyKey);
    if ("href" in history)
      found.push({ from: `/index.php?title=${encoded}&action=history`, to: history.href });
  }
  return found;
}
