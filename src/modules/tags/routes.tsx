import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import { ErrorSchema } from "../../web/api-schemas.ts";
import { formBody, formFailure, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import type { TagItem } from "./service.ts";
import { type FailedForm, TagView, VocabularyView } from "./views.tsx";

type SpaceParams = { Params: { slug: string } };
type TagParams = { Params: { slug: string; tag: string } };
type FamilyParams = { Params: { slug: string; id: string } };

/** Family ids are UUIDs: `/familles/fusionner` then reaches the merge of a tag called "familles". */
const FAMILY_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

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

/** Only what was typed can be shown again in a form; the rest goes to the error page. */
function isFormError(error: unknown): error is DomainError {
  return error instanceof DomainError && (error.code === "VALIDATION_FAILED" || error.code === "CONFLICT");
}

function presentTag(tag: TagItem) {
  return { slug: tag.slug, label: tag.label, synonyms: tag.synonyms, count: tag.count };
}

export async function tagRoutes(app: FastifyInstance): Promise<void> {
  const { tags } = app.communs;

  async function vocabularyPage(request: FastifyRequest, reply: FastifyReply, slug: string) {
    const vocabulary = await tags.vocabulary(request.person, slug);
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t("tags.titleOf", { name: vocabulary.space.name }),
      <VocabularyView ctx={ctx} vocabulary={vocabulary} />,
    );
  }

  /** A refused form of the vocabulary page: the page again, that form with its values and messages. */
  async function vocabularyRefused(
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    slug: string,
    form: string,
  ) {
    if (!isFormError(error)) throw error;
    const vocabulary = await tags.vocabulary(request.person, slug);
    return formFailure(request, reply, error, (ctx, state) => ({
      title: ctx.t("tags.titleOf", { name: vocabulary.space.name }),
      body: <VocabularyView ctx={ctx} vocabulary={vocabulary} failed={{ form, state }} />,
    }));
  }

  async function tagPage(request: FastifyRequest, reply: FastifyReply, slug: string, tag: string) {
    const page = await tags.tag(request.person, slug, tag);
    const ctx = view(request, reply);
    return sendPage(reply, ctx, page.tag.label, <TagView ctx={ctx} page={page} />);
  }

  async function tagRefused(
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    params: TagParams["Params"],
    form: FailedForm["form"],
  ) {
    if (!isFormError(error)) throw error;
    const page = await tags.tag(request.person, params.slug, params.tag);
    return formFailure(request, reply, error, (ctx, state) => ({
      title: page.tag.label,
      body: <TagView ctx={ctx} page={page} failed={{ form, state }} />,
    }));
  }

  /** Edit of a tag, or its integration into the vocabulary (the free tags' one-button form). */
  async function saveTag(request: FastifyRequest, reply: FastifyReply, params: TagParams["Params"]) {
    const person = requirePerson(request);
    const body = formBody(request.body);
    const vocabularyUrl = `/espaces/${params.slug}/etiquettes`;
    if (body.integrate === "1") {
      try {
        const tag = await tags.integrate(person, params.slug, params.tag, body);
        return redirectWithFlash(reply, vocabularyUrl, "tags.integrated", { label: tag.label });
      } catch (error) {
        return vocabularyRefused(request, reply, error, params.slug, `integrate-${params.tag}`);
      }
    }
    try {
      const tag = await tags.updateTag(person, params.slug, params.tag, body);
      return redirectWithFlash(reply, `${vocabularyUrl}/${tag.slug}`, "tags.updated", { label: tag.label });
    } catch (error) {
      return tagRefused(request, reply, error, params, "edit");
    }
  }

  app.get<SpaceParams>("/espaces/:slug/etiquettes", async (request, reply) =>
    vocabularyPage(request, reply, request.params.slug),
  );

  app.get<TagParams>("/espaces/:slug/etiquettes/:tag", async (request, reply) =>
    tagPage(request, reply, request.params.slug, request.params.tag),
  );

  app.post<SpaceParams>("/espaces/:slug/etiquettes/familles", async (request, reply) => {
    const { slug } = request.params;
    const body = formBody(request.body);
    // A free tag called "familles" has this address too: its forms send a label, never a name.
    if ("label" in body || "integrate" in body) return saveTag(request, reply, { slug, tag: "familles" });
    const person = requirePerson(request);
    try {
      const family = await tags.createFamily(person, slug, body);
      return redirectWithFlash(reply, `/espaces/${slug}/etiquettes`, "tags.familyCreated", {
        name: family.name,
      });
    } catch (error) {
      return vocabularyRefused(request, reply, error, slug, "family-new");
    }
  });

  app.post<FamilyParams>(`/espaces/:slug/etiquettes/familles/:id(${FAMILY_ID})`, async (request, reply) => {
    const { slug, id } = request.params;
    const person = requirePerson(request);
    try {
      const family = await tags.updateFamily(person, slug, id, formBody(request.body));
      return redirectWithFlash(reply, `/espaces/${slug}/etiquettes`, "tags.familyChanged", {
        name: family.name,
      });
    } catch (error) {
      return vocabularyRefused(request, reply, error, slug, `family-${id}`);
    }
  });

  app.post<SpaceParams>("/espaces/:slug/etiquettes", async (request, reply) => {
    const { slug } = request.params;
    const person = requirePerson(request);
    try {
      const tag = await tags.createTag(person, slug, formBody(request.body));
      return redirectWithFlash(reply, `/espaces/${slug}/etiquettes/${tag.slug}`, "tags.created", {
        label: tag.label,
      });
    } catch (error) {
      return vocabularyRefused(request, reply, error, slug, "tag-new");
    }
  });

  app.post<TagParams>("/espaces/:slug/etiquettes/:tag", async (request, reply) =>
    saveTag(request, reply, request.params),
  );

  app.post<TagParams>("/espaces/:slug/etiquettes/:tag/fusionner", async (request, reply) => {
    const { slug, tag } = request.params;
    const person = requirePerson(request);
    try {
      const merged = await tags.merge(person, slug, tag, formBody(request.body).into);
      return redirectWithFlash(reply, `/espaces/${slug}/etiquettes/${merged.slug}`, "tags.merged", {
        from: merged.from,
        label: merged.label,
      });
    } catch (error) {
      return tagRefused(request, reply, error, request.params, "merge");
    }
  });

  app.post<TagParams>("/espaces/:slug/etiquettes/:tag/supprimer", async (request, reply) => {
    const { slug, tag } = request.params;
    const person = requirePerson(request);
    try {
      const removed = await tags.remove(person, slug, tag, formBody(request.body));
      return redirectWithFlash(reply, `/espaces/${slug}/etiquettes`, "tags.deleted", {
        label: removed.label,
      });
    } catch (error) {
      return tagRefused(request, reply, error, request.params, "delete");
    }
  });

  app.get<SpaceParams>(
    "/api/v1/spaces/:slug/tags",
    {
      schema: {
        tags: ["tags"],
        summary:
          "Vocabulaire des étiquettes d’une assemblée : familles, étiquettes gouvernées, étiquettes libres",
        params: Type.Object({ slug: Type.String({ maxLength: 60 }) }),
        response: { 200: VocabularySchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const vocabulary = await tags.vocabulary(request.person, request.params.slug);
      return {
        families: [
          ...vocabulary.families.map((f) => ({ name: f.name, tags: f.tags.map(presentTag) })),
          ...(vocabulary.unfiled.length > 0
            ? [{ name: null, tags: vocabulary.unfiled.map(presentTag) }]
            : []),
        ],
        free: vocabulary.free.map(presentTag),
      };
    },
  );
}
