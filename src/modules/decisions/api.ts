import type { FastifyReply, FastifyRequest, RouteGenericInterface } from "fastify";
import { type Static, Type } from "typebox";
import { literals } from "../../web/api-schemas.ts";
import {
  AmendIn,
  CommentIn,
  errors,
  IdParams,
  NoBody,
  noBody,
  ObjectionIn,
  PositionIn,
  ProposalIn,
  ProposalOut,
  type ProposalRow,
  ReasonIn,
  RegisterOut,
  RegisterQuery,
  SlugParams,
} from "./api-schemas.ts";
import type { Decisions } from "./service.ts";

/**
 * The decisions JSON API: proposals and their round (objections, amendments, positions, comments), a
 * space's register. Each handler calls the service the pages call; the errors are the services'.
 */

type Slug = { Params: Static<typeof SlugParams> };
type Id = { Params: Static<typeof IdParams> };
type Req<G extends RouteGenericInterface> = FastifyRequest<G>;

const iso = (value: string) => new Date(value).toISOString();
const isoOrNull = (value: string | null) => (value === null ? null : iso(value));

type Row = Awaited<ReturnType<Decisions["register"]>>["rows"][number];

function rowOut(p: Row): Static<typeof ProposalRow> {
  return {
    id: p.id,
    number: Number(p.number),
    title: p.title,
    class: p.class,
    mode: p.mode,
    outcome: p.outcome,
    deadline: iso(p.deadline),
    decidedAt: isoOrNull(p.decided_at),
    reviewDate: p.review_date,
    createdAt: iso(p.created_at),
  };
}

type View = Awaited<ReturnType<Decisions["view"]>>;

export function proposalOut(v: View): Static<typeof ProposalOut> {
  const p = v.proposal;
  return {
    ...rowOut(p),
    state: v.phase,
    proposer: { person: p.proposer_id, name: p.proposer_name },
    version: Number(p.version),
    outcomeNote: p.outcome_note,
    meetingId: p.meeting_id,
    replaces: p.replaces_id,
    replacedBy: p.replaced_by,
    participants: p.participants,
    participantCount: v.participantCount,
    space: { slug: v.space.slug, name: v.space.name },
    versions: v.versions.map((x) => ({
      number: Number(x.number),
      body: x.body,
      note: x.note,
      createdAt: iso(x.created_at),
    })),
    comments: v.comments.map((c) => ({
      id: c.id,
      kind: c.kind,
      person: c.author_id,
      name: c.author_name,
      text: c.text,
      createdAt: iso(c.created_at),
    })),
    objections: v.objections.map((o) => ({
      id: o.id,
      status: o.status,
      reason: o.reason,
      harm: o.harm,
      author: o.author_id,
      authorName: o.author_name,
      invalidReason: o.invalid_reason,
      integratingVersion: o.integrating_version === null ? null : Number(o.integrating_version),
      createdAt: iso(o.created_at),
    })),
    positions: v.positions.map((x) => ({
      person: x.person_id,
      name: x.name,
      position: x.position,
      reason: x.reason,
    })),
  };
}

const tags = ["decisions"];
const bearer = [{ bearer: [] }];

export const createProposalSchema = {
  tags,
  summary:
    "Proposer une décision (membres) : générale, code social (le texte est la nouvelle version) ou règles et réglages (rules, properties, doocracyCap)",
  security: bearer,
  params: SlugParams,
  body: ProposalIn,
  response: { 201: ProposalOut, ...errors },
};

export async function createProposal(
  request: Req<Slug & { Body: Static<typeof ProposalIn> }>,
  reply: FastifyReply,
) {
  const { decisions } = request.server.communs;
  const { rules, properties, doocracyCap, ...raw } = request.body;
  const change = Object.fromEntries(
    Object.entries({ rules, properties, doocracyCap }).filter(([, value]) => value !== undefined),
  );
  const proposal = await decisions.propose(
    request.person,
    request.params.slug,
    raw,
    Object.keys(change).length > 0 ? change : undefined,
  );
  return reply.status(201).send(proposalOut(await decisions.view(request.person, proposal.id)));
}

const STATUS_WORDS = { inForce: "en-vigueur", open: "en-cours", all: "toutes" } as const;

export const registerSchema = {
  tags,
  summary: "Le registre des décisions d’un espace (en vigueur par défaut, en cours, ou toutes), 50 par page",
  params: SlugParams,
  querystring: RegisterQuery,
  response: { 200: RegisterOut, 400: errors[400], 404: errors[404] },
};

