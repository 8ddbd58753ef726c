/**
 * The link check of a written archive: every address of every page (and of every stylesheet) must lead
 * to a file of the archive, its fragment to an id of the page it names; an address of another site is
 * left as the content had it, but none may lead back to the live site. Read from the files themselves,
 * not from what the crawl meant to write.
 */
import { readdirSync, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { translate } from "../../web/i18n.ts";
import { addressesOf, cssUrls, idsOf } from "./html.ts";
import { decodedSegments } from "./paths.ts";

export interface BrokenLink {
  page: string;
  link: string;
  message: string;
}

export interface CheckOptions {
  dir: string;
  /** The live site's origin: an absolute link to it is broken (unless it is the archive's own address). */
  liveOrigin: string;
  /** The archive's own public origin (`--base-url`), whose absolute links are checked as internal ones. */
  archiveOrigin?: string;
}

// Reads are synchronous: thousands of small files read one after another, not through the thread pool.
function filesOf(dir: string, prefix = ""): string[] {
  const list: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) list.push(...filesOf(path.join(dir, entry.name), relative));
    else list.push(relative);
  }
  return list;
}

/** The address a written file answers (`a/b/index.html` → `/a/b/`). */
function addressOf(file: string): string {
  const parts = file.split("/").map((part) => encodeURIComponent(part));
  if (parts[parts.length - 1] === "index.html")
    return `/${parts.slice(0, -1).join("/")}${parts.length > 1 ? "/" : ""}`;
  return `/${parts.join("/")}`;
}

type Verdict = { ok: true } | { ok: false; key: string; id?: string } | { target: string; id: string };

export async function checkArchive(options: CheckOptions): Promise<BrokenLink[]> {
  const files = filesOf(options.dir);
  const existing = new Set(files);
  const base = `http://archive.invalid`;
  /** The file a static server answers for a path: the file itself, or the folder's index.html. */
  const fileFor = (pathname: string): string | null => {
    const segments = decodedSegments(pathname);
    if (!segments) return null;
    const joined = segments.filter((s, i) => s !== "" || i < segments.length - 1).join("/");
    if (joined && existing.has(joined) && !pathname.endsWith("/")) return joined;
    const index = joined ? `${joined}/index.html` : "index.html";
    return existing.has(index) ? index : null;
  };
  /** What a link comes to, from a page: fine, broken, or a fragment to look for in a page. */
  const verdictOf = (link: string, from: URL): Verdict | null => {
    if (link.startsWith("data:")) return null;
    let url: URL;
    try {
      url = new URL(link, from);
    } catch {
      return { ok: false, key: "archive.brokenMissing" };
    }
    if (url.origin !== base) {
      if (url.origin === options.archiveOrigin)
        url = new URL(`${url.pathname}${url.search}${url.hash}`, base);
      else if (url.origin === options.liveOrigin) return { ok: false, key: "archive.brokenLive" };
      else return null;
    }
    const target = fileFor(url.pathname);
    if (!target) return { ok: false, key: "archive.brokenMissing" };
    const id = url.hash.length > 1 ? safeDecode(url.hash.slice(1)) : "";
    if (id && id !== "top" && target.endsWith(".html")) return { target, id };
    return { ok: true };
  };
  // A root-relative link means the same from every page (most links are such): decided once.
  const verdicts = new Map<string, Verdict | null>();

  // Each file is read once: its ids kept, its links checked; fragments are looked up once all are read.
  const ids = new Map<string, Set<string>>();
  const fragments: { order: number; page: string; link: string; target: string; id: string }[] = [];
  const found: { order: number; link: BrokenLink }[] = [];
  const t = (key: string, params: Record<string, string>) => translate("fr", key, params);
  let order = 0;
  for (const file of files) {
    const html = file.endsWith(".html");
    if (!html && !file.endsWith(".css")) continue;
    if (file.startsWith("pagefind/")) continue;
    const text = readFileSync(path.join(options.dir, file), "utf8");
    if (html) ids.set(file, idsOf(text));
    const page = addressOf(file);
    const from = new URL(page, base);
    for (const link of html ? addressesOf(text) : cssUrls(text)) {
      const rooted = link.startsWith("/") && !link.startsWith("//");
      let verdict = rooted ? verdicts.get(link) : undefined;
      if (verdict === undefined) {
        verdict = verdictOf(link, from);
        if (rooted) verdicts.set(link, verdict);
      }
      order += 1;
      if (!verdict || ("ok" in verdict && verdict.ok)) continue;
      if ("target" in verdict) fragments.push({ order, page, link, ...verdict });
      else if ("key" in verdict)
        found.push({ order, link: { page, link, message: t(verdict.key, { page, link }) } });
    }
  }
  for (const { order, page, link, target, id } of fragments)
    if (!ids.get(target)?.has(id))
      found.push({ order, link: { page, link, message: t("archive.brokenFragment", { page, link, id }) } });
  return found.sort((a, b) => a.order - b.order).map(({ link }) => link);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export async function isFolder(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => null))?.isDirectory() ?? false;
}
