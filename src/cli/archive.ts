/**
 * `communs archive --out DIR [--base-url URL]`: the instance composted into a static archive, every page
 * rendered by the web application itself (in this process, as an anonymous visitor sees it), so the
 * archive holds exactly the pages people knew. `communs archive serve DIR [--port N]` previews it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { DomainError } from "../core/errors.ts";
import { MAIN_PAGE } from "../core/wiki.ts";
import { sqliteFile } from "../db/connection.ts";
import { serveArchive } from "../modules/archive/server.ts";
import {
  ArchiveError,
  type ArchiveReport,
  buildArchive,
  type WikiXmlExport,
} from "../modules/archive/service.ts";
import { exportWikiXml } from "../modules/pages/export-xml.ts";
import { translate } from "../web/i18n.ts";
import { urls } from "../web/urls.ts";
import { archivedConfig, injectFetcher, type WorkerFetcher, workerFetcher } from "./archive-fetch.ts";
import { type Invocation, required, UsageError } from "./command.ts";
import { openMigrated } from "./services.ts";
import "../messages.ts";

const t = (key: string, params?: Record<string, string | number>) => translate("fr", key, params);

function baseUrlOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(String(value));
    if (url.protocol === "http:" || url.protocol === "https:") return url.href.replace(/\/+$/, "");
  } catch {}
  throw new UsageError(t("archive.badBaseUrl"));
}

export function reportLines(report: ArchiveReport): string[] {
  const lines = [
    t("archive.report", {
      dir: report.dir,
      pages: report.pages,
      files: report.files,
      redirects: report.redirects,
      bytes: report.bytes,
      seconds: report.seconds.toFixed(2),
      rate: Math.round(report.pagesPerSecond),
    }),
  ];
  if (report.dead > 0) lines.push(t("archive.reportDead", { count: report.dead }));
  if (!report.sitemap) lines.push(t("archive.noSitemap"));
  return lines;
}

/**
 * A space's wiki as MediaWiki XML for the archive's downloads: only a wiki anonymous visitors may read
 * and that has pages (false otherwise, nothing written).
 */
export function wikiXmlOf(app: FastifyInstance, publicUrl: string): WikiXmlExport {
  const { pages, spaces, db } = app.communs;
  return async (slug, write) => {
    const readable = await pages.titles(undefined, slug, 0, 1).catch((error: unknown) => {
      if (error instanceof DomainError) return [];
      throw error;
    });
    if (readable.length === 0) return false;
    const space = await spaces.get(slug);
    const root = urls.wikiRoot(slug, (await pages.rootSlug()) === slug);
    await exportWikiXml(db.kysely, space.id, write, {
      siteName: space.name,
      base: new URL(urls.wikiPage(root, MAIN_PAGE), publicUrl).href,
      dbName: slug,
    });
    return true;
  };
}

export async function archive({ config, values }: Invocation): Promise<void> {
  const out = path.resolve(required(values, "out"));
  const baseUrl = baseUrlOf(values["base-url"]);
  if (!config.databaseUrl && !existsSync(sqliteFile(config.dataDir)))
    throw new UsageError(`Aucune base de données dans ${config.dataDir} (communs.sqlite introuvable).`);
  // The web application loads only here (as for `serve`): the archive is its pages.
  const { buildApp } = await import("../app.ts");
  const db = await openMigrated(config);
  const app = await buildApp({ config: archivedConfig(config), db });
  let workers: WorkerFetcher | null = null;
  try {
    workers = await workerFetcher(config);
    await app.ready();
    let shown = 0;
    const report = await buildArchive({
      out,
      baseUrl,
      publicUrl: config.publicUrl,
      fetch: workers?.fetch ?? injectFetcher(app),
      wikiXml: wikiXmlOf(app, config.publicUrl),
      progress: (done, queued) => {
        const now = Date.now();
        if (now - shown < 250 && queued > 0) return;
        shown = now;
        const line = t("archive.progress", { done, queued });
        process.stderr.write(process.stderr.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    process.stdout.write(`${reportLines(report).join("\n")}\n`);
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    process.stderr.write(`\n${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await workers?.close();
    await app.close();
    await db.close();
  }
}

export async function archiveServe({ values, positionals }: Invocation): Promise<void> {
  const dir = positionals[2];
  if (!dir) throw new UsageError("Utilisation : communs archive serve DOSSIER [--port N]");
  if (!existsSync(path.join(dir, "index.html"))) throw new UsageError(t("archive.noFolder", { dir }));
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(t("archive.badPort"));
  const server = await serveArchive(dir, port);
  process.stdout.write(`${t("archive.serving", { dir, url: server.url })}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
