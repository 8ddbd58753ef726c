import type { PadDraft } from "../../core/pad.ts";
import { Field, Form, type FormState } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls } from "../../web/urls.ts";
import type { Volunteer } from "./input.ts";
import type { Meetings } from "./service.ts";
import { Kicker, TextArea } from "./views.tsx";

type Shown = Awaited<ReturnType<Meetings["view"]>>;
type Item = Shown["items"][number];

/** Where a pad comes from: its address, a text file, or its text pasted. */
export function PadForm({ ctx, shown, state }: { ctx: PageContext; shown: Shown; state?: FormState }) {
  const { t } = ctx;
  const { space, meeting } = shown;
  return (
    <article class="narrow">
      <Kicker ctx={ctx} space={space} />
      <h1>{t("meetings.padTitle", { title: meeting.title })}</h1>
      <p>{t("meetings.padIntro")}</p>
      <Form
        ctx={ctx}
        action={urls.meetingPad(space.slug, meeting.id)}
        state={state}
        encType="multipart/form-data"
      >
        <Field
          ctx={ctx}
          name="url"
          type="url"
          label={t("meetings.field.padUrl")}
          hint={t("meetings.field.padUrlHint")}
          state={state}
          value={meeting.pad_url}
        />
        <div class="field">
          <label for="file">{t("meetings.field.padFile")}</label>
          <input id="file" name="file" type="file" accept=".txt,text/plain" />
        </div>
        <TextArea ctx={ctx} name="text" label={t("meetings.field.padText")} state={state} rows={8} />
        <button type="submit" class="primary">
          {t("meetings.padRead")}
        </button>
      </Form>
    </article>
  );
}

/** The draft read from the pad, for review: nothing is saved until it is confirmed. */
export function PadPreview(props: {
  ctx: PageContext;
  shown: Shown;
  draft: PadDraft;
  pad: { url: string; text: string; sha256: string };
}) {
  const { ctx, shown, draft, pad } = props;
  const { t } = ctx;
  const { space, meeting } = shown;
  return (
    <article>
      <Kicker ctx={ctx} space={space} />
      <h1>{t("meetings.padPreview")}</h1>
      <p role="status">
        {t("meetings.padCounts", {
          attendees: draft.attendees.length,
          entries: draft.entries.length,
          workshops: draft.workshops.length,
          actions: draft.actions.length,
          agenda: draft.agenda.length,
        })}
      </p>
      <DraftTables ctx={ctx} draft={draft} />
      <form method="post" action={urls.meetingPadConfirm(space.slug, meeting.id)} class="stack">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="url" value={pad.url} />
        <p class="meta">{t("meetings.padHash", { sha: pad.sha256 })}</p>
        <div class="field">
          <label for="text">{t("meetings.field.padTextReview")}</label>
          <textarea id="text" name="text" rows={12}>
            {pad.text}
          </textarea>
        </div>
        <p>
          <button type="submit" name="step" value="preview" class="secondary">
            {t("meetings.padReread")}
          </button>{" "}
          <button type="submit" name="step" value="save" class="primary">
            {t("meetings.padSave")}
          </button>
        </p>
      </form>
    </article>
  );
}

function DraftTables({ ctx, draft }: { ctx: PageContext; draft: PadDraft }) {
  const { t } = ctx;
  return (
    <>
      <h2>{t("meetings.round")}</h2>
      <TableScroll>
        <table>
          <tbody>
            {draft.attendees.map((a, i) => (
              <tr key={`${a.name}-${i}`}>
                <th scope="row">{a.name}</th>
                <td>{a.intro}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t("meetings.kind.entry.plural")}</h2>
      <ul>
        {draft.entries.map((e, i) => (
          <li key={`${e.time}-${i}`}>
            <time>{e.time.replace(":", "h")}</time> : {e.text}
          </li>
        ))}
      </ul>
      <h2>{t("meetings.kind.workshop.plural")}</h2>
      <ul>
        {draft.workshops.map((w, i) => (
          <li key={`${w.title}-${i}`}>
            <strong>{w.title}</strong>
            {w.facilitator && ` (${t("meetings.ledBy", { name: w.facilitator })})`}
          </li>
        ))}
      </ul>
      <h2>{t("meetings.kind.action.plural")}</h2>
      <ul>
        {draft.actions.map((a, i) => (
          <li key={`${a.text}-${i}`}>
            {a.text} <span class="meta">— {a.volunteers.join(", ")}</span>
          </li>
        ))}
      </ul>
      {draft.agenda.length > 0 && (
        <>
          <h2>{t("meetings.agenda")}</h2>
          <ul>
            {draft.agenda.map((theme, i) => (
              <li key={`${theme.title}-${i}`}>{theme.title}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** One item of the minutes, changed on its own page. */
export function ItemForm({
  ctx,
  shown,
  item,
  state,
}: {
  ctx: PageContext;
  shown: Shown;
  item: Item;
  state?: FormState;
}) {
  const { t } = ctx;
  const { space, meeting } = shown;
  const values: Record<string, string> = {
    time: item.time ?? "",
    title: item.title,
    text: item.text,
    facilitator: item.facilitator,
    participants: item.participants,
    volunteers: item.volunteers.map((v: Volunteer) => v.name).join(", "),
    dueDate: item.due_date ?? "",
  };
  const kept = state ?? { values, errors: {} };
  return (
    <article class="narrow">
      <Kicker ctx={ctx} space={space} />
      <h1>{t(`meetings.kind.${item.kind}.edit`)}</h1>
      <Form ctx={ctx} action={urls.meetingMinutesItem(space.slug, meeting.id, item.id)} state={kept}>
        {item.time !== null && <Field ctx={ctx} name="time" label={t("meetings.field.time")} state={kept} />}
        {item.kind === "workshop" && (
          <>
            <Field ctx={ctx} name="title" label={t("meetings.field.workshopTitle")} state={kept} required />
            <Field ctx={ctx} name="facilitator" label={t("meetings.field.facilitator")} state={kept} />
            <Field ctx={ctx} name="participants" label={t("meetings.field.participants")} state={kept} />
          </>
        )}
        <TextArea ctx={ctx} name="text" label={t(`meetings.field.text.${item.kind}`)} state={kept} rows={6} />
        {item.kind === "action" && (
          <>
            <Field ctx={ctx} name="volunteers" label={t("meetings.field.volunteers")} state={kept} />
            <Field ctx={ctx} name="dueDate" type="date" label={t("meetings.field.dueDate")} state={kept} />
          </>
        )}
        <button type="submit" class="primary">
          {t("meetings.save")}
        </button>
      </Form>
      <form method="post" action={urls.meetingMinutesDelete(space.slug, meeting.id, item.id)} class="inline">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="danger">
          {t("meetings.deleteItem")}
        </button>
      </form>
    </article>
  );
}
