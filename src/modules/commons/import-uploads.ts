import type { Context } from "../../context.ts";
import type { Actor } from "../../core/policy.ts";
import { importFlow } from "../../web/import-flow.ts";
import type { Upload } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import type { Notifications } from "../notifications/service.ts";
import type { ImportFormat, ImportOptions } from "./formats/index.ts";

/** What a previewed file is, kept beside it until the import is confirmed. */
interface UploadMeta extends Required<ImportOptions> {
  space: string;
  personId: string;
  format: ImportFormat;
}

/** What the flow needs to know of a report: whether there is anything to confirm. */
interface Report {
  failure: unknown;
  created: number;
  updated: number;
}

type RunFile<R extends Report> = (
  actor: Actor,
  spaceSlug: string,
  file: { path: string; format: ImportFormat } & ImportOptions,
  options: { dryRun: boolean; onBytes?: (bytes: number) => void },
) => Promise<R>;

/**
 * The directory's imports from the web, through the shared flow: a preview (dry run) of the upload,
 * then its import once confirmed, in the background, with its progress and its report kept on disk.
 */
export function createImportUploads<R extends Report>(
  ctx: Context,
  runFile: RunFile<R>,
  notifications: Notifications,
) {
  const flow = importFlow<UploadMeta, R>({
    dataDir: ctx.config.dataDir,
    folder: "imports",
    ttlHours: ctx.config.importPreviewTtlHours,
  });
  flow.sweep().catch((error: unknown) => ctx.log.warn({ err: error }, "commons imports sweep failed"));
  const ownerOf = (actor: Actor, spaceSlug: string) => ({ space: spaceSlug, personId: actor.id });
  const fileOf = (meta: UploadMeta, path: string) => ({ ...meta, path });

  return {
    async preview(
      actor: Actor,
      spaceSlug: string,
      upload: Upload,
      choice: { format: ImportFormat; template: string; fields: Record<string, string> },
    ) {
      const meta: UploadMeta = {
        ...choice,
        space: spaceSlug,
        personId: actor.id,
        filename: upload.filename.slice(0, 200),
      };
      return flow.preview(
        upload,
        meta,
        (path) => runFile(actor, spaceSlug, fileOf(meta, path), { dryRun: true }),
        (report) => !report.failure && report.created + report.updated > 0,
      );
    },

    /** Starts the import of a previewed file; the promise of its end, undefined when started already. */
    confirm(actor: Actor, spaceSlug: string, id: string) {
      return flow.confirm(id, ownerOf(actor, spaceSlug), async (meta, path, onBytes) => {
        const report = await runFile(actor, spaceSlug, fileOf(meta, path), { dryRun: false, onBytes });
        const link = urls.commonsImportPreview(spaceSlug, id);
        await notifications.importFinished(actor.id, spaceSlug, meta.filename, link);
        return report;
      });
    },

    cancel: (actor: Actor, spaceSlug: string, id: string) => flow.cancel(id, ownerOf(actor, spaceSlug)),
    status: (actor: Actor, spaceSlug: string, id: string) => flow.status(id, ownerOf(actor, spaceSlug)),
  };
}
