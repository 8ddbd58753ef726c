import { createReadStream } from "node:fs";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { formatAmount, parseAmount, today } from "../../core/ledger.ts";
import type { ExpenseClaimTable, ExpenseReceiptTable } from "../../db/schema.ts";
import { ActionButton, Field, Form, type FormState, Select } from "../../web/forms.tsx";
import { field, formBody, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import { formatDateTime } from "../../web/i18n.ts";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { uploadedFile } from "../../web/uploads.ts";
import type { ClaimInput } from "./claims.ts";
import * as store from "./store.ts";

type SpaceParams = { Params: { slug: string } };
type ClaimParams = { Params: { slug: string; claim: string } };
type ReceiptParams = { Params: { slug: string; claim: string; receipt: string } };

export const CLAIM_STATUSES = ["submitted", "approved", "paid", "rejected", "waived"] as const;

interface Choice {
  value: string;
  label: string;
}

interface Chamber {
  slug: string;
  name: string;
}

function Kicker({ ctx, chamber }: { ctx: PageContext; chamber: Chamber }) {
  return (
    <p class="kicker">
      <a href={`/espaces/${chamber.slug}`}>{chamber.name}</a> ·{" "}
      <a href={`/espaces/${chamber.slug}/notes-de-frais`}>{ctx.t("claims.title")}</a>
    </p>
  );
}

function ListView(props: {
  ctx: PageContext;
  chamber: Chamber;
  all: boolean;
  status: string;
  claims: (ExpenseClaimTable & { authorName: string })[];
}) {
  const { ctx, chamber, claims } = props;
  const { t, lang } = ctx;
  const base = `/espaces/${chamber.slug}/notes-de-frais`;
  return (
    <article>
      <p class="kicker">
        <a href={`/espaces/${chamber.slug}`}>{chamber.name}</a>
      </p>
      <h1>{t(props.all ? "claims.title" : "claims.mine")}</h1>
      <p>
        <a class="button" href={`${base}/nouvelle`}>
          {t("claims.new")}
        </a>
      </p>
      <form method="get" action={base} class="year-form">
        <label for="statut">{t("claims.status")}</label>{" "}
        <select id="statut" name="statut">
          <option value="">{t("claims.allStatuses")}</option>
          {CLAIM_STATUSES.map((s) => (
            <option key={s} value={s} selected={s === props.status}>
              {t(`claims.status.${s}`)}
            </option>
          ))}
        </select>{" "}
        <button type="submit">{t("claims.filter")}</button>
      </form>
      <p role="status">{t("claims.count", { count: claims.length })}</p>
      {claims.length > 0 && (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("claims.date")}</th>
                <th scope="col">{t("claims.titleColumn")}</th>
                {props.all && <th scope="col">{t("claims.author")}</th>}
                <th scope="col">{t("claims.amount")}</th>
                <th scope="col">{t("claims.status")}</th>
              </tr>
            </thead>
            <tbody>
              {claims.map((c) => (
                <tr key={c.id}>
                  <td>{shortDate(c.date, lang)}</td>
                  <td>
                    <a href={`${base}/${c.id}`}>{c.title}</a>
                  </td>
                  {props.all && <td>{c.authorName}</td>}
                  <td class="amount">{euros(c.amount)}</td>
                  <td>{t(`claims.status.${c.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

function ClaimForm(props: {
  ctx: PageContext;
  chamber: Chamber;
  action: string;
  title: string;
  state?: FormState;
  categories: Choice[];
  envelopes: Choice[];
  withReceipt: boolean;
  maxMb: number;
}) {
  const { ctx, state } = props;
  const { t } = ctx;
  return (
    <article class="narrow">
      <Kicker ctx={ctx} chamber={props.chamber} />
      <h1>{props.title}</h1>
      <Form
        ctx={ctx}
        action={props.action}
        state={state}
        encType={props.withReceipt ? "multipart/form-data" : undefined}
      >
        <Field
          ctx={ctx}
          name="title"
          label={t("claims.field.title")}
          state={state}
          required
          maxLength={200}
        />
        <Field
          ctx={ctx}
          name="amount"
          label={t("claims.field.amount")}
          hint={t("claims.field.amountHint")}
          state={state}
          required
        />
        <Field ctx={ctx} name="date" type="date" label={t("claims.field.date")} state={state} required />
        <Select
          ctx={ctx}
          name="account"
          label={t("claims.field.account")}
          options={props.categories}
          state={state}
        />
        <Select
          ctx={ctx}
          name="envelope"
          label={t("claims.field.envelope")}
          options={[{ value: "", label: t("claims.noEnvelope") }, ...props.envelopes]}
          state={state}
        />
        {props.withReceipt && <ReceiptField ctx={ctx} state={state} maxMb={props.maxMb} />}
        <button type="submit" class="primary">
          {t(props.withReceipt ? "claims.submit" : "claims.save")}
        </button>
      </Form>
    </article>
  );
}

function ReceiptField({ ctx, state, maxMb }: { ctx: PageContext; state?: FormState; maxMb: number }) {
  const error = state?.errors.receipt;
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for="receipt">{ctx.t("claims.field.receipt")}</label>
      <p class="hint" id="receipt-hint">
        {ctx.t("claims.field.receiptHint", { mb: maxMb })}
      </p>
      {error && (
        <p class="error" id="receipt-error">
          {ctx.t(`msg.${error}`)}
        </p>
      )}
      <input
        id="receipt"
        name="receipt"
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        aria-describedby={error ? "receipt-hint receipt-error" : "receipt-hint"}
        aria-invalid={error ? "true" : undefined}
      />
    </div>
  );
}

type Shown = Awaited<ReturnType<FastifyInstance["communs"]["claims"]["view"]>>;
type History = Awaited<ReturnType<FastifyInstance["communs"]["claims"]["history"]>>;

function DetailView(props: {
  ctx: PageContext;
  chamber: Chamber;
  shown: Shown;
  authorName: string;
  accountLabel: string;
  history: History;
  state?: FormState;
  maxMb: number;
}) {
  const { ctx, chamber, shown, history, state } = props;
  const { t, lang } = ctx;
  const { claim, receipts, can } = shown;
  const base = `/espaces/${chamber.slug}/notes-de-frais/${claim.id}`;
  const refused = state?.message && !state.errors.receipt ? state.message : undefined;
  return (
    <article>
      <Kicker ctx={ctx} chamber={chamber} />
      <h1>{claim.title}</h1>
      {refused && (
        <div class="form-error" role="alert">
          <p>{refused}</p>
        </div>
      )}
      <dl class="panel">
        <dt>{t("claims.amount")}</dt>
        <dd>{euros(claim.amount)}</dd>
        <dt>{t("claims.date")}</dt>
        <dd>{shortDate(claim.date, lang)}</dd>
        <dt>{t("claims.author")}</dt>
        <dd>{props.authorName}</dd>
        <dt>{t("claims.field.account")}</dt>
        <dd>{props.accountLabel}</dd>
        <dt>{t("claims.field.envelope")}</dt>
        <dd>{claim.envelope_code ?? t("claims.noEnvelope")}</dd>
        <dt>{t("claims.status")}</dt>
        <dd>
          <strong>{t(`claims.status.${claim.status}`)}</strong>
          {claim.reason && ` — ${claim.reason}`}
        </dd>
      </dl>
      <section aria-labelledby="justificatifs">
        <h2 id="justificatifs">{t("claims.receipts")}</h2>
        {receipts.length === 0 ? (
          <p class="notice">{t("claims.noReceipt")}</p>
        ) : (
          <ul>
            {receipts.map((r: ExpenseReceiptTable) => (
              <li key={r.id}>
                <a href={`${base}/justificatifs/${r.id}`}>{r.file_name}</a> (
                {t("claims.size", { kb: Math.max(1, Math.round(r.size / 1024)) })})
              </li>
            ))}
          </ul>
        )}
        {can.addReceipt && (
          <Form
            ctx={ctx}
            action={`${base}/justificatifs`}
            state={state?.errors.receipt ? state : undefined}
            encType="multipart/form-data"
          >
            <ReceiptField ctx={ctx} state={state} maxMb={props.maxMb} />
            <button type="submit">{t("claims.addReceipt")}</button>
          </Form>
        )}
      </section>
      <Actions ctx={ctx} base={base} can={can} title={claim.title} />
      <section aria-labelledby="historique">
        <h2 id="historique">{t("claims.history")}</h2>
        <ol class="audit">
          {history.map((event) => (
            <li key={`${event.at}-${event.action}`}>
              <time dateTime={String(event.at)}>
                {formatDateTime(lang, new Date(event.at).toISOString())}
              </time>{" "}
              — {t(`audit.action.${event.action}`)} — {event.actorName ?? t("claims.someone")}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function Actions(props: { ctx: PageContext; base: string; can: Shown["can"]; title: string }) {
  const { ctx, base, can } = props;
  const { t } = ctx;
  if (!can.edit && !can.waive && !can.approve && !can.pay && !can.reject) return null;
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">{t("claims.actions")}</h2>
      {can.edit && (
        <p>
          <a href={`${base}/modifier`}>{t("claims.edit")}</a>
        </p>
      )}
      {can.approve && (
        <ActionButton ctx={ctx} action={`${base}/approuver`} label={t("claims.approve")} kind="primary" />
      )}
      {can.pay && (
        <Form ctx={ctx} action={`${base}/payer`}>
          <Field ctx={ctx} name="paidOn" type="date" label={t("claims.paidOn")} value={today()} />
          <button type="submit" class="primary">
            {t("claims.pay")}
          </button>
        </Form>
      )}
      {can.reject && (
        <Form ctx={ctx} action={`${base}/rejeter`}>
          <Field ctx={ctx} name="reason" label={t("claims.reason")} maxLength={500} />
          <button type="submit" class="danger">
            {t("claims.reject")}
          </button>
        </Form>
      )}
      {can.waive && (
        <Form ctx={ctx} action={`${base}/abandonner`}>
          <p class="hint">{t("claims.waiveHint")}</p>
          <button type="submit">{t("claims.waive")}</button>
        </Form>
      )}
    </section>
  );
}

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

function shared(app: FastifyInstance) {
  const { ledger, claims } = app.communs;
  const db = app.communs.db.kysely;
  const maxMb = Math.round((app.communs.config.receiptMaxBytes / 1024 / 1024) * 10) / 10;

  const chamberOf = ledger.chamber;

  /** The expense accounts (categories) and envelopes a claim can name. */
  async function choices(spaceId: string) {
    await db.transaction().execute((trx) => ledger.ensureChart(trx, spaceId));
    const accounts = await store.accountsOf(db, spaceId);
    const of = (kind: string) =>
      accounts
        .filter((a) => a.kind === kind)
        .map((a) => ({ value: a.code, label: `${a.label} (${a.code})` }));
    return { categories: of("expense"), envelopes: of("envelope") };
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    props: { slug: string; action: string; title: string; withReceipt: boolean },
    state: FormState,
    status = 200,
  ) {
    const space = await chamberOf(props.slug);
    const ctx = view(request, reply);
    const title = ctx.t(props.title);
    return sendPage(
      reply,
      ctx,
      `${title} · ${space.name}`,
      <ClaimForm
        ctx={ctx}
        chamber={space}
        action={props.action}
        title={title}
        state={state}
        withReceipt={props.withReceipt}
        maxMb={maxMb}
        {...(await choices(space.id))}
      />,
      status,
    );
  }

  /** The claim of this chamber, as the person may see it. */
  async function shownClaim(request: FastifyRequest<ClaimParams>) {
    const space = await chamberOf(request.params.slug);
    const shown = await claims.view(request.person, request.params.claim);
    if (shown.claim.space_id !== space.id) throw new DomainError("CLAIM_NOT_FOUND");
    return { space, shown };
  }

  async function renderDetail(
    request: FastifyRequest<ClaimParams>,
    reply: FastifyReply,
    state?: FormState,
    status = 200,
  ) {
    const { space, shown } = await shownClaim(request);
    const [author, account, history] = await Promise.all([
      db
        .selectFrom("persons")
        .select("display_name")
        .where("id", "=", shown.claim.author_id)
        .executeTakeFirst(),
      store.accountByCode(db, space.id, shown.claim.account_code),
      claims.history(shown.claim.id),
    ]);
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      `${shown.claim.title} · ${space.name}`,
      <DetailView
        ctx={ctx}
        chamber={space}
        shown={shown}
        authorName={author?.display_name ?? ""}
        accountLabel={account ? `${account.label} (${account.code})` : shown.claim.account_code}
        history={history}
        state={state}
        maxMb={maxMb}
      />,
      status,
    );
  }

  /** A refused claim form shows itself again with its values and a message per field. */
  function refusedForm(
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    props: { slug: string; action: string; title: string; withReceipt: boolean },
  ) {
    if (!(error instanceof DomainError) || error.status !== 400) throw error;
    const state = {
      values: keptFields(request.body),
      errors: error.fields,
      message: request.t(`error.${error.code}`),
    };
    return renderForm(request, reply, props, state, 400);
  }

  const claimUrl = (request: FastifyRequest<ClaimParams>) =>
    `/espaces/${request.params.slug}/notes-de-frais/${request.params.claim}`;

  return { chamberOf, renderForm, refusedForm, renderDetail, shownClaim, claimUrl };
}

/** Expense claim pages: the list, the form, a claim with its receipts, history and decisions. */
export async function claimPageRoutes(app: FastifyInstance): Promise<void> {
  const { claims } = app.communs;
  const { chamberOf, renderForm, refusedForm, renderDetail, shownClaim, claimUrl } = shared(app);

  app.get<SpaceParams & { Querystring: { statut?: string } }>(
    "/espaces/:slug/notes-de-frais",
    async (request, reply) => {
      requirePerson(request);
      const raw = typeof request.query.statut === "string" ? request.query.statut : "";
      const status = (CLAIM_STATUSES as readonly string[]).includes(raw) ? raw : "";
      const space = await chamberOf(request.params.slug);
      const { all, claims: list } = await claims.list(request.person, space.slug, status || undefined);
      const ctx = view(request, reply);
      return sendPage(
        reply,
        ctx,
        `${ctx.t("claims.title")} · ${space.name}`,
        <ListView ctx={ctx} chamber={space} all={all} status={status} claims={list} />,
      );
    },
  );

  app.get<SpaceParams>("/espaces/:slug/notes-de-frais/nouvelle", async (request, reply) => {
    requirePerson(request);
    const { slug } = request.params;
    const action = `/espaces/${slug}/notes-de-frais/nouvelle`;
    return renderForm(
      request,
      reply,
      { slug, action, title: "claims.new", withReceipt: true },
      { values: { date: today(), account: "6132" }, errors: {} },
    );
  });

  app.get<ClaimParams>("/espaces/:slug/notes-de-frais/:claim", async (request, reply) => {
    requirePerson(request);
    return renderDetail(request, reply);
  });

  app.get<ClaimParams>("/espaces/:slug/notes-de-frais/:claim/modifier", async (request, reply) => {
    requirePerson(request);
    const { shown } = await shownClaim(request);
    if (!shown.can.edit) throw new DomainError("CLAIM_DECIDED");
    const props = { slug: request.params.slug, action: `${claimUrl(request)}/modifier` };
    return renderForm(
      request,
      reply,
      { ...props, title: "claims.editTitle", withReceipt: false },
      { values: formValues(shown.claim), errors: {} },
    );
  });

  app.post<ClaimParams>("/espaces/:slug/notes-de-frais/:claim/modifier", async (request, reply) => {
    const person = requirePerson(request);
    await shownClaim(request);
    const { input, amountUnreadable } = claimFromForm(request.body);
    try {
      await claims.edit(person, request.params.claim, input);
    } catch (error) {
      const props = { slug: request.params.slug, action: `${claimUrl(request)}/modifier` };
      return refusedForm(request, reply, withAmountMessage(error, amountUnreadable), {
        ...props,
        title: "claims.editTitle",
        withReceipt: false,
      });
    }
    return redirectWithFlash(reply, claimUrl(request), "claims.saved");
  });

  app.get<ReceiptParams>(
    "/espaces/:slug/notes-de-frais/:claim/justificatifs/:receipt",
    async (request, reply) => {
      requirePerson(request);
      await shownClaim(request);
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
    },
  );

  const decisions: [string, (request: FastifyRequest<ClaimParams>) => Promise<unknown>, string][] = [
    ["approuver", (r) => claims.approve(r.person, r.params.claim), "claims.approved"],
    ["payer", (r) => claims.pay(r.person, r.params.claim, field(r.body, "paidOn") || today()), "claims.paid"],
    ["rejeter", (r) => claims.reject(r.person, r.params.claim, field(r.body, "reason")), "claims.rejected"],
    ["abandonner", (r) => claims.waive(r.person, r.params.claim), "claims.waived"],
  ];
  for (const [path, decide, done] of decisions)
    app.post<ClaimParams>(`/espaces/:slug/notes-de-frais/:claim/${path}`, async (request, reply) => {
      requirePerson(request);
      await shownClaim(request);
      try {
        await decide(request);
      } catch (error) {
        if (!(error instanceof DomainError) || error.status >= 500) throw error;
        if (error.code === "FORBIDDEN" || error.code === "UNAUTHENTICATED") throw error;
        const fields = Object.values(error.fields).map((key) => request.t(`msg.${key}`));
        const message = [request.t(`error.${error.code}`), ...fields].join(" ");
        return renderDetail(request, reply, { values: {}, errors: {}, message }, error.status);
      }
      return redirectWithFlash(reply, claimUrl(request), done);
    });
}

/** The two claim pages that take a file: submitting a claim, adding a receipt. */
export async function claimUploadRoutes(app: FastifyInstance): Promise<void> {
  const { claims } = app.communs;
  const { refusedForm, renderDetail, shownClaim, claimUrl } = shared(app);

  app.post<SpaceParams>("/espaces/:slug/notes-de-frais/nouvelle", async (request, reply) => {
    const person = requirePerson(request);
    const { slug } = request.params;
    const { input, amountUnreadable } = claimFromForm(request.body);
    try {
      const claim = await claims.submit(person, slug, input, uploadedFile(request.body, "receipt"));
      return redirectWithFlash(reply, `/espaces/${slug}/notes-de-frais/${claim.id}`, "claims.submitted");
    } catch (error) {
      return refusedForm(request, reply, withAmountMessage(error, amountUnreadable), {
        slug,
        action: `/espaces/${slug}/notes-de-frais/nouvelle`,
        title: "claims.new",
        withReceipt: true,
      });
    }
  });

  app.post<ClaimParams>("/espaces/:slug/notes-de-frais/:claim/justificatifs", async (request, reply) => {
    const person = requirePerson(request);
    await shownClaim(request);
    try {
      await claims.addReceipt(person, request.params.claim, uploadedFile(request.body, "receipt"));
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 400) throw error;
      const state = { values: {}, errors: error.fields, message: request.t(`error.${error.code}`) };
      return renderDetail(request, reply, state, 400);
    }
    return redirectWithFlash(reply, claimUrl(request), "claims.receiptAdded");
  });
}

/** The text fields of a claim form, to show again. */
function keptFields(body: unknown): Record<string, string> {
  const b = formBody(body);
  return Object.fromEntries(
    ["title", "amount", "date", "account", "envelope"].map((name) => [
      name,
      typeof b[name] === "string" ? (b[name] as string).slice(0, 200) : "",
    ]),
  );
}
