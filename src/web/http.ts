import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { DomainError, type ErrorCode } from "../core/errors.ts";
import type { Params } from "./i18n.ts";
import { renderPage } from "./layout.tsx";
import { type PageContext, pageContext } from "./page.ts";

export const SESSION_COOKIE = "communs_session";

/** Methods that change nothing: no CSRF token needed, and nothing for the page cache to forget. */
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith("/api/");
}
const FLASH_COOKIE = "communs_flash";

const COOKIE_BASE = { path: "/", httpOnly: true, sameSite: "lax", secure: "auto" } as const;

export function setSessionCookie(reply: FastifyReply, secret: string, days: number): void {
  reply.setCookie(SESSION_COOKIE, secret, { ...COOKIE_BASE, maxAge: days * 24 * 3600 });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, COOKIE_BASE);
}

/** Post/redirect/get: the message to show on the next page travels in a short signed cookie. */
export function redirectWithFlash(
  reply: FastifyReply,
  url: string,
  key: string,
  params: Params = {},
): FastifyReply {
  reply.setCookie(FLASH_COOKIE, JSON.stringify({ key, params }), {
    ...COOKIE_BASE,
    signed: true,
    maxAge: 60,
  });
  return reply.redirect(url, 303);
}

function takeFlash(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = request.cookies[FLASH_COOKIE];
  if (!raw) return undefined;
  reply.clearCookie(FLASH_COOKIE, COOKIE_BASE);
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  try {
    const { key, params } = JSON.parse(unsigned.value) as { key: string; params: Params };
    return request.t(key, params);
  } catch {
    return undefined;
  }
}

export function view(request: FastifyRequest, reply: FastifyReply): PageContext {
  return pageContext({
    lang: request.lang,
    person: request.person,
    csrfToken: () => reply.generateCsrf(),
    flash: takeFlash(request, reply),
    instanceName: request.server.communs.config.instanceName,
    unreadNotifications: request.unreadNotifications,
    notice: request.lifecycleNotice,
  });
}

export function sendPage(
  reply: FastifyReply,
  ctx: PageContext,
  title: string,
  body: ComponentChildren,
  status = 200,
): FastifyReply {
  return reply
    .status(status)
    .type("text/html; charset=utf-8")
    .send(renderPage(ctx, title, body));
}

/** Form values to show again: every string field except secrets. */
export function keptValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === "object") {
    for (const [name, value] of Object.entries(body)) {
      if (typeof value === "string" && !/password|current|_csrf/i.test(name))
        values[name] = value.slice(0, 2000);
    }
  }
  return values;
}

const NOT_THE_FORMS = new Set<ErrorCode>([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "SPACE_NOT_FOUND",
  "MEMBERSHIP_NOT_FOUND",
  "TRANSFER_NOT_FOUND",
]);

/** What a refused form's page receives: the values sent, a message per field, and the error's. */
export interface FormRefusal {
  values: Record<string, string>;
  errors: Record<string, string>;
  message: string;
}

interface FormPage {
  title: string;
  body: ComponentChildren;
}

export interface FormFailureOptions {
  /**
   * Only a refusal of what was typed (400) shows the form again; any other (a claim decided meanwhile,
   * 409) goes on to the error handler's page.
   */
  typedOnly?: boolean;
}

/**
 * A refused form shows itself again with its values and a message per field (and the status of
 * the error). Failures that are not about what was typed (not signed in, not allowed, nothing there)
 * go on to the error handler, which answers with its own page: the form is not theirs to see. A page
 * that must load its data again renders asynchronously.
 */
export function formFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  render: (ctx: PageContext, state: FormRefusal) => FormPage,
  options?: FormFailureOptions,
): FastifyReply;
export function formFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  render: (ctx: PageContext, state: FormRefusal) => Promise<FormPage>,
  options?: FormFailureOptions,
): Promise<FastifyReply>;
export function formFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  render: (ctx: PageContext, state: FormRefusal) => FormPage | Promise<FormPage>,
  options: FormFailureOptions = {},
): FastifyReply | Promise<FastifyReply> {
  if (!(error instanceof DomainError) || NOT_THE_FORMS.has(error.code)) throw error;
  if (error.retryAfter !== undefined) reply.header("retry-after", String(error.retryAfter));
  if (options.typedOnly && error.status !== 400) throw error;
  const ctx = view(request, reply);
  const page = render(ctx, {
    values: keptValues(request.body),
    errors: error.fields,
    message: ctx.t(`error.${error.code}`),
  });
  const send = ({ title, body }: FormPage) =>
    sendPage(reply, ctx, `${ctx.t("form.errorTitle")} ${title}`, body, error.status);
  return page instanceof Promise ? page.then(send) : send(page);
}

/** `annee` as asked: absent means the current year; anything but a four-digit year is refused (400). */
export function chosenYear(raw: unknown, today = new Date()): number {
  if (raw === undefined || raw === "") return today.getUTCFullYear();
  if (typeof raw !== "string" || !/^\d{4}$/.test(raw) || Number(raw) < 1900)
    throw new DomainError("BAD_REQUEST");
  return Number(raw);
}

/** The signed-in person, or a redirect to the login page for pages (401 for the API). */
export function requirePerson(request: FastifyRequest) {
  if (!request.person) throw new DomainError("UNAUTHENTICATED");
  return request.person;
}

/** A string from a parsed form body, whatever shape the client sent. */
export function field(body: unknown, name: string): string {
  const value = body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" ? value : "";
}

export function formBody(body: unknown): Record<string, unknown> {
  return body && typeof body === "object" ? (body as Record<string, unknown>) : {};
}
