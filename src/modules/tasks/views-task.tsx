import { formatAmount } from "../../core/ledger.ts";
import { TASK_LIMITS } from "../../core/tasks.ts";
import { ActionButton, Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import { renderMarkdown } from "../../web/markdown.ts";
import { euros } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { auditSentence } from "../audit/service.ts";
import type { Tasks } from "./service.ts";
import { DueDate, Kicker, volunteerNames } from "./views.tsx";

export type TaskPage = Awaited<ReturnType<Tasks["page"]>>;

interface Choice {
  value: string;
  label: string;
}

/** What the expense form offers, when the viewer may claim the task's expense. */
export interface ExpenseChoices {
  categories: Choice[];
  envelopes: Choice[];
  maxMb: number;
}

/** Which of the page's forms a refusal is about, to show its message beside it. */
export type Refused = { form: "expense" | "drop" | "other"; state: FormState };

export function TaskDetail(props: {
  ctx: PageContext;
  page: TaskPage;
  expense?: ExpenseChoices;
  refused?: Refused;
}) {
  const { ctx, page, refused } = props;
  const { t, lang } = ctx;
  const { space, task } = page;
  return (
    <article>
      <Kicker ctx={ctx} space={space} />
      <h1>{task.title}</h1>
      {refused?.form === "other" && refused.state.message && (
        <div class="form-error" role="alert">
          <p>{refused.state.message}</p>
        </div>
      )}
      {page.aboveCap && (
        <p class="notice" role="note">
          {t("tasks.aboveCap")} {t("tasks.capIs", { cap: euros(space.doocracy_cap) })}
        </p>
      )}
      <dl class="panel">
        <dt>{t("tasks.stateLabel")}</dt>
        <dd>
          <strong>{t(`tasks.state.${task.state}`)}</strong>
          {task.state === "dropped" && task.drop_reason && ` — ${task.drop_reason}`}
        </dd>
        <dt>{t("tasks.group")}</dt>
        <dd>{task.groupName ?? t("tasks.noGroup")}</dd>
        <dt>{t("tasks.field.dueDate")}</dt>
        <dd>{task.due_date ? <DueDate ctx={ctx} task={task} today={page.today} /> : t("tasks.noDueDate")}</dd>
        <dt>{t("tasks.volunteersLabel")}</dt>
        <dd>{volunteerNames(ctx, task)}</dd>
        {task.meeting_id && (
          <>
            <dt>{t("tasks.origin")}</dt>
            <dd>
              <a href={urls.meeting(space.slug, task.meeting_id)}>{t("tasks.fromMeeting")}</a>
            </dd>
          </>
        )}
        {space.kind === "chamber" && (
          <>
            <dt>{t("tasks.field.expectedExpense")}</dt>
            <dd>{task.expected_expense === null ? t("tasks.noExpense") : euros(task.expected_expense)}</dd>
          </>
        )}
        {page.claim && (
          <>
            <dt>{t("tasks.claim")}</dt>
            <dd>
              {page.claim.visible ? (
                <a href={urls.claim(space.slug, page.claim.id)}>
                  {t("tasks.claimOf", { amount: euros(page.claim.amount) })}
                </a>
              ) : (
                t("tasks.claimOf", { amount: euros(page.claim.amount) })
              )}{" "}
              ({t(`claims.status.${page.claim.status}`)})
            </dd>
          </>
        )}
      </dl>
      {task.description && (
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(task.description) }} />
      )}
      <Actions ctx={ctx} page={page} refused={refused} />
      {props.expense && <ExpenseForm ctx={ctx} page={page} choices={props.expense} refused={refused} />}
      <section aria-labelledby="historique">
        <h2 id="historique">{t("tasks.history")}</h2>
        <ol class="audit">
          {page.history.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.at}>{formatDateTime(lang, entry.at)}</time> — {auditSentence(lang, entry)}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function Actions(props: { ctx: PageContext; page: TaskPage; refused?: Refused }) {
  const { ctx, page } = props;
  const { t } = ctx;
  const { can, space, task } = page;
  const slug = space.slug;
  if (!can.take && !can.release && !can.finish && !can.drop && !can.edit) return null;
  const dropState = props.refused?.form === "drop" ? props.refused.state : undefined;
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">{t("tasks.actions")}</h2>
      <p>
        {can.take && (
          <ActionButton
            ctx={ctx}
            action={urls.taskTake(slug, task.id)}
            label={t("tasks.take")}
            kind="primary"
          />
        )}{" "}
        {can.finish && (
          <ActionButton
            ctx={ctx}
            action={urls.taskFinish(slug, task.id)}
            label={t("tasks.finish")}
            kind="primary"
          />
        )}{" "}
        {can.release && (
          <ActionButton
            ctx={ctx}
            action={urls.taskRelease(slug, task.id)}
            label={t(page.volunteering ? "tasks.release" : "tasks.releaseAll")}
          />
        )}
      </p>
      {can.edit && (
        <p>
          <a href={urls.taskEdit(slug, task.id)}>{t("tasks.edit")}</a>
        </p>
      )}
      {can.drop && (
        <details class="leave" open={dropState !== undefined || undefined}>
          <summary>{t("tasks.drop")}</summary>
          <Form ctx={ctx} action={urls.taskDrop(slug, task.id)} state={dropState}>
            <FieldFrame
              ctx={ctx}
              id="reason"
              label={t("tasks.field.reason")}
              hint={t("tasks.field.reasonHint")}
              error={dropState?.errors.reason}
            >
              {(control) => (
                <input
                  {...control}
                  name="reason"
                  value={dropState?.values.reason ?? ""}
                  maxLength={TASK_LIMITS.reason}
                  required
                />
              )}
            </FieldFrame>
            <button type="submit" class="danger">
              {t("tasks.drop")}
            </button>
          </Form>
        </details>
      )}
    </section>
  );
}

