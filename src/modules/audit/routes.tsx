import type { FastifyInstance } from "fastify";
import { sendPage, view } from "../../web/http.ts";
import { AUDIT_PAGE } from "./service.ts";
import type { AuditEntry } from "./store.ts";
import { AuditView } from "./views.tsx";

function olderLink(path: string, entries: AuditEntry[]): string | undefined {
  const last = entries[entries.length - 1];
  return entries.length === AUDIT_PAGE && last ? `${path}?avant=${last.id}` : undefined;
}

function before(query: unknown): string | undefined {
  const value = (query as Record<string, unknown>).avant;
  return typeof value === "string" ? value : undefined;
}

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const { audit } = app.communs;

  app.get("/journal", async (request, reply) => {
    const entries = await audit.ofInstance(request.person, before(request.query));
    const ctx = view(request, reply);
    const title = ctx.t("audit.title");
    return sendPage(
      reply,
      ctx,
      title,
      <AuditView ctx={ctx} title={title} entries={entries} olderHref={olderLink("/journal", entries)} />,
    );
  });

  app.get<{ Params: { slug: string } }>("/espaces/:slug/journal", async (request, reply) => {
    const { space, entries } = await audit.ofSpace(
      request.person,
      request.params.slug,
      before(request.query),
    );
    const ctx = view(request, reply);
    const title = ctx.t("audit.titleSpace", { name: space.name });
    return sendPage(
      reply,
      ctx,
      title,
      <AuditView
        ctx={ctx}
        title={title}
        entries={entries}
        olderHref={olderLink(`/espaces/${space.slug}/journal`, entries)}
      />,
    );
  });
}
