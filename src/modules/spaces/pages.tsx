import type { FastifyReply, FastifyRequest } from "fastify";
import type { FormState } from "../../web/forms.tsx";
import { formBody, formFailure, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { AboutView, SpaceView } from "./views.tsx";
import { MembersView } from "./views-members.tsx";
import { NewSpaceView } from "./views-new.tsx";

type SlugParams = { Params: { slug: string } };
type MemberParams = { Params: { slug: string; id: string } };

/** What the space's page shows to this viewer (a chamber lists the commons it is linked to). */
async function spacePageData(request: FastifyRequest, slug: string) {
  const { spaces, commons } = request.server.communs;
  const page = await spaces.forViewer(request.person, slug);
  const linkedCommons = page.space.kind === "chamber" ? await commons.linkedTo(page.space.id) : [];
  return { ...page, linkedCommons };
}

function renderSpace(
  request: FastifyRequest,
  reply: FastifyReply,
  data: Awaited<ReturnType<typeof spacePageData>>,
) {
  const ctx = view(request, reply);
  return sendPage(reply, ctx, data.space.name, <SpaceView ctx={ctx} {...data} />);
}

export async function newSpaceForm(request: FastifyRequest, reply: FastifyReply) {
  const assemblies = await request.server.communs.spaces.assemblyChoices(request.person);
  const ctx = view(request, reply);
  return sendPage(reply, ctx, ctx.t("space.new"), <NewSpaceView ctx={ctx} assemblies={assemblies} />);
}

export async function createSpace(request: FastifyRequest, reply: FastifyReply) {
  const { spaces } = request.server.communs;
  try {
    const space = await spaces.create(request.person, formBody(request.body));
    return redirectWithFlash(reply, urls.space(space.slug), "space.created", { name: space.name });
  } catch (error) {
    const assemblies = await spaces.assemblyChoices(request.person);
    return formFailure(request, reply, error, (ctx, state) => ({
      title: ctx.t("space.new"),
      body: <NewSpaceView ctx={ctx} assemblies={assemblies} state={state} />,
    }));
  }
}

export async function spaceHome(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  return renderSpace(request, reply, await spacePageData(request, request.params.slug));
}

export async function spaceAbout(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const space = await request.server.communs.spaces.get(request.params.slug);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("space.about")} · ${space.name}`,
    <AboutView ctx={ctx} space={space} />,
  );
}

export async function spaceMembers(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { space, ...members } = await request.server.communs.spaces.members(
    request.person,
    request.params.slug,
  );
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("members.title", { name: space.name }),
    <MembersView
      ctx={ctx}
      space={space}
      active={members.active}
      pending={members.pending}
      canManage={members.canManage}
    />,
  );
}

export async function joinSpace(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { spaces } = request.server.communs;
  const { slug } = request.params;
  requirePerson(request);
  try {
    const status = await spaces.join(request.person, slug, formBody(request.body));
    const space = await spaces.get(slug);
    const key = status === "active" ? "space.joined" : "space.requested";
    return redirectWithFlash(reply, urls.space(space.slug), key, { name: space.name });
  } catch (error) {
    const data = await spacePageData(request, slug);
    return formFailure(request, reply, error, (ctx, state: FormState) => ({
      title: data.space.name,
      body: <SpaceView ctx={ctx} {...data} state={state} />,
    }));
  }
}

export async function leaveSpace(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { spaces } = request.server.communs;
  await spaces.leave(request.person, request.params.slug);
  const space = await spaces.get(request.params.slug);
  return redirectWithFlash(reply, urls.space(space.slug), "space.left", { name: space.name });
}

export async function acceptMember(request: FastifyRequest<MemberParams>, reply: FastifyReply) {
  const { slug, id } = request.params;
  await request.server.communs.spaces.decideAdmission(request.person, slug, id, "accept");
  return redirectWithFlash(reply, urls.spaceMembers(slug), "members.accepted");
}

export async function declineMember(request: FastifyRequest<MemberParams>, reply: FastifyReply) {
  const { slug, id } = request.params;
  await request.server.communs.spaces.decideAdmission(request.person, slug, id, "decline");
  return redirectWithFlash(reply, urls.spaceMembers(slug), "members.declined");
}

export async function setMemberRole(request: FastifyRequest<MemberParams>, reply: FastifyReply) {
  const { slug, id } = request.params;
  await request.server.communs.spaces.setRole(request.person, slug, id, formBody(request.body).role);
  return redirectWithFlash(reply, urls.spaceMembers(slug), "members.roleChanged");
}
