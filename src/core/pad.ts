/**
 * A meeting's notes as an Etherpad exports them (`…/p/<pad>/export/txt`), read into a draft of minutes
 * that people review before it is saved: the agenda's themes, the presentation round, the timestamped
 * log, the workshops' reports and the action items with who takes them. The reading is a heuristic over
 * lines, with no pattern that backtracks, so that its time grows with the text's length only.
 * `padText` writes a draft back in the form `parsePad` reads.
 */
import { DomainError } from "./errors.ts";
import type { Action, PadDraft } from "./pad/draft.ts";
import { type Line, linesOf, type Marker, readLine } from "./pad/lines.ts";
import { actionsIn, announcesRound, attendeeOf } from "./pad/people.ts";
import {
  agendaItem,
  type Heading,
  headingOf,
  isFacilitatorLine,
  isSection,
  type Page,
  pageOf,
} from "./pad/titles.ts";

export type { PadDraft } from "./pad/draft.ts";
export { padText } from "./pad/writing.ts";

/** The longest pad text read, in UTF-8 bytes: a whole day of notes is a few dozen kilobytes. */
export const PAD_MAX_BYTES = 2 * 1024 * 1024;

type Mode = "outside" | "agenda" | "minutes" | "actions";

interface Reading {
  draft: PadDraft;
  mode: Mode;
  minutesBegun: boolean;
  /** A heading was read since the last time, section start or section heading. */
  headingSeen: boolean;
  /** In the presentation round. */
  round: boolean;
  workshop: { title: string; facilitator: string | null; report: string[] } | null;
  /** A blank line since the last line of the report. */
  gap: boolean;
  /** The line « (animé par X) » read with its heading. */
  skip: number;
  actionSection: boolean;
  sectionActions: Action[];
  looseActions: Action[];
}

function closeWorkshop(reading: Reading): void {
  const { workshop } = reading;
  if (workshop) {
    const { title, facilitator, report } = workshop;
    reading.draft.workshops.push({ title, facilitator, report: report.join("\n") });
  }
  reading.workshop = null;
}

/** A line of the presentation round is an attendee; any other line ends the round. */
function takeAttendee(reading: Reading, line: Line): boolean {
  const attendee = attendeeOf(line);
  if (attendee) reading.draft.attendees.push(attendee);
  else reading.round = false;
  return attendee !== null;
}

function onTime(reading: Reading, line: Line): void {
  closeWorkshop(reading);
  reading.draft.entries.push({ time: line.time, text: line.text });
  reading.mode = "minutes";
  reading.minutesBegun = true;
  reading.headingSeen = false;
  reading.round = announcesRound(line.text);
  reading.looseActions.push(...actionsIn(line.text));
}

function onMarker(reading: Reading, marker: Marker): void {
  closeWorkshop(reading);
  reading.mode = marker;
  if (marker === "minutes") reading.minutesBegun = true;
  if (marker === "actions") reading.actionSection = true;
  reading.headingSeen = false;
}

/**
 * Two blank lines before a heading always make it one; the first heading after a time, a section's
 * start or a section heading needs only one. A list of actions ends only at a heading set apart.
 */
function isHeadingHere(reading: Reading, blanksBefore: number): boolean {
  if (reading.mode === "outside") return false;
  if (reading.mode === "actions") return blanksBefore >= 2;
  return blanksBefore >= 2 || !reading.headingSeen;
}

function onHeading(reading: Reading, page: Page, i: number, heading: Heading): void {
  closeWorkshop(reading);
  if (reading.mode !== "minutes") reading.mode = reading.minutesBegun ? "minutes" : "outside";
  reading.round = announcesRound(heading.title);
  if (reading.mode !== "minutes" || isSection(heading.title)) {
    reading.headingSeen = false;
    return;
  }
  reading.headingSeen = true;
  let { facilitator } = heading;
  const next = page.nextFilled[i] ?? page.lines.length;
  const line = page.lines[next];
  if (facilitator === null && line && isFacilitatorLine(line)) {
    facilitator = headingOf(line.whole).facilitator;
    reading.skip = next;
  }
  reading.workshop = { title: heading.title, facilitator, report: [] };
  reading.gap = false;
}

