import type { FastifyReply, FastifyRequest } from "fastify";
import { rulesOf } from "../../core/decisions.ts";
import { DomainError } from "../../core/errors.ts";
import type { FormState } from "../../web/forms.tsx";
import { formBody, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { FamilyView, SocialCodeDiffView, SocialCodeView } from "./views-code.tsx";
import { ForkView, ProposeCodeView, ProposeRulesView } from "./views-code-forms.tsx";

// The social code's pages, the forms that propose a new code or new rules, forking and the family tree.

type SlugParams = { Params: { slug: string } };

/** A version number from the address: absent is undefined, anything but digits is no version (404). */
function versionParam(query: unknown, name: string): number | undefined {
  const raw = query && typeof query === "object" ? (query as Record<string, unknown>)[name] : undefined;
  if (raw === undefined || raw === "") return undefined;
  if (typeof raw !== "string" || !/^\d{1,9}$/.test(raw)) throw new DomainError("SOCIAL_CODE_NOT_FOUND");
  return Number(raw);
}

export async function socialCodePage(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const number = versionParam(request.query, "version");
  const page = await request.server.communs.decisions.socialCode.page(
    request.person,
    request.params.slug,
    number,
  );
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("code.title")} · ${page.space.name}`,
    <SocialCodeView
      ctx={ctx}
      space={page.space}
      code={page.code}
      history={page.history}
      canPropose={page.canPropose}
    />,
  );
}

export async function socialCodeDiffPage(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { socialCode } = request.server.communs.decisions;
  const { slug } = request.params;
  const history = await socialCode.history(slug);
  const to = versionParam(request.query, "a") ?? history[0]?.version ?? 1;
  const from = versionParam(request.query, "de") ?? Math.max(1, to - 1);
  const diff = await socialCode.diff(slug, from, to);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("code.diffTitle", { from, to })} · ${diff.space.name}`,
    <SocialCodeDiffView
      ctx={ctx}
      space={diff.space}
      from={diff.from}
      to={diff.to}
      blocks={diff.blocks}
      history={history}
    />,
  );
}

async function codeForm(request: FastifyRequest<SlugParams>, ctx: PageContext, state?: FormState) {
  const { space, text, version } = await request.server.communs.decisions.socialCode.proposing(
    request.person,
    request.params.slug,
  );
  const mode = rulesOf(space.kind, space.decision_rules).modes.socialCode;
  return {
    title: `${ctx.t("code.proposeTitle")} · ${space.name}`,
    body: (
      <ProposeCodeView
        ctx={ctx}
        space={space}
        version={version}
        mode={mode}
        state={state ?? { values: { body: text }, errors: {} }}
      />
    ),
  };
}

export async function proposeCodeForm(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await codeForm(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function proposeCode(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { slug } = request.params;
  try {
    const proposal = await request.server.communs.decisions.socialCode.proposeVersion(
      request.person,
      slug,
      formBody(request.body),
    );
    return redirectWithFlash(reply, urls.proposal(slug, proposal.number), "code.proposed", {
      number: proposal.number,
    });
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => codeForm(request, ctx, state), {
      typedOnly: true,
    });
  }
}

async function rulesForm(request: FastifyRequest<SlugParams>, ctx: PageContext, state?: FormState) {
  const { space, values } = await request.server.communs.decisions.socialCode.rulesForm(
    request.person,
    request.params.slug,
  );
  return {
    title: `${ctx.t("code.rulesTitle")} · ${space.name}`,
    body: <ProposeRulesView ctx={ctx} space={space} state={state ?? { values, errors: {} }} />,
  };
}

export async function proposeRulesForm(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await rulesForm(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function proposeRules(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { slug } = request.params;
  try {
    const proposal = await request.server.communs.decisions.socialCode.proposeRules(
      request.person,
      slug,
      formBody(request.body),
    );
    return redirectWithFlash(reply, urls.proposal(slug, proposal.number), "code.proposed", {
      number: proposal.number,
    });
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => rulesForm(request, ctx, state), {
      typedOnly: true,
    });
  }
}

async function forkForm(request: FastifyRequest<SlugParams>, ctx: PageContext, state?: FormState) {
  const { space, version } = await request.server.communs.decisions.forks.forking(
    request.person,
    request.params.slug,
  );
  return {
    title: `${ctx.t("code.forkTitle", { name: space.name })}`,
    body: <ForkView ctx={ctx} space={space} version={version} state={state ?? { values: {}, errors: {} }} />,
  };
}

export async function forkChamberForm(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await forkForm(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function forkChamber(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  try {
    const forked = await request.server.communs.decisions.forks.fork(
      request.person,
      request.params.slug,
      formBody(request.body),
    );
    return redirectWithFlash(reply, urls.space(forked.slug), "code.forked", { name: forked.name });
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => forkForm(request, ctx, state));
  }
}

export async function familyPage(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
  const { space, root } = await request.server.communs.decisions.forks.family(request.params.slug);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("code.familyTitle", { name: space.name }),
    <FamilyView ctx={ctx} space={space} root={root} />,
  );
}
