import type { FastifyReply, FastifyRequest } from "fastify";
import { sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { ACTIVITY_PAGE, activityAtom } from "./activity.ts";
import { AUDIT_PAGE } from "./service.ts";
import type { AuditEntry } from "./store.ts";
import { ActivityView, AuditView } from "./views.tsx";

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

/** A space's public activity, with its Atom feed announced. */
export async function spaceActivity(
  request: FastifyRequest<{ Params: { slug: string } }>,
  reply: FastifyReply,
) {
  const { space, entries } = await request.server.communs.spaces.activity(
    request.params.slug,
    before(request.query),
  );
  const ctx = view(request, reply);
  const title = ctx.t("activity.title", { name: space.name });
  ctx.alternates = [{ type: "application/atom+xml", href: urls.spaceActivityFeed(space.slug), title }];
  const last = entries[entries.length - 1];
  const older =
    entries.length === ACTIVITY_PAGE && last ? urls.spaceActivity(space.slug, last.id) : undefined;
  return sendPage(
    reply,
    ctx,
    title,
    <ActivityView ctx={ctx} space={space} title={title} entries={entries} olderHref={older} />,
  );
}

export async function spaceActivityFeed(
  request: FastifyRequest<{ Params: { slug: string } }>,
  reply: FastifyReply,
) {
  const { space, entries } = await request.server.communs.spaces.activity(request.params.slug);
  const base = request.server.communs.config.publicUrl;
  return reply
    .type("application/atom+xml; charset=utf-8")
    .send(activityAtom(space, entries, base, request.lang));
}