/** « Déclarer la dépense »: the task's expected expense as the volunteer's expense claim, in one step. */
function ExpenseForm(props: {
  ctx: PageContext;
  page: TaskPage;
  choices: ExpenseChoices;
  refused?: Refused;
}) {
  const { ctx, page, choices } = props;
  const { t } = ctx;
  const state: FormState =
    props.refused?.form === "expense" ? props.refused.state : { values: {}, errors: {} };
  const expected = page.task.expected_expense ?? 0;
  return (
    <section aria-labelledby="depense">
      <h2 id="depense">{t("tasks.claimExpense")}</h2>
      <p class="hint">
        {t(page.aboveCap ? "tasks.claimExpenseAbove" : "tasks.claimExpenseUnder", {
          cap: euros(page.space.doocracy_cap),
        })}
      </p>
      <Form
        ctx={ctx}
        action={urls.taskExpense(page.space.slug, page.task.id)}
        state={state}
        encType="multipart/form-data"
      >
        <Field
          ctx={ctx}
          name="amount"
          label={t("claims.field.amount")}
          hint={t("claims.field.amountHint")}
          state={state}
          value={formatAmount(expected).replace(/\u202f/g, "")}
          required
        />
        <Field
          ctx={ctx}
          name="date"
          type="date"
          label={t("claims.field.date")}
          state={state}
          value={props.page.today}
          required
        />
        <Select
          ctx={ctx}
          name="account"
          label={t("claims.field.account")}
          options={choices.categories}
          state={state}
          value="6132"
        />
        <Select
          ctx={ctx}
          name="envelope"
          label={t("claims.field.envelope")}
          options={[{ value: "", label: t("claims.noEnvelope") }, ...choices.envelopes]}
          state={state}
        />
        <Field
          ctx={ctx}
          name="iban"
          label={t("claims.field.iban")}
          hint={t("claims.field.ibanHint")}
          state={state}
          maxLength={100}
          autocomplete="off"
        />
        <FieldFrame
          ctx={ctx}
          id="receipt"
          label={t("claims.field.receipt")}
          hint={t("claims.field.receiptHint", { mb: choices.maxMb })}
          error={state.errors.receipt}
        >
          {(control) => (
            <input {...control} name="receipt" type="file" accept="application/pdf,image/jpeg,image/png" />
          )}
        </FieldFrame>
        <button type="submit" class="primary">
          {t("tasks.claimExpense")}
        </button>
      </Form>
    </section>
  );
}
