/**
 * Where each address of the site goes in the archive, decided once so that the file written and every
 * link to it agree. A page is a folder's `index.html` (so `/wiki/A` and `/wiki/A/B` coexist); any other
 * answer is a file with its extension (added from its type when the address has none); an address with a
 * query string gets its own name (`/code-social?version=2` → `/code-social/__version=2`); percent-encoded
 * paths become UTF-8 file names, as nginx and Caddy decode them.
 */
import { createHash } from "node:crypto";

/** The extension a file of this type is served with by a plain static server. */
const EXTENSIONS: Record<string, string> = {
  "text/css": ".css",
  "text/javascript": ".js",
  "application/javascript": ".js",
  "application/json": ".json",
  "application/geo+json": ".geojson",
  "application/ld+json": ".jsonld",
  "application/manifest+json": ".webmanifest",
  "application/atom+xml": ".atom",
  "application/rss+xml": ".rss",
  "application/xml": ".xml",
  "text/xml": ".xml",
  "text/csv": ".csv",
  "text/plain": ".txt",
  "text/markdown": ".md",
  "text/calendar": ".ics",
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/webp": ".webp",
  "image/gif": ".gif",
  "image/svg+xml": ".svg",
  "image/x-icon": ".ico",
  "image/vnd.microsoft.icon": ".ico",
  "application/pdf": ".pdf",
  "font/woff2": ".woff2",
  "font/woff": ".woff",
  "application/wasm": ".wasm",
};

/** The extensions each type may already carry in its address (`.jpeg` for a JPEG…). */
const ALSO: Record<string, string[]> = {
  ".jpg": [".jpeg"],
  ".json": [".geojson", ".jsonld", ".webmanifest", ".map"],
  ".xml": [".rss", ".atom", ".sitemap"],
  ".txt": [".md", ".csv", ".ics", ".log"],
};

export function mediaType(contentType: string | undefined): string {
  return (String(contentType ?? "").split(";")[0] ?? "").trim().toLowerCase();
}

export function isHtml(contentType: string | undefined): boolean {
  return mediaType(contentType) === "text/html";
}

/** The address's query as one file-name part: sorted (so the order of the parameters does not matter). */
function queryName(search: string): string {
  const params = [...new URLSearchParams(search)].sort(([a, x], [b, y]) =>
    a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1,
  );
  const raw = params.map(([name, value]) => `${name}=${value}`).join("&");
  const safe = raw.replace(/[^\p{L}\p{N}._~=&,+-]/gu, "_").slice(0, 120);
  // Anything replaced could make two addresses one file: a short hash of the original keeps them apart.
  return safe === raw ? `__${raw}` : `__${safe}-${createHash("sha1").update(raw).digest("hex").slice(0, 8)}`;
}

/** An address's path as the server reads it, one decoded segment at a time (`..` and `.` refused). */
export function decodedSegments(pathname: string): string[] | null {
  const segments: string[] = [];
  for (const part of pathname.split("/").slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (segment === "." || segment === ".." || segment.includes("\0")) return null;
    segments.push(...segment.split("/"));
  }
  return segments;
}

const encodePart = (part: string) =>
  encodeURIComponent(part).replace(/%(3D|26|2C|3A|40|2B|24|21|27|28|29|2A|3B)/gi, (match) =>
    decodeURIComponent(match),
  );

export interface Place {
  /** The file, relative to the archive's folder (`/`-separated). */
  file: string;
  /** The address links use to reach it (root-relative, percent-encoded). */
  href: string;
}

/**
 * Where the answer to `url` (a path with its query) is written and how links reach it. `html` says
 * whether the answer is a page; `contentType` gives a file its extension when its address has none.
 */
export function placeOf(url: URL, html: boolean, contentType?: string): Place | null {
  const segments = decodedSegments(url.pathname);
  if (!segments) return null;
  const trailing = segments.length > 0 && segments[segments.length - 1] === "";
  const parts = trailing ? segments.slice(0, -1) : segments;
  if (parts.some((part) => part === "")) return null;
  const query = url.search.length > 1 ? queryName(url.search) : "";
  if (html) {
    const folder = query ? [...parts, query] : parts;
    const href =
      folder.length === 0 ? "/" : `/${folder.map(encodePart).join("/")}${trailing && !query ? "/" : ""}`;
    return { file: [...folder, "index.html"].join("/"), href };
  }
  if (parts.length === 0) return null;
  const last = parts[parts.length - 1] ?? "";
  const wanted = EXTENSIONS[mediaType(contentType)];
  const dot = last.lastIndexOf(".");
  const has = dot > 0 ? last.slice(dot).toLowerCase() : "";
  const keeps = !wanted || has === wanted || (ALSO[wanted] ?? []).includes(has);
  const stem = keeps && has ? last.slice(0, dot) : last;
  const extension = keeps ? has : wanted;
  const name = `${stem}${query}${extension}`;
  const folder = [...parts.slice(0, -1), name];
  return { file: folder.join("/"), href: `/${folder.map(encodePart).join("/")}` };
}

/** The key of an address in the crawl: its path (as sent) and its sorted query, without the fragment. */
export function keyOf(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.sort();
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
