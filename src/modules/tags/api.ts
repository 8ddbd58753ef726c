import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { ErrorSchema } from "../../web/api-schemas.ts";
import type { RouteOptions } from "../../web/routes.ts";
import type { TagItem } from "./types.ts";

const TagSchema = Type.Object({
  slug: Type.String(),
  label: Type.String(),
  synonyms: Type.Array(Type.String()),
  count: Type.Integer({ description: "Nombre de communs qui portent l’étiquette" }),
});

const VocabularySchema = Type.Object({
  families: Type.Array(
    Type.Object({
      name: Type.Union([Type.String(), Type.Null()], {
        description: "Nom de la famille ; null pour les étiquettes gouvernées sans famille",
      }),
      tags: Type.Array(TagSchema),
    }),
  ),
  free: Type.Array(TagSchema, { description: "Étiquettes libres, hors vocabulaire" }),
});

function presentTag(tag: TagItem) {
  return { slug: tag.slug, label: tag.label, synonyms: tag.synonyms, count: tag.count };
}

export const apiVocabularyOptions: RouteOptions = {
  schema: {
    tags: ["tags"],
    summary:
      "Vocabulaire des étiquettes d’une assemblée : familles, étiquettes gouvernées, étiquettes libres",
    params: Type.Object({ slug: Type.String({ maxLength: 60 }) }),
    response: { 200: VocabularySchema, 404: ErrorSchema },
  },
};

export async function apiVocabulary(request: FastifyRequest<{ Params: { slug: string } }>) {
  const vocabulary = await request.server.communs.tags.vocabulary(request.person, request.params.slug);
  return {
    families: [
      ...vocabulary.families.map((f) => ({ name: f.name, tags: f.tags.map(presentTag) })),
      ...(vocabulary.unfiled.length > 0 ? [{ name: null, tags: vocabulary.unfiled.map(presentTag) }] : []),
    ],
    free: vocabulary.free.map(presentTag),
  };
}
