import type { FastifyReply, FastifyRequest } from "fastify";
import { sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { AUDIT_PAGE } from "./service.ts";
import type { AuditEntry } from "./store.ts";
import { AuditView } from "./views.tsx";

/** The id to read on from, when the page is full (there may be older entries). */
function olderThan(entries: AuditEntry[]): string | undefined {
  const last = entries[entries.length - 1];
  return entries.length === AUDIT_PAGE && last ? last.id : undefined;
}

function before(query: unknown): string | undefined {
  const value = (query as Record<string, unknown>).avant;
  return typeof value === "string" ? value : undefined;
}

export async function instanceAudit(request: FastifyRequest, reply: FastifyReply) {
  const entries = await request.server.communs.audit.ofInstance(request.person, before(request.query));
  const ctx = view(request, reply);
  const title = ctx.t("audit.title");
  const older = olderThan(entries);
  return sendPage(
    reply,
    ctx,
    title,
    <AuditView ctx={ctx} title={title} entries={entries} olderHref={older && urls.instanceAudit(older)} />,
  );
}

export async function spaceAudit(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) {
  const { space, entries } = await request.server.communs.spaces.auditLog(
    request.person,
    request.params.slug,
    before(request.query),
  );
  const ctx = view(request, reply);
  const title = ctx.t("audit.titleSpace", { name: space.name });
  const older = olderThan(entries);
  return sendPage(
    reply,
    ctx,
    title,
    <AuditView
      ctx={ctx}
      title={title}
      entries={entries}
      olderHref={older && urls.spaceAudit(space.slug, older)}
    />,
  );
}
