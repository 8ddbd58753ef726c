import { utcToParis } from "../../core/paris-time.ts";
import { ActionButton, Field, Form, type FormState } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { describeRrule } from "./ical.ts";
import type { Meetings } from "./service.ts";
import { Kicker, TextArea, when } from "./views.tsx";

type Shown = Awaited<ReturnType<Meetings["view"]>>;
type Item = Shown["items"][number];

/** Which form of the page was refused, to show it again with its values and messages. */
export interface Refused {
  form: "theme" | "answer" | "guest" | "minutes" | "cancel" | "correction";
  kind?: string;
  state: FormState;
}

const stateOf = (refused: Refused | undefined, form: Refused["form"], kind?: string) =>
  refused?.form === form && (kind === undefined || refused.kind === kind) ? refused.state : undefined;

export function MeetingView({ ctx, shown, refused }: { ctx: PageContext; shown: Shown; refused?: Refused }) {
  const { t } = ctx;
  const { space, meeting } = shown;
  return (
    <article class="meeting">
      <Kicker ctx={ctx} space={space} />
      <h1>{meeting.title}</h1>
      <Facts ctx={ctx} shown={shown} />
      {meeting.summary && <p class="lead">{meeting.summary}</p>}
      <Agenda ctx={ctx} shown={shown} refused={refused} />
      <Attendance ctx={ctx} shown={shown} refused={refused} />
      <Minutes ctx={ctx} shown={shown} refused={refused} />
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

function Agenda({ ctx, shown, refused }: { ctx: PageContext; shown: Shown; refused?: Refused }) {
  const { t } = ctx;
  const { space, meeting } = shown;
  const listed = shown.agenda.filter((i) => i.status !== "merged");
  const state = stateOf(refused, "theme");
  const move = (id: string, kind: string) => urls.meetingTheme(space.slug, meeting.id, id, kind);
  return (
    <section aria-labelledby="ordre-du-jour">
      <h2 id="ordre-du-jour">{t("meetings.agenda")}</h2>
      {!shown.fits && (
        <p class="notice" role="status">
          {t("meetings.agendaTooLong", { minutes: shown.plannedMinutes })}
        </p>
      )}
      {listed.length === 0 ? (
        <p class="empty">{t("meetings.agendaEmpty")}</p>
      ) : (
        <ol class="agenda">
          {listed.map((item) => (
            <li key={item.id} class={item.status === "setAside" ? "set-aside" : undefined}>
              <strong>{item.title}</strong>
              {item.minutes !== null && ` (${t("meetings.minutesShort", { count: item.minutes })})`}
              {item.status === "setAside" && ` — ${t("meetings.setAside")}`}
              {item.status === "proposed" && shown.can.run && ` — ${t("meetings.toOrder")}`}
              {item.description && <p>{item.description}</p>}
              <p class="meta">{t("meetings.proposedBy", { name: item.proposer_name })}</p>
              {shown.can.run && (
                <p class="actions">
                  {item.status === "proposed" && (
                    <>
                      <ActionButton
                        ctx={ctx}
                        action={move(item.id, "retenir")}
                        label={t("meetings.keep")}
                        about={item.title}
                        kind="primary"
                      />{" "}
                    </>
                  )}
                  <ActionButton
                    ctx={ctx}
                    action={move(item.id, "monter")}
                    label={t("meetings.up")}
                    about={item.title}
                  />{" "}
                  <ActionButton
                    ctx={ctx}
                    action={move(item.id, "descendre")}
                    label={t("meetings.down")}
                    about={item.title}
                  />{" "}
                  {item.status === "setAside" ? (
                    <ActionButton
                      ctx={ctx}
                      action={move(item.id, "reprendre")}
                      label={t("meetings.takeBack")}
                      about={item.title}
                    />
                  ) : (
                    <ActionButton
                      ctx={ctx}
                      action={move(item.id, "ecarter")}
                      label={t("meetings.setAsideAction")}
                      about={item.title}
                    />
                  )}
                </p>
              )}
              {shown.can.run && listed.length > 1 && (
                <form method="post" action={move(item.id, "fusionner")} class="inline">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <label for={`into-${item.id}`}>{t("meetings.mergeInto")}</label>{" "}
                  <select id={`into-${item.id}`} name="into">
                    {listed
                      .filter((other) => other.id !== item.id)
                      .map((other) => (
                        <option key={other.id} value={other.id}>
                          {other.title}
                        </option>
                      ))}
                  </select>{" "}
                  <button type="submit" class="secondary">
                    {t("meetings.merge")}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
      {shown.can.propose && (
        <details open={state !== undefined}>
          <summary>{t("meetings.proposeTheme")}</summary>
          <Form ctx={ctx} action={urls.meetingThemes(space.slug, meeting.id)} state={state}>
            <Field
              ctx={ctx}
              name="title"
              label={t("meetings.field.themeTitle")}
              state={state}
              required
              maxLength={140}
            />
            <TextArea
              ctx={ctx}
              name="description"
              label={t("meetings.field.themeDescription")}
              state={state}
              rows={2}
            />
            <Field
              ctx={ctx}
              name="minutes"
              type="number"
              label={t("meetings.field.themeMinutes")}
              state={state}
            />
            <button type="submit" class="primary">
              {t("meetings.propose")}
            </button>
          </Form>
        </details>
      )}
    </section>
  );
}

function Attendance({ ctx, shown, refused }: { ctx: PageContext; shown: Shown; refused?: Refused }) {
  const { t } = ctx;
  const { space, meeting, mine } = shown;
  const answerState = stateOf(refused, "answer");
  const guestState = stateOf(refused, "guest");
  const answered = shown.attendees.filter((a) => a.answer !== "no" || a.present === 1);
  return (
    <section aria-labelledby="presences">
      <h2 id="presences">{t("meetings.attendance")}</h2>
      {shown.can.attend && (
        <Form
          ctx={ctx}
          action={urls.meetingAnswer(space.slug, meeting.id)}
          state={answerState}
          class="stack panel"
        >
          <fieldset>
            <legend>{t("meetings.yourAnswer")}</legend>
            {(["yes", "maybe", "no"] as const).map((answer) => (
              <label key={answer} class="choice">
                <input
                  type="radio"
                  name="answer"
                  value={answer}
                  checked={(answerState?.values.answer ?? mine?.answer ?? "yes") === answer}
                />{" "}
                {t(`meetings.answer.${answer}`)}
              </label>
            ))}
          </fieldset>
          <Field
            ctx={ctx}
            name="intro"
            label={t("meetings.field.intro")}
            hint={t("meetings.field.introHint")}
            state={answerState}
            value={mine?.intro}
            maxLength={200}
          />
          <label class="choice">
            <input
              type="checkbox"
              name="introPublic"
              value="1"
              checked={mine ? mine.intro_public === 1 : false}
            />{" "}
            {t("meetings.field.introPublic")}
          </label>
          <button type="submit" class="primary">
            {t("meetings.sendAnswer")}
          </button>
        </Form>
      )}
      {answered.length === 0 ? (
        <p class="empty">{t("meetings.nobodyYet")}</p>
      ) : shown.can.run ? (
        <form method="post" action={urls.meetingAttendance(space.slug, meeting.id)} class="stack">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <fieldset>
            <legend>{t("meetings.tick")}</legend>
            <ul class="attendees">
              {answered.map((a) => (
                <li key={a.id}>
                  <label class="choice">
                    <input type="checkbox" name="present" value={a.id} checked={a.present === 1} />{" "}
                    <strong>{a.name}</strong>
                    {a.intro && ` : ${a.intro}`}{" "}
                    <span class="meta">({t(`meetings.answer.${a.answer}`)})</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" class="secondary">
            {t("meetings.saveAttendance")}
          </button>
        </form>
      ) : (
        <ul class="attendees">
          {answered.map((a) => (
            <li key={a.id}>
              <strong>{a.name}</strong>
              {a.intro && ` : ${a.intro}`}{" "}
              <span class="meta">
                ({t(a.present === 1 ? "meetings.present" : `meetings.answer.${a.answer}`)})
              </span>
            </li>
          ))}
        </ul>
      )}
      {shown.can.run && (
        <details open={guestState !== undefined}>
          <summary>{t("meetings.addGuest")}</summary>
          <Form ctx={ctx} action={urls.meetingGuests(space.slug, meeting.id)} state={guestState}>
            <Field
              ctx={ctx}
              name="name"
              label={t("meetings.field.guestName")}
              state={guestState}
              required
              maxLength={100}
            />
            <Field
              ctx={ctx}
              name="intro"
              label={t("meetings.field.intro")}
              state={guestState}
              maxLength={200}
            />
            <button type="submit" class="secondary">
              {t("meetings.addGuestAction")}
            </button>
          </Form>
        </details>
      )}
    </section>
  );
}

function ItemText({ ctx, shown, item }: { ctx: PageContext; shown: Shown; item: Item }) {
  const { t } = ctx;
  const edit = shown.can.run && shown.meeting.status !== "published";
  return (
    <>
      {item.kind === "workshop" ? (
        <>
          <h4>{item.title}</h4>
          {item.facilitator && <p class="meta">{t("meetings.ledBy", { name: item.facilitator })}</p>}
          {item.participants && (
            <p class="meta">{t("meetings.participantsList", { names: item.participants })}</p>
          )}
          <p class="report">{item.text}</p>
        </>
      ) : (
        <p>
          {item.time && <time>{item.time.replace(":", "h")}</time>}
          {item.time && " : "}
          {item.kind === "decision" && <strong>{t("meetings.decisionLabel")} </strong>}
          {item.text}
          {item.kind === "action" && item.volunteers.length > 0 && (
            <span class="meta">
              {" "}
              — {t("meetings.volunteers")} {item.volunteers.map((v) => v.name).join(", ")}
            </span>
          )}
          {item.due_date && <span class="meta"> — {t("meetings.due", { date: item.due_date })}</span>}
          {item.task_id && <span class="badge">{t("meetings.isTask")}</span>}
        </p>
      )}
      {edit && (
        <p class="actions">
          <a href={urls.meetingMinutesItem(shown.space.slug, shown.meeting.id, item.id)}>
            {t("meetings.editItem")}
          </a>
        </p>
      )}
    </>
  );
}

const KINDS = ["entry", "decision", "workshop", "action"] as const;

function Minutes({ ctx, shown, refused }: { ctx: PageContext; shown: Shown; refused?: Refused }) {
  const { t } = ctx;
  const { space, meeting, items } = shown;
  const presentRound = shown.attendees.filter((a) => a.present === 1);
  const actions = items.filter((i) => i.kind === "action" && !i.task_id);
  return (
    <section aria-labelledby="compte-rendu">
      <h2 id="compte-rendu">{t("meetings.minutes")}</h2>
      {meeting.status !== "published" && items.length > 0 && <p class="notice">{t("meetings.draft")}</p>}
      {presentRound.length > 0 && (
        <>
          <h3>{t("meetings.round")}</h3>
          <ul>
            {presentRound.map((a) => (
              <li key={a.id}>
                <strong>{a.name}</strong>
                {a.intro && ` : ${a.intro}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {KINDS.map((kind) => {
        const ofKind = items.filter((i) => i.kind === kind);
        return ofKind.length === 0 ? null : (
          <div key={kind}>
            <h3>{t(`meetings.kind.${kind}.plural`)}</h3>
            <ul class="minutes">
              {ofKind.map((item) => (
                <li key={item.id}>
                  <ItemText ctx={ctx} shown={shown} item={item} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {shown.can.run && meeting.status !== "published" && (
        <>
          {KINDS.map((kind) => (
            <MinutesForm
              key={kind}
              ctx={ctx}
              shown={shown}
              kind={kind}
              state={stateOf(refused, "minutes", kind)}
            />
          ))}
          <p>
            <a href={urls.meetingPad(space.slug, meeting.id)}>{t("meetings.importPad")}</a>
          </p>
        </>
      )}
      {shown.can.publish && (
        <form method="post" action={urls.meetingPublish(space.slug, meeting.id)} class="stack panel">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          {actions.length > 0 && (
            <fieldset>
              <legend>{t("meetings.actionsToTasks")}</legend>
              {actions.map((item) => (
                <label key={item.id} class="choice">
                  <input type="checkbox" name="task" value={item.id} checked /> {item.text}
                </label>
              ))}
            </fieldset>
          )}
          <button type="submit" class="primary">
            {t("meetings.publish")}
          </button>
        </form>
      )}
      {meeting.published_at && <Corrections ctx={ctx} shown={shown} refused={refused} />}
      {items.length > 0 && (
        <p>
          <a href={urls.meetingMarkdown(space.slug, meeting.id)}>{t("meetings.exportMarkdown")}</a> ·{" "}
          <a href={urls.meetingPrint(space.slug, meeting.id)}>{t("meetings.print")}</a>
        </p>
      )}
      {meeting.pad_sha256 && (
        <p class="meta">
          {t("meetings.padPinned", {
            date: utcToParis(new Date(meeting.pad_fetched_at ?? meeting.updated_at)).local.replace("T", " "),
            sha: meeting.pad_sha256.slice(0, 12),
          })}{" "}
          {meeting.pad_url && (
            <a href={meeting.pad_url} rel="nofollow noopener">
              {meeting.pad_url}
            </a>
          )}
        </p>
      )}
    </section>
  );
}

function MinutesForm(props: {
  ctx: PageContext;
  shown: Shown;
  kind: (typeof KINDS)[number];
  state?: FormState;
}) {
  const { ctx, shown, kind, state } = props;
  const { t } = ctx;
  const id = (name: string) => `${kind}-${name}`;
  return (
    <details open={state !== undefined}>
      <summary>{t(`meetings.kind.${kind}.add`)}</summary>
      <Form ctx={ctx} action={urls.meetingMinutes(shown.space.slug, shown.meeting.id)} state={state}>
        <input type="hidden" name="kind" value={kind} />
        {(kind === "entry" || kind === "decision") && (
          <Field
            ctx={ctx}
            name="time"
            label={t("meetings.field.time")}
            hint={t("meetings.field.timeNowHint")}
            state={state}
          />
        )}
        {kind === "workshop" && (
          <>
            <Field ctx={ctx} name="title" label={t("meetings.field.workshopTitle")} state={state} required />
            <Field ctx={ctx} name="facilitator" label={t("meetings.field.facilitator")} state={state} />
            <Field ctx={ctx} name="participants" label={t("meetings.field.participants")} state={state} />
          </>
        )}
        <TextArea
          ctx={ctx}
          name="text"
          label={t(`meetings.field.text.${kind}`)}
          state={state}
          rows={kind === "workshop" ? 6 : 3}
        />
        {kind === "action" && (
          <>
            <Field
              ctx={ctx}
              name="volunteers"
              label={t("meetings.field.volunteers")}
              hint={t("meetings.field.volunteersHint")}
              state={state}
            />
            <Field ctx={ctx} name="dueDate" type="date" label={t("meetings.field.dueDate")} state={state} />
          </>
        )}
        <button type="submit" class="primary" id={id("submit")}>
          {t(`meetings.kind.${kind}.add`)}
        </button>
      </Form>
    </details>
  );
}

function Corrections({ ctx, shown, refused }: { ctx: PageContext; shown: Shown; refused?: Refused }) {
  const { t } = ctx;
  const state = stateOf(refused, "correction");
  const until = shown.meeting.corrections_until;
  return (
    <section aria-labelledby="corrections">
      <h3 id="corrections">{t("meetings.corrections")}</h3>
      <p class="meta">
        {shown.approved
          ? t("meetings.approvedOn", { date: (until ?? "").slice(0, 10) })
          : t("meetings.correctUntil", {
              date: utcToParis(new Date(until ?? Date.now())).local.replace("T", " "),
            })}
      </p>
      {shown.corrections.length > 0 && (
        <ul>
          {shown.corrections.map((c) => (
            <li key={c.id}>
              <strong>{c.authorName ?? t("meetings.someone")}</strong> : {c.text}
            </li>
          ))}
        </ul>
      )}
      {shown.can.correct && (
        <Form ctx={ctx} action={urls.meetingCorrections(shown.space.slug, shown.meeting.id)} state={state}>
          <TextArea ctx={ctx} name="text" label={t("meetings.field.correction")} state={state} rows={3} />
          <button type="submit" class="secondary">
            {t("meetings.proposeCorrection")}
          </button>
        </Form>
      )}
    </section>
  );
}
