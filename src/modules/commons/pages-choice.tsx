/**
 * Choosing another record by its name: the suggestions a field asks for as someone types, linking a
 * record (with the matching records to pick from when the name typed is not enough) and the merge's
 * confirmation page.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { formBody, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import type { RecordParams, SpaceParams } from "./pages.tsx";
import { text } from "./query.ts";
import { MergeView, RelateChoiceView } from "./views-choice.tsx";

/** Names of the directory matching `?q=`, for a field's suggestions. */
export async function commonsSuggestions(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const q = text((request.query as Record<string, unknown>).q);
  const suggestions = await request.server.communs.commons.suggest(request.params.slug, q);
  return reply.send({ suggestions });
}

/** Links the record named in the form (by its name or short address), or lists those it may mean. */
export async function relateCommons(request: FastifyRequest<RecordParams>, reply: FastifyReply) {
  const { slug, commons: record } = request.params;
  const { commons } = request.server.communs;
  const choice = await commons.chooseRelated(request.person, slug, record, formBody(request.body).other);
  if (choice.chosen === undefined) {
    const ctx = view(request, reply);
    const title = ctx.t("commons.chooseTitle", { name: choice.record.name });
    // Nothing matched: the record is not linked, a refused input.
    const status = choice.candidates.length > 0 ? 200 : 400;
    return sendPage(reply, ctx, title, <RelateChoiceView ctx={ctx} space={slug} {...choice} />, status);
  }
  const { id } = await commons.locate(slug, record);
  await commons.relate(request.person, id, choice.chosen, true);
  return redirectWithFlash(reply, urls.commons(slug, record), "commons.relatedSaved");
}

/** Both records side by side and what the merge leaves, before « Fusionner » (`?autre=` the duplicate). */
export async function mergeConfirmation(
  request: FastifyRequest<RecordParams & { Querystring: { autre?: string } }>,
  reply: FastifyReply,
) {
  const { slug, commons: record } = request.params;
  const choice = await request.server.communs.commons.mergeChoice(
    request.person,
    slug,
    record,
    text(request.query.autre),
  );
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("commons.mergeTitle", { name: choice.keep.name }),
    <MergeView ctx={ctx} {...choice} />,
  );
}
