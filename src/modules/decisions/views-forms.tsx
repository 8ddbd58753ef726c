import { DECISION_MODES, type DecisionRules } from "../../core/decisions.ts";
import type { ProposalTable } from "../../db/schema.ts";
import { Field, FieldFrame, Form, type FormState } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { LIMITS } from "./input.ts";
import type { Decisions } from "./service.ts";
import { Kicker, modeMeaning, type SpaceRef, When } from "./views.tsx";

// The forms of their own pages: a new proposal, and a proposal decided in a meeting.

export function TextArea(props: {
  ctx: PageContext;
  name: string;
  /** The textarea's id, when it is not its name (a form repeated on a page). */
  id?: string;
  label: string;
  hint?: string;
  state?: FormState;
  rows?: number;
  value?: string;
  maxLength?: number;
  required?: boolean;
}) {
  return (
    <FieldFrame
      ctx={props.ctx}
      id={props.id ?? props.name}
      label={props.label}
      hint={props.hint}
      error={props.state?.errors[props.name]}
    >
      {(control) => (
        <textarea
          {...control}
          name={props.name}
          rows={props.rows ?? 4}
          maxLength={props.maxLength}
          required={props.required}
        >
          {props.state?.values[props.name] ?? props.value ?? ""}
        </textarea>
      )}
    </FieldFrame>
  );
}

/** The durations a page offers (days); empty is the rules' own. */
const DURATIONS = ["1", "3", "7", "14", "30"] as const;

export function NewProposalForm(props: {
  ctx: PageContext;
  space: SpaceRef;
  rules: DecisionRules;
  state: FormState;
}) {
  const { ctx, space, rules, state } = props;
  const { t } = ctx;
  const ruled = rules.modes.general;
  const chosenMode = state.values.mode ?? ruled;
  const chosenDeadline = state.values.deadline ?? "";
  const days = rules.questionsDays + rules.reactionsDays + rules.objectionsDays;
  return (
    <article>
      <Kicker ctx={ctx} space={space} />
      <h1>{t("decisions.new")}</h1>
      <p class="lead">{t("decisions.newIntro")}</p>
      <Form ctx={ctx} action={urls.decisions(space.slug)} state={state}>
        <input type="hidden" name="class" value="general" />
        <Field
          ctx={ctx}
          name="title"
          label={t("field.title")}
          state={state}
          maxLength={LIMITS.title}
          required
        />
        <TextArea
          ctx={ctx}
          name="body"
          label={t("field.body")}
          hint={t("decisions.bodyHint")}
          state={state}
          rows={12}
          maxLength={LIMITS.body}
          required
        />
        <fieldset class="field">
          <legend>{t("field.mode")}</legend>
          {state.errors.mode && <p class="error">{ctx.t(`msg.${state.errors.mode}`)}</p>}
          {DECISION_MODES.map((mode) => (
            <div class="field checkbox" key={mode}>
              <input
                type="radio"
                id={`mode-${mode}`}
                name="mode"
                value={mode}
                checked={mode === chosenMode}
                aria-describedby={`mode-${mode}-hint`}
              />
              <div>
                <label for={`mode-${mode}`}>
                  {t(`decisions.mode.${mode}`)}
                  {mode === ruled && ` (${t("decisions.ruleDefault")})`}
                </label>
                <p class="hint" id={`mode-${mode}-hint`}>
                  {modeMeaning(ctx, mode, rules.threshold)}
                </p>
              </div>
            </div>
          ))}
        </fieldset>
        <FieldFrame
          ctx={ctx}
          id="deadline"
          label={t("field.deadline")}
          hint={t("decisions.deadlineHint")}
          error={state.errors.deadline}
        >
          {(control) => (
            <select {...control} name="deadline">
              <option value="" selected={chosenDeadline === ""}>
                {t("decisions.deadlineDefault", { count: days })}
              </option>
              {DURATIONS.map((d) => (
                <option key={d} value={d} selected={chosenDeadline === d}>
                  {t("decisions.inDays", { count: Number(d) })}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <button type="submit" class="primary">
          {t("decisions.propose")}
        </button>
      </Form>
    </article>
  );
}

export type MeetingFormData = Awaited<ReturnType<Decisions["meetingForm"]>>;

/** A facilitator records in a meeting each participant's answer; the outcome follows from them. */
export function MeetingRecordForm(props: {
  ctx: PageContext;
  space: SpaceRef;
  proposal: ProposalTable;
  data: MeetingFormData;
  state: FormState;
}) {
  const { ctx, space, proposal, data, state } = props;
  const { t } = ctx;
  const answers =
    proposal.mode === "consent" ? ["consent", "object"] : ["agree", "abstain", "disagree", "block"];
  return (
    <article>
      <Kicker ctx={ctx} space={space} />
      <h1>{t("decisions.inMeetingTitle", { number: proposal.number })}</h1>
      <p class="lead">
        <a href={urls.proposal(space.slug, proposal.number)}>{proposal.title}</a>
      </p>
      <p>{t(`decisions.inMeetingIntro.${proposal.mode === "consent" ? "consent" : "positions"}`)}</p>
      {data.meetings.length === 0 ? (
        <p class="empty">
          {t("decisions.noMeeting")} <a href={urls.newMeeting(space.slug)}>{t("decisions.planMeeting")}</a>
        </p>
      ) : (
        <Form ctx={ctx} action={urls.proposalAction(space.slug, proposal.number, "reunion")} state={state}>
          <FieldFrame ctx={ctx} id="meeting" label={t("field.meeting")} error={state.errors.meeting}>
            {(control) => (
              <select {...control} name="meeting">
                {data.meetings.map((m) => (
                  <option key={m.id} value={m.id} selected={state.values.meeting === m.id}>
                    {m.title} — {formatDateTime(ctx.lang, m.starts_at)}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
          {data.participants.map((person) => {
            const name = `answer.${person.id}`;
            const chosen = state.values[name] ?? "";
            return (
              <fieldset key={person.id} class="field">
                <legend>{person.name}</legend>
                {state.errors[name] && <p class="error">{t(`msg.${state.errors[name]}`)}</p>}
                <div class="field checkbox">
                  <input type="radio" id={`${name}-none`} name={name} value="" checked={chosen === ""} />
                  <label for={`${name}-none`}>{t("decisions.noAnswer")}</label>
                </div>
                {answers.map((a) => (
                  <div class="field checkbox" key={a}>
                    <input type="radio" id={`${name}-${a}`} name={name} value={a} checked={chosen === a} />
                    <label for={`${name}-${a}`}>{t(`decisions.answer.${a}`)}</label>
                  </div>
                ))}
                <Field
                  ctx={ctx}
                  name={`reason.${person.id}`}
                  label={t("decisions.answerReason")}
                  state={state}
                  maxLength={LIMITS.reason}
                />
              </fieldset>
            );
          })}
          <p class="hint">
            {t("decisions.deadline")} <When ctx={ctx} at={proposal.deadline} />
          </p>
          <button type="submit" class="primary">
            {t("decisions.recordInMeeting")}
          </button>
        </Form>
      )}
    </article>
  );
}
