import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { emptyForm, type FormState } from "../../web/forms.tsx";
import { field, formBody, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { type Refused, RegisterView } from "./views.tsx";
import { ProposalDiff } from "./views-diff.tsx";
import { MeetingRecordForm, NewProposalForm } from "./views-forms.tsx";
import { ProposalView } from "./views-proposal.tsx";

// The decisions' pages: the register, the new proposal form, a proposal and what is done to it, the
// diff between two of its versions, and a proposal decided in a meeting.

type SpaceParams = { Params: { slug: string } };
type ProposalParams = { Params: { slug: string; number: string } };
type ObjectionParams = { Params: { slug: string; number: string; objection: string } };

const decisionsOf = (request: FastifyRequest) => request.server.communs.decisions;

/** A proposal's number as its address gives it; anything else finds nothing. */
function numberOf(raw: string): number {
  return /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
}

/** The proposal the address names: its id, after checking it belongs to the space. */
function proposalOf(request: FastifyRequest<ProposalParams>): Promise<string> {
  return decisionsOf(request).byNumber(request.params.slug, numberOf(request.params.number));
}

/** A query parameter as a string, whatever shape the address gave it. */
function param(query: unknown, name: string): string {
  const value = query && typeof query === "object" ? (query as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" ? value : "";
}

export async function registerPage(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const page = await decisionsOf(request).register(request.person, request.params.slug, {
    q: param(request.query, "q"),
    statut: param(request.query, "statut"),
    page: param(request.query, "page"),
  });
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("decisions.registerTitle")} · ${page.space.name}`,
    <RegisterView ctx={ctx} page={page} />,
  );
}

async function proposalForm(request: FastifyRequest<SpaceParams>, ctx: PageContext, state: FormState) {
  const { space, rules } = await decisionsOf(request).creating(request.person, request.params.slug);
  return {
    title: `${ctx.t("decisions.new")} · ${space.name}`,
    body: <NewProposalForm ctx={ctx} space={space} rules={rules} state={state} />,
  };
}

export async function newProposal(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await proposalForm(request, ctx, emptyForm);
  return sendPage(reply, ctx, page.title, page.body);
}

/** A proposal of class `general`: the other classes have their own forms, or are opened by the platform. */
export async function createProposal(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { slug } = request.params;
  const body = request.body;
  try {
    const proposal = await decisionsOf(request).propose(request.person, slug, {
      title: field(body, "title"),
      body: field(body, "body"),
      mode: field(body, "mode"),
      deadline: field(body, "deadline"),
      class: "general",
    });
    return redirectWithFlash(reply, urls.proposal(slug, proposal.number), "decisions.flash.proposed", {
      number: proposal.number,
    });
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => proposalForm(request, ctx, state), {
      typedOnly: true,
    });
  }
}

/** A proposal's page, with a refusal of one of its forms when there is one. */
async function proposalDetail(request: FastifyRequest, ctx: PageContext, id: string, refused?: Refused) {
  const page = await decisionsOf(request).view(request.person, id);
  return {
    title: `${page.proposal.title} · ${page.space.name}`,
    body: <ProposalView ctx={ctx} page={page} refused={refused} />,
  };
}

export async function proposalPage(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const id = await proposalOf(request);
  const ctx = view(request, reply);
  const page = await proposalDetail(request, ctx, id);
  return sendPage(reply, ctx, page.title, page.body);
}

/**
 * What is done to a proposal from its page: done, back to the page at the part it changed, with a
 * message; refused, the page again with why beside the form it is about (at the top for a button).
 */
async function act(
  request: FastifyRequest<ProposalParams>,
  reply: FastifyReply,
  form: string,
  run: (id: string) => Promise<unknown>,
  done: { flash: string; anchor: string },
) {
  const id = await proposalOf(request);
  try {
    await run(id);
  } catch (error) {
    // A refusal not about what was typed (decided meanwhile, no such answer here) is said at the top.
    const where = error instanceof DomainError && error.status !== 400 ? "other" : form;
    return formFailure(request, reply, error, (ctx, state) => {
      const fields = Object.values(state.errors).map((key) => ctx.t(`msg.${key}`));
      const message = where === "other" ? [state.message, ...fields].join(" ") : state.message;
      return proposalDetail(request, ctx, id, { form: where, state: { ...state, message } });
    });
  }
  const { slug, number } = request.params;
  return redirectWithFlash(reply, `${urls.proposal(slug, numberOf(number))}#${done.anchor}`, done.flash);
}

export function commentProposal(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  return act(request, reply, "comment", (id) => d.comment(request.person, id, formBody(request.body)), {
    flash: "decisions.flash.commented",
    anchor: "discussion",
  });
}

export function objectProposal(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  const input = { reason: field(request.body, "reason"), harm: field(request.body, "harm") };
  return act(request, reply, "objection", (id) => d.object(request.person, id, input), {
    flash: "decisions.flash.objected",
    anchor: "objections",
  });
}

export function amendProposal(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  const body = formBody(request.body);
  const input = { body: field(body, "body"), note: field(body, "note"), integrates: body.integrates };
  return act(request, reply, "amend", (id) => d.amend(request.person, id, input), {
    flash: "decisions.flash.amended",
    anchor: "texte",
  });
}

export function takePosition(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  const input = { position: field(request.body, "position"), reason: field(request.body, "reason") };
  return act(request, reply, "position", (id) => d.position(request.person, id, input), {
    flash: "decisions.flash.position",
    anchor: "positions",
  });
}

export function withdrawProposal(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  return act(request, reply, "other", (id) => d.withdraw(request.person, id), {
    flash: "decisions.flash.withdrawn",
    anchor: "issue",
  });
}

export function advanceProposal(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  return act(request, reply, "other", (id) => d.advance(request.person, id), {
    flash: "decisions.flash.advanced",
    anchor: "etapes",
  });
}

export function reviewProposal(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  const how = field(request.body, "how");
  return act(request, reply, "review", (id) => d.review(request.person, id, how), {
    flash: how === "retire" ? "decisions.flash.retired" : "decisions.flash.renewed",
    anchor: "issue",
  });
}

/** An objection of the proposal the address names, acted on by its author or a facilitator. */
function onObjection(
  request: FastifyRequest<ObjectionParams>,
  reply: FastifyReply,
  form: string,
  run: (objectionId: string) => Promise<unknown>,
  flash: string,
) {
  const d = decisionsOf(request);
  const objectionId = request.params.objection;
  return act(
    request,
    reply,
    form,
    async (id) => {
      await d.objectionOf(id, objectionId);
      await run(objectionId);
    },
    { flash, anchor: `objection-${objectionId}` },
  );
}

export function withdrawObjection(request: FastifyRequest<ObjectionParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  return onObjection(
    request,
    reply,
    "other",
    (o) => d.resolveObjection(request.person, o, "withdrawn"),
    "decisions.flash.objectionWithdrawn",
  );
}

export function acceptIntegration(request: FastifyRequest<ObjectionParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  return onObjection(
    request,
    reply,
    "other",
    (o) => d.resolveObjection(request.person, o, "integrated"),
    "decisions.flash.objectionIntegrated",
  );
}

export function invalidateObjection(request: FastifyRequest<ObjectionParams>, reply: FastifyReply) {
  const d = decisionsOf(request);
  const reason = field(request.body, "reason");
  return onObjection(
    request,
    reply,
    `invalid:${request.params.objection}`,
    (o) => d.invalidateObjection(request.person, o, { reason }),
    "decisions.flash.objectionInvalid",
  );
}

/** Two versions compared: `de` and `a` (by default the last amendment). */
export async function proposalDiff(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const id = await proposalOf(request);
  const page = await decisionsOf(request).view(request.person, id);
  const last = page.proposal.version;
  const asked = (name: string, otherwise: number) => {
    const raw = param(request.query, name);
    return raw === "" ? otherwise : numberOf(raw);
  };
  const to = asked("a", last);
  const from = asked("de", Math.max(1, to - 1));
  const exists = (n: number) => page.versions.some((v) => v.number === n);
  if (!exists(from) || !exists(to)) throw new DomainError("NOT_FOUND");
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("decisions.diffTitle", { from, to })} · ${page.proposal.title}`,
    <ProposalDiff ctx={ctx} page={page} from={from} to={to} />,
  );
}

async function meetingPage(
  request: FastifyRequest<ProposalParams>,
  ctx: PageContext,
  id: string,
  state: FormState,
) {
  const d = decisionsOf(request);
  const data = await d.meetingForm(request.person, id);
  const { proposal, space } = await d.view(request.person, id);
  return {
    title: `${ctx.t("decisions.inMeetingTitle", { number: proposal.number })} · ${space.name}`,
    body: <MeetingRecordForm ctx={ctx} space={space} proposal={proposal} data={data} state={state} />,
  };
}

export async function meetingRecordForm(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const id = await proposalOf(request);
  const ctx = view(request, reply);
  const page = await meetingPage(request, ctx, id, emptyForm);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function recordInMeeting(request: FastifyRequest<ProposalParams>, reply: FastifyReply) {
  const id = await proposalOf(request);
  try {
    await decisionsOf(request).recordInMeeting(request.person, id, formBody(request.body));
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => meetingPage(request, ctx, id, state), {
      typedOnly: true,
    });
  }
  const { slug, number } = request.params;
  return redirectWithFlash(
    reply,
    `${urls.proposal(slug, numberOf(number))}#issue`,
    "decisions.flash.recorded",
  );
}
