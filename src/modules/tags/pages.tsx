/**
 * The vocabulary's pages: the vocabulary of an assembly and one tag's page, each with the curators'
 * forms; a refused form shows its page again with that form's values and messages.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { formBody, formFailure, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import { sharedPart } from "../../web/shared.ts";
import { urls } from "../../web/urls.ts";
import { type FailedForm, VocabularyView } from "./views.tsx";
import { TagSummary, TagView } from "./views-tag.tsx";

type SpaceParams = { Params: { slug: string } };
type TagParams = { Params: { slug: string; tag: string } };
type FamilyParams = { Params: { slug: string; id: string } };

/** A refused form of the vocabulary page: the page again, that form with its values and messages. */
async function vocabularyRefused(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  slug: string,
  form: string,
) {
  const vocabulary = await request.server.communs.tags.vocabulary(request.person, slug);
  return formFailure(request, reply, error, (ctx, state) => ({
    title: ctx.t("tags.titleOf", { name: vocabulary.space.name }),
    body: <VocabularyView ctx={ctx} vocabulary={vocabulary} failed={{ form, state }} />,
  }));
}

/** A refused form of a tag's page: the page again, that form with its values and messages. */
async function tagRefused(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  params: TagParams["Params"],
  form: FailedForm["form"],
) {
  const page = await request.server.communs.tags.tag(request.person, params.slug, params.tag);
  return formFailure(request, reply, error, (ctx, state) => ({
    title: page.tag.label,
    body: <TagView ctx={ctx} page={page} failed={{ form, state }} />,
  }));
}

export async function vocabulary(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const shown = await request.server.communs.tags.vocabulary(request.person, request.params.slug);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("tags.titleOf", { name: shown.space.name }),
    <VocabularyView ctx={ctx} vocabulary={shown} />,
  );
}

export async function tagPage(request: FastifyRequest<TagParams>, reply: FastifyReply) {
  const { tags, commons } = request.server.communs;
  const page = await tags.tag(request.person, request.params.slug, request.params.tag);
  const ctx = view(request, reply);
  const key = ["tags.summary", page.space.slug, page.tag.slug, page.canCurate];
  const summary = await sharedPart(commons.cached, key, ctx, (shared) => (
    <TagSummary ctx={shared} page={page} />
  ));
  return sendPage(reply, ctx, page.tag.label, <TagView ctx={ctx} page={page} summary={summary} />);
}

/** Edit of a tag, or its integration into the vocabulary (the free tags' one-button form). */
async function updateTag(request: FastifyRequest, reply: FastifyReply, params: TagParams["Params"]) {
  const person = requirePerson(request);
  const { tags } = request.server.communs;
  const body = formBody(request.body);
  if (body.integrate === "1") {
    try {
      const tag = await tags.integrate(person, params.slug, params.tag, body);
      return redirectWithFlash(reply, urls.tags(params.slug), "tags.integrated", { label: tag.label });
    } catch (error) {
      return vocabularyRefused(request, reply, error, params.slug, `integrate-${params.tag}`);
    }
  }
  try {
    const tag = await tags.updateTag(person, params.slug, params.tag, body);
    return redirectWithFlash(reply, urls.tag(params.slug, tag.slug), "tags.updated", { label: tag.label });
  } catch (error) {
    return tagRefused(request, reply, error, params, "edit");
  }
}

export function saveTag(request: FastifyRequest<TagParams>, reply: FastifyReply) {
  return updateTag(request, reply, request.params);
}

export async function createFamily(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { slug } = request.params;
  const body = formBody(request.body);
  // A free tag called "familles" has this address too: its forms send a label, never a name.
  if ("label" in body || "integrate" in body) return updateTag(request, reply, { slug, tag: "familles" });
  const person = requirePerson(request);
  try {
    const family = await request.server.communs.tags.createFamily(person, slug, body);
    return redirectWithFlash(reply, urls.tags(slug), "tags.familyCreated", { name: family.name });
  } catch (error) {
    return vocabularyRefused(request, reply, error, slug, "family-new");
  }
}

export async function updateFamily(request: FastifyRequest<FamilyParams>, reply: FastifyReply) {
  const { slug, id } = request.params;
  const person = requirePerson(request);
  try {
    const family = await request.server.communs.tags.updateFamily(person, slug, id, formBody(request.body));
    return redirectWithFlash(reply, urls.tags(slug), "tags.familyChanged", { name: family.name });
  } catch (error) {
    return vocabularyRefused(request, reply, error, slug, `family-${id}`);
  }
}

export async function createTag(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { slug } = request.params;
  const person = requirePerson(request);
  try {
    const tag = await request.server.communs.tags.createTag(person, slug, formBody(request.body));
    return redirectWithFlash(reply, urls.tag(slug, tag.slug), "tags.created", { label: tag.label });
  } catch (error) {
    return vocabularyRefused(request, reply, error, slug, "tag-new");
  }
}

export async function mergeTag(request: FastifyRequest<TagParams>, reply: FastifyReply) {
  const { slug, tag } = request.params;
  const person = requirePerson(request);
  try {
    const merged = await request.server.communs.tags.merge(person, slug, tag, formBody(request.body).into);
    return redirectWithFlash(reply, urls.tag(slug, merged.slug), "tags.merged", {
      from: merged.from,
      label: merged.label,
    });
  } catch (error) {
    return tagRefused(request, reply, error, request.params, "merge");
  }
}

export async function deleteTag(request: FastifyRequest<TagParams>, reply: FastifyReply) {
  const { slug, tag } = request.params;
  const person = requirePerson(request);
  try {
    const removed = await request.server.communs.tags.remove(person, slug, tag, formBody(request.body));
    return redirectWithFlash(reply, urls.tags(slug), "tags.deleted", { label: removed.label });
  } catch (error) {
    return tagRefused(request, reply, error, request.params, "delete");
  }
}
