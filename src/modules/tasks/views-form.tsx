import { TASK_LIMITS } from "../../core/tasks.ts";
import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { euros } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { type Group, Kicker, type SpaceRef } from "./views.tsx";

/** The task form: a new task (with « Je m’en occupe ») or an edit. */
export function TaskForm(props: {
  ctx: PageContext;
  space: SpaceRef & { doocracy_cap: number };
  groups: Group[];
  action: string;
  title: string;
  isNew: boolean;
  state: FormState;
}) {
  const { ctx, space, state } = props;
  const { t } = ctx;
  return (
    <article class="narrow">
      <Kicker ctx={ctx} space={space} />
      <h1>{props.title}</h1>
      <Form ctx={ctx} action={props.action} state={state}>
        <Field
          ctx={ctx}
          name="title"
          label={t("tasks.field.title")}
          hint={t("tasks.field.titleHint")}
          state={state}
          required
          maxLength={TASK_LIMITS.title}
        />
        <FieldFrame
          ctx={ctx}
          id="description"
          label={t("tasks.field.description")}
          hint={t("tasks.field.descriptionHint")}
          error={state.errors.description}
        >
          {(control) => (
            <textarea {...control} name="description" rows={6} maxLength={TASK_LIMITS.description}>
              {state.values.description ?? ""}
            </textarea>
          )}
        </FieldFrame>
        <Select
          ctx={ctx}
          name="group"
          label={t("tasks.field.group")}
          options={[
            { value: "", label: t("tasks.noGroup") },
            ...props.groups.map((g) => ({ value: g.id, label: g.name })),
          ]}
          state={state}
        />
        <Field
          ctx={ctx}
          name="dueDate"
          type="date"
          label={t("tasks.field.dueDate")}
          hint={t("tasks.field.dueDateHint")}
          state={state}
        />
        {space.kind === "chamber" && (
          <Field
            ctx={ctx}
            name="expectedExpense"
            label={t("tasks.field.expectedExpense")}
            hint={t("tasks.field.expectedExpenseHint", { cap: euros(space.doocracy_cap) })}
            state={state}
            maxLength={40}
          />
        )}
        {props.isNew && (
          <div class="field checkbox">
            <input type="checkbox" id="take" name="take" value="1" checked={state.values.take === "1"} />
            <label for="take">{t("tasks.field.take")}</label>
          </div>
        )}
        <button type="submit" class="primary">
          {t(props.isNew ? "tasks.create" : "tasks.save")}
        </button>
      </Form>
    </article>
  );
}

/** The board's groups, each with its own small forms, and a form for a new one. */
export function GroupsView(props: {
  ctx: PageContext;
  space: SpaceRef;
  groups: Group[];
  state?: FormState;
  defaults: readonly string[];
}) {
  const { ctx, space, groups, state } = props;
  const { t } = ctx;
  const action = urls.taskGroups(space.slug);
  const hidden = (name: string, value: string) => <input type="hidden" name={name} value={value} />;
  return (
    <article class="narrow">
      <Kicker ctx={ctx} space={space} />
      <h1>{t("tasks.groups")}</h1>
      <p class="lead">{t("tasks.groupsIntro")}</p>
      {state?.message && state.values.action !== "create" && (
        <div class="form-error" role="alert">
          <p>{state.message}</p>
        </div>
      )}
      {groups.length === 0 ? (
        <div class="panel">
          <p class="empty">{t("tasks.noGroups")}</p>
          <Form ctx={ctx} action={action}>
            {hidden("action", "defaults")}
            <button type="submit">{t("tasks.addDefaults", { names: props.defaults.join(", ") })}</button>
          </Form>
        </div>
      ) : (
        <ol class="task-groups">
          {groups.map((group, i) => (
            <li key={group.id} class="panel">
              <Form ctx={ctx} action={action} class="row">
                {hidden("action", "rename")}
                {hidden("group", group.id)}
                <FieldFrame ctx={ctx} id={`name-${group.id}`} label={t("tasks.groupName")}>
                  {(control) => <input {...control} name="name" value={group.name} maxLength={60} required />}
                </FieldFrame>
                <button type="submit">{t("tasks.rename")}</button>
              </Form>
              <p>
                {i > 0 && <GroupButton ctx={ctx} action={action} group={group} command="up" />}
                {i < groups.length - 1 && (
                  <GroupButton ctx={ctx} action={action} group={group} command="down" />
                )}
                <GroupButton ctx={ctx} action={action} group={group} command="delete" />
              </p>
            </li>
          ))}
        </ol>
      )}
      <section aria-labelledby="nouveau-groupe">
        <h2 id="nouveau-groupe">{t("tasks.newGroup")}</h2>
        <Form ctx={ctx} action={action} state={state?.values.action === "create" ? state : undefined}>
          {hidden("action", "create")}
          <Field
            ctx={ctx}
            name="name"
            label={t("tasks.groupName")}
            state={state?.values.action === "create" ? state : undefined}
            required
            maxLength={TASK_LIMITS.groupName}
          />
          <button type="submit" class="primary">
            {t("tasks.createGroup")}
          </button>
        </Form>
      </section>
      <p>
        <a href={urls.tasks(space.slug)}>{t("tasks.backToBoard")}</a>
      </p>
    </article>
  );
}

/** A one-button form on a group: move it up or down, or delete it. */
function GroupButton(props: { ctx: PageContext; action: string; group: Group; command: string }) {
  const { ctx, group, command } = props;
  return (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <input type="hidden" name="action" value={command} />
      <input type="hidden" name="group" value={group.id} />
      <button type="submit" class={command === "delete" ? "danger" : "secondary"}>
        {ctx.t(`tasks.group.${command}`)}
        <span class="visually-hidden"> — {group.name}</span>
      </button>{" "}
    </form>
  );
}
