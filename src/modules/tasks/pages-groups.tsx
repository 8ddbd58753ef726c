import type { FastifyReply, FastifyRequest } from "fastify";
import { DEFAULT_GROUPS } from "../../core/tasks.ts";
import type { FormState } from "../../web/forms.tsx";
import { field, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { GroupsView } from "./views-form.tsx";

// The board's groups page: each group renamed, moved or deleted by its own small form.

type SpaceParams = { Params: { slug: string } };

async function groupsPage(request: FastifyRequest<SpaceParams>, ctx: PageContext, state?: FormState) {
  const { space, groups } = await request.server.communs.tasks.managing(request.person, request.params.slug);
  const title = ctx.t("tasks.groups");
  return {
    title: `${title} · ${space.name}`,
    body: <GroupsView ctx={ctx} space={space} groups={groups} state={state} defaults={DEFAULT_GROUPS} />,
  };
}

export async function taskGroups(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await groupsPage(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function manageTaskGroups(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { slug } = request.params;
  const body = request.body;
  try {
    await request.server.communs.tasks.manageGroups(request.person, slug, {
      action: field(body, "action"),
      group: field(body, "group"),
      name: field(body, "name"),
    });
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => {
      // A rename refused: its message above the list, the field's own message with it.
      const fields = Object.values(state.errors).map((key) => ctx.t(`msg.${key}`));
      const message = state.values.action === "create" ? state.message : [state.message, ...fields].join(" ");
      return groupsPage(request, ctx, { ...state, message });
    });
  }
  return redirectWithFlash(reply, urls.taskGroups(slug), "tasks.groupsSaved");
}
