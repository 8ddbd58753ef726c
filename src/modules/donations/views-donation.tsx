import { formatAmount } from "../../core/ledger.ts";
import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { type DonationDetail, REASON_MAX } from "./corrections.ts";
import { type Chamber, ChamberKicker, type Envelope } from "./views.tsx";

/** A donation's page: what was booked, its corrections, and the form that corrects it. */
export function DonationView(props: {
  ctx: PageContext;
  space: Chamber;
  donation: DonationDetail;
  envelopes: Envelope[];
  idempotencyKey: string;
  state?: FormState;
}) {
  const { ctx, space, donation } = props;
  const { t, lang } = ctx;
  const transfer = (id: string) => urls.treasuryTransfer(space.slug, id);
  return (
    <>
      <ChamberKicker ctx={ctx} space={space} />
      <h1>
        {t("donations.pageTitle", { amount: euros(donation.amount), date: shortDate(donation.date, lang) })}
      </h1>
      <dl class="properties">
        <dt>{t("field.donor.name")}</dt>
        <dd>{donation.donorName || t("donations.anonymous")}</dd>
        <dt>{t("field.method")}</dt>
        <dd>{t(`donations.method.${donation.method}`)}</dd>
        <dt>{t("field.envelope")}</dt>
        <dd>{donation.envelope || t("donations.envelopeNone")}</dd>
        <dt>{t("donations.transfer")}</dt>
        <dd>
          <a href={transfer(donation.transferId)}>{t("donations.seeTransfer")}</a>
        </dd>
      </dl>
      {donation.corrections.length > 0 && (
        <section aria-labelledby="corrections">
          <h2 id="corrections">{t("donations.corrections")}</h2>
          <ul>
            {donation.corrections.map((c) => (
              <li key={c.id} class="correction">
                {t("donations.correctionLine", {
                  date: shortDate(c.at.slice(0, 10), lang),
                  by: c.by ?? t("donations.someone"),
                  reason: c.reason,
                })}{" "}
                <a href={transfer(c.reversalTransferId)}>{t("donations.seeReversal")}</a>
                {" · "}
                <a href={transfer(c.correctedTransferId)}>{t("donations.seeCorrected")}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <CorrectionForm {...props} />
    </>
  );
}

function CorrectionForm(props: {
  ctx: PageContext;
  space: Chamber;
  donation: DonationDetail;
  envelopes: Envelope[];
  idempotencyKey: string;
  state?: FormState;
}) {
  const { ctx, space, donation, envelopes, state } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="corriger">
      <h2 id="corriger">{t("donations.correctTitle")}</h2>
      <p>{t("donations.correctIntro")}</p>
      <Form
        ctx={ctx}
        action={urls.donationCorrect(space.slug, donation.id)}
        state={state}
        class="stack narrow"
      >
        <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
        <Field
          ctx={ctx}
          name="amount"
          label={t("field.amount")}
          hint={t("donations.amountHint")}
          state={state}
          value={formatAmount(donation.amount)}
          autocomplete="off"
          required
        />
        <Field
          ctx={ctx}
          name="date"
          type="date"
          label={t("field.date")}
          state={state}
          value={donation.date}
          required
        />
        <Field
          ctx={ctx}
          name="donor.name"
          label={t("field.donor.name")}
          state={state}
          value={donation.donorName}
          autocomplete="off"
          maxLength={120}
        />
        <Select
          ctx={ctx}
          name="envelope"
          label={t("field.envelope")}
          state={state}
          value={donation.envelope}
          options={[
            { value: "", label: t("donations.envelopeNone") },
            ...envelopes.map((e) => ({ value: e.code, label: `${e.code} — ${e.label}` })),
          ]}
        />
        <FieldFrame
          ctx={ctx}
          id="reason"
          label={t("field.reason")}
          hint={t("donations.reasonHint")}
          error={state?.errors.reason}
        >
          {(control) => (
            <textarea {...control} name="reason" rows={3} maxLength={REASON_MAX} required>
              {state?.values.reason ?? ""}
            </textarea>
          )}
        </FieldFrame>
        <p>
          <button type="submit" class="primary">
            {t("donations.correctSubmit")}
          </button>
        </p>
      </Form>
    </section>
  );
}
