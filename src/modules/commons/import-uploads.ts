import type { Context } from "../../context.ts";
import type { Actor } from "../../core/policy.ts";
import { type FlowJobs, importFlow } from "../../web/import-flow.ts";
import type { Upload } from "../../web/uploads.ts";
import type { ImportFormat, ImportOptions } from "./formats/index.ts";

/** What a previewed file is, kept beside it until the import is confirmed. */
interface UploadMeta extends Required<ImportOptions> {
  space: string;
  personId: string;
  /** The uploader's standing when they uploaded: the import's job acts as them. */
  isAdmin: boolean;
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
 * then its import once confirmed, both as `import.commons` jobs, with their progress and the report.
 */
export function createImportUploads<R extends Report>(ctx: Context, runFile: RunFile<R>, jobs: FlowJobs) {
  const run = (meta: UploadMeta, path: string, dryRun: boolean, onBytes: (bytes: number) => void) =>
    runFile({ id: meta.personId, isAdmin: meta.isAdmin }, meta.space, { ...meta, path }, { dryRun, onBytes });
  const flow = importFlow<UploadMeta, R>({
    dataDir: ctx.config.dataDir,
    folder: "imports",
    ttlHours: ctx.config.importPreviewTtlHours,
    jobs,
    kind: "import.commons",
    waitMs: ctx.config.jobs.inServer ? ctx.config.importLimits.maxSeconds * 1000 : 0,
    dryRun: (meta, path, onBytes) => run(meta, path, true, onBytes),
    run: (meta, path, onBytes) => run(meta, path, false, onBytes),
    worthConfirming: (report) => !report.failure && report.created + report.updated > 0,
  });
  flow.sweep().catch((error: unknown) => ctx.log.warn({ err: error }, "commons imports sweep failed"));
  const ownerOf = (actor: Actor, spaceSlug: string) => ({ space: spaceSlug, personId: actor.id });

  return {
    preview(
      actor: Actor,
      spaceSlug: string,
      upload: Upload,
      choice: { format: ImportFormat; template: string; fields: Record<string, string> },
    ) {
      return flow.preview(upload, {
        ...choice,
        space: spaceSlug,
        personId: actor.id,
        isAdmin: actor.isAdmin,
        filename: upload.filename.slice(0, 200),
      });
    },

    /** Has a previewed file imported (a job); a second click finds it started or done. */
    confirm: (actor: Actor, spaceSlug: string, id: string) => flow.confirm(id, ownerOf(actor, spaceSlug)),
    cancel: (actor: Actor, spaceSlug: string, id: string) => flow.cancel(id, ownerOf(actor, spaceSlug)),
    status: (actor: Actor, spaceSlug: string, id: string) => flow.status(id, ownerOf(actor, spaceSlug)),
  };
}
