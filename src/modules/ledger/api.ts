import type { FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { ErrorSchema } from "../../web/api-schemas.ts";

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });

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

export const transfersSchema = {
  tags: ["ledger"],
  summary: "Les mouvements passés d’une année, avec leurs libellés publics",
  params: SlugParams,
  querystring: Type.Object({ year: Type.Optional(Type.String({ pattern: "^\\d{4}$" })) }),
  response: {
    200: Type.Object({ transfers: Type.Array(TransferOut) }),
    400: ErrorSchema,
    404: ErrorSchema,
  },
};

export async function listTransfers(
  request: FastifyRequest<{ Params: Static<typeof SlugParams>; Querystring: { year?: string } }>,
) {
  const { ledger } = request.server.communs;
  const space = await ledger.chamber(request.params.slug);
  const year = Number(request.query.year ?? new Date().getUTCFullYear());
  const transfers: Static<typeof TransferOut>[] = [];
  for await (const t of ledger.transfers(space.id, year)) transfers.push(t);
  return { transfers };
}

export const accountsSchema = {
  tags: ["ledger"],
  summary: "Les comptes d’une chambre et leurs soldes (public : la comptabilité est transparente)",
  params: SlugParams,
  response: { 200: Type.Object({ accounts: Type.Array(AccountOut) }), 404: ErrorSchema },
};

export async function listAccounts(request: FastifyRequest<{ Params: Static<typeof SlugParams> }>) {
  return { accounts: await request.server.communs.ledger.accounts(request.params.slug) };
}
