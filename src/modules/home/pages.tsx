import type { FastifyReply, FastifyRequest } from "fastify";
import { sendPage, view } from "../../web/http.ts";
import { HomeView } from "./views.tsx";
import { DashboardView } from "./views-dashboard.tsx";

/** Visitors get the instance's spaces; a signed-in person first what needs them, then the same list. */
export async function home(request: FastifyRequest, reply: FastifyReply) {
  const { spaces, accounts, home } = request.server.communs;
  const [list, dashboard] = await Promise.all([
    spaces.list(),
    request.person ? home.dashboard(request.person) : undefined,
  ]);
  const ctx = view(request, reply);
  const isNewInstance = !request.person && list.length === 0 && !(await accounts.hasAnyPerson());
  return sendPage(
    reply,
    ctx,
    ctx.t("home.title"),
    <>
      {dashboard && <DashboardView ctx={ctx} {...dashboard} />}
      <HomeView ctx={ctx} spaces={list} isNewInstance={isNewInstance} signedIn={dashboard !== undefined} />
    </>,
  );
}
