/**
 * What people do on a record's page, each a form that comes back to the page with a message: delete or
 * merge it, unrelate it, declare oneself a commoner (and editors confirm or refuse declarations), link it
 * to a chamber, add or remove images. Also the images themselves.
 */
import { createReadStream } from "node:fs";
import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { formBody, redirectWithFlash, requirePerson } from "../../web/http.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import type { RecordParams } from "./pages.tsx";
import { text } from "./query.ts";

type CommonerParams = { Params: RecordParams["Params"] & { person: string } };

/** The record a form acts on, by its address. */
function locate(request: FastifyRequest<RecordParams>) {
  return request.server.communs.commons.locate(request.params.slug, request.params.commons);
}

/** Back to the record's page, with what was done. */
function back(request: FastifyRequest<RecordParams>, reply: FastifyReply, key: string) {
  return redirectWithFlash(reply, urls.commons(request.params.slug, request.params.commons), key);
}

export async function deleteCommons(request: FastifyRequest<RecordParams>, reply: FastifyReply) {
  const person = requirePerson(request);
  const { commons } = request.server.communs;
  const { record } = await commons.forEdit(person, request.params.slug, request.params.commons);
  await commons.remove(person, record.id);
  return redirectWithFlash(reply, urls.commonsList(request.params.slug), "commons.deleted", {
    name: record.name,
  });
}

export async function unrelateCommons(
  request: FastifyRequest<RecordParams & { Querystring: { autre?: string } }>,
  reply: FastifyReply,
) {
  const record = await locate(request);
  await request.server.communs.commons.relate(request.person, record.id, text(request.query.autre), false);
  return back(request, reply, "commons.relatedRemoved");
}

/** A member declares themself a commoner: it waits for an editor, unless they are one. */
export async function declareCommoner(request: FastifyRequest<RecordParams>, reply: FastifyReply) {
  const record = await locate(request);
  const { commons } = request.server.communs;
  const confirmed = await commons.declareCommoner(request.person, record.id, formBody(request.body).role);
  return back(request, reply, confirmed ? "commons.commonerSaved" : "commons.commonerPending");
}

export async function withdrawCommoner(request: FastifyRequest<RecordParams>, reply: FastifyReply) {
  const record = await locate(request);
  await request.server.communs.commons.withdrawCommoner(request.person, record.id);
  return back(request, reply, "commons.commonerRemoved");
}

export async function confirmCommoner(request: FastifyRequest<CommonerParams>, reply: FastifyReply) {
  const record = await locate(request);
  await request.server.communs.commons.confirmCommoner(request.person, record.id, request.params.person);
  return back(request, reply, "commons.commonerConfirmed");
}

export async function refuseCommoner(request: FastifyRequest<CommonerParams>, reply: FastifyReply) {
  const record = await locate(request);
  await request.server.communs.commons.refuseCommoner(request.person, record.id, request.params.person);
  return back(request, reply, "commons.commonerRefused");
}

export async function linkChamber(request: FastifyRequest<RecordParams>, reply: FastifyReply) {
  const record = await locate(request);
  const chamber = text(formBody(request.body).chamber);
  await request.server.communs.commons.linkChamber(request.person, record.id, chamber, true);
  return back(request, reply, "commons.chamberLinked");
}

export async function unlinkChamber(
  request: FastifyRequest<RecordParams & { Querystring: { chambre?: string } }>,
  reply: FastifyReply,
) {
  const record = await locate(request);
  const chamber = text(request.query.chambre);
  await request.server.communs.commons.linkChamber(request.person, record.id, chamber, false);
  return back(request, reply, "commons.chamberUnlinked");
}

/** Merges the record named in the form (a duplicate) into this one. */
export async function mergeCommons(request: FastifyRequest<RecordParams>, reply: FastifyReply) {
  const { commons } = request.server.communs;
  const record = await locate(request);
  const other = await commons.locate(request.params.slug, text(formBody(request.body).other)).catch(() => {
    throw new DomainError("VALIDATION_FAILED", { other: "commons.relatedUnknown" });
  });
  await commons.merge(request.person, record.id, other.id);
  return back(request, reply, "commons.merged");
}

export async function addImage(
  request: FastifyRequest<RecordParams & { Body: Record<string, unknown> }>,
  reply: FastifyReply,
) {
  const person = requirePerson(request);
  const { slug, commons } = request.params;
  const upload = uploadedFile(request.body, "image");
  const alt = formBody(request.body).alt;
  const record = await request.server.communs.commons.addImage(person, slug, commons, upload, alt);
  return redirectWithFlash(reply, urls.commons(slug, record.slug), "commons.imageAdded");
}

export async function deleteImage(
  request: FastifyRequest<{ Params: RecordParams["Params"] & { image: string } }>,
  reply: FastifyReply,
) {
  const person = requirePerson(request);
  const { slug, commons, image } = request.params;
  const record = await request.server.communs.commons.removeImage(person, slug, commons, image);
  return redirectWithFlash(reply, urls.commons(slug, record.slug), "commons.imageDeleted");
}

/** An image at one of its sizes, re-encoded when it was added: cached for good (its address never changes). */
export async function image(
  request: FastifyRequest<{ Params: { image: string; size: string } }>,
  reply: FastifyReply,
) {
  const file = await request.server.communs.commons.imageFile(request.params.image, request.params.size);
  return reply
    .type("image/webp")
    .header("cache-control", "public, max-age=31536000, immutable")
    .send(createReadStream(file));
}
