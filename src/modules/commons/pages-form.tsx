/**
 * The record's form, to create a commons or edit one: shown, sent, shown again with a spare place
 * ("Ajouter un lieu", without JavaScript) or with what was refused (and likely duplicates).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { type CommonsInput, type CommonsStatus, emptyPlace, LIMITS } from "../../core/commons.ts";
import type { FormState } from "../../web/forms.tsx";
import {
  formBody,
  formFailure,
  keptValues,
  redirectWithFlash,
  requirePerson,
  sendPage,
  view,
} from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { RecordParams, SpaceParams } from "./pages.tsx";
import { text } from "./query.ts";
import { type CommonsRecord, type Duplicate, PossibleDuplicates } from "./service.ts";
import { blankRecord, type FormRecord, FormView } from "./views-form.tsx";

/** A record from the create/edit form: empty place and link blocks (the spare ones) are left out. */
function recordFromForm(body: unknown): Partial<CommonsInput> {
  const b = formBody(body);
  const get = (key: string) => text(b[key], LIMITS.description + 1);
  const places: Partial<CommonsInput["places"][number]>[] = [];
  for (let i = 0; i < LIMITS.places + 5; i++) {
    const at = (field: string) => get(`places.${i}.${field}`);
    const fields = ["label", "street", "postcode", "commune", "inseeCode", "latitude", "longitude"];
    if (fields.every((f) => at(f).trim() === "")) continue;
    places.push({
      label: at("label"),
      street: at("street"),
      postcode: at("postcode"),
      commune: at("commune"),
      inseeCode: at("inseeCode"),
      country: at("country") || "FR",
      latitude: (at("latitude") || null) as unknown as number | null,
      longitude: (at("longitude") || null) as unknown as number | null,
      coarse: at("coarse") === "1",
    });
  }
  const links: Partial<CommonsInput["links"][number]>[] = [];
  for (let i = 0; i < LIMITS.links + 5; i++) {
    const url = get(`links.${i}.url`).trim();
    if (url === "") continue;
    links.push({
      type: get(`links.${i}.type`) as CommonsInput["links"][number]["type"],
      url,
      label: get(`links.${i}.label`),
    });
  }
  return {
    name: get("name"),
    summary: get("summary"),
    description: get("description"),
    kind: get("kind"),
    status: get("status") as CommonsStatus,
    contact: get("contact"),
    tags: get("tags").split(/[,;]/),
    places: places as CommonsInput["places"],
    links: links as CommonsInput["links"],
  };
}

/** What a refused form shows again (its typed values come back through the form state). */
function formRecord(raw: Partial<CommonsInput>): FormRecord {
  return {
    ...blankRecord(),
    ...raw,
    tags: (raw.tags ?? []).map((t) => t.trim()).filter(Boolean),
    places: (raw.places ?? []).map((p) => ({ ...emptyPlace(), ...p })),
    links: raw.links ?? [],
  } as FormRecord;
}

/** Whether the form was sent by its "Ajouter un lieu" button: shown again with one more place. */
function addingPlace(request: FastifyRequest): boolean {
  return text(formBody(request.body)._action) === "addPlace";
}

/**
 * The form as a page: the directory's kinds and tags in use beside the record, the pin map's settings,
 * and the spare places asked for so far.
 */
async function formPage(
  request: FastifyRequest,
  spaceSlug: string,
  form: { action: string; title: string; record: FormRecord },
) {
  const { commons, config, geocoder } = request.server.communs;
  const [space, kinds, tags] = await Promise.all([
    commons.directory(spaceSlug),
    commons.kinds(spaceSlug),
    commons.tagChoices(spaceSlug),
  ]);
  const extraPlaces = Number(text(formBody(request.body).extraPlaces)) || 0;
  return (ctx: PageContext, state?: FormState, duplicates?: Duplicate[]) => (
    <FormView
      ctx={ctx}
      space={space}
      action={form.action}
      title={form.title}
      record={form.record}
      kinds={kinds}
      tagSuggestions={tags.map((t) => t.label)}
      state={state}
      duplicates={duplicates}
      extraPlaces={Math.min(extraPlaces + (addingPlace(request) ? 1 : 0), 10)}
      tiles={config.mapTileUrl}
      attribution={config.mapTileAttribution}
      geocoding={geocoder !== null}
    />
  );
}

