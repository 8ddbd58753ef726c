import { today } from "../../core/ledger.ts";
import { Field, Form, type FormState, Select } from "../../web/forms.tsx";
import { fieldMessage } from "../../web/i18n.ts";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls, withQuery } from "../../web/urls.ts";
import { JOURNALS, type TreasuryOverview, type TreasuryTransfer } from "./service.ts";

// The sections of the treasurer's page that change the books: envelopes and their funding, the year's
// transfers (each corrected from its own page), the year close. A refused form shows itself again in its section.

/** The forms of the treasurer's page, each in its own section (`#form-<name>`). */
export type TreasuryForm = "envelope" | "fund" | "siren" | "close";

export interface FailedForm {
  form: TreasuryForm;
  state: FormState;
}

/** A refusal where the form it came from is no longer offered (the year closed, the transfer reversed). */
export function Refusal({ state }: { state: FormState | undefined }) {
  if (!state?.message) return null;
  return (
    <div class="form-error" role="alert">
      <p>{state.message}</p>
    </div>
  );
}

export function stateOf(failed: FailedForm | undefined, form: TreasuryForm): FormState | undefined {
  return failed?.form === form ? failed.state : undefined;
}

export function Envelopes(props: {
  ctx: PageContext;
  data: TreasuryOverview;
  failed?: FailedForm;
  fundKey: string;
}) {
  const { ctx, data, failed } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="enveloppes">
      <h2 id="enveloppes">{t("treasury.envelopes")}</h2>
      {data.envelopes.length === 0 ? (
        <p class="empty">{t("treasury.envelopes.none")}</p>
      ) : (
        <TableScroll>
          <table>
            <caption>{t("treasury.envelopes.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("treasury.envelope")}</th>
                <th scope="col" class="amount">
                  {t("treasury.available")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.envelopes.map((e) => (
                <tr key={e.code} data-envelope={e.code}>
                  <th scope="row">
                    {e.label} <span class="meta">({e.code})</span>
                  </th>
                  <td class="amount">{euros(e.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {data.envelopes.length > 0 && (
        <div class="panel" id="form-fund">
          <h3>{t("treasury.fund.title")}</h3>
          <p class="hint">{t("treasury.fund.intro")}</p>
          <Form ctx={ctx} action={urls.treasuryFunding(data.space.slug)} state={stateOf(failed, "fund")}>
            <input type="hidden" name="idempotencyKey" value={props.fundKey} />
            <Select
              ctx={ctx}
              name="fundEnvelope"
              label={t("field.fundEnvelope")}
              options={data.envelopes.map((e) => ({ value: e.code, label: `${e.label} (${e.code})` }))}
              state={stateOf(failed, "fund")}
            />
            <Field
              ctx={ctx}
              name="fundAmount"
              label={t("field.fundAmount")}
              hint={t("treasury.amountHint")}
              state={stateOf(failed, "fund")}
              maxLength={20}
              required
            />
            <Field
              ctx={ctx}
              name="fundDate"
              type="date"
              label={t("field.fundDate")}
              value={today()}
              state={stateOf(failed, "fund")}
              required
            />
            <div>
              <button type="submit" class="primary">
                {t("treasury.fund.submit")}
              </button>
            </div>
          </Form>
        </div>
      )}
      <div class="panel" id="form-envelope">
        <h3>{t("treasury.envelope.title")}</h3>
        <Form ctx={ctx} action={urls.treasuryEnvelopes(data.space.slug)} state={stateOf(failed, "envelope")}>
          <Field
            ctx={ctx}
            name="envelopeCode"
            label={t("field.envelopeCode")}
            hint={t("treasury.envelope.codeHint")}
            state={stateOf(failed, "envelope")}
            maxLength={40}
            required
          />
          <Field
            ctx={ctx}
            name="envelopeLabel"
            label={t("field.envelopeLabel")}
            hint={t("treasury.envelope.labelHint")}
            state={stateOf(failed, "envelope")}
            maxLength={120}
            required
          />
          <div>
            <button type="submit">{t("treasury.envelope.submit")}</button>
          </div>
        </Form>
      </div>
    </section>
  );
}

export function Close({
  ctx,
  data,
  failed,
}: {
  ctx: PageContext;
  data: TreasuryOverview;
  failed?: FailedForm;
}) {
  const { t } = ctx;
  const state = stateOf(failed, "close");
  const confirmError = state?.errors.closeConfirm;
  return (
    <section aria-labelledby="cloture" id="form-close">
      <h2 id="cloture">{t("treasury.close")}</h2>
      <p>{t("treasury.close.intro")}</p>
      {data.closedYears.length > 0 && (
        <p>{t("treasury.close.closed", { years: data.closedYears.join(", ") })}</p>
      )}
      {data.closableYears.length === 0 ? (
        <>
          <Refusal state={state} />
          <p class="empty">{t("treasury.close.none")}</p>
        </>
      ) : (
        <Form ctx={ctx} action={urls.treasuryClose(data.space.slug)} state={state}>
          <Select
            ctx={ctx}
            name="closeYear"
            label={t("field.closeYear")}
            options={data.closableYears.map((y) => ({ value: String(y), label: String(y) }))}
            state={state}
          />
          <div class={confirmError ? "field checkbox has-error" : "field checkbox"}>
            <input
              type="checkbox"
              id="closeConfirm"
              name="closeConfirm"
              value="1"
              aria-invalid={confirmError ? "true" : undefined}
              aria-describedby={confirmError ? "closeConfirm-error" : undefined}
            />
            <label for="closeConfirm">{t("field.closeConfirm")}</label>
          </div>
          {confirmError && (
            <p class="error" id="closeConfirm-error">
              {fieldMessage(ctx.lang, confirmError)}
            </p>
          )}
          <div>
            <button type="submit" class="danger">
              {t("treasury.close.submit")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}

function TransferFilters({ ctx, data }: { ctx: PageContext; data: TreasuryOverview }) {
  const { t } = ctx;
  const { filter } = data;
  const all = { value: "", label: t("treasury.filter.all") };
  return (
    <form method="get" action={urls.treasury(data.space.slug)} class="filters">
      <input type="hidden" name="annee" value={String(data.year)} />
      <Field ctx={ctx} name="du" type="date" label={t("treasury.filter.from")} value={filter.from} />
      <Field ctx={ctx} name="au" type="date" label={t("treasury.filter.to")} value={filter.to} />
      <Select
        ctx={ctx}
        name="compte"
        label={t("treasury.filter.account")}
        value={filter.account}
        options={[all, ...data.accounts.map((a) => ({ value: a.code, label: `${a.code} ${a.label}` }))]}
      />
      <Select
        ctx={ctx}
        name="journal"
        label={t("treasury.filter.journal")}
        value={filter.journal}
        options={[all, ...JOURNALS.map((j) => ({ value: j, label: t(`treasury.journal.${j}`) }))]}
      />
      <Field
        ctx={ctx}
        name="q"
        type="search"
        label={t("treasury.filter.text")}
        value={filter.text}
        maxLength={200}
      />
      <div>
        <button type="submit">{t("treasury.filter.submit")}</button>
      </div>
    </form>
  );
}

/** The address of the list as filtered, from the row `avant` says on. */
function listUrl(data: TreasuryOverview, avant?: string): string {
  const { filter } = data;
  return withQuery(urls.treasury(data.space.slug), {
    annee: data.year,
    du: filter.from,
    au: filter.to,
    compte: filter.account,
    journal: filter.journal,
    q: filter.text,
    avant,
  });
}

function TransferRow({
  ctx,
  slug,
  transfer: m,
}: {
  ctx: PageContext;
  slug: string;
  transfer: TreasuryTransfer;
}) {
  const { t, lang } = ctx;
  return (
    <tr class="transfer" data-transfer={m.id}>
      <td>
        <time datetime={m.date}>{shortDate(m.date, lang)}</time>
      </td>
      <td>
        <a href={urls.treasuryTransfer(slug, m.id)}>{m.label}</a>
        {(m.isReversal || m.reversed) && (
          <span class="meta">
            {" "}
            · {t(m.isReversal ? "treasury.transfer.isReversal" : "treasury.transfer.reversed")}
          </span>
        )}
      </td>
      <td class="amount">{euros(m.amount)}</td>
      <td>
        {m.debitCode} → {m.creditCode}
      </td>
      <td>{m.journal}</td>
    </tr>
  );
}

/** The posted transfers, 50 at a time, filtered; each one's correction is on its own page. */
export function Transfers({ ctx, data }: { ctx: PageContext; data: TreasuryOverview }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="mouvements">
      <h2 id="mouvements">
        {t("treasury.transfers", {
          from: shortDate(data.filter.from, ctx.lang),
          to: shortDate(data.filter.to, ctx.lang),
        })}
      </h2>
      <p>{t("treasury.transfers.intro")}</p>
      <TransferFilters ctx={ctx} data={data} />
      {data.transfers.length === 0 ? (
        <p class="empty">{t("ledger.chart.empty")}</p>
      ) : (
        <TableScroll>
          <table>
            <caption>{t("treasury.transfers.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("transparency.date")}</th>
                <th scope="col">{t("transparency.label")}</th>
                <th scope="col" class="amount">
                  {t("transparency.amount")}
                </th>
                <th scope="col">{t("treasury.transfers.accounts")}</th>
                <th scope="col">{t("treasury.transfers.journal")}</th>
              </tr>
            </thead>
            <tbody>
              {data.transfers.map((m) => (
                <TransferRow key={m.id} ctx={ctx} slug={data.space.slug} transfer={m} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p class="pager">
        {data.filter.before && <a href={listUrl(data)}>{t("treasury.transfers.latest")}</a>}{" "}
        {data.older && (
          <a href={listUrl(data, data.older)} rel="next">
            {t("treasury.transfers.older")}
          </a>
        )}
      </p>
    </section>
  );
}
