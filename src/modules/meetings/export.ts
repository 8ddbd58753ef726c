import type { Language } from "../../core/accounts.ts";
import { utcToParis } from "../../core/paris-time.ts";
import { translate } from "../../web/i18n.ts";
import type { Meetings } from "./service.ts";

type Shown = Awaited<ReturnType<Meetings["view"]>>;

/** Markdown's own characters in a text taken as is. */
function escaped(text: string): string {
  return text.replace(/([\\`*_[\]#<>|])/g, "\\$1");
}

/** The minutes as a Markdown document: facts, round of presentations, log, workshops, decisions, actions. */
export function minutesMarkdown(shown: Shown, lang: Language): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const { meeting } = shown;
  const start = utcToParis(new Date(meeting.starts_at));
  const lines = [
    `# ${escaped(meeting.title)}`,
    "",
    `${start.date} ${start.time}${meeting.address ? ` · ${escaped(meeting.address)}` : ""}`,
  ];
  const section = (title: string, body: string[]) => {
    if (body.length > 0) lines.push("", `## ${title}`, "", ...body);
  };
  section(
    t("meetings.agenda"),
    shown.agenda
      .filter((i) => i.status === "proposed" || i.status === "ordered")
      .map((i) => `- ${escaped(i.title)}`),
  );
  section(
    t("meetings.round"),
    shown.attendees
      .filter((a) => a.present === 1)
      .map((a) => `- **${escaped(a.name)}**${a.intro ? ` : ${escaped(a.intro)}` : ""}`),
  );
  const of = (kind: string) => shown.items.filter((i) => i.kind === kind);
  section(
    t("meetings.kind.entry.plural"),
    of("entry").map((i) => `- ${i.time?.replace(":", "h") ?? ""} : ${escaped(i.text)}`),
  );
  for (const w of of("workshop")) {
    lines.push("", `### ${escaped(w.title)}`);
    if (w.facilitator) lines.push("", `_${escaped(t("meetings.ledBy", { name: w.facilitator }))}_`);
    if (w.text) lines.push("", escaped(w.text));
  }
  section(
    t("meetings.kind.decision.plural"),
    of("decision").map((i) => `- ${escaped(i.text)}`),
  );
  section(
    t("meetings.kind.action.plural"),
    of("action").map(
      (i) =>
        `- ${escaped(i.text)}${i.volunteers.length ? ` (${escaped(i.volunteers.map((v) => v.name).join(", "))})` : ""}${i.due_date ? ` — ${i.due_date}` : ""}`,
    ),
  );
  return `${lines.join("\n")}\n`;
}
