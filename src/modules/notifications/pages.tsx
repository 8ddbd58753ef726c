import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { formBody, formFailure, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { settingField } from "./service.ts";
import { NotificationsView, SettingsView, UnsubscribeView } from "./views.tsx";

type Paged = { Querystring: { page?: string } };
type ById = { Params: { id: string } };
type Secret = { Params: { secret: string } };

/** `page` as asked: absent means the first; anything but a positive number is refused (400). */
function pageNumber(raw: unknown): number {
  if (raw === undefined || raw === "") return 1;
  const page = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(page) || page < 1 || page > 100_000)
    throw new DomainError("BAD_REQUEST");
  return page;
}

export async function notificationsPage(request: FastifyRequest<Paged>, reply: FastifyReply) {
  const person = requirePerson(request);
  const list = await request.server.communs.notifications.list(
    person,
    pageNumber(request.query.page),
    request.lang,
  );
  const ctx = view(request, reply);
  return sendPage(reply, ctx, ctx.t("notifications.title"), <NotificationsView ctx={ctx} {...list} />);
}

/** Marks the notification read and goes to what it is about. */
export async function openNotification(request: FastifyRequest<ById>, reply: FastifyReply) {
  const link = await request.server.communs.notifications.open(request.person, request.params.id);
  return reply.redirect(link, 303);
}

export async function markAllRead(request: FastifyRequest, reply: FastifyReply) {
  await request.server.communs.notifications.markAllRead(request.person);
  return redirectWithFlash(reply, urls.notifications(), "notifications.allRead");
}

export async function settingsPage(request: FastifyRequest, reply: FastifyReply) {
  const spaces = await request.server.communs.notifications.settings(requirePerson(request));
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("notifications.settings.title"),
    <SettingsView ctx={ctx} spaces={spaces} field={settingField} />,
  );
}

export async function saveSettings(request: FastifyRequest, reply: FastifyReply) {
  const { notifications } = request.server.communs;
  try {
    await notifications.saveSettings(request.person, formBody(request.body));
    return redirectWithFlash(reply, urls.notificationSettings(), "notifications.settings.saved");
  } catch (error) {
    const spaces = await notifications.settings(request.person);
    return formFailure(request, reply, error, (ctx, state) => ({
      title: ctx.t("notifications.settings.title"),
      body: <SettingsView ctx={ctx} spaces={spaces} field={settingField} state={state} />,
    }));
  }
}

/** The page a mailed unsubscribe link opens: it says what stops, and changes nothing until confirmed. */
export async function unsubscribeForm(request: FastifyRequest<Secret>, reply: FastifyReply) {
  const { secret } = request.params;
  const scope = await request.server.communs.notifications.unsubscribing(secret);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("notifications.unsubscribe.title"),
    <UnsubscribeView ctx={ctx} secret={secret} scope={scope} done={false} />,
  );
}

/** The button of that page, or a mail client's one-click POST (RFC 8058): no session, no form token. */
export async function unsubscribe(request: FastifyRequest<Secret>, reply: FastifyReply) {
  const { secret } = request.params;
  await request.server.communs.notifications.unsubscribe(secret);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("notifications.unsubscribe.title"),
    <UnsubscribeView ctx={ctx} secret={secret} scope={[]} done={true} />,
  );
}
