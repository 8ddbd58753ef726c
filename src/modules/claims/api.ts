import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import type { ExpenseClaimTable } from "../../db/schema.ts";
import { ErrorSchema, literals } from "../../web/api-schemas.ts";
import { CLAIM_STATUSES } from "./service.ts";

function claimOut(claim: ExpenseClaimTable): Static<typeof ClaimOut> {
  return {
    id: claim.id,
    title: claim.title,
    amount: Number(claim.amount),
    date: claim.date,
    account: claim.account_code,
    envelope: claim.envelope_code,
    status: claim.status,
    reason: claim.reason,
  };
}

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });

const ClaimIn = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    amount: Type.Integer({ minimum: 1, maximum: 100_000_000_000, description: "En centimes" }),
    date: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
    account: Type.String({ maxLength: 40, description: "Compte de charges (6132, 625…)" }),
    envelope: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const ClaimOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  amount: Type.Integer(),
  date: Type.String(),
  account: Type.String(),
  envelope: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  reason: Type.String(),
});

const ClaimDetailOut = Type.Object({
  ...ClaimOut.properties,
  author: Type.String({ description: "Identifiant de la personne qui l’a déposée" }),
  receipts: Type.Array(
    Type.Object({
      id: Type.String(),
      fileName: Type.String(),
      mediaType: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
    }),
  ),
  history: Type.Array(
    Type.Object({
      at: Type.String(),
      action: Type.String(),
      actor: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

const Decision = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    date: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Jour du paiement" })),
  },
  { additionalProperties: false },
);

export const listClaimsSchema = {
  tags: ["ledger"],
  summary: "Les notes de frais : toutes pour la trésorerie et la facilitation, les siennes pour un membre",
  security: [{ bearer: [] }],
  params: SlugParams,
  querystring: Type.Object({ status: Type.Optional(literals(CLAIM_STATUSES)) }),
  response: {
    200: Type.Object({ claims: Type.Array(ClaimOut) }),
    400: ErrorSchema,
    401: ErrorSchema,
    403: ErrorSchema,
    404: ErrorSchema,
  },
};

export async function listClaims(
  request: FastifyRequest<{ Params: Static<typeof SlugParams>; Querystring: { status?: string } }>,
) {
  const { claims: list } = await request.server.communs.claims.list(
    request.person,
    request.params.slug,
    request.query.status,
  );
  return { claims: list.map(claimOut) };
}

export const getClaimSchema = {
  tags: ["ledger"],
  summary: "Une note de frais, ses justificatifs et qui a fait quoi (son auteur, la trésorerie)",
  security: [{ bearer: [] }],
  params: IdParams,
  response: { 200: ClaimDetailOut, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
};

export async function getClaim(request: FastifyRequest<{ Params: Static<typeof IdParams> }>) {
  const { claims } = request.server.communs;
  const { claim, receipts } = await claims.view(request.person, request.params.id);
  const history = await claims.history(claim.id);
  return {
    ...claimOut(claim),
    author: claim.author_id,
    receipts: receipts.map((r) => ({
      id: r.id,
      fileName: r.file_name,
      mediaType: r.media_type,
      size: Number(r.size),
      sha256: r.sha256,
    })),
    history: history.map((e) => ({
      at: new Date(e.at).toISOString(),
      action: e.action,
      actor: e.actorName ?? null,
    })),
  };
}

export const submitClaimSchema = {
  tags: ["ledger"],
  summary: "Déposer une note de frais (membres de la chambre)",
  security: [{ bearer: [] }],
  params: SlugParams,
  body: ClaimIn,
  response: { 201: ClaimOut, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
};

export async function submitClaim(
  request: FastifyRequest<{ Params: Static<typeof SlugParams>; Body: Static<typeof ClaimIn> }>,
  reply: FastifyReply,
) {
  const claim = await request.server.communs.claims.submit(request.person, request.params.slug, request.body);
  return reply.status(201).send(claimOut(claim));
}

type DecisionRequest = FastifyRequest<{ Params: Static<typeof IdParams>; Body: Static<typeof Decision> }>;

/** A decision's options: its body may be left out, and is then empty. */
function decision(summary: string) {
  return {
    preValidation: async (request: FastifyRequest) => {
      if (request.body === undefined) request.body = {};
    },
    schema: {
      tags: ["ledger"],
      summary,
      security: [{ bearer: [] }],
      params: IdParams,
      body: Type.Optional(Decision),
      response: {
        200: ClaimOut,
        400: ErrorSchema,
        401: ErrorSchema,
        403: ErrorSchema,
        404: ErrorSchema,
        409: ErrorSchema,
      },
    },
  };
}

export const approveClaimOptions = decision(
  "Approuver (trésorerie ou facilitation, jamais l’auteur) : réserve l’enveloppe",
);
export const payClaimOptions = decision("Payer une note approuvée");
export const rejectClaimOptions = decision("Refuser, avec une raison");
export const waiveClaimOptions = decision("Abandonner ses frais (l’auteur) : compté comme un don");

export async function approveClaim(request: DecisionRequest) {
  const { claims } = request.server.communs;
  await claims.approve(request.person, request.params.id);
  return claimOut(await claims.get(request.params.id));
}

export async function payClaim(request: DecisionRequest) {
  const { claims } = request.server.communs;
  const date = request.body?.date ?? new Date().toISOString().slice(0, 10);
  await claims.pay(request.person, request.params.id, date);
  return claimOut(await claims.get(request.params.id));
}

export async function rejectClaim(request: DecisionRequest) {
  const { claims } = request.server.communs;
  await claims.reject(request.person, request.params.id, request.body?.reason);
  return claimOut(await claims.get(request.params.id));
}

export async function waiveClaim(request: DecisionRequest) {
  const { claims } = request.server.communs;
  await claims.waive(request.person, request.params.id);
  return claimOut(await claims.get(request.params.id));
}
