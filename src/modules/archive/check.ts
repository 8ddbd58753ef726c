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

export async function checkArchive(options: CheckOptions): Promise<BrokenLink[]> {
  const files = filesOf(options.dir);
  const existing = new Set(files);
  const base = `http://archive.invalid`;
  const ids = new Map<string, Set<string>>();
  const idsIn = (file: string) => {
    let set = ids.get(file);
    if (!set) {
      set = idsOf(readFileSync(path.join(options.dir, file), "utf8"));
      ids.set(file, set);
    }
    return set;
  };
  /** The file a static server answers for a path: the file itself, or the folder's index.html. */
  const fileFor = (pathname: string): string | null => {
    const segments = decodedSegments(pathname);
    if (!segments) return null;
    const joined = segments.filter((s, i) => s !== "" || i < segments.length - 1).join("/");
    if (joined && existing.has(joined) && !pathname.endsWith("/")) return joined;
    const index = joined ? `${joined}/index.html` : "index.html";
    return existing.has(index) ? index : null;
  };
  const broken: BrokenLink[] = [];
  const t = (key: string, params: Record<string, string>) => translate("fr", key, params);
  for (const file of files) {
    const html = file.endsWith(".html");
    if (!html && !file.endsWith(".css")) continue;
    if (file.startsWith("pagefind/")) continue;
    const text = readFileSync(path.join(options.dir, file), "utf8");
    const page = addressOf(file);
    const from = new URL(page, base);
    for (const link of html ? addressesOf(text) : cssUrls(text)) {
      if (link.startsWith("data:")) continue;
      let url: URL;
      try {
        url = new URL(link, from);
      } catch {
        broken.push({ page, link, message: t("archive.brokenMissing", { page, link }) });
        continue;
      }
      if (url.origin !== base) {
        if (url.origin === options.archiveOrigin)
          url = new URL(`${url.pathname}${url.search}${url.hash}`, base);
        else if (url.origin === options.liveOrigin) {
          broken.push({ page, link, message: t("archive.brokenLive", { page, link }) });
          continue;
        } else continue;
      }
      const target = fileFor(url.pathname);
      if (!target) {
        broken.push({ page, link, message: t("archive.brokenMissing", { page, link }) });
        continue;
      }
      const id = url.hash.length > 1 ? safeDecode(url.hash.slice(1)) : "";
      if (id && id !== "top" && target.endsWith(".html") && !idsIn(target).has(id))
        broken.push({ page, link, message: t("archive.brokenFragment", { page, link, id }) });
    }
  }
  return broken;
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
