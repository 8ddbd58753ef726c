/**
 * The lifecycle's hold on every request: the banner in force is set on the request (pages show it),
 * and once the site is read-only or archived every write is refused before its body is read: pages get
 * a French page saying so (409, the banner above it), the API `{error: "READ_ONLY", message}`. Reading,
 * feeds and exports go on; the command line never comes through here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Notice, refusesWrites } from "../../core/lifecycle.ts";
import { isApi, SAFE_METHODS, sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { RefusedView } from "./views.tsx";

declare module "fastify" {
  interface FastifyRequest {
    /** The lifecycle's banner in force, or null while the instance is active. */
    lifecycleNotice: Notice | null | undefined;
  }
}

/** Still allowed when nothing else is: leaving one's own session. */
const ALWAYS_ALLOWED = new Set([`POST ${urls.logout()}`]);

export const READ_ONLY_STATUS = 409;

async function holdRequest(request: FastifyRequest, reply: FastifyReply) {
  // A database out of reach must not hide the health check's own 503 behind this hook's failure.
  const state = await request.server.communs.lifecycle.state().catch((error: unknown) => {
    request.log.warn({ err: error }, "lifecycle stage unreadable");
    return undefined;
  });
  if (!state) return;
  const { stage, notice } = state;
  request.lifecycleNotice = notice;
  if (!refusesWrites(stage) || SAFE_METHODS.has(request.method)) return;
  if (ALWAYS_ALLOWED.has(`${request.method} ${request.routeOptions.url ?? ""}`)) return;
  const refused = stage === "archived" ? "archived" : "readOnly";
  if (isApi(request))
    return reply
      .status(READ_ONLY_STATUS)
      .send({ error: "READ_ONLY", message: request.t(`lifecycle.refused.${refused}`) });
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t(`lifecycle.refused.title.${refused}`),
    <RefusedView ctx={ctx} stage={refused} />,
    READ_ONLY_STATUS,
  );
}

/** Registers the hook; called by the application after the one that reads the session. */
export function registerLifecycleGuard(app: FastifyInstance): void {
  app.decorateRequest("lifecycleNotice", undefined);
  app.addHook("onRequest", holdRequest);
}
