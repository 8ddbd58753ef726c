import { Form } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { describeRrule } from "./ical.ts";
import { Kicker, type Refused, type Shown, stateOf, TextArea, when } from "./views.tsx";
import { Agenda, Attendance } from "./views-agenda.tsx";
import { KINDS, Minutes } from "./views-minutes.tsx";

/** A decision taken in the meeting, as the decisions' register lists it. */
export interface Decided {
  number: number;
  title: string;
  outcome: string | null;
}

export function MeetingView(props: {
  ctx: PageContext;
  shown: Shown;
  refused?: Refused;
  decided?: Decided[];
}) {
  const { ctx, shown, refused, decided = [] } = props;
  const { t } = ctx;
  const { space, meeting } = shown;
  return (
    <article class="meeting">
      <Kicker ctx={ctx} space={space} />
      <h1>{meeting.title}</h1>
      {refused?.form === "minutes" && !KINDS.includes(refused.kind ?? "") && (
        // A refused form that no form of the page shows again (a forged kind of note): said at the top.
        <div class="form-error" role="alert">
          <p>{refused.state.message}</p>
        </div>
      )}
      <Facts ctx={ctx} shown={shown} />
      {meeting.summary && <p class="lead">{meeting.summary}</p>}
      <Agenda ctx={ctx} shown={shown} refused={refused} />
      <Attendance ctx={ctx} shown={shown} refused={refused} />
      <Minutes ctx={ctx} shown={shown} refused={refused} />
      {decided.length > 0 && (
        <section aria-labelledby="decisions-prises">
          <h2 id="decisions-prises">{t("decisions.inMeeting")}</h2>
          <ul>
            {decided.map((d) => (
              <li key={d.number}>
                <a href={urls.proposal(space.slug, d.number)}>
                  {t("decisions.numbered", { number: d.number })} — {d.title}
                </a>
                {d.outcome && ` (${t(`decisions.outcome.${d.outcome}`)})`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {shown.can.cancel && (
        <section aria-labelledby="annulation">
          <h2 id="annulation">{t("meetings.cancel")}</h2>
          <Form
            ctx={ctx}
            action={urls.meetingCancel(space.slug, meeting.id)}
            state={stateOf(refused, "cancel")}
          >
            <TextArea
              ctx={ctx}
              name="reason"
              label={t("meetings.field.reason")}
              state={stateOf(refused, "cancel")}
              rows={2}
            />
            <button type="submit" class="danger">
              {t("meetings.cancel")}
            </button>
          </Form>
        </section>
      )}
    </article>
  );
}

function Facts({ ctx, shown }: { ctx: PageContext; shown: Shown }) {
  const { t } = ctx;
  const { space, meeting } = shown;
  return (
    <dl class="panel">
      <dt>{t("meetings.when")}</dt>
      <dd>
        {when(ctx, meeting.starts_at, meeting.ends_at)}
        {meeting.rrule && (
          <>
            <br />
            {describeRrule(meeting.rrule, ctx.lang)}
            <Occurrences ctx={ctx} shown={shown} />
          </>
        )}
      </dd>
      <dt>{t("meetings.status")}</dt>
      <dd>
        <strong>
          {t(shown.approved ? "meetings.status.approved" : `meetings.status.${meeting.status}`)}
        </strong>
        {meeting.cancel_reason && ` — ${meeting.cancel_reason}`}
      </dd>
      {(meeting.address || shown.commons) && (
        <>
          <dt>{t("meetings.where")}</dt>
          <dd>
            {shown.commons && (
              <>
                <a href={urls.commons(shown.commons.spaceSlug, shown.commons.slug)}>{shown.commons.name}</a>
                <br />
              </>
            )}
            {meeting.address}
            {meeting.lat !== null && meeting.lon !== null && (
              <span class="coordinates">
                {" "}
                ({meeting.lat.toFixed(5)}, {meeting.lon.toFixed(5)})
              </span>
            )}
          </dd>
        </>
      )}
      {meeting.online_link && (
        <>
          <dt>{t("meetings.online")}</dt>
          <dd>
            <a href={meeting.online_link} rel="nofollow noopener">
              {meeting.online_link}
            </a>
          </dd>
        </>
      )}
      {shown.announcements.length > 0 && (
        <>
          <dt>{t("meetings.announcements")}</dt>
          <dd>
            <ul>
              {shown.announcements.map((url) => (
                <li key={url}>
                  <a href={url} rel="nofollow noopener">
                    {url}
                  </a>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>{t("meetings.calendar")}</dt>
      <dd>
        <a href={urls.meetingCalendar(space.slug, meeting.id)}>{t("meetings.addToCalendar")}</a>
        {shown.can.run && (
          <>
            {" · "}
            <a href={urls.meetingEdit(space.slug, meeting.id)}>{t("meetings.edit")}</a>
          </>
        )}
      </dd>
    </dl>
  );
}

/** A recurring meeting's next dates; who runs it may skip one, or take a skipped one back. */
function Occurrences({ ctx, shown }: { ctx: PageContext; shown: Shown }) {
  const { t } = ctx;
  const { space, meeting, next } = shown;
  const action = urls.meetingExceptions(space.slug, meeting.id);
  const day = (date: Date) => when(ctx, date.toISOString(), date.toISOString()).replace(/ – .*$/, "");
  const button = (date: Date, restore: boolean) => (
    <form method="post" action={action} class="inline">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <input type="hidden" name="occurrence" value={date.toISOString()} />
      {restore && <input type="hidden" name="restore" value="1" />}
      <button type="submit" class="secondary">
        {t(restore ? "meetings.restoreOccurrence" : "meetings.skipOccurrence")}
        <span class="visually-hidden"> — {day(date)}</span>
      </button>
    </form>
  );
  if (next.dates.length === 0 && next.skipped.length === 0) return null;
  return (
    <ul class="occurrences">
      {next.dates.map((date) => (
        <li key={date.toISOString()}>
          {day(date)} {shown.can.run && button(date, false)}
        </li>
      ))}
      {next.skipped.map((date) => (
        <li key={date.toISOString()}>
          <s>{day(date)}</s> {t("meetings.skipped")} {shown.can.run && button(date, true)}
        </li>
      ))}
    </ul>
  );
}
