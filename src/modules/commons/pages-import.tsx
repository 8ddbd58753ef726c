/**
 * Imports from the web: the file is kept under the data folder, tried (a dry run in a transaction
 * rolled back) to show what would happen, then imported for real once confirmed (see import-uploads.ts).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { requirePerson, sendPage, view } from "../../web/http.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import { fieldMappings } from "./cli.ts";
import { IMPORTERS, type ImportFormat } from "./formats/index.ts";
import type { SpaceParams } from "./pages.tsx";
import { ImportView, PreviewView, ProgressView } from "./views-import.tsx";

type UploadParams = { Params: { slug: string; upload: string } };

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
  const { id, state } = await request.server.communs.imports.uploads.preview(person, space.slug, upload, {
    format,
    template,
    fields,
  });
  // A preview longer than the request waits for is shown under way, on its own page.
  if (state.step !== "preview") return reply.redirect(urls.commonsImportPreview(space.slug, id), 303);
  return sendPage(
    reply,
    ctx,
    ctx.t("import.previewTitle"),
    <PreviewView
      ctx={ctx}
      space={space}
      filename={state.filename}
      report={state.report}
      upload={id}
      kept={state.kept}
    />,
    state.report.failure ? 400 : 200,
  );
}

/**
 * A confirmed import runs as a job: the page that follows shows how far the file has been read and
 * refreshes itself (no JavaScript needed) until the report.
 */
export async function confirmImport(request: FastifyRequest<UploadParams>, reply: FastifyReply) {
  const space = await curate(request);
  const id = request.params.upload;
  await request.server.communs.imports.uploads.confirm(requirePerson(request), space.slug, id);
  return reply.redirect(urls.commonsImportPreview(space.slug, id), 303);
}

/** A previewed file not to be imported: removed, back to the import page. */
export async function cancelImport(request: FastifyRequest<UploadParams>, reply: FastifyReply) {
  const space = await curate(request);
  await request.server.communs.imports.uploads.cancel(
    requirePerson(request),
    space.slug,
    request.params.upload,
  );
  return reply.redirect(urls.commonsImport(space.slug), 303);
}

/** An upload's own page: its preview being made or made, its import under way, then its report. */
export async function importProgress(request: FastifyRequest<UploadParams>, reply: FastifyReply) {
  const space = await curate(request);
  const id = request.params.upload;
  const state = await request.server.communs.imports.uploads.status(requirePerson(request), space.slug, id);
  const ctx = view(request, reply);
  if (state.step === "preview") {
    const preview = <PreviewView ctx={ctx} space={space} upload={id} {...state} />;
    return sendPage(reply, ctx, ctx.t("import.previewTitle"), preview, state.report.failure ? 400 : 200);
  }
  const running = state.step !== "done";
  // Browsers reload a page that says so in this header, JavaScript or not.
  if (running) reply.header("refresh", "1");
  const report = state.step === "done" ? state.report : null;
  const title =
    state.step === "previewing"
      ? "import.previewingTitle"
      : running
        ? "import.runningTitle"
        : "import.reportTitle";
  return sendPage(
    reply,
    ctx,
    ctx.t(title),
    <ProgressView
      ctx={ctx}
      space={space}
      title={title}
      filename={state.filename}
      percent={running ? state.percent : 100}
      report={report}
      failed={!running && !report}
    />,
    report?.failure ? 400 : 200,
  );
}
