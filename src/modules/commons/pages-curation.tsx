/** Facilitators' pages of the directory: the addresses to check and place, the kinds of resource. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { slugify } from "../../core/spaces.ts";
import type { FormState } from "../../web/forms.tsx";
import { formBody, formFailure, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import type { SpaceParams } from "./pages.tsx";
import { text } from "./query.ts";
import { AddressesView, KindsView } from "./views-curation.tsx";
import { placingUnderWay } from "./views-placing.tsx";

/** The addresses to check, how geocoding goes, and the placing job under way (or followed: `?placement=`). */
export async function addresses(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  requirePerson(request);
  const { commons } = request.server.communs;
  const { slug } = request.params;
  const dashboard = await commons.addressDashboard(request.person, slug);
  const followed = text((request.query as Record<string, unknown>).placement, 100);
  const job = await commons.placing(request.person, slug, followed);
  const ctx = view(request, reply);
  // Browsers reload a page that says so in this header, JavaScript or not, until the job is done.
  if (placingUnderWay(job)) reply.header("refresh", "2");
  return sendPage(reply, ctx, ctx.t("addresses.title"), <AddressesView ctx={ctx} {...dashboard} job={job} />);
}

/** "Placer les adresses": enqueues the job, then follows it on the addresses page. */
export async function placeAddresses(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { slug } = request.params;
  const jobId = await request.server.communs.commons.placeAddresses(requirePerson(request), slug);
  return reply.redirect(jobId ? urls.commonsPlacing(slug, jobId) : urls.commonsAddresses(slug), 303);
}

/** The kinds of resource of a form: the rows kept, each with its slug (a new one gets one from its name). */
function kindsFromForm(body: unknown): { slug: string; label: string }[] {
  const b = formBody(body);
  const kinds: { slug: string; label: string }[] = [];
  for (let i = 0; i < 100; i++) {
    const label = typeof b[`kinds.${i}.label`] === "string" ? String(b[`kinds.${i}.label`]).trim() : "";
    if (label === "") continue;
    const slug = typeof b[`kinds.${i}.slug`] === "string" ? String(b[`kinds.${i}.slug`]) : "";
    kinds.push({ slug: slug || slugify(label), label });
  }
  return kinds;
}

/** The kinds as stored, once the person may curate the directory. */
async function kindsPage(request: FastifyRequest<SpaceParams>) {
  const { commons } = request.server.communs;
  const space = await commons.directory(request.params.slug);
  await commons.authorise(request.person, space, "commons.curate");
  const kinds = await commons.kinds(space.slug);
  return { space, kinds };
}

export async function kinds(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const page = await kindsPage(request);
  const ctx = view(request, reply);
  return sendPage(reply, ctx, ctx.t("commons.kinds"), <KindsView ctx={ctx} {...page} />);
}

export async function saveKinds(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  try {
    await request.server.communs.commons.saveKinds(
      request.person,
      request.params.slug,
      kindsFromForm(request.body),
    );
  } catch (error) {
    const page = await kindsPage(request);
    return formFailure(request, reply, error, (ctx, state: FormState) => ({
      title: ctx.t("commons.kinds"),
      body: <KindsView ctx={ctx} {...page} state={state} />,
    }));
  }
  return redirectWithFlash(reply, urls.commonsKinds(request.params.slug), "commons.kindsSaved");
}
