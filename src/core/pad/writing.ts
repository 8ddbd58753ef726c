/** A draft of minutes written back as pad text, in the form parsePad reads (src/core/pad.ts). */
import type { Agenda, Attendee, PadDraft } from "./draft.ts";
import { announcesRound } from "./people.ts";
import { TITLE_MAX } from "./titles.ts";

/** The line padText writes before the attendees when no entry of the log announces the round. */
const ROUND_HEADING = "Tour de présentation";

function flat(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A title short enough is followed by " : "; a long one was cut from its description at a space. */
function agendaLine({ title, description }: Agenda): string {
  const head = flat(title);
  const rest = flat(description);
  if (rest === "") return `• ${head}`;
  const short = head.length <= TITLE_MAX && !head.includes(" : ");
  return `• ${head}${short ? " : " : " "}${rest}`;
}

function attendeeLine({ name, intro }: Attendee): string {
  return `• ${flat(`${flat(name)} : ${flat(intro)}`)}`;
}

/** The log, with the attendees after the entry announcing the round (or under a line of their own). */
function logLines(draft: PadDraft): string[] {
  const attendees = draft.attendees.length > 0 ? ["", ...draft.attendees.map(attendeeLine), ""] : [];
  const round = draft.entries.findIndex((entry) => announcesRound(entry.text));
  const lines = round < 0 && attendees.length > 0 ? [ROUND_HEADING, ...attendees] : [];
  draft.entries.forEach((entry, i) => {
    lines.push(flat(`${flat(entry.time)} : ${flat(entry.text)}`));
    if (i === round) lines.push(...attendees);
  });
  return lines;
}

/** Paragraphs separated by one empty line, each line on its own. */
function reportLines(report: string): string[] {
  const text = report.split("\n").map(flat).join("\n");
  return text
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .split("\n");
}

function workshopLines({ title, facilitator, report }: PadDraft["workshops"][number]): string[] {
  const head = facilitator ? `${flat(title)} (animé par ${flat(facilitator)})` : flat(title);
  return ["", "", head, "", ...reportLines(report)];
}

/**
 * A draft as pad text, in the form parsePad reads back into the same draft: « Ordre du jour » and its
 * bullets, « Compte-rendu » with the log (`HH:MM : text`) and the attendees after the entry announcing
 * them, each workshop as « Titre (animé par X) » set apart by two blank lines above its report, and
 * « Actions » with one sentence a bullet (always written: a section of actions, even empty, is read
 * alone, so actions written inside reports are not read twice). Fields are put on one line and reports'
 * blank lines made single; nothing else is changed, so a draft edited by hand reads back the same only
 * while it keeps the shapes parsePad gives (a title without final punctuation, a report line not
 * starting with a time, an action naming its volunteers…). A draft read from a text close to
 * PAD_MAX_BYTES may also be written longer than that.
 */
export function padText(draft: PadDraft): string {
  const lines: string[] = [];
  if (draft.agenda.length > 0) lines.push("Ordre du jour", "", ...draft.agenda.map(agendaLine), "");
  lines.push("Compte-rendu", "", ...logLines(draft));
  for (const workshop of draft.workshops) lines.push(...workshopLines(workshop));
  lines.push("", "", "Actions", "", ...draft.actions.map((action) => `• ${flat(action.text)}`));
  return `${lines.join("\n")}\n`;
}
