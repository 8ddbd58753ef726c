import type { PageContext } from "../../web/page.ts";
import type { Meetings } from "./service.ts";
import { when } from "./views.tsx";

type Shown = Awaited<ReturnType<Meetings["view"]>>;

/** The minutes on paper: facts, round of presentations, log, workshops, decisions, actions; no forms. */
export function PrintView({ ctx, shown }: { ctx: PageContext; shown: Shown }) {
  const { t } = ctx;
  const { meeting, items } = shown;
  const of = (kind: string) => items.filter((i) => i.kind === kind);
  const round = shown.attendees.filter((a) => a.present === 1);
  return (
    <article class="printable">
      <p class="kicker">{shown.space.name}</p>
      <h1>{meeting.title}</h1>
      <p>
        {when(ctx, meeting.starts_at, meeting.ends_at)}
        {meeting.address && ` · ${meeting.address}`}
      </p>
      {round.length > 0 && (
        <section>
          <h2>{t("meetings.round")}</h2>
          <ul>
            {round.map((a) => (
              <li key={a.id}>
                <strong>{a.name}</strong>
                {a.intro && ` : ${a.intro}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {of("entry").length > 0 && (
        <section>
          <h2>{t("meetings.kind.entry.plural")}</h2>
          <ul>
            {of("entry").map((i) => (
              <li key={i.id}>
                <time>{i.time?.replace(":", "h")}</time> : {i.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      {of("workshop").map((w) => (
        <section key={w.id}>
          <h2>{w.title}</h2>
          {w.facilitator && <p class="meta">{t("meetings.ledBy", { name: w.facilitator })}</p>}
          <p class="report">{w.text}</p>
        </section>
      ))}
      {(["decision", "action"] as const).map((kind) =>
        of(kind).length === 0 ? null : (
          <section key={kind}>
            <h2>{t(`meetings.kind.${kind}.plural`)}</h2>
            <ul>
              {of(kind).map((i) => (
                <li key={i.id}>
                  {i.text}
                  {i.volunteers.length > 0 && ` (${i.volunteers.map((v) => v.name).join(", ")})`}
                  {i.due_date && ` — ${i.due_date}`}
                </li>
              ))}
            </ul>
          </section>
        ),
      )}
    </article>
  );
}
