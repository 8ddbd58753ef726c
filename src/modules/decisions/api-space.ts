import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import { literals } from "../../web/api-schemas.ts";
import {
  errors,
  MemberOut,
  NoBody,
  noBody,
  RequestOut,
  RequestParams,
  SlugParams,
  SocialCodeOut,
} from "./api-schemas.ts";

/**
 * What the decisions API reads and decides about a space's people and texts: its members, the requests
 * to join (with their co-optation round), a request decided by one facilitator where the rules say so,
 * and the social code in force.
 */

type Slug = FastifyRequest<{ Params: Static<typeof SlugParams> }>;
type Request = FastifyRequest<{ Params: Static<typeof RequestParams> }>;

const iso = (value: string) => new Date(value).toISOString();
const tags = ["decisions"];
const bearer = [{ bearer: [] }];

export const membersSchema = {
  tags,
  summary: "Les membres actifs d’un espace (toute personne connectée)",
  security: bearer,
  params: SlugParams,
  response: { 200: Type.Object({ members: Type.Array(MemberOut) }), 401: errors[401], 404: errors[404] },
};

export async function members(request: Slug): Promise<{ members: Static<typeof MemberOut>[] }> {
  if (!request.person) throw new DomainError("UNAUTHENTICATED");
  const { active } = await request.server.communs.spaces.members(request.person, request.params.slug);
  return {
    members: active.map((m) => ({
      id: m.id,
      person: m.personId,
      name: m.displayName,
      role: m.role,
      since: iso(m.createdAt),
    })),
  };
}

export const requestsSchema = {
  tags,
  summary:
    "Les demandes d’adhésion en attente, chacune avec sa proposition de cooptation quand elle en a une (facilitation)",
  security: bearer,
  params: SlugParams,
  response: { 200: Type.Object({ requests: Type.Array(RequestOut) }), ...errors },
};

export async function requests(request: Slug): Promise<{ requests: Static<typeof RequestOut>[] }> {
  const rows = await request.server.communs.decisions.requests(request.person, request.params.slug);
  return {
    requests: rows.map((r) => ({
      id: r.id,
      person: r.personId,
      name: r.name,
      introduction: r.introduction,
      requestedAt: iso(r.requestedAt),
      proposal:
        r.proposalId && r.proposalNumber !== null && r.deadline
          ? { id: r.proposalId, number: Number(r.proposalNumber), deadline: iso(r.deadline) }
          : null,
    })),
  };
}

function decideOptions(summary: string) {
  return {
    preValidation: noBody,
    schema: {
      tags,
      summary,
      security: bearer,
      params: RequestParams,
      body: NoBody,
      response: {
        200: Type.Object({ status: literals(["active", "declined"] as const) }),
        ...errors,
      },
    },
  };
}

const ALONE =
  " (facilitation, là où les règles de l’espace le permettent ; sinon 409 ADMISSION_BY_CONSENT : la cooptation en décide)";
export const acceptOptions = decideOptions(`Accepter une demande d’adhésion${ALONE}`);
export const declineOptions = decideOptions(`Décliner une demande d’adhésion${ALONE}`);

export async function accept(request: Request) {
  const { slug, id } = request.params;
  await request.server.communs.spaces.decideAdmission(request.person, slug, id, "accept");
  return { status: "active" as const };
}

export async function decline(request: Request) {
  const { slug, id } = request.params;
  await request.server.communs.spaces.decideAdmission(request.person, slug, id, "decline");
  return { status: "declined" as const };
}

export const socialCodeSchema = {
  tags,
  summary: "Le code social en vigueur d’une chambre : sa version, son texte et la décision qui l’a adopté",
  params: SlugParams,
  response: { 200: SocialCodeOut, 404: errors[404] },
};

export async function socialCode(request: Slug): Promise<Static<typeof SocialCodeOut>> {
  const code = await request.server.communs.decisions.socialCode.current(request.params.slug);
  if (!code) throw new DomainError("SOCIAL_CODE_NOT_FOUND");
  return {
    version: code.version,
    text: code.text,
    adoptedBy: code.adoptedBy,
    adoptedAt: iso(code.adoptedAt),
  };
}

const ForkIn = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, description: "Le nom de la nouvelle chambre" }),
    slug: Type.Optional(Type.String({ maxLength: 60, description: "Son adresse ; tirée du nom si absente" })),
  },
  { additionalProperties: false },
);

export const forkSchema = {
  tags,
  summary:
    "Forker une chambre (« fork encouragé ») : une nouvelle chambre avec une copie de son code social, de ses règles, de ses réglages et de ses étiquettes, sans membres, sans argent ni données personnelles",
  security: bearer,
  params: SlugParams,
  body: ForkIn,
  response: { 201: Type.Object({ slug: Type.String(), name: Type.String() }), ...errors },
};

export async function fork(
  request: FastifyRequest<{ Params: Static<typeof SlugParams>; Body: Static<typeof ForkIn> }>,
  reply: FastifyReply,
) {
  const made = await request.server.communs.decisions.forks.fork(
    request.person,
    request.params.slug,
    request.body,
  );
  return reply.status(201).send(made);
}
