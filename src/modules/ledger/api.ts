import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import { ErrorSchema } from "../../web/api-schemas.ts";
import { DISPLAYS, DONATION_METHODS } from "./donation-service.ts";

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

export async function ledgerApiRoutes(app: FastifyInstance): Promise<void> {
  const { ledger, donations } = app.communs;

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
