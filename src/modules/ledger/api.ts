import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import type { ExpenseClaimTable } from "../../db/schema.ts";
import { ErrorSchema } from "../../web/api-schemas.ts";
import { CLAIM_STATUSES } from "./claim-pages.tsx";
import { DISPLAYS, DONATION_METHODS } from "./donation-service.ts";
import { allTransfers } from "./transparency-store.ts";

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

const literals = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });

const DonationIn = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: 100_000_000_000, description: "En centimes" }),
    date: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "AAAA-MM-JJ" }),
    donor: Type.Optional(
      Type.Union([
        Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 120 })),
            email: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
    display: Type.Optional(literals(DISPLAYS)),
    pseudonym: Type.Optional(Type.String({ maxLength: 60 })),
    method: Type.Optional(literals(DONATION_METHODS)),
    envelope: Type.Optional(Type.String({ maxLength: 40, description: "Code du compte de l’enveloppe" })),
  },
  { additionalProperties: false },
);

const DonationOut = Type.Object({
  id: Type.String(),
  source: Type.String(),
  externalId: Type.String(),
  amount: Type.Integer(),
  date: Type.String(),
  method: Type.String(),
  shownAs: Type.Union([Type.String(), Type.Null()]),
  envelope: Type.Union([Type.String(), Type.Null()]),
  transferId: Type.String(),
});

const AccountOut = Type.Object({
  code: Type.String(),
  label: Type.String(),
  kind: Type.String(),
  balance: Type.Integer({ description: "Crédits moins débits passés, en centimes" }),
  debits: Type.Integer(),
  credits: Type.Integer(),
  pendingDebits: Type.Integer(),
  pendingCredits: Type.Integer(),
});

const TransferOut = Type.Object({
  id: Type.String(),
  date: Type.String(),
  label: Type.String(),
  amount: Type.Integer(),
  debitCode: Type.String(),
  debitLabel: Type.String(),
  creditCode: Type.String(),
  creditLabel: Type.String(),
});

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

const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const Decision = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    date: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Jour du paiement" })),
  },
  { additionalProperties: false },
);
const ACTIONS = ["approve", "pay", "reject", "waive"] as const;

export async function ledgerApiRoutes(app: FastifyInstance): Promise<void> {
  const { ledger, donations, claims, db } = app.communs;

  app.get<{ Params: Static<typeof SlugParams>; Querystring: { year?: string } }>(
    "/api/v1/spaces/:slug/ledger/transfers",
    {
      schema: {
        tags: ["ledger"],
        summary: "Les mouvements passés d’une année, avec leurs libellés publics",
        params: SlugParams,
        querystring: Type.Object({ year: Type.Optional(Type.String({ pattern: "^\\d{4}$" })) }),
        response: {
          200: Type.Object({ transfers: Type.Array(TransferOut) }),
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request) => {
      const space = await ledger.chamber(request.params.slug);
      const year = Number(request.query.year ?? new Date().getUTCFullYear());
      const transfers: Static<typeof TransferOut>[] = [];
      for await (const t of allTransfers(db.kysely, space.id, year)) transfers.push(t);
      return { transfers };
    },
  );

  app.get<{ Params: Static<typeof SlugParams>; Querystring: { status?: string } }>(
    "/api/v1/spaces/:slug/expense-claims",
    {
      schema: {
        tags: ["ledger"],
        summary:
          "Les notes de frais : toutes pour la trésorerie et la facilitation, les siennes pour un membre",
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
      },
    },
    async (request) => {
      const { claims: list } = await claims.list(request.person, request.params.slug, request.query.status);
      return { claims: list.map(claimOut) };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    "/api/v1/expense-claims/:id",
    {
      schema: {
        tags: ["ledger"],
        summary: "Une note de frais, ses justificatifs et qui a fait quoi (son auteur, la trésorerie)",
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: ClaimDetailOut, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
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
    },
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof ClaimIn> }>(
    "/api/v1/spaces/:slug/expense-claims",
    {
      schema: {
        tags: ["ledger"],
        summary: "Déposer une note de frais (membres de la chambre)",
        security: [{ bearer: [] }],
        params: SlugParams,
        body: ClaimIn,
        response: { 201: ClaimOut, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const claim = await claims.submit(request.person, request.params.slug, request.body);
      return reply.status(201).send(claimOut(claim));
    },
  );

  for (const action of ACTIONS)
    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof Decision> }>(
      `/api/v1/expense-claims/:id/${action}`,
      {
        preValidation: async (request) => {
          if (request.body === undefined) request.body = {};
        },
        schema: {
          tags: ["ledger"],
          summary: {
            approve: "Approuver (trésorerie ou facilitation, jamais l’auteur) : réserve l’enveloppe",
            pay: "Payer une note approuvée",
            reject: "Refuser, avec une raison",
            waive: "Abandonner ses frais (l’auteur) : compté comme un don",
          }[action],
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
      },
      async (request) => {
        const { id } = request.params;
        const body = request.body ?? {};
        if (action === "approve") await claims.approve(request.person, id);
        else if (action === "pay")
          await claims.pay(request.person, id, body.date ?? new Date().toISOString().slice(0, 10));
        else if (action === "reject") await claims.reject(request.person, id, body.reason);
        else await claims.waive(request.person, id);
        return claimOut(await claims.get(id));
      },
    );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof DonationIn> }>(
    "/api/v1/spaces/:slug/donations",
    {
      schema: {
        tags: ["ledger"],
        summary:
          "Enregistrer un don (trésorerie et facilitation de la chambre) ; en-tête Idempotency-Key obligatoire",
        security: [{ bearer: [] }],
        params: SlugParams,
        headers: Type.Object({ "idempotency-key": Type.Optional(Type.String({ maxLength: 200 })) }),
        body: DonationIn,
        response: {
          200: DonationOut,
          201: DonationOut,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const key = request.headers["idempotency-key"];
      if (typeof key !== "string" || key.trim() === "")
        throw new DomainError("VALIDATION_FAILED", { idempotencyKey: "field.required" });
      const { donation, replayed } = await donations.record(
        request.person,
        request.params.slug,
        request.body,
        key,
      );
      return reply.status(replayed ? 200 : 201).send(donation);
    },
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    "/api/v1/spaces/:slug/ledger/accounts",
    {
      schema: {
        tags: ["ledger"],
        summary: "Les comptes d’une chambre et leurs soldes (public : la comptabilité est transparente)",
        params: SlugParams,
        response: { 200: Type.Object({ accounts: Type.Array(AccountOut) }), 404: ErrorSchema },
      },
    },
    async (request) => ({ accounts: await ledger.accounts(request.params.slug) }),
  );
}
