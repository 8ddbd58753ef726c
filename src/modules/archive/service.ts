/**
 * The static archive of an instance (`communs archive`): every public page as an anonymous visitor saw
 * it, at its own address, with its links made the archive's, the redirects kept, a search that needs no
 * server, the data to download and a sitemap; checked link by link, then put in place in one rename.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { translate } from "../../web/i18n.ts";
import { checkArchive } from "./check.ts";
import { type Crawl, crawl, type Fetcher, type Outcome } from "./crawl.ts";
import { type WikiXmlExport, writeExtras } from "./extras.ts";
import { type Decision, rewriteHtml, tidy } from "./html.ts";
import { keyOf, placeOf } from "./paths.ts";
import {
  CADDY_MAP,
  caddyMap,
  NGINX_MAP,
  nginxMap,
  oldWikiAddresses,
  REDIRECTS_JSON,
  type Redirect,
} from "./redirects.ts";
import { searchIndex } from "./search.ts";
import { decorate, noticeHtml, redirectPage, SEARCH_HREF } from "./templates.ts";

export type { Fetched, Fetcher } from "./crawl.ts";
export type { WikiXmlExport } from "./extras.ts";

export interface ArchiveOptions {
  fetch: Fetcher;
  /** The folder the archive ends up in (replaced whole if it exists). */
  out: string;
  /** The instance's public address: absolute links to it become the archive's own. */
  publicUrl: string;
  /** The archive's public address: canonical links and sitemap.xml use it. */
  baseUrl?: string;
  now?: Date;
  concurrency?: number;
  progress?: (done: number, queued: number) => void;
  /** Writes a space's wiki pages as a MediaWiki XML export (false when the space has no page). */
  wikiXml?: WikiXmlExport;
}

export interface ArchiveReport {
  dir: string;
  pages: number;
  files: number;
  redirects: number;
  bytes: number;
  seconds: number;
  pagesPerSecond: number;
  /** Links to pages the site itself no longer had (kept as text), and those pages' addresses. */
  dead: number;
  deadAddresses: string[];
  sitemap: boolean;
  /** Seconds spent in each step. */
  steps: { crawl: number; rewrite: number; redirects: number; extras: number; search: number; check: number };
}

/** The archive was not written: the site failed, or a link of what was written leads nowhere. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly lines: string[],
  ) {
    super([message, ...lines.map((line) => `  - ${line}`)].join("\n"));
  }
}

const t = (key: string, params?: Record<string, string | number>) => translate("fr", key, params);

/** What an address of the site comes to, its redirects followed, with the fragment it lands on. */
function resolver(crawled: Crawl, origins: string[]) {
  const base = new URL(origins[0] ?? "http://localhost");
  return (reference: string, from: URL): { outcome: Outcome | undefined; hash: string } | null => {
    let url: URL;
    try {
      url = new URL(reference, from);
    } catch {
      return null;
    }
    if (!origins.includes(url.origin)) return null;
    let hash = url.hash;
    let outcome = crawled.outcomes.get(keyOf(url));
    for (let hops = 0; outcome?.kind === "redirect" && hops < 20; hops++) {
      const next = new URL(outcome.location, base);
      if (!origins.includes(next.origin)) return null;
      if (!hash || next.hash) hash = next.hash;
      outcome = crawled.outcomes.get(keyOf(next));
    }
    return { outcome, hash };
  };
}

