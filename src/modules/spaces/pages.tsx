import { createReadStream } from "node:fs";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FormState } from "../../web/forms.tsx";
import { formBody, formFailure, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import type { Space } from "./service.ts";
import { SpaceView } from "./views.tsx";
import { AboutView } from "./views-about.tsx";
import { EditSpaceView, spaceValues } from "./views-edit.tsx";
import type { Overview } from "./views-home.tsx";
import { MembersView } from "./views-members.tsx";
import { NewSpaceView } from "./views-new.tsx";

type SlugParams = { Params: { slug: string } };
type MemberParams = { Params: { slug: string; id: string } };

/** An assembly's directory and chambers, or a chamber's money and linked commons. */
async function overview(request: FastifyRequest, space: Space): Promise<Overview> {
  const { spaces, commons, transparency } = request.server.communs;
  if (space.kind === "assembly") {
    const [latest, chambers] = await Promise.all([
      commons.list(space.slug, {}, { sort: "recent", limit: 5, offset: 0 }),
      spaces.chambersOf(space.slug),
    ]);
    return { kind: "assembly", commonsCount: latest.total, latestCommons: latest.items, chambers };
  }
  const [headline, linkedCommons] = await Promise.all([
    transparency.headline(space.id),
    commons.linkedTo(space.id),
  ]);
  return { kind: "chamber", ...headline, linkedCommons };
}

/** What the space's home shows to this viewer: what it is, what needs them there, how to join. */
async function spacePageData(request: FastifyRequest, slug: string) {
  const { spaces, home } = request.server.communs;
  const page = await spaces.forViewer(request.person, slug);
  const [toDo, data] = await Promise.all([
    home.toDoIn(request.person, page.space, page.membership),
    overview(request, page.space),
  ]);
  return { ...page, toDo, overview: data };
}

function renderSpace(
  request: FastifyRequest,
  reply: FastifyReply,
  data: Awaited<ReturnType<typeof spacePageData>>,
) {
  const ctx = view(request, reply);
  // The space's own feeds: its meetings' calendar and its activity.
  ctx.alternates = [
    { type: "text/calendar", href: urls.meetingsCalendar(data.space.slug), title: ctx.t("meetings.title") },
    {
      type: "application/atom+xml",
      href: urls.spaceActivityFeed(data.space.slug),
      title: ctx.t("space.activityLink"),
    },
  ];
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

export async function editSpaceForm(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { space, assemblies } = await request.server.communs.spaces.editing(
    request.person,
    request.params.slug,
  );
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("space.edit")} · ${space.name}`,
    <EditSpaceView ctx={ctx} space={space} assemblies={assemblies} state={spaceValues(space)} />,
  );
}

export async function editSpace(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { spaces } = request.server.communs;
  const { slug } = request.params;
  try {
    const space = await spaces.edit(request.person, slug, formBody(request.body));
    return redirectWithFlash(reply, urls.space(space.slug), "space.edited", { name: space.name });
  } catch (error) {
    const { space, assemblies } = await spaces.editing(request.person, slug);
    return formFailure(request, reply, error, (ctx, state) => ({
      title: `${ctx.t("space.edit")} · ${space.name}`,
      body: <EditSpaceView ctx={ctx} space={space} assemblies={assemblies} state={state} />,
    }));
  }
}

export async function uploadLogo(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { spaces } = request.server.communs;
  const { slug } = request.params;
  try {
    const space = await spaces.setLogo(request.person, slug, uploadedFile(request.body, "logo"));
    return redirectWithFlash(reply, urls.space(space.slug), "space.logoChanged");
  } catch (error) {
    const { space, assemblies } = await spaces.editing(request.person, slug);
    return formFailure(request, reply, error, (ctx, state) => ({
      title: `${ctx.t("space.edit")} · ${space.name}`,
      body: (
        <EditSpaceView
          ctx={ctx}
          space={space}
          assemblies={assemblies}
          state={spaceValues(space)}
          logoState={state}
        />
      ),
    }));
  }
}

/** A logo, re-encoded when it was uploaded: cached for good (a new logo gets a new address). */
export async function logo(request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) {
  const file = await request.server.communs.spaces.logoFile(request.params.file);
  return reply
    .type("image/webp")
    .header("cache-control", "public, max-age=31536000, immutable")
    .send(createReadStream(file));
}

export async function spaceAbout(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { spaces, decisions } = request.server.communs;
  const space = await spaces.get(request.params.slug);
  // How the space decides is the decisions' to tell: the rules in words, the code, the lineage.
  const governance = await decisions.socialCode.about(request.person, space.slug, request.lang);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("space.about")} · ${space.name}`,
    <AboutView ctx={ctx} space={space} governance={governance} />,
  );
}

export async function spaceMembers(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { spaces, decisions } = request.server.communs;
  const { space, ...members } = await spaces.members(request.person, request.params.slug);
  const requests = members.canManage ? await decisions.requests(request.person, space.slug) : [];
  const rounds = Object.fromEntries(
    requests.filter((r) => r.proposalNumber !== null).map((r) => [r.id, Number(r.proposalNumber)]),
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
      rounds={rounds}
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
