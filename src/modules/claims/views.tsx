import { today } from "../../core/ledger.ts";
import type { ExpenseClaimTable, ExpenseReceiptTable } from "../../db/schema.ts";
import { ActionButton, Field, Form, type FormState, Select } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls } from "../../web/urls.ts";
import { CLAIM_STATUSES, type Claims } from "./service.ts";

export interface Choice {
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
      <a href={urls.space(chamber.slug)}>{chamber.name}</a> ·{" "}
      <a href={urls.claims(chamber.slug)}>{ctx.t("claims.title")}</a>
    </p>
  );
}

export function ListView(props: {
  ctx: PageContext;
  chamber: Chamber;
  all: boolean;
  status: string;
  claims: (ExpenseClaimTable & { authorName: string })[];
}) {
  const { ctx, chamber, claims } = props;
  const { t, lang } = ctx;
  return (
    <article>
      <p class="kicker">
        <a href={urls.space(chamber.slug)}>{chamber.name}</a>
      </p>
      <h1>{t(props.all ? "claims.title" : "claims.mine")}</h1>
      <p>
        <a class="button" href={urls.newClaim(chamber.slug)}>
          {t("claims.new")}
        </a>
      </p>
      <form method="get" action={urls.claims(chamber.slug)} class="year-form">
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
        <TableScroll>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("claims.date")}</th>
                <th scope="col">{t("claims.titleColumn")}</th>
                {props.all && <th scope="col">{t("claims.author")}</th>}
                <th scope="col" class="amount">
                  {t("claims.amount")}
                </th>
                <th scope="col">{t("claims.status")}</th>
              </tr>
            </thead>
            <tbody>
              {claims.map((c) => (
                <tr key={c.id}>
                  <td>{shortDate(c.date, lang)}</td>
                  <td>
                    <a href={urls.claim(chamber.slug, c.id)}>{c.title}</a>
                  </td>
                  {props.all && <td>{c.authorName}</td>}
                  <td class="amount">{euros(c.amount)}</td>
                  <td>{t(`claims.status.${c.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </article>
  );
}

export function ClaimForm(props: {
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
        <Field
          ctx={ctx}
          name="iban"
          label={t("claims.field.iban")}
          hint={t(props.withReceipt ? "claims.field.ibanHint" : "claims.field.ibanKeptHint")}
          state={state}
          maxLength={100}
          autocomplete="off"
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

type Shown = Awaited<ReturnType<Claims["view"]>>;
type History = Awaited<ReturnType<Claims["history"]>>;

export function DetailView(props: {
  ctx: PageContext;
  chamber: Chamber;
  shown: Shown;
  authorName: string;
  accountLabel: string;
  history: History;
  state?: FormState;
  maxMb: number;
  /** The task whose expected expense this claim is, and whether it is above the do-ocracy cap. */
  task?: { id: string; title: string; aboveCap: boolean };
}) {
  const { ctx, chamber, shown, history, state, task } = props;
  const { t, lang } = ctx;
  const { claim, receipts, can } = shown;
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
      {shown.decision.proposal && (
        <p class={shown.decision.awaiting ? "notice" : undefined}>
          <a href={urls.proposal(chamber.slug, shown.decision.proposal.number)}>
            {t("claims.decision.link", { number: shown.decision.proposal.number })}
          </a>
          {shown.decision.awaiting && ` ${t("claims.decision.awaiting")}`}
        </p>
      )}
      {task && (
        <p class={task.aboveCap ? "notice" : undefined}>
          <a href={urls.task(chamber.slug, task.id)}>{t("claims.task", { title: task.title })}</a>
          {task.aboveCap && ` ${t("claims.aboveCap")}`}
        </p>
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
        <dt>{t("claims.iban")}</dt>
        <dd class="iban">{shown.iban || t("claims.noIban")}</dd>
        <dt>{t("claims.status")}</dt>
        <dd>
          <strong>{t(`claims.status.${claim.status}`)}</strong>
          {claim.reason && ` — ${claim.reason}`}
        </dd>
        {claim.payment_reference && (
          <>
            <dt>{t("claims.paymentReference")}</dt>
            <dd>{claim.payment_reference}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="justificatifs">
        <h2 id="justificatifs">{t("claims.receipts")}</h2>
        {receipts.length === 0 ? (
          <p class="notice">{t("claims.noReceipt")}</p>
        ) : (
          <ul>
            {receipts.map((r: ExpenseReceiptTable) => (
              <li key={r.id}>
                <a href={urls.claimReceipt(chamber.slug, claim.id, r.id)}>{r.file_name}</a> (
                {t("claims.size", { kb: Math.max(1, Math.round(r.size / 1024)) })})
              </li>
            ))}
          </ul>
        )}
        {can.addReceipt && (
          <Form
            ctx={ctx}
            action={urls.claimReceipts(chamber.slug, claim.id)}
            state={state?.errors.receipt ? state : undefined}
            encType="multipart/form-data"
          >
            <ReceiptField ctx={ctx} state={state} maxMb={props.maxMb} />
            <button type="submit">{t("claims.addReceipt")}</button>
          </Form>
        )}
      </section>
      <Actions ctx={ctx} slug={chamber.slug} id={claim.id} can={can} />
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

function Actions(props: { ctx: PageContext; slug: string; id: string; can: Shown["can"] }) {
  const { ctx, slug, id, can } = props;
  const { t } = ctx;
  if (!can.edit && !can.waive && !can.approve && !can.pay && !can.reject) return null;
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">{t("claims.actions")}</h2>
      {can.edit && (
        <p>
          <a href={urls.claimEdit(slug, id)}>{t("claims.edit")}</a>
        </p>
      )}
      {can.approve && (
        <ActionButton
          ctx={ctx}
          action={urls.claimApprove(slug, id)}
          label={t("claims.approve")}
          kind="primary"
        />
      )}
      {can.pay && (
        <Form ctx={ctx} action={urls.claimPay(slug, id)}>
          <Field ctx={ctx} name="paidOn" type="date" label={t("claims.paidOn")} value={today()} />
          <Field
            ctx={ctx}
            name="paymentReference"
            label={t("claims.paymentReference")}
            hint={t("claims.paymentReferenceHint")}
            maxLength={140}
          />
          <button type="submit" class="primary">
            {t("claims.pay")}
          </button>
        </Form>
      )}
      {can.reject && (
        <Form ctx={ctx} action={urls.claimReject(slug, id)}>
          <Field ctx={ctx} name="reason" label={t("claims.reason")} maxLength={500} />
          <button type="submit" class="danger">
            {t("claims.reject")}
          </button>
        </Form>
      )}
      {can.waive && (
        <Form ctx={ctx} action={urls.claimWaive(slug, id)}>
          <p class="hint">{t("claims.waiveHint")}</p>
          <button type="submit">{t("claims.waive")}</button>
        </Form>
      )}
    </section>
  );
}
