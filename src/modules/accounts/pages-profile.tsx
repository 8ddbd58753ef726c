import type { FastifyReply, FastifyRequest } from "fastify";
import type { Person } from "../../core/accounts.ts";
import {
  field,
  formBody,
  formFailure,
  redirectWithFlash,
  requirePerson,
  sendPage,
  view,
} from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { type ProfileData, ProfileView } from "./views.tsx";

type FormSection = "profileState" | "passwordState" | "tokenState";

async function profileData(request: FastifyRequest, person: Person): Promise<ProfileData> {
  const { accounts, spaces } = request.server.communs;
  return { tokens: await accounts.listTokens(person), spaces: await spaces.membershipsOf(person.id) };
}

/** A refused form on the profile page: the whole page again, the failing section with its errors. */
async function profileFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  person: Person,
  section: FormSection,
) {
  const data = await profileData(request, person);
  return formFailure(request, reply, error, (ctx, state) => ({
    title: ctx.t("profile.title"),
    body: <ProfileView ctx={ctx} data={{ ...data, [section]: state }} />,
  }));
}

export async function profile(request: FastifyRequest, reply: FastifyReply) {
  const data = await profileData(request, requirePerson(request));
  const ctx = view(request, reply);
  return sendPage(reply, ctx, ctx.t("profile.title"), <ProfileView ctx={ctx} data={data} />);
}

export async function saveProfile(request: FastifyRequest, reply: FastifyReply) {
  const person = requirePerson(request);
  try {
    await request.server.communs.accounts.updateProfile(person, formBody(request.body));
    return redirectWithFlash(reply, urls.profile(), "profile.saved");
  } catch (error) {
    return profileFailure(request, reply, error, person, "profileState");
  }
}

export async function changePassword(request: FastifyRequest, reply: FastifyReply) {
  const person = requirePerson(request);
  try {
    const { tokensRevoked } = await request.server.communs.accounts.changePassword(
      person,
      request.sessionSecret,
      formBody(request.body),
    );
    return tokensRevoked > 0
      ? redirectWithFlash(reply, urls.profile(), "profile.passwordChangedTokens", { count: tokensRevoked })
      : redirectWithFlash(reply, urls.profile(), "profile.passwordChanged");
  } catch (error) {
    return profileFailure(request, reply, error, person, "passwordState");
  }
}

// Answered with the page itself, not a redirect: the token is shown this once and never stored.
export async function createToken(request: FastifyRequest, reply: FastifyReply) {
  const person = requirePerson(request);
  try {
    const { token } = await request.server.communs.accounts.createToken(person, {
      name: field(request.body, "name"),
    });
    const data = await profileData(request, person);
    reply.header("cache-control", "no-store");
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t("profile.title"),
      <ProfileView ctx={ctx} data={{ ...data, newToken: token }} />,
    );
  } catch (error) {
    return profileFailure(request, reply, error, person, "tokenState");
  }
}

export async function revokeToken(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  await request.server.communs.accounts.revokeToken(requirePerson(request), request.params.id);
  return redirectWithFlash(reply, urls.profile(), "profile.tokenRevoked");
}
