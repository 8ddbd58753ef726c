import { today } from "../../core/ledger.ts";
import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { fieldMessage } from "../../web/i18n.ts";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { TreasuryOverview, TreasuryTransfer } from "./service.ts";

// The sections of the treasurer's page that change the books: envelopes and their funding, the year's
// transfers and their correction, the year close. A refused form shows itself again in its section.

/** The forms of the treasurer's page, each in its own section (`#form-<name>`). */
export type TreasuryForm = "envelope" | "fund" | "siren" | "close" | "reverse";

export interface FailedForm {
  form: TreasuryForm;
  state: FormState;
  /** The transfer whose correction was refused. */
  transferId?: string;
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
        <div class="table-scroll">
          <table>
            <caption>{t("treasury.envelopes.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("treasury.envelope")}</th>
                <th scope="col">{t("treasury.available")}</th>
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
        </div>
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

function TransferItem(props: {
  ctx: PageContext;
  data: TreasuryOverview;
  transfer: TreasuryTransfer;
  failed?: FailedForm;
}) {
  const { ctx, data, transfer: m } = props;
  const { t, lang } = ctx;
  const closed = data.closedYears.includes(Number(m.date.slice(0, 4)));
  const id = `reverseDate-${m.id}`;
  const failed =
    props.failed?.form === "reverse" && props.failed.transferId === m.id ? props.failed : undefined;
  const state: FormState | undefined = failed && {
    values: failed.state.values,
    message: failed.state.message,
    errors: Object.fromEntries(
      Object.entries(failed.state.errors).map(([name, message]) => [
        name === "reverseDate" ? id : name,
        message,
      ]),
    ),
  };
  return (
    <li class="transfer" data-transfer={m.id}>
      <p>
        <time datetime={m.date}>{shortDate(m.date, lang)}</time> · <strong>{m.label}</strong> ·{" "}
        {euros(m.amount)}
      </p>
      <p class="meta">
        {t("transparency.debit", { account: `${m.debitCode} ${m.debitLabel}` })} ·{" "}
        {t("transparency.credit", { account: `${m.creditCode} ${m.creditLabel}` })} ·{" "}
        {t("treasury.journal", { journal: m.journal })}
      </p>
      {(m.isReversal || m.reversed || closed) && <Refusal state={state} />}
      {m.isReversal ? (
        <p class="meta">{t("treasury.transfer.isReversal")}</p>
      ) : m.reversed ? (
        <p class="meta">{t("treasury.transfer.reversed")}</p>
      ) : closed ? (
        <p class="meta">{t("treasury.transfer.yearClosed")}</p>
      ) : (
        <Form ctx={ctx} action={urls.treasuryReverse(data.space.slug, m.id)} state={state} class="row">
          <input type="hidden" name="annee" value={String(data.year)} />
          <FieldFrame ctx={ctx} id={id} label={t("field.reverseDate")} error={state?.errors[id]}>
            {(control) => (
              <input
                {...control}
                type="date"
                name="reverseDate"
                value={state?.values.reverseDate ?? today()}
              />
            )}
          </FieldFrame>
          <button type="submit">
            {t("treasury.reverse.submit")}
            <span class="visually-hidden"> — {m.label}</span>
          </button>
        </Form>
      )}
    </li>
  );
}

export function Transfers({
  ctx,
  data,
  failed,
}: {
  ctx: PageContext;
  data: TreasuryOverview;
  failed?: FailedForm;
}) {
  const { t } = ctx;
  return (
    <section aria-labelledby="mouvements" id="form-reverse">
      <h2 id="mouvements">{t("treasury.transfers", { year: data.year })}</h2>
      <form method="get" action={urls.treasury(data.space.slug)} class="row">
        <div class="field">
          <label for="annee">{t("treasury.year")}</label>
          <select id="annee" name="annee">
            {data.years.map((year) => (
              <option key={year} value={String(year)} selected={year === data.year}>
                {year}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("treasury.show")}</button>
      </form>
      <p>{t("treasury.transfers.intro")}</p>
      {data.transfers.length === 0 ? (
        <p class="empty">{t("ledger.chart.empty")}</p>
      ) : (
        <ul class="members">
          {data.transfers.map((m) => (
            <TransferItem key={m.id} ctx={ctx} data={data} transfer={m} failed={failed} />
          ))}
        </ul>
      )}
    </section>
  );
}
