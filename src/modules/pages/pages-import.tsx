/**
 * Spécial:Importer, for administrators: a MediaWiki export uploaded, previewed (nothing written), then
 * imported as a job once confirmed, its page showing how far it has got until the report. The same
 * page makes this space's wiki the instance's (at `/wiki`), or stops it being so.
 *
 *   GET  {root}/Spécial:Importer               the form
 *   POST {root}/Spécial:Importer               upload → preview
 *   GET  {root}/Spécial:Importer/{id}          the preview, the import under way, its report
 *   POST {root}/Spécial:Importer/{id}          confirm (`racine=oui`: the instance's wiki first)
 *   POST {root}/Spécial:Importer/{id}/annuler  cancel
 *   POST {root}/Spécial:Importer/racine        `racine=oui|non`: the instance's wiki or not
 */
import type { FastifyReply } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { formBody, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import type { WikiDumpPreview } from "./import-job.ts";
import { type WikiRequest, wikiRef } from "./request.ts";
import type { Wiki } from "./service.ts";
import { ImportFormView, PreviewView, ProgressView, type RootPlace } from "./views-import.tsx";

/** The names of the files a MediaWiki export comes in. */
const DUMP_NAME = /\.xml(\.gz|\.bz2)?$/i;
const UPLOAD_ID = /^[0-9a-f-]{36}$/;

async function importer(request: WikiRequest, slug: string) {
  return request.server.communs.pages.importing(requirePerson(request), slug);
}

async function rootPlace(request: WikiRequest, wiki: Wiki): Promise<RootPlace> {
  if (wiki.atRoot) return "here";
  return (await request.server.communs.pages.rootSlug()) ? "elsewhere" : "none";
}

async function sendForm(
  request: WikiRequest,
  reply: FastifyReply,
  ctx: PageContext,
  wiki: Wiki,
  error?: string,
) {
  const place = await rootPlace(request, wiki);
  return sendPage(
    reply,
    ctx,
    ctx.t("wikiImport.title"),
    <ImportFormView ctx={ctx} wiki={wikiRef(wiki)} place={place} error={error} />,
    error ? 400 : 200,
  );
}

/** A preview that shows a file no import can read: refused (400), nothing kept. */
function previewStatus(preview: WikiDumpPreview, kept: boolean): number {
  return !kept && (preview.stopped || !preview.schema) ? 400 : 200;
}

export async function importGet(request: WikiRequest, reply: FastifyReply, slug: string, sub?: string) {
  const wiki = await importer(request, slug);
  const ctx = view(request, reply);
  if (sub === undefined) return sendForm(request, reply, ctx, wiki);
  if (!UPLOAD_ID.test(sub)) throw new DomainError("IMPORT_NOT_FOUND");
  const found = await request.server.communs.pages.dumpStatus(requirePerson(request), slug, sub);
  const { state, count } = found;
  const ref = wikiRef(found.wiki);
  if (state.step === "preview") {
    if (state.report.kind !== "preview") throw new DomainError("IMPORT_NOT_FOUND");
    return sendPage(
      reply,
      ctx,
      ctx.t("wikiImport.previewTitle"),
      <PreviewView
        ctx={ctx}
        wiki={ref}
        atRoot={found.wiki.atRoot}
        upload={sub}
        filename={state.filename}
        preview={state.report}
        kept={state.kept}
      />,
      previewStatus(state.report, state.kept),
    );
  }
  const running = state.step !== "done";
  // The page reloads itself while the job runs, JavaScript or not.
  if (running) ctx.refreshSeconds = 1;
  const report = state.step === "done" && state.report?.kind === "report" ? state.report : null;
  const title =
    state.step === "previewing"
      ? "wikiImport.previewingTitle"
      : running
        ? "wikiImport.runningTitle"
        : "wikiImport.reportTitle";
  return sendPage(
    reply,
    ctx,
    ctx.t(title),
    <ProgressView
      ctx={ctx}
      wiki={ref}
      title={title}
      filename={state.filename}
      percent={running ? state.percent : 100}
      count={count}
      report={report}
      failed={!running && !report}
    />,
  );
}

async function upload(request: WikiRequest, reply: FastifyReply, slug: string) {
  const wiki = await importer(request, slug);
  const ctx = view(request, reply);
  const file = uploadedFile(request.body, "file");
  if (!file || file.size === 0) return sendForm(request, reply, ctx, wiki, ctx.t("wikiImport.noFile"));
  if (!DUMP_NAME.test(file.filename))
    return sendForm(
      request,
      reply,
      ctx,
      wiki,
      ctx.t("wikiImport.notDumpName", { name: file.filename.slice(0, 200) }),
    );
  const { pages } = request.server.communs;
  const { id, state } = await pages.previewDump(requirePerson(request), slug, file);
  // A preview longer than the request waits for is shown under way, on its own page.
  if (state.step !== "preview" || state.report.kind !== "preview")
    return reply.redirect(urls.wikiSpecial(wiki.root, "Importer", id), 303);
  return sendPage(
    reply,
    ctx,
    ctx.t("wikiImport.previewTitle"),
    <PreviewView
      ctx={ctx}
      wiki={wikiRef(wiki)}
      atRoot={wiki.atRoot}
      upload={id}
      filename={state.filename}
      preview={state.report}
      kept={state.kept}
    />,
    previewStatus(state.report, state.kept),
  );
}

export async function importPost(request: WikiRequest, reply: FastifyReply, slug: string, sub?: string) {
  if (sub === undefined) return upload(request, reply, slug);
  const { pages } = request.server.communs;
  const person = requirePerson(request);
  const body = formBody(request.body);
  if (sub === "racine") {
    const atRoot = body.racine === "oui";
    await pages.placeWiki(person, slug, atRoot);
    const wiki = await importer(request, slug);
    return redirectWithFlash(
      reply,
      urls.wikiSpecial(wiki.root, "Importer"),
      atRoot ? "wikiImport.placed" : "wikiImport.unplaced",
    );
  }
  const [id = "", action] = sub.split("/");
  if (!UPLOAD_ID.test(id) || (action !== undefined && action !== "annuler"))
    throw new DomainError("IMPORT_NOT_FOUND");
  if (action === "annuler") {
    await pages.cancelDump(person, slug, id);
    const wiki = await importer(request, slug);
    return reply.redirect(urls.wikiSpecial(wiki.root, "Importer"), 303);
  }
  await pages.confirmDump(person, slug, id, { atRoot: body.racine === "oui" });
  const wiki = await importer(request, slug);
  return reply.redirect(urls.wikiSpecial(wiki.root, "Importer", id), 303);
}
