import type { FastifyRequest } from "fastify";
import { ErrorSchema, PersonSchema } from "../../web/api-schemas.ts";
import { requirePerson } from "../../web/http.ts";

export const meSchema = {
  schema: {
    tags: ["accounts"],
    summary: "La personne connectée",
    security: [{ bearer: [] }],
    response: { 200: PersonSchema, 401: ErrorSchema },
  },
};

export async function me(request: FastifyRequest) {
  const person = requirePerson(request);
  return {
    id: person.id,
    email: person.email,
    displayName: person.displayName,
    introduction: person.introduction,
    language: person.language,
    isAdmin: person.isAdmin,
  };
}
