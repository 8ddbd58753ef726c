import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import { ErrorSchema } from "../../web/api-schemas.ts";
import { sendFec } from "./send-fec.ts";

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const FecQuery = Type.Object({
  year: Type.String({ pattern: "^\\d{4}$", description: "Exercice (année civile), AAAA" }),
});

export const fecSchema = {
  tags: ["ledger"],
  summary:
    "Le fichier des écritures comptables (FEC) d’une année : texte ISO 8859-15, tabulations, fins de ligne CRLF, nommé <SIREN>FEC<AAAA>1231.txt (public dès que la chambre a un SIREN)",
  params: SlugParams,
  querystring: FecQuery,
  response: {
    200: {
      description: "Le FEC, en pièce jointe (Content-Disposition), écrit au fil de la lecture",
      content: { "text/plain": { schema: Type.String() } },
    },
    400: ErrorSchema,
    404: ErrorSchema,
  },
};

/**
 * The FEC of a chamber's year through the JSON API: the same file as the page's download, public once
 * the chamber has a SIREN (its transfers' labels already follow the donors' choices).
 */
export async function fec(
  request: FastifyRequest<{ Params: Static<typeof SlugParams>; Querystring: Static<typeof FecQuery> }>,
  reply: FastifyReply,
) {
  const { file } = await request.server.communs.treasury.fec(request.params.slug, Number(request.query.year));
  if (!file) throw new DomainError("SIREN_MISSING");
  return sendFec(request, reply, file);
}