/**
 * The record's page after a save, with a warning when a place stayed off the map (address not found,
 * geocoder unavailable), else the flash `key`.
 */
function savedRedirect(
  reply: FastifyReply,
  record: CommonsRecord,
  flash: { key: string; params?: Record<string, string> },
) {
  const url = urls.commons(record.space.slug, record.slug);
  const failed = record.geoFailed.findIndex((reason) => reason !== null);
  const place = record.places[failed];
  if (!place) return redirectWithFlash(reply, url, flash.key, flash.params);
  const address = [place.street, place.postcode, place.commune].filter(Boolean).join(" ");
  return redirectWithFlash(reply, url, `commons.notPlaced.${record.geoFailed[failed]}`, { address });
}

/** Sends the form back as typed: with one more place, or with what was refused. */
async function again(
  request: FastifyRequest,
  reply: FastifyReply,
  spaceSlug: string,
  form: { action: string; title: string; record: FormRecord },
  error?: unknown,
) {
  const page = await formPage(request, spaceSlug, form);
  if (error === undefined) {
    const ctx = view(request, reply);
    return sendPage(reply, ctx, form.title, page(ctx, { values: keptValues(request.body), errors: {} }));
  }
  return formFailure(request, reply, error, (ctx, state) => ({
    title: form.title,
    body: page(ctx, state, error instanceof PossibleDuplicates ? error.duplicates : undefined),
  }));
}

export async function newCommons(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { slug } = request.params;
  await request.server.communs.commons.creating(request.person, slug);
  const ctx = view(request, reply);
  const title = ctx.t("commons.new");
  const page = await formPage(request, slug, {
    action: urls.commonsList(slug),
    title,
    record: blankRecord(),
  });
  return sendPage(reply, ctx, title, page(ctx));
}

export async function createCommons(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const person = requirePerson(request);
  const { slug } = request.params;
  const raw = recordFromForm(request.body);
  const form = { action: urls.commonsList(slug), title: request.t("commons.new"), record: formRecord(raw) };
  if (addingPlace(request)) return again(request, reply, slug, form);
  try {
    const confirmed = text(formBody(request.body).confirmDuplicate) === "1";
    const { record } = await request.server.communs.commons.create(person, slug, raw, { confirmed });
    return savedRedirect(reply, record, { key: "commons.created", params: { name: record.name } });
  } catch (error) {
    return again(request, reply, slug, form, error);
  }
}

export async function editCommons(request: FastifyRequest<RecordParams>, reply: FastifyReply) {
  requirePerson(request);
  const { slug, commons } = request.params;
  const { record } = await request.server.communs.commons.forEdit(request.person, slug, commons);
  const ctx = view(request, reply);
  const title = ctx.t("commons.editTitle", { name: record.name });
  const page = await formPage(request, slug, { action: urls.commons(slug, record.slug), title, record });
  return sendPage(reply, ctx, title, page(ctx));
}

export async function saveCommons(request: FastifyRequest<RecordParams>, reply: FastifyReply) {
  const person = requirePerson(request);
  const { commons } = request.server.communs;
  const { slug } = request.params;
  const { record } = await commons.forEdit(person, slug, request.params.commons);
  const raw = recordFromForm(request.body);
  const form = {
    action: urls.commons(slug, record.slug),
    title: request.t("commons.editTitle", { name: record.name }),
    record: formRecord(raw),
  };
  if (addingPlace(request)) return again(request, reply, slug, form);
  try {
    const updated = await commons.update(person, record.id, raw);
    return savedRedirect(reply, updated, { key: "commons.saved" });
  } catch (error) {
    return again(request, reply, slug, form, error);
  }
}