export async function register(
  request: Req<Slug & { Querystring: Static<typeof RegisterQuery> }>,
): Promise<Static<typeof RegisterOut>> {
  const query = request.query;
  const found = await request.server.communs.decisions.register(request.person, request.params.slug, {
    q: query.q,
    statut: STATUS_WORDS[query.status ?? "inForce"],
    page: query.page,
  });
  return {
    space: { slug: found.space.slug, name: found.space.name },
    status: query.status ?? "inForce",
    q: found.words,
    page: found.page,
    pageSize: 50,
    count: found.count,
    proposals: found.rows.map(rowOut),
  };
}

export const getProposalSchema = {
  tags,
  summary:
    "Une proposition, ses versions, objections et positions ; lue après son échéance, elle montre son issue",
  params: IdParams,
  response: { 200: ProposalOut, 401: errors[401], 403: errors[403], 404: errors[404] },
};

export async function getProposal(request: Req<Id>) {
  return proposalOut(await request.server.communs.decisions.view(request.person, request.params.id));
}

/** A POST's options: its schema, and an optional empty body where it takes none. */
function action(summary: string, body: unknown, response: object) {
  return {
    ...(body === NoBody ? { preValidation: noBody } : {}),
    schema: { tags, summary, security: bearer, params: IdParams, body, response: { ...response, ...errors } },
  };
}

const Created = { 201: Type.Object({ id: Type.String() }) };
const Done = { 200: ProposalOut };

export const objectOptions = action(
  "Objecter (consentement) : la raison, et en quoi elle nuit",
  ObjectionIn,
  Created,
);

export async function object(request: Req<Id & { Body: Static<typeof ObjectionIn> }>, reply: FastifyReply) {
  const id = await request.server.communs.decisions.object(request.person, request.params.id, request.body);
  return reply.status(201).send({ id });
}

export const amendOptions = action(
  "Amender (l’auteur) : une nouvelle version, qui peut proposer d’intégrer des objections",
  AmendIn,
  { 200: Type.Object({ version: Type.Integer({ description: "Le numéro de la nouvelle version" }) }) },
);

export async function amend(request: Req<Id & { Body: Static<typeof AmendIn> }>) {
  const version = await request.server.communs.decisions.amend(
    request.person,
    request.params.id,
    request.body,
  );
  return { version };
}

export const positionOptions = action(
  "Prendre position (consensus) : d’accord, abstention, pas d’accord, ou blocage avec sa raison",
  PositionIn,
  Done,
);

async function andView(request: Req<Id>, run: Promise<unknown>) {
  await run;
  return proposalOut(await request.server.communs.decisions.view(request.person, request.params.id));
}

export function position(request: Req<Id & { Body: Static<typeof PositionIn> }>) {
  const { decisions } = request.server.communs;
  return andView(request, decisions.position(request.person, request.params.id, request.body));
}

export const withdrawOptions = action("Retirer sa proposition (l’auteur)", NoBody, Done);

export function withdraw(request: Req<Id>) {
  return andView(request, request.server.communs.decisions.withdraw(request.person, request.params.id));
}

export const commentOptions = action(
  "Poser une question de clarification, y répondre, ou réagir (membres)",
  CommentIn,
  Done,
);

export function comment(request: Req<Id & { Body: Static<typeof CommentIn> }>) {
  const { decisions } = request.server.communs;
  return andView(request, decisions.comment(request.person, request.params.id, request.body));
}

const Resolved = { 200: Type.Object({ status: literals(["withdrawn", "integrated", "invalid"] as const) }) };

export const withdrawObjectionOptions = action("Lever son objection (son auteur)", NoBody, Resolved);
export const acceptObjectionOptions = action(
  "Accepter l’amendement qui propose d’intégrer son objection (son auteur)",
  NoBody,
  Resolved,
);
export const invalidateObjectionOptions = action(
  "Déclarer une objection non valide, avec la raison écrite (facilitation)",
  ReasonIn,
  Resolved,
);

export async function withdrawObjection(request: Req<Id>) {
  await request.server.communs.decisions.resolveObjection(request.person, request.params.id, "withdrawn");
  return { status: "withdrawn" };
}

export async function acceptObjection(request: Req<Id>) {
  await request.server.communs.decisions.resolveObjection(request.person, request.params.id, "integrated");
  return { status: "integrated" };
}

export async function invalidateObjection(request: Req<Id & { Body: Static<typeof ReasonIn> }>) {
  const { decisions } = request.server.communs;
  await decisions.invalidateObjection(request.person, request.params.id, request.body);
  return { status: "invalid" };
}
