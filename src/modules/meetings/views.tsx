import { utcToParis } from "../../core/paris-time.ts";
import { Field, FieldFrame, Form, type FormState } from "../../web/forms.tsx";
import { dateFormat } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { describeRrule } from "./ical.ts";
import type { Meetings } from "./service.ts";

/** A meeting as its page shows it. */
export type Shown = Awaited<ReturnType<Meetings["view"]>>;

/** Which form of the page was refused, to show it again with its values and messages. */
export interface Refused {
  form: "theme" | "answer" | "guest" | "minutes" | "cancel" | "correction";
  kind?: string;
  state: FormState;
}

export const stateOf = (refused: Refused | undefined, form: Refused["form"], kind?: string) =>
  refused?.form === form && (kind === undefined || refused.kind === kind) ? refused.state : undefined;

interface SpaceRef {
  slug: string;
  name: string;
}

export interface ListedMeeting {
  id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  status: string;
  address: string;
  online_link: string;
  rrule: string | null;
  coming?: number | string | null;
  /** A recurring meeting's next date (ISO), when it has one. */
  next?: string | null;
}

/** A day as a meeting's line shows it. */
const DAY: Intl.DateTimeFormatOptions = {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/Paris",
};

/** "mardi 8 septembre 2026, 18:30 – 20:30", in Paris time. */
export function when(ctx: PageContext, startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  // Made once a language (a list shows hundreds of meetings).
  const day = dateFormat(ctx.lang, DAY);
  const [from, to] = [utcToParis(start), utcToParis(end)];
  const endText = from.date === to.date ? to.time : `${day.format(end)}, ${to.time}`;
  return `${day.format(start)}, ${from.time} – ${endText}`;
}

export function Kicker({ ctx, space }: { ctx: PageContext; space: SpaceRef }) {
  return (
    <p class="kicker">
      <a href={urls.space(space.slug)}>{space.name}</a> ·{" "}
      <a href={urls.meetings(space.slug)}>{ctx.t("meetings.title")}</a>
    </p>
  );
}

function MeetingLine({ ctx, space, meeting }: { ctx: PageContext; space: SpaceRef; meeting: ListedMeeting }) {
  const coming = Number(meeting.coming ?? 0);
  return (
    <li>
      <a href={urls.meeting(space.slug, meeting.id)}>{meeting.title}</a>
      <br />
      <span class="meta">
        {when(ctx, meeting.starts_at, meeting.ends_at)}
        {meeting.address && ` · ${meeting.address}`}
        {meeting.status !== "planned" && ` · ${ctx.t(`meetings.status.${meeting.status}`)}`}
        {coming > 0 && ` · ${ctx.t("meetings.coming", { count: coming })}`}
      </span>
    </li>
  );
}

