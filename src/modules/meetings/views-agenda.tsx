import { ActionButton, Field, Form } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { type Refused, type Shown, stateOf, TextArea } from "./views.tsx";

/** The agenda: themes proposed, ordered by facilitators, and the form to propose one. */
export function Agenda({ ctx, shown, refused }: { ctx: PageContext; shown: Shown; refused?: Refused }) {
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

/** Who comes, with their introductions; on the day, who came. */
export function Attendance({ ctx, shown, refused }: { ctx: PageContext; shown: Shown; refused?: Refused }) {
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
          <Form
            ctx={ctx}
            action={urls.meetingGuests(space.slug, meeting.id)}
            state={guestState}
            idPrefix="guest-"
          >
            <Field
              ctx={ctx}
              name="name"
              id="guest-name"
              label={t("meetings.field.guestName")}
              state={guestState}
              required
              maxLength={100}
            />
            <Field
              ctx={ctx}
              name="intro"
              id="guest-intro"
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
