import type { FastifyReply, FastifyRequest } from "fastify";
import { sendPage, view } from "../../web/http.ts";
import { HomeView } from "./views.tsx";

export async function home(request: FastifyRequest, reply: FastifyReply) {
  const { spaces, accounts } = request.server.communs;
  const list = await spaces.list();
  const ctx = view(request, reply);
  const isNewInstance = !request.person && list.length === 0 && !(await accounts.hasAnyPerson());
  return sendPage(
    reply,
    ctx,
    ctx.t("home.title"),
    <HomeView ctx={ctx} spaces={list} isNewInstance={isNewInstance} />,
  );
}