export function ListView(props: {
  ctx: PageContext;
  space: SpaceRef;
  upcoming: ListedMeeting[];
  recurring: ListedMeeting[];
  past: ListedMeeting[];
  year: number;
  years: number[];
  canCreate: boolean;
}) {
  const { ctx, space } = props;
  const { t } = ctx;
  return (
    <article>
      <p class="kicker">
        <a href={urls.space(space.slug)}>{space.name}</a>
      </p>
      <h1>{t("meetings.title")}</h1>
      <p>
        {props.canCreate && (
          <>
            <a class="button" href={urls.newMeeting(space.slug)}>
              {t("meetings.new")}
            </a>{" "}
          </>
        )}
        <a href={urls.meetingsCalendar(space.slug)}>{t("meetings.subscribe")}</a>
      </p>
      <section aria-labelledby="a-venir">
        <h2 id="a-venir">{t("meetings.upcoming")}</h2>
        {props.upcoming.length === 0 ? (
          <p class="empty">{t("meetings.noneUpcoming")}</p>
        ) : (
          <ul class="meetings">
            {props.upcoming.map((m) => (
              <MeetingLine key={m.id} ctx={ctx} space={space} meeting={m} />
            ))}
          </ul>
        )}
      </section>
      {props.recurring.length > 0 && (
        <section aria-labelledby="recurrentes">
          <h2 id="recurrentes">{t("meetings.recurring")}</h2>
          <ul class="meetings">
            {props.recurring.map((m) => (
              <li key={m.id}>
                <a href={urls.meeting(space.slug, m.id)}>{m.title}</a>
                <br />
                <span class="meta">
                  {describeRrule(m.rrule ?? "", ctx.lang)}, {utcToParis(new Date(m.starts_at)).time}
                  {m.next &&
                    ` · ${ctx.t("meetings.nextOn", { when: when(ctx, m.next, m.next).replace(/ – .*$/, "") })}`}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="passees">
        <h2 id="passees">{t("meetings.past", { year: props.year })}</h2>
        {props.years.length > 1 && (
          <nav class="pagination" aria-label={t("meetings.years")}>
            {props.years.map((y) =>
              y === props.year ? (
                <strong key={y} aria-current="page">
                  {y}
                </strong>
              ) : (
                <a key={y} href={urls.meetings(space.slug, y)}>
                  {y}
                </a>
              ),
            )}
          </nav>
        )}
        {props.past.length === 0 ? (
          <p class="empty">{t("meetings.nonePast")}</p>
        ) : (
          <ul class="meetings">
            {props.past.map((m) => (
              <MeetingLine key={m.id} ctx={ctx} space={space} meeting={m} />
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

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
}) {
  const error = props.state?.errors[props.name];
  return (
    <FieldFrame
      ctx={props.ctx}
      id={props.id ?? props.name}
      label={props.label}
      hint={props.hint}
      error={error}
    >
      {(control) => (
        <textarea {...control} name={props.name} rows={props.rows ?? 4}>
          {props.state?.values[props.name] ?? props.value ?? ""}
        </textarea>
      )}
    </FieldFrame>
  );
}

/** The meeting form: a new meeting, or one changed. */
export function MeetingForm(props: {
  ctx: PageContext;
  space: SpaceRef;
  action: string;
  title: string;
  state?: FormState;
}) {
  const { ctx, state } = props;
  const { t } = ctx;
  return (
    <article class="narrow">
      <Kicker ctx={ctx} space={props.space} />
      <h1>{props.title}</h1>
      <Form ctx={ctx} action={props.action} state={state}>
        <Field
          ctx={ctx}
          name="title"
          label={t("meetings.field.title")}
          state={state}
          required
          maxLength={140}
        />
        <Field
          ctx={ctx}
          name="start"
          type="datetime-local"
          label={t("meetings.field.start")}
          hint={t("meetings.field.timeHint")}
          state={state}
          required
        />
        <Field
          ctx={ctx}
          name="end"
          type="datetime-local"
          label={t("meetings.field.end")}
          state={state}
          required
        />
        <TextArea ctx={ctx} name="summary" label={t("meetings.field.summary")} state={state} />
        <Field
          ctx={ctx}
          name="address"
          label={t("meetings.field.address")}
          hint={t("meetings.field.addressHint")}
          state={state}
          maxLength={300}
        />
        <Field
          ctx={ctx}
          name="commons"
          label={t("meetings.field.commons")}
          hint={t("meetings.field.commonsHint")}
          state={state}
        />
        <Field ctx={ctx} name="link" type="url" label={t("meetings.field.link")} state={state} />
        <TextArea
          ctx={ctx}
          name="announcements"
          label={t("meetings.field.announcements")}
          hint={t("meetings.field.announcementsHint")}
          state={state}
          rows={3}
        />
        <Field
          ctx={ctx}
          name="rrule"
          label={t("meetings.field.rrule")}
          hint={t("meetings.field.rruleHint")}
          state={state}
        />
        <button type="submit" class="primary">
          {t("meetings.save")}
        </button>
      </Form>
    </article>
  );
}
