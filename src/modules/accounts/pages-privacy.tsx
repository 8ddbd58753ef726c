import type { FastifyReply, FastifyRequest } from "fastify";
import {
  clearSessionCookie,
  formBody,
  formFailure,
  redirectWithFlash,
  sendPage,
  view,
} from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { DeleteAccountView } from "./views-privacy.tsx";

/** The person's data as a JSON file to keep: never cached, never shown inline. */
export async function downloadData(request: FastifyRequest, reply: FastifyReply) {
  const data = await request.server.communs.accounts.exportData(request.person);
  return reply
    .header("cache-control", "no-store")
    .header("content-disposition", 'attachment; filename="mes-donnees-communs.json"')
    .type("application/json; charset=utf-8")
    .send(JSON.stringify(data, null, 2));
}

export async function deleteAccountForm(request: FastifyRequest, reply: FastifyReply) {
  const facts = await request.server.communs.accounts.deletionFacts(request.person);
  const ctx = view(request, reply);
  return sendPage(reply, ctx, ctx.t("delete.title"), <DeleteAccountView ctx={ctx} facts={facts} />);
}

export async function deleteAccount(request: FastifyRequest, reply: FastifyReply) {
  const { accounts } = request.server.communs;
  try {
    await accounts.deleteAccount(request.person, formBody(request.body));
  } catch (error) {
    const facts = await accounts.deletionFacts(request.person);
    return formFailure(request, reply, error, (ctx, state) => ({
      title: ctx.t("delete.title"),
      body: <DeleteAccountView ctx={ctx} facts={facts} state={state} />,
    }));
  }
  clearSessionCookie(reply);
  return redirectWithFlash(reply, urls.home(), "delete.done");
}
