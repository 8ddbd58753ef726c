import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { DomainError, ERRORS, type ErrorCode, type FieldErrors } from "../core/errors.ts";
import { asDomainError } from "../db/errors.ts";
import { isApi, sendPage, view } from "./http.ts";
import { negotiate, translate } from "./i18n.ts";
import { renderPage } from "./layout.tsx";
import { pageContext } from "./page.ts";
import { urls } from "./urls.ts";

interface Problem {
  status: number;
  code: ErrorCode;
  fields: FieldErrors;
  /** Seconds to wait before trying again (`Retry-After`). */
  retryAfter?: number;
}

/** Schema validation (API bodies): `/name` too long → `{name: "field.invalid"}`. */
function schemaFields(error: FastifyError): FieldErrors {
  const fields: FieldErrors = {};
  for (const item of error.validation ?? []) {
    const missing = (item.params as { missingProperty?: string } | undefined)?.missingProperty;
    const name = missing ?? item.instancePath.replace(/^\//, "").split("/")[0] ?? "";
    fields[name || "body"] = missing ? "field.required" : "field.invalid";
  }
  return fields;
}

function byStatus(status: number): ErrorCode {
  const known: Record<number, ErrorCode> = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "TOO_MANY_ATTEMPTS",
  };
  return known[status] ?? "BAD_REQUEST";
}

export function describeError(error: unknown): Problem {
  // Writes wrapped in guardConstraints already give a precise code; any other database refusal of the
  // client's data still becomes a 4xx here.
  const domain = asDomainError(error);
  if (domain instanceof DomainError)
    return { status: domain.status, code: domain.code, fields: domain.fields, retryAfter: domain.retryAfter };
  const fastifyError = error as FastifyError;
  if (fastifyError.validation)
    return { status: 400, code: "VALIDATION_FAILED", fields: schemaFields(fastifyError) };
  if (typeof fastifyError.code === "string" && fastifyError.code.startsWith("FST_CSRF")) {
    return { status: 403, code: "CSRF_INVALID", fields: {} };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, code: byStatus(status), fields: {} };
  return { status: 500, code: "INTERNAL", fields: {} };
}

function ErrorPage({ title, message, home }: { title: string; message: string; home: string }) {
  return (
    <section class="error-page">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href={urls.home()}>{home}</a>
      </p>
    </section>
  );
}

function pageTitle(request: FastifyRequest, status: number): string {
  return [403, 404, 500].includes(status) ? request.t(`error.page.${status}`) : request.t("error.page.other");
}

export function sendError(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  const message = request.t(`error.${problem.code}`);
  if (problem.retryAfter !== undefined) reply.header("retry-after", String(problem.retryAfter));
  if (isApi(request)) {
    const fields = Object.fromEntries(
      Object.entries(problem.fields).map(([name, key]) => [name, request.t(`msg.${key}`)]),
    );
    return reply
      .status(problem.status)
      .send({ error: problem.code, message, ...(Object.keys(fields).length > 0 ? { fields } : {}) });
  }
  if (problem.code === "UNAUTHENTICATED" && request.method === "GET") {
    return reply.redirect(urls.login(request.url), 303);
  }
  const ctx = view(request, reply);
  const title = pageTitle(request, problem.status);
  return sendPage(
    reply,
    ctx,
    title,
    <ErrorPage title={title} message={message} home={request.t("error.backHome")} />,
    problem.status,
  );
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const problem = describeError(error);
  if (problem.status >= 500) request.log.error({ err: error }, "unexpected error");
  return sendError(request, reply, problem);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendError(request, reply, { status: ERRORS.NOT_FOUND, code: "NOT_FOUND", fields: {} });
}

/**
 * What the router refuses before any hook runs (a malformed or over-long URL): there are no cookies
 * and no session yet, so the answer is the anonymous error page, or `{error, message}` for the API.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const code = byStatus(status);
  const lang = negotiate(request.headers["accept-language"]);
  const message = translate(lang, `error.${code}`);
  if (isApi(request)) return reply.status(status).send({ error: code, message });
  const ctx = pageContext({
    lang,
    person: undefined,
    csrfToken: () => "",
    flash: undefined,
    instanceName: request.server.communs.config.instanceName,
  });
  const title = ctx.t("error.page.other");
  return reply
    .status(status)
    .type("text/html; charset=utf-8")
    .send(
      renderPage(ctx, title, <ErrorPage title={title} message={message} home={ctx.t("error.backHome")} />),
    );
}
