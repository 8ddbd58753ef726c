import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import { ErrorSchema } from "../../web/api-schemas.ts";
import { chamberSiren } from "./settings.ts";
import { sendFec } from "./treasury.tsx";

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const FecQuery = Type.Object({
  year: Type.String({ pattern: "^\\d{4}$", description: "Exercice (année civile), AAAA" }),
});

/**
 * The FEC of a chamber's year through the JSON API: the same file as the page's download, public once
 * the chamber has a SIREN (its transfers' labels already follow the donors' choices).
 */
export async function treasuryApiRoutes(app: FastifyInstance): Promise<void> {
  const { ledger, db } = app.communs;

  app.get<{ Params: Static<typeof SlugParams>; Querystring: Static<typeof FecQuery> }>(
    "/api/v1/spaces/:slug/ledger/fec",
    {
      schema: {
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
      },
    },
    async (request, reply) => {
      const space = await ledger.chamber(request.params.slug);
      const siren = await chamberSiren(db.kysely, space.id);
      if (!siren) throw new DomainError("SIREN_MISSING");
      return sendFec(request, reply, { spaceId: space.id, year: Number(request.query.year), siren });
    },
  );
}
