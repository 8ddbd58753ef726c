import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { ErrorSchema, PersonSchema } from "../../web/api-schemas.ts";
import type { FormState } from "../../web/forms.tsx";
import {
  clearSessionCookie,
  field,
  formBody,
  formFailure,
  keptValues,
  redirectWithFlash,
  requirePerson,
  sendPage,
  setSessionCookie,
  view,
} from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import type { Person } from "./service.ts";
import {
  CheckMailView,
  ConfirmView,
  ForgotView,
  LoginView,
  type ProfileData,
  ProfileView,
  RegisterView,
  ResetView,
} from "./views.tsx";

const HERE = "http://communs.invalid";

/**
 * Where to go after logging in: only a path of this site. Control characters and backslashes are
 * refused outright (browsers drop or rewrite them: `/\t/evil.example` would become `//evil.example`).
 */
export function safeNext(raw: unknown): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || /[\p{Cc}\\]/u.test(raw)) return "";
  const url = new URL(raw, HERE);
  return url.origin === HERE ? url.pathname + url.search + url.hash : "";
}

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const { accounts, spaces, config } = app.communs;
  const limited = { rateLimit: { max: config.loginRateLimit, timeWindow: "15 minutes" } };

  async function profilePage(
    request: FastifyRequest,
    reply: FastifyReply,
    person: Person,
    extra: Partial<ProfileData> = {},
    status = 200,
  ) {
    const ctx = view(request, reply);
    const data: ProfileData = {
      tokens: await accounts.listTokens(person),
      spaces: await spaces.membershipsOf(person.id),
      ...extra,
    };
    return sendPage(reply, ctx, ctx.t("profile.title"), <ProfileView ctx={ctx} data={data} />, status);
  }

  /** A refused form on the profile page: the whole page again, the failing section with its errors. */
  async function profileFailure(
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    section: keyof ProfileData,
  ) {
    if (!(error instanceof DomainError)) throw error;
    const person = requirePerson(request);
    const state: FormState = {
      values: keptValues(request.body),
      errors: error.fields,
      message: request.t(`error.${error.code}`),
    };
    return profilePage(request, reply, person, { [section]: state }, error.status);
  }

  app.get("/inscription", async (request, reply) => {
    const ctx = view(request, reply);
    return sendPage(reply, ctx, ctx.t("register.title"), <RegisterView ctx={ctx} />);
  });

  app.post("/inscription", { config: limited }, async (request, reply) => {
    try {
      await accounts.register(formBody(request.body));
      const ctx = view(request, reply);
      return sendPage(reply, ctx, ctx.t("register.checkMail.title"), <CheckMailView ctx={ctx} />);
    } catch (error) {
      return formFailure(request, reply, error, (ctx, state) => ({
        title: ctx.t("register.title"),
        body: <RegisterView ctx={ctx} state={state} />,
      }));
    }
  });

  app.get("/connexion", async (request, reply) => {
    const ctx = view(request, reply);
    const next = safeNext((request.query as Record<string, unknown>).suite);
    return sendPage(reply, ctx, ctx.t("login.title"), <LoginView ctx={ctx} next={next} />);
  });

  app.post("/connexion", { config: limited }, async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).suite);
    try {
      const { person, session } = await accounts.login(formBody(request.body));
      // Logging in over a live session replaces it rather than leaving it valid behind the new one.
      if (request.person && request.sessionSecret)
        await accounts.logout(request.sessionSecret, request.person.id);
      setSessionCookie(reply, session, accounts.SESSION_DAYS);
      return redirectWithFlash(reply, next || "/", "login.welcome", { name: person.displayName });
    } catch (error) {
      return formFailure(request, reply, error, (ctx: PageContext, state) => ({
        title: ctx.t("login.title"),
        body: <LoginView ctx={ctx} state={state} next={next} />,
      }));
    }
  });

  app.post("/deconnexion", async (request, reply) => {
    if (request.person && request.sessionSecret)
      await accounts.logout(request.sessionSecret, request.person.id);
    clearSessionCookie(reply);
    return redirectWithFlash(reply, "/", "logout.done");
  });

  app.get("/mot-de-passe-oublie", async (request, reply) => {
    const ctx = view(request, reply);
    return sendPage(reply, ctx, ctx.t("forgot.title"), <ForgotView ctx={ctx} />);
  });

  app.post("/mot-de-passe-oublie", { config: limited }, async (request, reply) => {
    try {
      await accounts.requestReset(formBody(request.body));
      return redirectWithFlash(reply, "/connexion", "forgot.sent");
    } catch (error) {
      return formFailure(request, reply, error, (ctx, state) => ({
        title: ctx.t("forgot.title"),
        body: <ForgotView ctx={ctx} state={state} />,
      }));
    }
  });

  // The link shows a button rather than confirming at once: mail scanners that open links must not
  // confirm an address on their own.
  app.get<{ Params: { secret: string } }>("/confirmation/:secret", async (request, reply) => {
    const valid = await accounts.isConfirmLinkLive(request.params.secret);
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t("confirm.title"),
      <ConfirmView ctx={ctx} secret={request.params.secret} valid={valid} />,
      valid ? 200 : 400,
    );
  });

  app.post<{ Params: { secret: string } }>(
    "/confirmation/:secret",
    { config: limited },
    async (request, reply) => {
      try {
        const { person, session } = await accounts.confirm(request.params.secret);
        setSessionCookie(reply, session, accounts.SESSION_DAYS);
        const key = person.isAdmin ? "register.welcomeAdmin" : "register.welcome";
        return redirectWithFlash(reply, "/", key, { name: person.displayName });
      } catch (error) {
        return formFailure(request, reply, error, (ctx) => ({
          title: ctx.t("confirm.title"),
          body: <ConfirmView ctx={ctx} secret={request.params.secret} valid={false} />,
        }));
      }
    },
  );

  app.get<{ Params: { secret: string } }>("/reinitialisation/:secret", async (request, reply) => {
    const valid = await accounts.isResetLinkLive(request.params.secret);
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t("reset.title"),
      <ResetView ctx={ctx} secret={request.params.secret} valid={valid} />,
      valid ? 200 : 400,
    );
  });

  app.post<{ Params: { secret: string } }>(
    "/reinitialisation/:secret",
    { config: limited },
    async (request, reply) => {
      try {
        const { session } = await accounts.resetPassword(request.params.secret, formBody(request.body));
        setSessionCookie(reply, session, accounts.SESSION_DAYS);
        return redirectWithFlash(reply, "/profil", "reset.done");
      } catch (error) {
        const valid = !(error instanceof DomainError && error.code === "RESET_LINK_INVALID");
        return formFailure(request, reply, error, (ctx, state) => ({
          title: ctx.t("reset.title"),
          body: <ResetView ctx={ctx} state={state} secret={request.params.secret} valid={valid} />,
        }));
      }
    },
  );

  app.get("/profil", async (request, reply) => profilePage(request, reply, requirePerson(request)));

  app.post("/profil", async (request, reply) => {
    const person = requirePerson(request);
    try {
      await accounts.updateProfile(person, formBody(request.body));
      return redirectWithFlash(reply, "/profil", "profile.saved");
    } catch (error) {
      return profileFailure(request, reply, error, "profileState");
    }
  });

  app.post("/profil/mot-de-passe", async (request, reply) => {
    const person = requirePerson(request);
    try {
      await accounts.changePassword(person, request.sessionSecret, formBody(request.body));
      return redirectWithFlash(reply, "/profil", "profile.passwordChanged");
    } catch (error) {
      return profileFailure(request, reply, error, "passwordState");
    }
  });

  // Answered with the page itself, not a redirect: the token is shown this once and never stored.
  app.post("/profil/jetons", async (request, reply) => {
    const person = requirePerson(request);
    try {
      const { token } = await accounts.createToken(person, { name: field(request.body, "name") });
      reply.header("cache-control", "no-store");
      return profilePage(request, reply, person, { newToken: token });
    } catch (error) {
      return profileFailure(request, reply, error, "tokenState");
    }
  });

  app.post<{ Params: { id: string } }>("/profil/jetons/:id/revoquer", async (request, reply) => {
    await accounts.revokeToken(requirePerson(request), request.params.id);
    return redirectWithFlash(reply, "/profil", "profile.tokenRevoked");
  });

  app.get(
    "/api/v1/me",
    {
      schema: {
        tags: ["accounts"],
        summary: "La personne connectée",
        security: [{ bearer: [] }],
        response: { 200: PersonSchema, 401: ErrorSchema },
      },
    },
    async (request) => {
      const person = requirePerson(request);
      return {
        id: person.id,
        email: person.email,
        displayName: person.displayName,
        introduction: person.introduction,
        language: person.language,
        isAdmin: person.isAdmin,
      };
    },
  );
}