export async function buildArchive(options: ArchiveOptions): Promise<ArchiveReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const out = path.resolve(options.out);
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.tmp-${randomBytes(4).toString("hex")}`);
  const live = new URL(options.publicUrl).origin;
  const archiveOrigin = options.baseUrl ? new URL(options.baseUrl).origin : undefined;
  const origins = [live, ...(archiveOrigin && archiveOrigin !== live ? [archiveOrigin] : [])];
  const baseHref = options.baseUrl?.replace(/\/+$/, "");
  await mkdir(tmp, { recursive: true });
  const steps = { crawl: 0, rewrite: 0, redirects: 0, extras: 0, search: 0, check: 0 };
  let mark = performance.now();
  const step = (name: keyof typeof steps) => {
    const at = performance.now();
    steps[name] = (at - mark) / 1000;
    mark = at;
  };
  try {
    const crawled = await crawl({
      fetch: options.fetch,
      origins,
      dir: tmp,
      concurrency: options.concurrency,
      progress: options.progress,
    });
    if (crawled.failures.length > 0)
      throw new ArchiveError(
        t("archive.failed", { count: crawled.failures.length }),
        crawled.failures.map(({ url, status }) => `${url} (${status})`),
      );
    step("crawl");
    const resolve = resolver(crawled, origins);
    let dead = 0;
    const deadAddresses = new Set<string>();
    const decideOnce = (reference: string, from: URL): Decision => {
      if (reference === "" || reference.startsWith("#")) return { keep: true };
      const found = resolve(reference, from);
      if (!found) return { keep: true };
      const { outcome, hash } = found;
      if (!outcome || outcome.kind === "dead") {
        deadAddresses.add(new URL(reference, from).pathname);
        return { unwrap: true };
      }
      if (outcome.kind === "server") return { remove: true };
      if (outcome.kind === "search") return { href: SEARCH_HREF };
      if (outcome.kind === "redirect") return { keep: true };
      return { href: `${outcome.place.href}${hash}` };
    };
    // A root-relative address means the same from every page: decided once (most links are such).
    const decided = new Map<string, Decision>();
    const decide =
      (from: URL) =>
      (reference: string): Decision => {
        const rooted = reference.startsWith("/") && !reference.startsWith("//");
        let decision = rooted ? decided.get(reference) : undefined;
        if (!decision) {
          decision = decideOnce(reference, from);
          if (rooted) decided.set(reference, decision);
        }
        if ("unwrap" in decision) dead += 1;
        return decision;
      };

    // The old addresses: a page that sends the browser on, and the servers' map.
    const redirects: Redirect[] = [];
    const writeRedirects = async () => {
      for (const [key, outcome] of crawled.outcomes) {
        if (outcome.kind !== "redirect") continue;
        const decision = decide(new URL(key, live))(key);
        if (!("href" in decision)) continue;
        redirects.push({ from: key, to: decision.href });
        const place = placeOf(new URL(key, live), true);
        if (!place) continue;
        const file = path.join(tmp, ...place.file.split("/"));
        if (await stat(file).catch(() => null)) continue;
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(
          file,
          redirectPage(decision.href, baseHref ? `${baseHref}${decision.href}` : undefined),
        );
      }
      redirects.push(...oldWikiAddresses(crawled, (key) => decide(new URL(key, live))(key)));
      redirects.sort((a, b) => (a.from < b.from ? -1 : 1));
      await writeFile(path.join(tmp, REDIRECTS_JSON), `${JSON.stringify(redirects, null, 1)}\n`);
      await writeFile(path.join(tmp, NGINX_MAP), nginxMap(redirects));
      await writeFile(path.join(tmp, CADDY_MAP), caddyMap(redirects));
    };
    let extras: { files: number; sitemap: boolean } = { files: 0, sitemap: false };

    // The pages, their links made the archive's (each file once, whatever addresses led to it).
    const pages = new Map<string, { href: string; url: string }>();
    for (const outcome of crawled.outcomes.values())
      if (outcome.kind === "page" && !pages.has(outcome.place.file))
        pages.set(outcome.place.file, { href: outcome.place.href, url: outcome.url });
    const search = await searchIndex();
    try {
      const notice = noticeHtml(now);
      for (const [file, { href, url }] of pages) {
        const full = path.join(tmp, ...file.split("/"));
        const raw = readFileSync(full, "utf8");
        const html = tidy(rewriteHtml(raw, decide(new URL(url, live))));
        const page = decorate(html, notice, baseHref ? `${baseHref}${href}` : undefined);
        writeFileSync(full, page);
        await search.add(file, page);
      }
      step("rewrite");
      await writeRedirects();
      step("redirects");
      extras = await writeExtras({
        dir: tmp,
        now,
        crawled,
        pages: [...pages.values()].map((page) => page.href),
        baseHref,
        wikiXml: options.wikiXml,
      });
      step("extras");
      await search.write(tmp);
      step("search");
    } finally {
      await search.close();
    }

    const broken = await checkArchive({ dir: tmp, liveOrigin: live, archiveOrigin });
    if (broken.length > 0)
      throw new ArchiveError(
        t("archive.broken", { count: broken.length }),
        broken.map((link) => link.message),
      );
    step("check");
    await swapInto(tmp, out);
    const seconds = (performance.now() - started) / 1000;
    const files = [...crawled.outcomes.values()].filter((o) => o.kind === "file").length + extras.files;
    return {
      dir: out,
      pages: pages.size,
      files,
      redirects: redirects.length,
      bytes: crawled.bytes,
      seconds,
      pagesPerSecond: pages.size / seconds,
      dead,
      deadAddresses: [...deadAddresses].sort(),
      sitemap: extras.sitemap,
      steps,
    };
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** The new archive in place of the old one: the old renamed away, the new renamed in, the old removed. */
async function swapInto(tmp: string, out: string): Promise<void> {
  const old = await stat(out).catch(() => null);
  if (!old) {
    await rename(tmp, out);
    return;
  }
  const away = `${tmp}.old`;
  await rename(out, away);
  await rename(tmp, out);
  await rm(away, { recursive: true, force: true });
}
