import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { oneLine } from "../../core/text.ts";
import { field, formFailure, sendPage, view } from "../../web/http.ts";
import type { ImportState } from "../../web/import-flow.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import { type BankMapping, DONATION_PARSERS, type DonationFileSource } from "./formats/index.ts";
import type { DonationImportReport } from "./imports.ts";
import type { Chamber } from "./views.tsx";
import {
  DATE_FORMATS,
  ImportDoneView,
  ImportFormView,
  ImportPreviewView,
  ImportRunningView,
  MAPPING_FIELDS,
  OPTIONAL_MAPPING,
} from "./views-import.tsx";

// The import of HelloAsso, Liberapay and bank files: the upload is previewed by a dry run, then booked
// once confirmed, then its report is shown (the donationImports service keeps the files in between).

type SpaceParams = { Params: { slug: string } };
type UploadParams = { Params: { slug: string; upload: string } };

/** The upload form's fields, checked: the source, and for a bank statement its column mapping. */
function uploadChoice(body: unknown): {
  meta: { source: DonationFileSource; mapping: BankMapping };
  errors: FieldErrors;
} {
  const errors: FieldErrors = {};
  const source = field(body, "source");
  if (!Object.hasOwn(DONATION_PARSERS, source)) errors.source = "donations.sourceUnknown";
  const column = (name: (typeof MAPPING_FIELDS)[number]) => oneLine(field(body, `mapping.${name}`));
  const mapping: BankMapping = {
    date: column("date"),
    amount: column("amount"),
    label: column("label"),
    id: column("id") || undefined,
    donor: column("donor") || undefined,
    dateFormat: (field(body, "mapping.dateFormat") || "DD/MM/YYYY") as BankMapping["dateFormat"],
  };
  if (source === "bank") {
    for (const name of MAPPING_FIELDS) {
      const value = column(name);
      if (value === "" && !OPTIONAL_MAPPING.includes(name)) errors[`mapping.${name}`] = "field.required";
      else if ([...value].length > 200) errors[`mapping.${name}`] = "field.tooLong.200";
    }
    if (!DATE_FORMATS.includes(mapping.dateFormat))
      errors["mapping.dateFormat"] = "donations.dateFormatUnknown";
  }
  return { meta: { source: source as DonationFileSource, mapping }, errors };
}

export async function donationImportForm(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { space } = await request.server.communs.donations.chamber(request.person, request.params.slug);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("donations.importTitle")} · ${space.name}`,
    <ImportFormView ctx={ctx} space={space} />,
  );
}

export async function previewDonationImport(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { donations, donationImports } = request.server.communs;
  const { person, space } = await donations.chamber(request.person, request.params.slug);
  const body = request.body;
  const upload = uploadedFile(body, "file");
  const { meta: choice, errors } = uploadChoice(body);
  if (!upload || upload.size === 0) errors.file = "donations.noFile";
  if (Object.keys(errors).length > 0)
    return formFailure(request, reply, validationError(errors), (ctx, state) => ({
      title: `${ctx.t("donations.importTitle")} · ${space.name}`,
      body: <ImportFormView ctx={ctx} space={space} state={state} />,
    }));
  if (!upload) throw new DomainError("BAD_REQUEST");
  const { id, state } = await donationImports.preview(person, space.slug, upload, choice);
  // A preview longer than the request waits for is shown under way, on its own page.
  if (state.step !== "preview") return reply.redirect(urls.donationImportPreview(space.slug, id), 303);
  return previewPage(request, reply, space, id, state);
}

function previewPage(
  request: FastifyRequest,
  reply: FastifyReply,
  space: Chamber,
  id: string,
  state: Extract<ImportState<DonationImportReport>, { step: "preview" }>,
) {
  const ctx = view(request, reply);
  const preview = { id, filename: state.filename, report: state.report, bookable: state.kept };
  return sendPage(
    reply,
    ctx,
    `${ctx.t("donations.previewTitle")} · ${space.name}`,
    <ImportPreviewView ctx={ctx} space={space} preview={preview} />,
    state.report.failure ? 400 : 200,
  );
}

/** Books a previewed file once, then shows its report (a second click goes to the report too). */
export async function confirmDonationImport(request: FastifyRequest<UploadParams>, reply: FastifyReply) {
  const { slug, upload } = request.params;
  await request.server.communs.donationImports.confirm(request.person, slug, upload);
  return reply.redirect(urls.donationImportPreview(slug, upload), 303);
}

/** A previewed file not to be booked: removed, back to the import form. */
export async function cancelDonationImport(request: FastifyRequest<UploadParams>, reply: FastifyReply) {
  const { slug, upload } = request.params;
  await request.server.communs.donationImports.cancel(request.person, slug, upload);
  return reply.redirect(urls.donationImport(slug), 303);
}

/** An upload's own page: its preview being made or made, its booking under way, then its report. */
export async function donationImportReport(request: FastifyRequest<UploadParams>, reply: FastifyReply) {
  const { donations, donationImports } = request.server.communs;
  const { space } = await donations.chamber(request.person, request.params.slug);
  const id = request.params.upload;
  const state = await donationImports.state(request.person, space.slug, id);
  if (state.step === "preview") return previewPage(request, reply, space, id, state);
  const ctx = view(request, reply);
  if (state.step !== "done" || !state.report) {
    // Browsers reload a page that says so in this header, JavaScript or not.
    reply.header("refresh", "1");
    const title = state.step === "previewing" ? "donations.previewing" : "donations.running";
    return sendPage(reply, ctx, ctx.t(title), <ImportRunningView ctx={ctx} space={space} title={title} />);
  }
  return sendPage(
    reply,
    ctx,
    `${ctx.t("donations.reportTitle")} · ${space.name}`,
    <ImportDoneView ctx={ctx} space={space} filename={state.filename} report={state.report} />,
    state.report.failure ? 400 : 200,
  );
}
