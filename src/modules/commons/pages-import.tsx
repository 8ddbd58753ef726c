/**
 * Imports from the web: the file is kept under the data folder, tried (a dry run in a transaction
 * rolled back) to show what would happen, then imported for real once confirmed.
 */
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { requirePerson, sendPage, view } from "../../web/http.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import { countedFile, fieldMappings } from "./cli.ts";
import { IMPORTERS, type ImportFormat } from "./formats/index.ts";
import type { ImportReport } from "./import.ts";
import type { SpaceParams } from "./pages.tsx";
import { ImportView, PreviewView, ProgressView } from "./views-import.tsx";

type UploadParams = { Params: { slug: string; upload: string } };

interface UploadMeta {
  space: string;
  personId: string;
  format: ImportFormat;
  template: string;
  fields: Record<string, string>;
  filename: string;
}

interface ImportJob {
  space: string;
  personId: string;
  filename: string;
  bytes: number;
  size: number;
  report: ImportReport | null;
  failed: boolean;
}

const UPLOAD_ID = /^[0-9a-f-]{36}$/;
const JOB_KEPT_MS = 60 * 60 * 1000;

/**
 * Imports confirmed on the web run in the background, one per uploaded file: the page that follows
 * shows how far the file has been read and refreshes itself (no JavaScript needed) until the report.
 * Jobs live in the memory of the application that runs them and are forgotten an hour after they end.
 */
const jobsOf = new WeakMap<object, Map<string, ImportJob>>();

function jobs(request: FastifyRequest): Map<string, ImportJob> {
  const services = request.server.communs;
  let running = jobsOf.get(services);
  if (!running) {
    running = new Map();
    jobsOf.set(services, running);
  }
  return running;
}

function folderOf(request: FastifyRequest): string {
  return path.join(request.server.communs.config.dataDir, "imports");
}

async function curate(request: FastifyRequest<SpaceParams>) {
  const { commons } = request.server.communs;
  const space = await commons.directory(request.params.slug);
  await commons.authorise(request.person, space, "commons.curate");
  return space;
}

export async function importPage(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const space = await curate(request);
  const ctx = view(request, reply);
  return sendPage(reply, ctx, ctx.t("import.title"), <ImportView ctx={ctx} space={space} />);
}

export async function previewImport(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const space = await curate(request);
  const person = requirePerson(request);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const upload = uploadedFile(body, "file");
  const ctx = view(request, reply);
  const format = String(body.format ?? "") as ImportFormat;
  const again = (error: string) =>
    sendPage(reply, ctx, ctx.t("import.title"), <ImportView ctx={ctx} space={space} error={error} />, 400);
  if (!upload || upload.size === 0) return again(ctx.t("import.noFile"));
  if (!IMPORTERS[format]) return again(ctx.t("import.formatUnknown"));
  const template = String(body.template ?? "").trim();
  if (format === "mediawiki" && template === "") return again(ctx.t("import.templateRequired"));
  let fields: Record<string, string>;
  try {
    fields = fieldMappings(
      String(body.fields ?? "")
        .split(/\r?\n/)
        .filter((l) => l.trim() !== ""),
    );
  } catch {
    return again(ctx.t("import.fieldsInvalid"));
  }
  const folder = folderOf(request);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const kept = path.join(folder, path.basename(upload.file));
  await rename(upload.file, kept);
  const meta: UploadMeta = {
    space: space.slug,
    personId: person.id,
    format,
    template,
    fields,
    filename: upload.filename,
  };
  await writeFile(`${kept}.json`, JSON.stringify(meta), { mode: 0o600 });
  const report = await request.server.communs.imports.run(
    { id: person.id, isAdmin: person.isAdmin },
    meta.space,
    () =>
      IMPORTERS[meta.format].importer(createReadStream(kept), {
        filename: meta.filename,
        template: meta.template,
        fields: meta.fields,
      }),
    { dryRun: true },
  );
  return sendPage(
    reply,
    ctx,
    ctx.t("import.previewTitle"),
    <PreviewView
      ctx={ctx}
      space={space}
      filename={upload.filename}
      report={report}
      upload={path.basename(kept)}
    />,
    report.failure ? 400 : 200,
  );
}

export async function confirmImport(request: FastifyRequest<UploadParams>, reply: FastifyReply) {
  const space = await curate(request);
  const person = requirePerson(request);
  const id = request.params.upload;
  if (!UPLOAD_ID.test(id)) throw new DomainError("IMPORT_NOT_FOUND");
  const progressPage = urls.commonsImportPreview(space.slug, id);
  const running = jobs(request);
  if (running.has(id)) return reply.redirect(progressPage, 303);
  const file = path.join(folderOf(request), id);
  const meta = await readFile(`${file}.json`, "utf8")
    .then((text) => JSON.parse(text) as UploadMeta)
    .catch(() => {
      throw new DomainError("IMPORT_NOT_FOUND");
    });
  if (meta.space !== space.slug || meta.personId !== person.id) throw new DomainError("IMPORT_NOT_FOUND");
  const job: ImportJob = {
    space: space.slug,
    personId: person.id,
    filename: meta.filename,
    bytes: 0,
    size: 1,
    report: null,
    failed: false,
  };
  running.set(id, job);
  const { size, stream } = await countedFile(file, (bytes) => {
    job.bytes = bytes;
  });
  job.size = Math.max(size, 1);
  request.server.communs.imports
    .run(
      { id: person.id, isAdmin: person.isAdmin },
      meta.space,
      () =>
        IMPORTERS[meta.format].importer(stream, {
          filename: meta.filename,
          template: meta.template,
          fields: meta.fields,
        }),
      { dryRun: false },
    )
    .then((report) => {
      job.report = report;
    })
    .catch((error: unknown) => {
      job.failed = true;
      request.log.error({ err: error }, "web import failed");
    })
    .finally(async () => {
      await rm(file, { force: true });
      await rm(`${file}.json`, { force: true });
      setTimeout(() => running.delete(id), JOB_KEPT_MS).unref();
    });
  return reply.redirect(progressPage, 303);
}

export async function importProgress(request: FastifyRequest<UploadParams>, reply: FastifyReply) {
  const space = await curate(request);
  const job = jobs(request).get(request.params.upload);
  if (!job || job.space !== space.slug || job.personId !== request.person?.id)
    throw new DomainError("IMPORT_NOT_FOUND");
  const ctx = view(request, reply);
  const running = !job.report && !job.failed;
  // Browsers reload a page that says so in this header, JavaScript or not.
  if (running) reply.header("refresh", "1");
  const percent = Math.min(100, Math.round((job.bytes / job.size) * 100));
  return sendPage(
    reply,
    ctx,
    ctx.t(running ? "import.runningTitle" : "import.reportTitle"),
    <ProgressView
      ctx={ctx}
      space={space}
      filename={job.filename}
      percent={percent}
      report={job.report}
      failed={job.failed}
    />,
    job.report?.failure ? 400 : 200,
  );
}
