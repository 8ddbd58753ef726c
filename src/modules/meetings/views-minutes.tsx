import { utcToParis } from "../../core/paris-time.ts";
import { Field, Form, type FormState } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { type Refused, type Shown, stateOf, TextArea } from "./views.tsx";

type Item = Shown["items"][number];

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
          {item.task_id && (
            <a class="badge" href={urls.task(shown.space.slug, item.task_id)}>
              {t("meetings.isTask")}
            </a>
          )}
        </p>
      )}
      {edit && (
        <p class="actions">
          <a href={urls.meetingMinutesItem(shown.space.slug, shown.meeting.id, item.id)}>
            {t("meetings.editItem")}
            <span class="visually-hidden"> — {item.title || item.text.slice(0, 60)}</span>
          </a>
        </p>
      )}
    </>
  );
}

export const KINDS: readonly string[] = ["entry", "decision", "workshop", "action"] as const;

/** The minutes: round, log, workshops, decisions, actions; the forms of who takes them. */
export function Minutes({ ctx, shown, refused }: { ctx: PageContext; shown: Shown; refused?: Refused }) {
  const { t } = ctx;
  const { space, meeting, items } = shown;
  const presentRound = shown.attendees.filter((a) => a.present === 1);
  const actions = items.filter((i) => i.kind === "action" && !i.task_id);
  return (
    <section aria-labelledby="compte-rendu">
      <h2 id="compte-rendu">{t("meetings.minutes")}</h2>
      {meeting.status !== "published" && items.length > 0 && <p class="notice">{t("meetings.draft")}</p>}
      {items.length === 0 && !shown.can.run && <p class="empty">{t("meetings.noMinutes")}</p>}
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
      <Form
        ctx={ctx}
        action={urls.meetingMinutes(shown.space.slug, shown.meeting.id)}
        state={state}
        idPrefix={id("")}
      >
        <input type="hidden" name="kind" value={kind} />
        {(kind === "entry" || kind === "decision") && (
          <Field
            ctx={ctx}
            name="time"
            id={id("time")}
            label={t("meetings.field.time")}
            hint={t("meetings.field.timeNowHint")}
            state={state}
          />
        )}
        {kind === "workshop" && (
          <>
            <Field
              ctx={ctx}
              name="title"
              id={id("title")}
              label={t("meetings.field.workshopTitle")}
              state={state}
              required
            />
            <Field
              ctx={ctx}
              name="facilitator"
              id={id("facilitator")}
              label={t("meetings.field.facilitator")}
              state={state}
            />
            <Field
              ctx={ctx}
              name="participants"
              id={id("participants")}
              label={t("meetings.field.participants")}
              state={state}
            />
          </>
        )}
        <TextArea
          ctx={ctx}
          name="text"
          id={id("text")}
          label={t(`meetings.field.text.${kind}`)}
          state={state}
          rows={kind === "workshop" ? 6 : 3}
        />
        {kind === "action" && (
          <>
            <Field
              ctx={ctx}
              name="volunteers"
              id={id("volunteers")}
              label={t("meetings.field.volunteers")}
              hint={t("meetings.field.volunteersHint")}
              state={state}
            />
            <Field
              ctx={ctx}
              name="dueDate"
              id={id("dueDate")}
              type="date"
              label={t("meetings.field.dueDate")}
              state={state}
            />
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
