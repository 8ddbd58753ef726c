import { DECISION_MODES, PROPOSAL_CLASSES } from "../../core/decisions.ts";
import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { LIMITS } from "./input.ts";
import { DEADLINE_CHOICES, PROPERTY_CHOICES } from "./input-code.ts";
import { Kicker, type SpaceRef } from "./views-code.tsx";

// The forms that propose a new social code or new rules, and the one that forks a chamber.

function TextArea(props: {
  ctx: PageContext;
  name: string;
  label: string;
  hint?: string;
  state: FormState;
  rows: number;
  maxLength: number;
}) {
  return (
    <FieldFrame
      ctx={props.ctx}
      id={props.name}
      label={props.label}
      hint={props.hint}
      error={props.state.errors[props.name]}
    >
      {(control) => (
        <textarea {...control} name={props.name} rows={props.rows} maxLength={props.maxLength}>
          {props.state.values[props.name] ?? ""}
        </textarea>
      )}
    </FieldFrame>
  );
}

/** The proposal's own words: its title, a note, and a deadline among those offered. */
function ProposalFields({ ctx, state, note = true }: { ctx: PageContext; state: FormState; note?: boolean }) {
  const { t } = ctx;
  return (
    <>
      <Field
        ctx={ctx}
        state={state}
        name="title"
        label={t("code.field.title")}
        required
        maxLength={LIMITS.title}
      />
      {note && (
        <Field
          ctx={ctx}
          state={state}
          name="note"
          label={t("field.note")}
          hint={t("code.field.noteHint")}
          maxLength={300}
        />
      )}
      <Select
        ctx={ctx}
        state={state}
        name="deadline"
        label={t("field.deadline")}
        options={DEADLINE_CHOICES.map((d) => ({ value: d, label: t(`code.deadline.${d || "rules"}`) }))}
      />
    </>
  );
}

export function ProposeCodeView(props: {
  ctx: PageContext;
  space: SpaceRef;
  version: number;
  mode: string;
  state: FormState;
}) {
  const { ctx, space, state } = props;
  const { t } = ctx;
  return (
    <article class="narrow">
      <Kicker ctx={ctx} space={space} />
      <h1>{t("code.proposeTitle")}</h1>
      <p class="hint">
        {t("code.proposeHint", { next: props.version + 1, mode: t(`decisions.mode.${props.mode}`) })}
      </p>
      <Form ctx={ctx} action={urls.socialCodePropose(space.slug)} state={state}>
        <ProposalFields ctx={ctx} state={state} />
        <TextArea
          ctx={ctx}
          state={state}
          name="body"
          label={t("code.field.text")}
          hint={t("code.field.textHint")}
          rows={24}
          maxLength={LIMITS.body}
        />
        <button type="submit" class="primary">
          {t("code.proposeSubmit")}
        </button>
      </Form>
      <p>
        <a href={urls.socialCode(space.slug)}>{t("code.readCurrent")}</a>
      </p>
    </article>
  );
}

function NumberField({
  ctx,
  state,
  name,
  hint,
}: {
  ctx: PageContext;
  state: FormState;
  name: string;
  hint?: string;
}) {
  return (
    <Field ctx={ctx} state={state} name={name} type="number" label={ctx.t(`field.${name}`)} hint={hint} />
  );
}

