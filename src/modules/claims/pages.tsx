import { createReadStream } from "node:fs";
import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { formatAmount, parseAmount, today } from "../../core/ledger.ts";
import type { ExpenseClaimTable } from "../../db/schema.ts";
import type { FormState } from "../../web/forms.tsx";
import { field, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import { CLAIM_STATUSES, type ClaimInput } from "./service.ts";
import { ClaimForm, DetailView, ListView } from "./views.tsx";

// Expense claim pages: the list, the form, a claim with its receipts, history and decisions.

type SpaceParams = { Params: { slug: string } };
type ClaimParams = { Params: { slug: string; claim: string } };
type ReceiptParams = { Params: { slug: string; claim: string; receipt: string } };

/** What the claim form sent, with the amount read as euros ("12,50"); undefined when it cannot be. */
function claimFromForm(body: unknown): { input: ClaimInput; amountUnreadable: boolean } {
  const amount = parseAmount(field(body, "amount").slice(0, 40));
  return {
    input: {
      title: field(body, "title"),
      amount: amount ?? 0,
      date: field(body, "date"),
      account: field(body, "account"),
      envelope: field(body, "envelope"),
      iban: field(body, "iban").slice(0, 100),
    },
    amountUnreadable: amount === undefined,
  };
}

/** The amount's own message when it could not be read as euros. */
function withAmountMessage(error: unknown, amountUnreadable: boolean): unknown {
  if (!(error instanceof DomainError) || !amountUnreadable || !error.fields.amount) return error;
  error.fields.amount = "ledger.amountText";
  return error;
}

function formValues(claim: ExpenseClaimTable): Record<string, string> {
  return {
    title: claim.title,
    amount: formatAmount(Number(claim.amount)).replace(/\u202f/g, ""),
    date: claim.date,
    account: claim.account_code,
    envelope: claim.envelope_code ?? "",
  };
}

/** The receipt size limit, in megabytes, as the forms say it. */
function maxMb(request: FastifyRequest): number {
  return Math.round((request.server.communs.config.receiptMaxBytes / 1024 / 1024) * 10) / 10;
}

/** Which claim form: a new claim (with its receipt) or an edit. */
interface FormKind {
  action: string;
  title: string;
  withReceipt: boolean;
}

const newForm = (slug: string): FormKind => ({
  action: urls.newClaim(slug),
  title: "claims.new",
  withReceipt: true,
});
const editForm = (slug: string, id: string): FormKind => ({
  action: urls.claimEdit(slug, id),
  title: "claims.editTitle",
  withReceipt: false,
});

/** The claim form of a chamber, with the accounts and envelopes it offers. */
async function claimForm(
  request: FastifyRequest,
  ctx: PageContext,
  slug: string,
  kind: FormKind,
  state: FormState,
) {
  const { space, categories, envelopes } = await request.server.communs.claims.choices(slug);
  const choice = (a: { code: string; label: string }) => ({ value: a.code, label: `${a.label} (${a.code})` });
  const title = ctx.t(kind.title);
  return {
    title: `${title} · ${space.name}`,
    body: (
      <ClaimForm
        ctx={ctx}
        chamber={space}
        action={kind.action}
        title={title}
        state={state}
        withReceipt={kind.withReceipt}
        maxMb={maxMb(request)}
        categories={categories.map(choice)}
        envelopes={envelopes.map(choice)}
      />
    ),
  };
}

async function sendClaimForm(
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  kind: FormKind,
  state: FormState,
) {
  const ctx = view(request, reply);
  const page = await claimForm(request, ctx, slug, kind, state);
  return sendPage(reply, ctx, page.title, page.body);
}

/** A refused claim form shows itself again, with the amount's own message when it was not euros. */
function refusedClaimForm(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  slug: string,
  kind: FormKind,
  amountUnreadable: boolean,
) {
  return formFailure(
    request,
    reply,
    withAmountMessage(error, amountUnreadable),
    (ctx, state) => claimForm(request, ctx, slug, kind, state),
    { typedOnly: true },
  );
}

/** A claim's page, with a refusal of one of its forms when there is one. */
async function claimDetail(request: FastifyRequest<ClaimParams>, ctx: PageContext, state?: FormState) {
  const { claims, tasks } = request.server.communs;
  const { space, shown, authorName, account, history } = await claims.page(
    request.person,
    request.params.slug,
    request.params.claim,
  );
  // A task's expense claimed in one step: the claim says so, and whether it needs a decision.
  const task = await tasks.ofClaim(shown.claim);
  return {
    title: `${shown.claim.title} · ${space.name}`,
    body: (
      <DetailView
        ctx={ctx}
        chamber={space}
        shown={shown}
        authorName={authorName}
        accountLabel={account ? `${account.label} (${account.code})` : shown.claim.account_code}
        history={history}
        state={state}
        maxMb={maxMb(request)}
        task={task}
      />
    ),
  };
}

export async function claimList(
  request: FastifyRequest<SpaceParams & { Querystring: { statut?: string } }>,
  reply: FastifyReply,
) {
  const { ledger, claims } = request.server.communs;
  const raw = typeof request.query.statut === "string" ? request.query.statut : "";
  const status = (CLAIM_STATUSES as readonly string[]).includes(raw) ? raw : "";
  const space = await ledger.chamber(request.params.slug);
  const { all, claims: list } = await claims.list(request.person, space.slug, status || undefined);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("claims.title")} · ${space.name}`,
    <ListView ctx={ctx} chamber={space} all={all} status={status} claims={list} />,
  );
}

export async function newClaim(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { slug } = request.params;
  await request.server.communs.claims.submitting(request.person, slug);
  return sendClaimForm(request, reply, slug, newForm(slug), {
    values: { date: today(), account: "6132" },
    errors: {},
  });
}

export async function submitClaim(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const person = request.person;
  const { slug } = request.params;
  const { input, amountUnreadable } = claimFromForm(request.body);
  try {
    const claim = await request.server.communs.claims.submit(
      person,
      slug,
      input,
      uploadedFile(request.body, "receipt"),
    );
    return redirectWithFlash(reply, urls.claim(slug, claim.id), "claims.submitted");
  } catch (error) {
    return refusedClaimForm(request, reply, error, slug, newForm(slug), amountUnreadable);
  }
}

export async function claimPage(request: FastifyRequest<ClaimParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await claimDetail(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function editClaimForm(request: FastifyRequest<ClaimParams>, reply: FastifyReply) {
  const { slug, claim: id } = request.params;
  const { shown } = await request.server.communs.claims.editing(request.person, slug, id);
  return sendClaimForm(request, reply, slug, editForm(slug, id), {
    values: formValues(shown.claim),
    errors: {},
  });
}

export async function editClaim(request: FastifyRequest<ClaimParams>, reply: FastifyReply) {
  const person = request.person;
  const { claims } = request.server.communs;
  const { slug, claim: id } = request.params;
  await claims.shown(person, slug, id);
  const { input, amountUnreadable } = claimFromForm(request.body);
  try {
    await claims.edit(person, id, input);
  } catch (error) {
    return refusedClaimForm(request, reply, error, slug, editForm(slug, id), amountUnreadable);
  }
  return redirectWithFlash(reply, urls.claim(slug, id), "claims.saved");
}

export async function claimReceipt(request: FastifyRequest<ReceiptParams>, reply: FastifyReply) {
  const { claims } = request.server.communs;
  await claims.shown(request.person, request.params.slug, request.params.claim);
  const receipt = await claims.receipt(request.person, request.params.claim, request.params.receipt);
  const disposition = receipt.media_type === "application/pdf" ? "attachment" : "inline";
  return reply
    .type(receipt.media_type)
    .header("content-length", String(receipt.size))
    .header(
      "content-disposition",
      `${disposition}; filename="justificatif"; filename*=UTF-8''${encodeURIComponent(receipt.file_name)}`,
    )
    .header("cache-control", "private, no-store")
    .header("content-security-policy", "default-src 'none'; img-src 'self'; sandbox")
    .send(createReadStream(receipt.file));
}

export async function addReceipt(request: FastifyRequest<ClaimParams>, reply: FastifyReply) {
  const person = request.person;
  const { claims } = request.server.communs;
  const { slug, claim: id } = request.params;
  await claims.shown(person, slug, id);
  try {
    await claims.addReceipt(person, id, uploadedFile(request.body, "receipt"));
  } catch (error) {
    return formFailure(
      request,
      reply,
      error,
      (ctx, state) => claimDetail(request, ctx, { values: {}, errors: state.errors, message: state.message }),
      { typedOnly: true },
    );
  }
  return redirectWithFlash(reply, urls.claim(slug, id), "claims.receiptAdded");
}

/**
 * A decision on a claim (approve, pay, reject, waive): done, back to the claim with a message; refused,
 * the claim's page again with why, its fields' messages included.
 */
async function decide(
  request: FastifyRequest<ClaimParams>,
  reply: FastifyReply,
  run: () => Promise<unknown>,
  done: string,
) {
  const { slug, claim: id } = request.params;
  await request.server.communs.claims.shown(request.person, slug, id);
  try {
    await run();
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => {
      const fields = Object.values(state.errors).map((key) => ctx.t(`msg.${key}`));
      return claimDetail(request, ctx, {
        values: {},
        errors: {},
        message: [state.message, ...fields].join(" "),
      });
    });
  }
  return redirectWithFlash(reply, urls.claim(slug, id), done);
}

export function approveClaim(request: FastifyRequest<ClaimParams>, reply: FastifyReply) {
  const { claims } = request.server.communs;
  return decide(
    request,
    reply,
    () => claims.approve(request.person, request.params.claim),
    "claims.approved",
  );
}

export function payClaim(request: FastifyRequest<ClaimParams>, reply: FastifyReply) {
  const { claims } = request.server.communs;
  const paidOn = field(request.body, "paidOn") || today();
  const reference = field(request.body, "paymentReference");
  return decide(
    request,
    reply,
    () => claims.pay(request.person, request.params.claim, paidOn, reference),
    "claims.paid",
  );
}

export function rejectClaim(request: FastifyRequest<ClaimParams>, reply: FastifyReply) {
  const { claims } = request.server.communs;
  const reason = field(request.body, "reason");
  return decide(
    request,
    reply,
    () => claims.reject(request.person, request.params.claim, reason),
    "claims.rejected",
  );
}

export function waiveClaim(request: FastifyRequest<ClaimParams>, reply: FastifyReply) {
  const { claims } = request.server.communs;
  return decide(request, reply, () => claims.waive(request.person, request.params.claim), "claims.waived");
}