function onContent(reading: Reading, line: Line): void {
  if (line.kind === "text" && announcesRound(line.text)) reading.round = true;
  if (reading.mode === "agenda" && line.kind === "bullet") reading.draft.agenda.push(agendaItem(line.text));
  const { workshop } = reading;
  if (workshop) {
    if (reading.gap && workshop.report.length > 0) workshop.report.push("");
    workshop.report.push(line.whole);
    reading.gap = false;
  }
  const actions = actionsIn(line.text);
  (reading.mode === "actions" ? reading.sectionActions : reading.looseActions).push(...actions);
}

function step(reading: Reading, page: Page, i: number): void {
  const line = page.lines[i] as Line;
  if (line.kind === "blank") reading.gap = true;
  else if (i === reading.skip || (reading.round && takeAttendee(reading, line))) return;
  else if (line.kind === "time") onTime(reading, line);
  else if (line.marker) onMarker(reading, line.marker);
  else {
    const heading = page.headings[i];
    if (heading && isHeadingHere(reading, page.blanksBefore[i] ?? 0)) onHeading(reading, page, i, heading);
    else onContent(reading, line);
  }
}

/**
 * Reads a pad's text into a draft of minutes. The text is normalised first (line endings, a BOM, control
 * characters, tabs and no-break spaces, Unicode NFC); a line without a letter or digit is blank.
 *
 * - Entries: lines starting with a time (`10h36 : …`, `10h36 - …`, `10:36 …`, `10 h 36`, `9h05`, `10h`).
 *   The first time, or a line « Compte-rendu » / « Compte rendu » / « Notes », starts the minutes.
 * - Agenda: the bullets after « Ordre du jour » (or « ODJ », « Propositions de thèmes… », « Points à
 *   aborder »), until a heading, a time or another section's start.
 * - Presentation round: after a line announcing it (« tour de présentation », « tour de table »,
 *   « présentations », « personnes présentes »), the lines `Name : introduction` that follow, blank
 *   lines between them allowed.
 * - Workshops: headings of the minutes. A heading is a short line (80 characters at most, without
 *   final punctuation, « : », link or volunteers) alone in its paragraph, followed by content, and set
 *   apart by two blank lines before it, or the first such line after a time, a section's start or a
 *   section heading. Section headings are not workshops: « Débat », « Questions diverses » and the
 *   like, the round's announcement, and a heading naming several « ateliers » (« Bilan ateliers
 *   2016 »), whose next heading is then its first workshop. « Titre (animé par X) », or a line
 *   « (animé par X) » just after, names the facilitator. A report runs to the next heading, time or
 *   section's start.
 * - Actions: sentences where named people « sont OK pour », « s'occupent de », « se chargent de »
 *   something (« Qui s'occupe de … ? » is a question, not an action). When the pad has an « Actions »
 *   section (« À faire », « Tâches »…), the actions are read from it alone.
 *
 * Throws PAD_EMPTY for a text with nothing in it, PAD_TOO_LARGE above PAD_MAX_BYTES.
 */
export function parsePad(text: string): PadDraft {
  // A UTF-8 byte per UTF-16 unit at least: the length alone rules out the largest texts.
  if (text.length > PAD_MAX_BYTES || Buffer.byteLength(text, "utf8") > PAD_MAX_BYTES)
    throw new DomainError("PAD_TOO_LARGE");
  const raw = linesOf(text);
  if (raw.every((line) => line.trim() === "")) throw new DomainError("PAD_EMPTY");
  const page = pageOf(raw.map(readLine));
  const reading: Reading = {
    draft: { agenda: [], attendees: [], entries: [], workshops: [], actions: [] },
    mode: "outside",
    minutesBegun: false,
    headingSeen: false,
    round: false,
    workshop: null,
    gap: false,
    skip: -1,
    actionSection: false,
    sectionActions: [],
    looseActions: [],
  };
  for (let i = 0; i < page.lines.length; i++) step(reading, page, i);
  closeWorkshop(reading);
  reading.draft.actions = reading.actionSection ? reading.sectionActions : reading.looseActions;
  return reading.draft;
}
