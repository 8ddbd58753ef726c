import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { COMMONS_STATUSES, type CommonsInput, GEO_SOURCES, LIMITS, LINK_TYPES } from "../../core/commons.ts";
import { ErrorSchema } from "../../web/api-schemas.ts";
import type { RouteOptions } from "../../web/routes.ts";
import { filterOf, parseListQuery } from "./query.ts";
import type { CommonsRecord } from "./service.ts";
import type { CommonsSort } from "./store-search.ts";

const literals = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <S extends Parameters<typeof Type.Union>[0][number]>(schema: S) =>
  Type.Union([schema, Type.Null()]);

const Provenance = Type.Object({
  source: literals(GEO_SOURCES),
  score: Nullable(Type.Number()),
  at: Type.String({ format: "date-time" }),
});

const placeFields = {
  label: Type.String({ maxLength: LIMITS.label }),
  street: Type.String({ maxLength: LIMITS.street }),
  postcode: Type.String({ maxLength: LIMITS.postcode }),
  commune: Type.String({ maxLength: LIMITS.commune }),
  inseeCode: Type.String({ maxLength: 5 }),
  country: Type.String({ maxLength: 2 }),
  latitude: Nullable(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Nullable(Type.Number({ minimum: -180, maximum: 180 })),
  coarse: Type.Boolean(),
};

const PlaceIn = Type.Partial(Type.Object(placeFields, { additionalProperties: false }));
const PlaceOut = Type.Object({ ...placeFields, geo: Nullable(Provenance) });

const Link = Type.Object(
  {
    type: literals(LINK_TYPES),
    url: Type.String({ maxLength: LIMITS.url }),
    label: Type.Optional(Type.String({ maxLength: LIMITS.label })),
  },
  { additionalProperties: false },
);

const Origin = Type.Object(
  {
    source: Type.String({ minLength: 1, maxLength: 300 }),
    id: Type.String({ minLength: 1, maxLength: 300 }),
    revision: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { additionalProperties: false },
);

export const CommonsIn = Type.Object(
  {
    name: Type.String({ maxLength: LIMITS.name }),
    slug: Type.Optional(Type.String({ maxLength: 60 })),
    summary: Type.Optional(Type.String({ maxLength: LIMITS.summary })),
    description: Type.Optional(Type.String({ maxLength: LIMITS.description })),
    kind: Type.Optional(Type.String({ maxLength: 60 })),
    status: Type.Optional(literals(COMMONS_STATUSES)),
    contact: Type.Optional(Type.String({ maxLength: LIMITS.contact })),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: LIMITS.tag }), { maxItems: LIMITS.tags })),
    places: Type.Optional(Type.Array(PlaceIn, { maxItems: LIMITS.places })),
    links: Type.Optional(Type.Array(Link, { maxItems: LIMITS.links })),
    origin: Type.Optional(Nullable(Origin)),
  },
  { additionalProperties: false },
);

const Reference = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() });

export const CommonsOut = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  url: Type.String(),
  space: Type.Object({ slug: Type.String(), name: Type.String() }),
  name: Type.String(),
  summary: Type.String(),
  description: Type.String({ description: "Markdown" }),
  kind: Type.String(),
  kindLabel: Type.String(),
  status: literals(COMMONS_STATUSES),
  contact: Type.String(),
  tags: Type.Array(Type.String()),
  places: Type.Array(PlaceOut),
  links: Type.Array(Type.Object({ type: literals(LINK_TYPES), url: Type.String(), label: Type.String() })),
  origin: Nullable(
    Type.Object({ source: Type.String(), id: Type.String(), revision: Nullable(Type.String()) }),
  ),
  origins: Type.Array(
    Type.Object({ source: Type.String(), id: Type.String(), revision: Nullable(Type.String()) }),
  ),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

const Created = Type.Object({
  ...CommonsOut.properties,
  duplicates: Type.Array(Reference, { description: "Communs qui ressemblent beaucoup à celui-ci" }),
});

const ListQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  tag: Type.Optional(Type.String({ maxLength: 80 })),
  kind: Type.Optional(Type.String({ maxLength: 80 })),
  commune: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(literals(COMMONS_STATUSES)),
  sort: Type.Optional(literals(["relevance", "name", "recent"])),
  // Query strings are text: numbers are checked by pattern, then read.
  limit: Type.Optional(
    Type.String({
      pattern: "^(?:[1-9]|[1-9][0-9]|[1-4][0-9]{2}|500)$",
      description: "1 à 500, 50 par défaut",
    }),
  ),
  offset: Type.Optional(Type.String({ pattern: "^[0-9]{1,9}$", description: "0 par défaut" })),
});

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

function out(record: CommonsRecord): Static<typeof CommonsOut> {
  const { tagRefs: _t, placeIds: _p, geoFailed: _g, createdBy: _c, ...rest } = record;
  const origin = record.origins[0] ?? null;
  return { ...rest, origin };
}

type SpaceRequest<Extra = object> = FastifyRequest<{ Params: Static<typeof SlugParams> } & Extra>;
type IdRequest<Extra = object> = FastifyRequest<{ Params: Static<typeof IdParams> } & Extra>;

export const apiListOptions: RouteOptions = {
  schema: {
    tags: ["commons"],
    summary: "Communs d’un annuaire, avec les filtres de la liste",
    params: SlugParams,
    querystring: ListQuerySchema,
    response: {
      200: Type.Object({ items: Type.Array(CommonsOut), total: Type.Integer() }),
      400: ErrorSchema,
      404: ErrorSchema,
    },
  },
};

export async function apiList(request: SpaceRequest<{ Querystring: Static<typeof ListQuerySchema> }>) {
  const { commons } = request.server.communs;
  const query = parseListQuery(request.query);
  const limit = Number(request.query.limit ?? 50);
  const { space, rows, total } = await commons.list(request.params.slug, filterOf(query), {
    sort: query.sort as CommonsSort,
    limit,
    offset: Number(request.query.offset ?? 0),
  });
  return { items: (await commons.records(space, rows)).map(out), total };
}

export const apiCreateOptions: RouteOptions = {
  schema: {
    tags: ["commons"],
    summary: "Ajouter un commun (membres de l’assemblée)",
    security: [{ bearer: [] }],
    params: SlugParams,
    body: CommonsIn,
    response: { 201: Created, ...errors },
  },
};

export async function apiCreate(
  request: SpaceRequest<{ Body: Static<typeof CommonsIn> }>,
  reply: FastifyReply,
) {
  const { record, duplicates } = await request.server.communs.commons.create(
    request.person,
    request.params.slug,
    request.body as Partial<CommonsInput>,
    { confirmed: true },
  );
  return reply.status(201).send({ ...out(record), duplicates });
}

export const apiGetOptions: RouteOptions = {
  schema: {
    tags: ["commons"],
    summary: "Un commun",
    params: IdParams,
    response: { 200: CommonsOut, 404: ErrorSchema },
  },
};

export async function apiGet(request: IdRequest) {
  return out(await request.server.communs.commons.get(request.person, request.params.id));
}

export const apiReplaceOptions: RouteOptions = {
  schema: {
    tags: ["commons"],
    summary: "Remplacer un commun (sa personne créatrice, ses commoners confirmés, les facilitateurs)",
    security: [{ bearer: [] }],
    params: IdParams,
    body: CommonsIn,
    response: { 200: CommonsOut, ...errors },
  },
};

export async function apiReplace(request: IdRequest<{ Body: Static<typeof CommonsIn> }>) {
  const { commons } = request.server.communs;
  return out(await commons.update(request.person, request.params.id, request.body as Partial<CommonsInput>));
}

export const apiDeleteOptions: RouteOptions = {
  schema: {
    tags: ["commons"],
    summary: "Supprimer un commun (facilitateurs)",
    security: [{ bearer: [] }],
    params: IdParams,
    response: { 204: Type.Null(), ...errors },
  },
};

export async function apiDelete(request: IdRequest, reply: FastifyReply) {
  await request.server.communs.commons.remove(request.person, request.params.id);
  return reply.status(204).send();
}
