import { Field, Form, type FormState } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { LIMITS } from "./input.ts";
import { Day, type ProposalPage } from "./views.tsx";
import { TextArea } from "./views-forms.tsx";

// The proposer's amendment (a new version, offered as integrating objections) and a decision's review.

export function AmendForm({ ctx, page, state }: { ctx: PageContext; page: ProposalPage; state?: FormState }) {
  const { t } = ctx;
  const { proposal, space } = page;
  const current = page.versions.find((v) => v.number === proposal.version);
  const open = page.objections.filter((o) => o.status === "open");
  const offered = new Set((state?.values.integrates ?? "").split(","));
  return (
    <section aria-labelledby="amender">
      <h2 id="amender">{t("decisions.amend")}</h2>
      <p class="hint">{t("decisions.amendHint")}</p>
      <Form
        ctx={ctx}
        action={urls.proposalAction(space.slug, proposal.number, "amender")}
        state={state}
        idPrefix="amend-"
      >
        <TextArea
          ctx={ctx}
          id="amend-body"
          name="body"
          label={t("decisions.newText")}
          state={state}
          value={current?.body ?? ""}
          rows={12}
          maxLength={LIMITS.body}
          required
        />
        <Field
          ctx={ctx}
          id="amend-note"
          name="note"
          label={t("field.note")}
          hint={t("decisions.noteHint")}
          state={state}
          maxLength={300}
        />
        {open.length > 0 && (
          <fieldset class="field" id="amend-integrates">
            <legend>{t("decisions.integrates")}</legend>
            {state?.errors.integrates && <p class="error">{t(`msg.${state.errors.integrates}`)}</p>}
            {open.map((o) => (
              <div class="field checkbox" key={o.id}>
                <input
                  type="checkbox"
                  id={`integrates-${o.id}`}
                  name="integrates"
                  value={o.id}
                  checked={offered.has(o.id)}
                />
                <label for={`integrates-${o.id}`}>
                  {o.author_name || t("decisions.someone")} — {o.reason}
                </label>
              </div>
            ))}
          </fieldset>
        )}
        <button type="submit" class="primary">
          {t("decisions.amendButton")}
        </button>
      </Form>
    </section>
  );
}

/** At its review date a facilitator renews the decision or retires it from the register. */
export function ReviewForm({
  ctx,
  page,
  state,
}: {
  ctx: PageContext;
  page: ProposalPage;
  state?: FormState;
}) {
  const { t } = ctx;
  const { proposal, space } = page;
  return (
    <section aria-labelledby="revue">
      <h2 id="revue">{t("decisions.review")}</h2>
      <p>
        {t("decisions.reviewOn")} {proposal.review_date && <Day ctx={ctx} day={proposal.review_date} />}.{" "}
        {t("decisions.reviewHint")}
      </p>
      <Form
        ctx={ctx}
        action={urls.proposalAction(space.slug, proposal.number, "revue")}
        state={state}
        class="inline"
      >
        <button type="submit" name="how" value="renew" class="primary">
          {t("decisions.renew")}
        </button>{" "}
        <button type="submit" name="how" value="retire" class="danger">
          {t("decisions.retire")}
        </button>
      </Form>
    </section>
  );
}
