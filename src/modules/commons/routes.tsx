import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  COMMONS_STATUSES,
  type CommonsInput,
  type CommonsStatus,
  emptyPlace,
  LIMITS,
} from "../../core/commons.ts";
import { DomainError } from "../../core/errors.ts";
import type { FormState } from "../../web/forms.tsx";
import { formBody, keptValues, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import { EXPORTERS } from "./formats/index.ts";
import { mapPageHelmet } from "./map.tsx";
import { PossibleDuplicates } from "./service.ts";
import type { CommonsFilter, CommonsSort } from "./store.ts";
import { blankRecord, DetailView, type FormRecord, FormView, type ListQuery, ListView } from "./views.tsx";

type SpaceParams = { Params: { slug: string } };
type RecordParams = { Params: { slug: string; commons: string } };

function text(value: unknown, max = 200): string {
  return typeof value === "string" ? value.slice(0, max) : "";
}

/** The list's query string, read leniently: anything unknown falls back to its default. */
export function parseListQuery(raw: unknown): ListQuery {
  const q = (raw ?? {}) as Record<string, unknown>;
  const int = (value: unknown, fallback: number, max: number) => {
    const n = Number(text(value));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
  };
  const search = text(q.q);
  const sort = ["relevance", "name", "recent"].includes(text(q.sort)) ? text(q.sort) : "";
  return {
    q: search,
    tag: text(q.tag, 80),
    kind: text(q.kind, 80),
    commune: text(q.commune, 100),
    status: COMMONS_STATUSES.includes(text(q.status) as CommonsStatus) ? text(q.status) : "",
    sort: sort || (search ? "relevance" : "name"),
    page: int(q.page, 1, 100_000),
    size: [20, 50, 100].includes(Number(text(q.size))) ? Number(text(q.size)) : 50,
  };
}

export function filterOf(query: ListQuery): CommonsFilter {
  return {
    text: query.q || undefined,
    tag: query.tag || undefined,
    kind: query.kind || undefined,
    commune: query.commune || undefined,
    status: (query.status || undefined) as CommonsStatus | undefined,
  };
}

/** A record from the create/edit form: empty place and link blocks (the spare ones) are left out. */
export function recordFromForm(body: unknown): Partial<CommonsInput> {
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

export async function commonsRoutes(app: FastifyInstance): Promise<void> {
  const { commons } = app.communs;

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      spaceSlug: string;
      action: string;
      title: string;
      record: FormRecord;
      state?: FormState;
      duplicates?: PossibleDuplicates["duplicates"];
      status?: number;
    },
  ) {
    const space = await commons.directory(options.spaceSlug);
    const ctx = view(request, reply);
    const extraPlaces = Number(text(formBody(request.body).extraPlaces)) || 0;
    const adding = text(formBody(request.body)._action) === "addPlace";
    return sendPage(
      reply,
      ctx,
      options.title,
      <FormView
        ctx={ctx}
        space={space}
        action={options.action}
        title={options.title}
        record={options.record}
        kinds={await commons.kinds(options.spaceSlug)}
        tagSuggestions={(await commons.tagChoices(options.spaceSlug)).map((t) => t.label)}
        state={options.state}
        duplicates={options.duplicates}
        extraPlaces={Math.min(extraPlaces + (adding ? 1 : 0), 10)}
        tiles={app.communs.config.mapTileUrl}
        attribution={app.communs.config.mapTileAttribution}
        geocoding={app.communs.geocoder !== null}
      />,
      options.status,
    );
  }

  app.get<SpaceParams>("/espaces/:slug/communs", async (request, reply) => {
    const query = parseListQuery(request.query);
    const { space, items, total, kinds, tags } = await commons.list(request.params.slug, filterOf(query), {
      sort: query.sort as CommonsSort,
      limit: query.size,
      offset: (query.page - 1) * query.size,
    });
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t("commons.directoryTitle", { name: space.name }),
      <ListView
        ctx={ctx}
        space={space}
        query={query}
        items={items}
        total={total}
        kinds={kinds}
        tags={tags}
        canCreate={await commons.allowed(request.person, space, "commons.create")}
        canCurate={await commons.allowed(request.person, space, "commons.curate")}
      />,
    );
  });

  // Form pages show the pin map: their CSP lets the tile server's images in.
  const formPage = { helmet: mapPageHelmet(app.communs.config) };

  app.get<SpaceParams>("/espaces/:slug/communs/nouveau", formPage, async (request, reply) => {
    await commons.creating(request.person, request.params.slug);
    const ctx = view(request, reply);
    return renderForm(request, reply, {
      spaceSlug: request.params.slug,
      action: `/espaces/${request.params.slug}/communs`,
      title: ctx.t("commons.new"),
      record: blankRecord(),
    });
  });

  app.post<SpaceParams>("/espaces/:slug/communs", formPage, async (request, reply) => {
    const person = requirePerson(request);
    const { slug } = request.params;
    const raw = recordFromForm(request.body);
    const again = (state?: FormState, duplicates?: PossibleDuplicates["duplicates"], status = 200) =>
      renderForm(request, reply, {
        spaceSlug: slug,
        action: `/espaces/${slug}/communs`,
        title: request.t("commons.new"),
        record: formRecord(raw),
        state,
        duplicates,
        status,
      });
    if (text(formBody(request.body)._action) === "addPlace")
      return again({ values: keptValues(request.body), errors: {} });
    try {
      const confirmed = text(formBody(request.body).confirmDuplicate) === "1";
      const { record } = await commons.create(person, slug, raw, { confirmed });
      return redirectWithFlash(reply, `/espaces/${slug}/communs/${record.slug}`, "commons.created", {
        name: record.name,
      });
    } catch (error) {
      if (error instanceof PossibleDuplicates)
        return again({ values: keptValues(request.body), errors: {} }, error.duplicates, 409);
      return failForm(request, error, again);
    }
  });

  app.get<RecordParams>("/espaces/:slug/communs/:commons", async (request, reply) => {
    const shown = await commons.show(request.person, request.params.slug, request.params.commons);
    const ctx = view(request, reply);
    return sendPage(reply, ctx, shown.record.name, <DetailView ctx={ctx} {...shown} />);
  });

  app.get<RecordParams>("/espaces/:slug/communs/:commons/modifier", formPage, async (request, reply) => {
    requirePerson(request);
    const { record } = await commons.forEdit(request.person, request.params.slug, request.params.commons);
    return renderForm(request, reply, {
      spaceSlug: request.params.slug,
      action: `/espaces/${request.params.slug}/communs/${record.slug}`,
      title: request.t("commons.editTitle", { name: record.name }),
      record,
    });
  });

  app.post<RecordParams>("/espaces/:slug/communs/:commons", formPage, async (request, reply) => {
    const person = requirePerson(request);
    const { record } = await commons.forEdit(person, request.params.slug, request.params.commons);
    const raw = recordFromForm(request.body);
    const again = (state?: FormState, _d?: unknown, status = 200) =>
      renderForm(request, reply, {
        spaceSlug: request.params.slug,
        action: `/espaces/${request.params.slug}/communs/${record.slug}`,
        title: request.t("commons.editTitle", { name: record.name }),
        record: formRecord(raw),
        state,
        status,
      });
    if (text(formBody(request.body)._action) === "addPlace")
      return again({ values: keptValues(request.body), errors: {} });
    try {
      const updated = await commons.update(person, record.id, raw);
      return redirectWithFlash(
        reply,
        `/espaces/${request.params.slug}/communs/${updated.slug}`,
        "commons.saved",
      );
    } catch (error) {
      return failForm(request, error, again);
    }
  });

  app.post<RecordParams>("/espaces/:slug/communs/:commons/supprimer", async (request, reply) => {
    const person = requirePerson(request);
    const { record } = await commons.forEdit(person, request.params.slug, request.params.commons);
    await commons.remove(person, record.id);
    return redirectWithFlash(reply, `/espaces/${request.params.slug}/communs`, "commons.deleted", {
      name: record.name,
    });
  });

  async function recordId(request: FastifyRequest<RecordParams>) {
    const shown = await commons.show(request.person, request.params.slug, request.params.commons);
    return shown.record;
  }

  function back(request: FastifyRequest<RecordParams>, reply: FastifyReply, key: string) {
    return redirectWithFlash(reply, `/espaces/${request.params.slug}/communs/${request.params.commons}`, key);
  }

  app.post<RecordParams>("/espaces/:slug/communs/:commons/lies", async (request, reply) => {
    const record = await recordId(request);
    await commons.relate(request.person, record.id, text(formBody(request.body).other), true);
    return back(request, reply, "commons.relatedSaved");
  });

  app.post<RecordParams & { Querystring: { autre?: string } }>(
    "/espaces/:slug/communs/:commons/lies/retirer",
    async (request, reply) => {
      const record = await recordId(request);
      await commons.relate(request.person, record.id, text(request.query.autre), false);
      return back(request, reply, "commons.relatedRemoved");
    },
  );

  app.post<RecordParams>("/espaces/:slug/communs/:commons/commoners", async (request, reply) => {
    const record = await recordId(request);
    await commons.declareCommoner(request.person, record.id, formBody(request.body).role, true);
    return back(request, reply, "commons.commonerSaved");
  });

  app.post<RecordParams>("/espaces/:slug/communs/:commons/commoners/retirer", async (request, reply) => {
    const record = await recordId(request);
    await commons.declareCommoner(request.person, record.id, "", false);
    return back(request, reply, "commons.commonerRemoved");
  });

  app.post<RecordParams>("/espaces/:slug/communs/:commons/chambres", async (request, reply) => {
    const record = await recordId(request);
    await commons.linkChamber(request.person, record.id, text(formBody(request.body).chamber), true);
    return back(request, reply, "commons.chamberLinked");
  });

  app.post<RecordParams & { Querystring: { chambre?: string } }>(
    "/espaces/:slug/communs/:commons/chambres/retirer",
    async (request, reply) => {
      const record = await recordId(request);
      await commons.linkChamber(request.person, record.id, text(request.query.chambre), false);
      return back(request, reply, "commons.chamberUnlinked");
    },
  );

  app.post<RecordParams>("/espaces/:slug/communs/:commons/fusionner", async (request, reply) => {
    const record = await recordId(request);
    const space = await commons.directory(request.params.slug);
    const other = await commons
      .show(request.person, space.slug, text(formBody(request.body).other))
      .catch(() => {
        throw new DomainError("VALIDATION_FAILED", { other: "commons.relatedUnknown" });
      });
    await commons.merge(request.person, record.id, other.record.id);
    return back(request, reply, "commons.merged");
  });

  app.get<SpaceParams & { Params: { format: string } }>(
    "/espaces/:slug/communs/export/:format",
    async (request, reply) => {
      const format = EXPORTERS[request.params.format as keyof typeof EXPORTERS];
      if (!format) throw new DomainError("NOT_FOUND");
      const space = await commons.directory(request.params.slug);
      const filter = filterOf(parseListQuery(request.query));
      const chunks = format.exporter(commons.matching(space.slug, filter), {
        baseUrl: app.communs.config.publicUrl,
        instanceName: app.communs.config.instanceName,
        space: { slug: space.slug, name: space.name },
      });
      return reply
        .type(format.contentType)
        .header("content-disposition", `attachment; filename="communs-${space.slug}.${format.extension}"`)
        .header("access-control-allow-origin", "*")
        .send(Readable.from(chunks));
    },
  );

  app.get<SpaceParams>("/espaces/:slug/communs/carte.json", async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const bbox = text(query.bbox)
      .split(",")
      .map(Number)
      .filter((n) => Number.isFinite(n));
    const filter = {
      ...filterOf(parseListQuery(query)),
      bbox: bbox.length === 4 ? (bbox as [number, number, number, number]) : undefined,
    };
    return reply
      .header("access-control-allow-origin", "*")
      .send({ points: await commons.mapPoints(request.params.slug, filter) });
  });
}

/** A refused form shows itself again with the person's values and each field's message. */
function failForm(
  request: FastifyRequest,
  error: unknown,
  again: (state: FormState, duplicates: undefined, status: number) => Promise<FastifyReply>,
) {
  if (!(error instanceof DomainError) || error.code !== "VALIDATION_FAILED") throw error;
  return again(
    { values: keptValues(request.body), errors: error.fields, message: request.t(`error.${error.code}`) },
    undefined,
    error.status,
  );
}
