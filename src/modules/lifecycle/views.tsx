import { SCHEDULED_STAGES } from "../../core/lifecycle.ts";
import { emptyForm, Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import { shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls } from "../../web/urls.ts";
import type { LifecycleState, StepView } from "./service.ts";

function Schedule({ ctx, steps }: { ctx: PageContext; steps: StepView[] }) {
  const { t } = ctx;
  if (steps.length === 0) return <p class="empty">{t("lifecycle.none")}</p>;
  return (
    <TableScroll>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("lifecycle.col.stage")}</th>
            <th scope="col">{t("lifecycle.col.from")}</th>
            <th scope="col">{t("lifecycle.col.message")}</th>
            <th scope="col">{t("lifecycle.col.next")}</th>
            <th scope="col">{t("lifecycle.col.setBy")}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.stage}>
              <th scope="row">{t(`lifecycle.stage.${step.stage}`)}</th>
              <td>{shortDate(step.startsOn, ctx.lang)}</td>
              <td>{step.message}</td>
              <td>{step.nextUrl && <a href={step.nextUrl}>{step.nextUrl}</a>}</td>
              <td>
                {step.setByName ?? t("lifecycle.operator")}, {formatDateTime(ctx.lang, step.setAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The administrators' page: the stage in force, the schedule, and the form to schedule a stage. */
export function LifecycleView(props: {
  ctx: PageContext;
  steps: StepView[];
  state: LifecycleState;
  form?: FormState;
}) {
  const { ctx, steps, state } = props;
  const { t } = ctx;
  const form = props.form ?? emptyForm;
  const stageOptions = [
    ...SCHEDULED_STAGES.map((stage) => ({ value: stage, label: t(`lifecycle.stage.${stage}`) })),
    { value: "active", label: t("lifecycle.option.active") },
  ];
  return (
    <>
      <h1>{t("lifecycle.title")}</h1>
      <p>{t("lifecycle.intro")}</p>
      <p role="status">
        {t("lifecycle.inForce", {
          today: shortDate(state.today, ctx.lang),
          stage: t(`lifecycle.stage.${state.stage}`),
        })}
      </p>
      <h2>{t("lifecycle.schedule")}</h2>
      <Schedule ctx={ctx} steps={steps} />
      <h2>{t("lifecycle.formTitle")}</h2>
      <p>{t("lifecycle.cli")}</p>
      <Form ctx={ctx} action={urls.lifecycle()} state={form}>
        <Select
          ctx={ctx}
          name="stage"
          label={t("lifecycle.field.stage")}
          options={stageOptions}
          state={form}
        />
        <Field ctx={ctx} name="startsOn" type="date" label={t("lifecycle.field.startsOn")} state={form} />
        <FieldFrame ctx={ctx} id="message" label={t("lifecycle.field.message")} error={form.errors.message}>
          {(control) => (
            <textarea {...control} name="message" rows={4}>
              {form.values.message ?? ""}
            </textarea>
          )}
        </FieldFrame>
        <Field
          ctx={ctx}
          name="nextUrl"
          type="url"
          label={t("lifecycle.field.nextUrl")}
          hint={t("lifecycle.hint.nextUrl")}
          state={form}
        />
        <button type="submit">{t("lifecycle.submit")}</button>
      </Form>
    </>
  );
}

/** What a refused write or login gets while the site is read-only or archived. */
export function RefusedView({ ctx, stage }: { ctx: PageContext; stage: "readOnly" | "archived" }) {
  return (
    <section class="error-page">
      <h1>{ctx.t(`lifecycle.refused.title.${stage}`)}</h1>
      <p>{ctx.t(`lifecycle.refused.${stage}`)}</p>
      <p>
        <a href={urls.home()}>{ctx.t("lifecycle.refused.back")}</a>
      </p>
    </section>
  );
}
