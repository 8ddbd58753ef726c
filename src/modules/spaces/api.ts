import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { ErrorSchema, NewSpaceBody, SpaceListItemSchema, SpaceSchema } from "../../web/api-schemas.ts";

type SlugParams = { Params: { slug: string } };

const SlugParamsSchema = Type.Object({ slug: Type.String({ maxLength: 60 }) });

export const listSpacesSchema = {
  schema: {
    tags: ["spaces"],
    summary: "Liste des assemblées et des chambres",
    response: { 200: Type.Object({ spaces: Type.Array(SpaceListItemSchema) }) },
  },
};

export async function listSpaces(request: FastifyRequest) {
  const list = await request.server.communs.spaces.list();
  return {
    spaces: list.map((s) => ({
      kind: s.kind,
      slug: s.slug,
      name: s.name,
      summary: s.summary,
      territory: s.territory,
      theme: s.theme,
      assemblySlug: s.assemblySlug,
      memberCount: Number(s.memberCount ?? 0),
    })),
  };
}

export type NewSpace = { Body: Static<typeof NewSpaceBody> };

export const createSpaceSchema = {
  schema: {
    tags: ["spaces"],
    summary: "Créer un espace (administrateurs de l’instance)",
    security: [{ bearer: [] }],
    body: NewSpaceBody,
    response: {
      201: SpaceSchema,
      400: ErrorSchema,
      401: ErrorSchema,
      403: ErrorSchema,
      409: ErrorSchema,
    },
  },
};

export async function createSpace(request: FastifyRequest<NewSpace>, reply: FastifyReply) {
  const space = await request.server.communs.spaces.create(request.person, request.body);
  return reply.status(201).send(space);
}

export const getSpaceSchema = {
  schema: {
    tags: ["spaces"],
    summary: "Un espace et ses six propriétés",
    params: SlugParamsSchema,
    response: { 200: SpaceSchema, 404: ErrorSchema },
  },
};

export async function getSpace(request: FastifyRequest<SlugParams>) {
  return request.server.communs.spaces.get(request.params.slug);
}

export type Join = SlugParams & { Body: { introduction?: string } };

export const joinSpaceSchema = {
  // No body at all is a join without introduction, as the schema's optional body says.
  preValidation: async (request: FastifyRequest) => {
    if (request.body === undefined) request.body = {};
  },
  schema: {
    tags: ["spaces"],
    summary: "Rejoindre une assemblée, ou demander à rejoindre une chambre",
    security: [{ bearer: [] }],
    params: SlugParamsSchema,
    body: Type.Optional(
      Type.Object(
        { introduction: Type.Optional(Type.String({ maxLength: 500 })) },
        { additionalProperties: false },
      ),
    ),
    response: {
      200: Type.Object({ status: Type.Union([Type.Literal("active"), Type.Literal("pending")]) }),
      400: ErrorSchema,
      401: ErrorSchema,
      404: ErrorSchema,
      409: ErrorSchema,
    },
  },
};

export async function joinSpace(request: FastifyRequest<Join>) {
  return {
    status: await request.server.communs.spaces.join(request.person, request.params.slug, request.body ?? {}),
  };
}
