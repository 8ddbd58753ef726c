import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import {
  clearSessionCookie,
  formBody,
  formFailure,
  redirectWithFlash,
  sendPage,
  setSessionCookie,
  view,
} from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { safeNext } from "./next.ts";
import { CheckMailView, ConfirmView, ForgotView, LoginView, RegisterView, ResetView } from "./views.tsx";

type SecretParams = { Params: { secret: string } };

function nextOf(request: FastifyRequest): string {
  return safeNext((request.query as Record<string, unknown>).suite);
}

export async function registerForm(request: FastifyRequest, reply: FastifyReply) {
  const ctx = view(request, reply);
  return sendPage(reply, ctx, ctx.t("register.title"), <RegisterView ctx={ctx} />);
}

export async function register(request: FastifyRequest, reply: FastifyReply) {
  try {
    await request.server.communs.accounts.register(formBody(request.body));
    const ctx = view(request, reply);
    return sendPage(reply, ctx, ctx.t("register.checkMail.title"), <CheckMailView ctx={ctx} />);
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => ({
      title: ctx.t("register.title"),
      body: <RegisterView ctx={ctx} state={state} />,
    }));
  }
}

export async function loginForm(request: FastifyRequest, reply: FastifyReply) {
  const ctx = view(request, reply);
  return sendPage(reply, ctx, ctx.t("login.title"), <LoginView ctx={ctx} next={nextOf(request)} />);
}

export async function login(request: FastifyRequest, reply: FastifyReply) {
  const { accounts } = request.server.communs;
  const next = nextOf(request);
  try {
    const { person, session } = await accounts.login(formBody(request.body), request.ip);
    // Logging in over a live session replaces it rather than leaving it valid behind the new one.
    if (request.person && request.sessionSecret)
      await accounts.logout(request.sessionSecret, request.person.id);
    setSessionCookie(reply, session, accounts.SESSION_DAYS);
    return redirectWithFlash(reply, next || urls.home(), "login.welcome", { name: person.displayName });
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => ({
      title: ctx.t("login.title"),
      body: <LoginView ctx={ctx} state={state} next={next} />,
    }));
  }
}

export async function logout(request: FastifyRequest, reply: FastifyReply) {
  if (request.person && request.sessionSecret)
    await request.server.communs.accounts.logout(request.sessionSecret, request.person.id);
  clearSessionCookie(reply);
  return redirectWithFlash(reply, urls.home(), "logout.done");
}

export async function forgotForm(request: FastifyRequest, reply: FastifyReply) {
  const ctx = view(request, reply);
  return sendPage(reply, ctx, ctx.t("forgot.title"), <ForgotView ctx={ctx} />);
}

export async function forgot(request: FastifyRequest, reply: FastifyReply) {
  try {
    await request.server.communs.accounts.requestReset(formBody(request.body));
    return redirectWithFlash(reply, urls.login(), "forgot.sent");
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => ({
      title: ctx.t("forgot.title"),
      body: <ForgotView ctx={ctx} state={state} />,
    }));
  }
}

// The link shows a button rather than confirming at once: mail scanners that open links must not
// confirm an address on their own.
export async function confirmForm(request: FastifyRequest<SecretParams>, reply: FastifyReply) {
  const valid = await request.server.communs.accounts.isConfirmLinkLive(request.params.secret);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("confirm.title"),
    <ConfirmView ctx={ctx} secret={request.params.secret} valid={valid} />,
    valid ? 200 : 400,
  );
}

export async function confirm(request: FastifyRequest<SecretParams>, reply: FastifyReply) {
  const { accounts } = request.server.communs;
  try {
    const { person, session } = await accounts.confirm(request.params.secret);
    setSessionCookie(reply, session, accounts.SESSION_DAYS);
    const key = person.isAdmin ? "register.welcomeAdmin" : "register.welcome";
    return redirectWithFlash(reply, urls.home(), key, { name: person.displayName });
  } catch (error) {
    return formFailure(request, reply, error, (ctx) => ({
      title: ctx.t("confirm.title"),
      body: <ConfirmView ctx={ctx} secret={request.params.secret} valid={false} />,
    }));
  }
}

export async function resetForm(request: FastifyRequest<SecretParams>, reply: FastifyReply) {
  const valid = await request.server.communs.accounts.isResetLinkLive(request.params.secret);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("reset.title"),
    <ResetView ctx={ctx} secret={request.params.secret} valid={valid} />,
    valid ? 200 : 400,
  );
}

export async function reset(request: FastifyRequest<SecretParams>, reply: FastifyReply) {
  const { accounts } = request.server.communs;
  try {
    const { session, tokensRevoked } = await accounts.resetPassword(
      request.params.secret,
      formBody(request.body),
    );
    setSessionCookie(reply, session, accounts.SESSION_DAYS);
    return tokensRevoked > 0
      ? redirectWithFlash(reply, urls.profile(), "reset.doneTokens", { count: tokensRevoked })
      : redirectWithFlash(reply, urls.profile(), "reset.done");
  } catch (error) {
    const valid = !(error instanceof DomainError && error.code === "RESET_LINK_INVALID");
    return formFailure(request, reply, error, (ctx, state) => ({
      title: ctx.t("reset.title"),
      body: <ResetView ctx={ctx} state={state} secret={request.params.secret} valid={valid} />,
    }));
  }
}