export function ProposeRulesView(props: { ctx: PageContext; space: SpaceRef; state: FormState }) {
  const { ctx, space, state } = props;
  const { t } = ctx;
  const modes = DECISION_MODES.map((m) => ({ value: m, label: t(`decisions.mode.${m}`) }));
  const choice = (name: string, values: readonly string[], prefix: string) => (
    <Select
      ctx={ctx}
      state={state}
      name={name}
      label={t(`field.${name}`)}
      options={values.map((v) => ({ value: v, label: t(`${prefix}${v}`) }))}
    />
  );
  return (
    <article class="narrow">
      <Kicker ctx={ctx} space={space} />
      <h1>{t("code.rulesTitle")}</h1>
      <p class="hint">{t("code.rulesHint")}</p>
      <Form ctx={ctx} action={urls.rulesPropose(space.slug)} state={state}>
        <fieldset id="rules">
          <legend>{t("code.rulesModes")}</legend>
          {PROPOSAL_CLASSES.map((c) => (
            <Select
              key={c}
              ctx={ctx}
              state={state}
              name={`mode.${c}`}
              label={t(`field.mode.${c}`)}
              options={modes}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("code.rulesRound")}</legend>
          <NumberField ctx={ctx} state={state} name="questionsDays" />
          <NumberField ctx={ctx} state={state} name="reactionsDays" />
          <NumberField ctx={ctx} state={state} name="objectionsDays" />
          {choice("onObjection", ["extend", "fail"], "code.onObjection.")}
          <NumberField ctx={ctx} state={state} name="extensionDays" />
          <NumberField ctx={ctx} state={state} name="quorum" hint={t("code.field.quorumHint")} />
          <NumberField ctx={ctx} state={state} name="threshold" hint={t("code.field.thresholdHint")} />
          <NumberField ctx={ctx} state={state} name="reviewMonths" />
          {choice("participants", ["members", "facilitators"], "code.participants.")}
          {choice("admission", ["cooptation", "facilitators"], "code.admission.")}
        </fieldset>
        <fieldset>
          <legend>{t("code.rulesProperties")}</legend>
          {Object.entries(PROPERTY_CHOICES).map(([name, values]) => (
            <Select
              key={name}
              ctx={ctx}
              state={state}
              name={name}
              label={t(`prop.${name}`)}
              options={values.map((v) => ({
                value: v,
                label: t(name === "territorial" ? (v === "1" ? "value.yes" : "value.no") : `value.${v}`),
              }))}
            />
          ))}
          {space.kind === "chamber" && (
            <Field
              ctx={ctx}
              state={state}
              name="doocracyCap"
              label={t("field.doocracyCap")}
              hint={t("field.doocracyCapHint")}
            />
          )}
        </fieldset>
        <ProposalFields ctx={ctx} state={state} note={false} />
        <TextArea
          ctx={ctx}
          state={state}
          name="body"
          label={t("code.field.why")}
          hint={t("code.field.whyHint")}
          rows={6}
          maxLength={LIMITS.comment}
        />
        <button type="submit" class="primary">
          {t("code.proposeSubmit")}
        </button>
      </Form>
    </article>
  );
}

export function ForkView(props: {
  ctx: PageContext;
  space: SpaceRef;
  version: number | null;
  state: FormState;
}) {
  const { ctx, space, state } = props;
  const { t } = ctx;
  return (
    <article class="narrow">
      <Kicker ctx={ctx} space={space} />
      <h1>{t("code.forkTitle", { name: space.name })}</h1>
      <p>{t("code.forkIntro")}</p>
      <h2>{t("code.forkCopied")}</h2>
      <ul>
        <li>{t("code.forkCopiedCode", { version: props.version ?? 1 })}</li>
        <li>{t("code.forkCopiedRules")}</li>
        <li>{t("code.forkCopiedTags")}</li>
        <li>{t("code.forkCopiedYou")}</li>
      </ul>
      <h2>{t("code.forkNotCopied")}</h2>
      <ul>
        <li>{t("code.forkNotMembers")}</li>
        <li>{t("code.forkNotMoney")}</li>
        <li>{t("code.forkNotRecords")}</li>
      </ul>
      <Form ctx={ctx} action={urls.spaceFork(space.slug)} state={state}>
        <Field
          ctx={ctx}
          state={state}
          name="name"
          label={t("code.field.forkName")}
          required
          maxLength={120}
        />
        <Field
          ctx={ctx}
          state={state}
          name="slug"
          label={t("field.slug")}
          hint={t("field.slugHint")}
          maxLength={60}
        />
        <button type="submit" class="primary">
          {t("code.forkSubmit")}
        </button>
      </Form>
    </article>
  );
}
