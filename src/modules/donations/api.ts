import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import { ErrorSchema, literals } from "../../web/api-schemas.ts";
import { DISPLAYS, DONATION_METHODS } from "./service.ts";

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

export const recordDonationSchema = {
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
};

export async function recordDonation(
  request: FastifyRequest<{ Params: Static<typeof SlugParams>; Body: Static<typeof DonationIn> }>,
  reply: FastifyReply,
) {
  const key = request.headers["idempotency-key"];
  if (typeof key !== "string" || key.trim() === "")
    throw new DomainError("VALIDATION_FAILED", { idempotencyKey: "field.required" });
  const { donation, replayed } = await request.server.communs.donations.record(
    request.person,
    request.params.slug,
    request.body,
    key,
  );
  return reply.status(replayed ? 200 : 201).send(donation);
}

const Outcome = Type.Object({ outcome: Type.String(), donation: Type.Union([Type.String(), Type.Null()]) });

export const helloassoNotificationSchema = {
  tags: ["ledger"],
  summary:
    "URL de notification HelloAsso d’une chambre (le paiement est relu auprès de l’API avant d’être compté)",
  params: SlugParams,
  response: { 200: Outcome, 404: ErrorSchema, 502: ErrorSchema, 503: ErrorSchema },
};

/** HelloAsso's notification URL for a chamber: see the `helloasso` service. */
export async function helloassoNotification(request: FastifyRequest<{ Params: Static<typeof SlugParams> }>) {
  return request.server.communs.helloasso.receive(request.params.slug, request.body);
}
