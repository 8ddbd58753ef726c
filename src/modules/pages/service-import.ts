/**
 * A whole MediaWiki imported from the web by an administrator, through the one import flow: the dump
 * is uploaded, previewed (a pass that writes nothing), then imported once confirmed, both steps as
 * `import.wiki` jobs. The same page chooses which space's wiki is the instance's (at `/wiki`).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Context } from "../../context.ts";
import type { Actor } from "../../core/policy.ts";
import { type FlowJobs, importFlow } from "../../web/import-flow.ts";
import type { Upload } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import type { Notifications } from "../notifications/service.ts";
import { findSpaceById } from "../spaces/service.ts";
import { wikiOf } from "./access.ts";
import type { WikiImportReport } from "./import.ts";
import {
  countFile,
  previewDump,
  runImportFile,
  type WikiDumpPreview,
  type WikiImportCount,
  worthImporting,
} from "./import-job.ts";
import { refreshAll } from "./refresh.ts";
import * as store from "./store.ts";

export type { WikiDumpPreview, WikiImportCount } from "./import-job.ts";

/** What an uploaded dump is, kept beside it until its import is confirmed. */
interface DumpMeta {
  space: string;
  spaceId: string;
  personId: string;
  filename: string;
}

/** The preview of a dump, then the report of its import: one type for the flow. */
export type WikiUploadReport =
  | ({ kind: "preview" } & WikiDumpPreview)
  | ({ kind: "report" } & WikiImportReport);

const FOLDER = "wiki-imports";

export function createWikiImports(ctx: Context, jobs: FlowJobs, notifications: Notifications) {
  const db = ctx.db.kysely;
  const folder = path.join(ctx.config.dataDir, FOLDER);
  const flow = importFlow<DumpMeta, WikiUploadReport>({
    dataDir: ctx.config.dataDir,
    folder: FOLDER,
    ttlHours: ctx.config.importPreviewTtlHours,
    jobs,
    kind: "import.wiki",
    waitMs: ctx.config.jobs.inServer ? ctx.config.importLimits.maxSeconds * 1000 : 0,
    dryRun: async (_meta, file, onBytes) => ({ kind: "preview", ...(await previewDump(file, onBytes)) }),
    async run(meta, file, onBytes, id) {
      const report = await runImportFile(
        db,
        {
          file,
          spaceId: meta.spaceId,
          slug: meta.space,
          dataDir: ctx.config.dataDir,
          countFile: countFile(folder, id),
        },
        onBytes,
      );
      await recordEvent(db, {
        actorId: meta.personId,
        spaceId: meta.spaceId,
        action: "wiki.imported",
        subjectType: "space",
        subjectId: meta.spaceId,
        after: { file: meta.filename, pages: report.pages, revisions: report.revisions.created },
      });
      const wiki = await wikiOf(db, undefined, meta.space, "page.read");
      const link = urls.wikiSpecial(wiki.root, "Importer", id);
      await notifications.importFinished(meta.personId, meta.space, meta.filename, link);
      return { kind: "report", ...report };
    },
    worthConfirming: (report) => report.kind === "preview" && worthImporting(report),
  });
  flow.sweep().catch((error: unknown) => ctx.log.warn({ err: error }, "wiki imports sweep failed"));

  const importer = (actor: Actor | undefined, slug: string) => wikiOf(db, actor, slug, "page.import");
  const ownerOf = (actor: Actor, slug: string) => ({ space: slug, personId: actor.id });

  /** Makes a space's wiki the instance's, or stops it being so, rendering the links that move. */
  async function placeWiki(actor: Actor, spaceId: string, atRoot: boolean): Promise<void> {
    const former = await store.wikiSpaceId(db);
    if ((former === spaceId) === atRoot) return;
    const space = await findSpaceById(db, spaceId);
    if (!space) return;
    if (atRoot) await store.setWikiSpace(db, spaceId);
    else await store.clearWikiSpace(db);
    await refreshAll(db, { spaceId, root: urls.wikiRoot(space.slug, atRoot) });
    const moved = atRoot && former ? await findSpaceById(db, former) : undefined;
    if (moved) await refreshAll(db, { spaceId: moved.id, root: urls.wikiRoot(moved.slug) });
    await recordEvent(db, {
      actorId: actor.id,
      spaceId,
      action: atRoot ? "wiki.placedAtRoot" : "wiki.removedFromRoot",
      subjectType: "space",
      subjectId: spaceId,
      after: { name: space.name },
    });
  }

  return {
    /** The import page's wiki, for administrators only. */
    importing: importer,

    async previewDump(actor: Actor, slug: string, upload: Upload) {
      const wiki = await importer(actor, slug);
      return flow.preview(upload, {
        space: slug,
        spaceId: wiki.spaceId,
        personId: actor.id,
        filename: upload.filename.slice(0, 200),
      });
    },

    /** Has a previewed dump imported (a job), the wiki first made the instance's when asked. */
    async confirmDump(actor: Actor, slug: string, id: string, options: { atRoot: boolean }) {
      const wiki = await importer(actor, slug);
      await flow.status(id, ownerOf(actor, slug));
      if (options.atRoot) await placeWiki(actor, wiki.spaceId, true);
      await flow.confirm(id, ownerOf(actor, slug));
    },

    async cancelDump(actor: Actor, slug: string, id: string) {
      await importer(actor, slug);
      await flow.cancel(id, ownerOf(actor, slug));
    },

    /** Where an upload is, with the pages and revisions an import under way has read. */
    async dumpStatus(actor: Actor, slug: string, id: string) {
      const wiki = await importer(actor, slug);
      const state = await flow.status(id, ownerOf(actor, slug));
      const count =
        state.step === "importing"
          ? await readFile(countFile(folder, id), "utf8")
              .then((text) => JSON.parse(text) as WikiImportCount)
              .catch(() => null)
          : null;
      return { wiki, state, count };
    },

    /** Makes this space's wiki the instance's (at `/wiki`), or stops it being so; logged. */
    async placeWiki(actor: Actor, slug: string, atRoot: boolean) {
      const wiki = await importer(actor, slug);
      await placeWiki(actor, wiki.spaceId, atRoot);
    },
  };
}
