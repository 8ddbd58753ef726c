import type { FastifyReply, FastifyRequest } from "fastify";
import { formBody, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { LifecycleView } from "./views.tsx";

/** The administrators' page of the instance's lifecycle. */
export async function lifecyclePage(request: FastifyRequest, reply: FastifyReply) {
  const { steps, state } = await request.server.communs.lifecycle.overview(request.person);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("lifecycle.title"),
    <LifecycleView ctx={ctx} steps={steps} state={state} />,
  );
}

export async function setLifecycleStage(request: FastifyRequest, reply: FastifyReply) {
  const { lifecycle } = request.server.communs;
  try {
    await lifecycle.set(request.person, formBody(request.body));
    return redirectWithFlash(reply, urls.lifecycle(), "lifecycle.saved");
  } catch (error) {
    const { steps, state } = await lifecycle.overview(request.person);
    return formFailure(request, reply, error, (ctx, form) => ({
      title: ctx.t("lifecycle.title"),
      body: <LifecycleView ctx={ctx} steps={steps} state={state} form={form} />,
    }));
  }
}
