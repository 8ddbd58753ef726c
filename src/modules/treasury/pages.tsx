import type { FastifyReply, FastifyRequest } from "fastify";
import { newId } from "../../core/ids.ts";
import type { FormState } from "../../web/forms.tsx";
import { chosenYear, field, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import { euros } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { sendFec } from "./send-fec.ts";
import { type RawTransferFilter, transferFilter } from "./service.ts";
import { FecUnavailable, TreasuryView } from "./views.tsx";
import type { FailedForm, TreasuryForm } from "./views-actions.tsx";
import { TransferView } from "./views-transfer.tsx";

// The treasurer's bookkeeping page of a chamber (accounts, envelopes, SIREN, FEC, year close,
// corrections), its forms, and the FEC download, public once the chamber has a SIREN.

type SpaceParams = { Params: { slug: string } };
type FormParams = { Params: { slug: string; id?: string } };
type TransferParams = { Params: { slug: string; id: string } };

/** What the page's idempotency keys look like (a refused form keeps its own key, nothing else). */
const FORM_KEY = /^[0-9a-f-]{36}$/;

/** The treasurer's page of a year, with a refused form shown again in its section. */
async function treasuryPage(
  request: FastifyRequest,
  ctx: PageContext,
  slug: string,
  year: number,
  failed?: FailedForm,
  filter?: RawTransferFilter,
) {
  const { treasury } = request.server.communs;
  const data = await treasury.overview(request.person, slug, year, transferFilter(year, filter ?? {}));
  const kept = failed?.form === "fund" ? (failed.state.values.idempotencyKey ?? "") : "";
  return {
    title: `${ctx.t("treasury.title")} · ${data.space.name}`,
    body: (
      <TreasuryView ctx={ctx} data={data} failed={failed} fundKey={FORM_KEY.test(kept) ? kept : newId()} />
    ),
  };
}

export async function treasury(
  request: FastifyRequest<SpaceParams & { Querystring: RawTransferFilter & { annee?: string } }>,
  reply: FastifyReply,
) {
  const ctx = view(request, reply);
  const { slug } = request.params;
  const page = await treasuryPage(
    request,
    ctx,
    slug,
    chosenYear(request.query.annee),
    undefined,
    request.query,
  );
  return sendPage(reply, ctx, page.title, page.body);
}

/** The year a form came from (its hidden `annee`), or the current one. */
function yearOf(body: unknown): number {
  const raw = field(body, "annee");
  return /^\d{4}$/.test(raw) ? Number(raw) : new Date().getUTCFullYear();
}

type Done = { key: string; params?: Record<string, string | number> };

/** A form of the page: done, back to the page with a message; refused, the page again with it. */
async function treasuryForm(
  request: FastifyRequest<FormParams>,
  reply: FastifyReply,
  form: TreasuryForm,
  run: () => Promise<Done>,
) {
  const { slug } = request.params;
  const year = yearOf(request.body);
  try {
    const done = await run();
    return redirectWithFlash(reply, urls.treasury(slug, year), done.key, done.params);
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) =>
      treasuryPage(request, ctx, slug, year, { form, state }),
    );
  }
}

export function createEnvelope(request: FastifyRequest<FormParams>, reply: FastifyReply) {
  return treasuryForm(request, reply, "envelope", async () => {
    const { code } = await request.server.communs.treasury.createEnvelope(
      request.person,
      request.params.slug,
      {
        code: field(request.body, "envelopeCode"),
        label: field(request.body, "envelopeLabel"),
      },
    );
    return { key: "treasury.envelope.created", params: { code } };
  });
}

export function fundEnvelope(request: FastifyRequest<FormParams>, reply: FastifyReply) {
  return treasuryForm(request, reply, "fund", async () => {
    const { transfer, replayed } = await request.server.communs.treasury.fundEnvelope(
      request.person,
      request.params.slug,
      {
        envelope: field(request.body, "fundEnvelope"),
        amount: field(request.body, "fundAmount"),
        date: field(request.body, "fundDate"),
        idempotencyKey: field(request.body, "idempotencyKey"),
      },
    );
    return {
      key: replayed ? "treasury.fund.replayed" : "treasury.fund.done",
      params: { amount: euros(Number(transfer.amount)) },
    };
  });
}

export function setSiren(request: FastifyRequest<FormParams>, reply: FastifyReply) {
  return treasuryForm(request, reply, "siren", async () => {
    const { siren } = await request.server.communs.treasury.setSiren(
      request.person,
      request.params.slug,
      field(request.body, "siren"),
    );
    return siren ? { key: "treasury.siren.saved", params: { siren } } : { key: "treasury.siren.cleared" };
  });
}

export function closeYear(request: FastifyRequest<FormParams>, reply: FastifyReply) {
  return treasuryForm(request, reply, "close", async () => {
    const { year } = await request.server.communs.treasury.closeYear(request.person, request.params.slug, {
      year: field(request.body, "closeYear"),
      confirmed: field(request.body, "closeConfirm") === "1",
    });
    return { key: "treasury.close.done", params: { year } };
  });
}

/** A transfer's own page, with a refused correction shown again in it. */
async function transferPage(request: FastifyRequest<TransferParams>, ctx: PageContext, state?: FormState) {
  const { slug, id } = request.params;
  const data = await request.server.communs.treasury.transfer(request.person, slug, id);
  return {
    title: `${data.transfer.label} · ${ctx.t("treasury.title")}`,
    body: <TransferView ctx={ctx} data={data} state={state} />,
  };
}

export async function treasuryTransfer(request: FastifyRequest<TransferParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await transferPage(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

/** Corrects a transfer from its own page: done, back to it (now showing its reversal); refused, again. */
export async function reverseTransfer(request: FastifyRequest<TransferParams>, reply: FastifyReply) {
  const { slug, id } = request.params;
  try {
    await request.server.communs.treasury.reverse(request.person, slug, id, {
      date: field(request.body, "reverseDate"),
    });
    return redirectWithFlash(reply, urls.treasuryTransfer(slug, id), "treasury.reverse.done");
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => transferPage(request, ctx, state));
  }
}

/** The FEC of a year, once the chamber has a SIREN; until then a page saying where to set it. */
export async function fecDownload(
  request: FastifyRequest<SpaceParams & { Querystring: { annee?: string } }>,
  reply: FastifyReply,
) {
  const { treasury } = request.server.communs;
  const year = chosenYear(request.query.annee);
  const { space, file } = await treasury.fec(request.params.slug, year);
  if (file) return sendFec(request, reply, file);
  const ctx = view(request, reply);
  const canSet = await treasury.canBook(request.person, space.slug);
  return sendPage(
    reply,
    ctx,
    ctx.t("treasury.fec.unavailableTitle"),
    <FecUnavailable ctx={ctx} slug={space.slug} canSet={canSet} />,
    404,
  );
}
