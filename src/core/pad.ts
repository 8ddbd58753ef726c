/**
 * A meeting's notes as an Etherpad exports them (`…/p/<pad>/export/txt`), read into a draft of minutes
 * that people review before it is saved: the agenda's themes, the presentation round, the timestamped
 * log, the workshops' reports and the action items with who takes them. The reading is a heuristic over
 * lines, with no pattern that backtracks, so that its time grows with the text's length only.
 * `padText` writes a draft back in the form `parsePad` reads.
 */
import { DomainError } from "./errors.ts";
import { wellFormed } from "./text.ts";

/** The longest pad text read, in UTF-8 bytes: a whole day of notes is a few dozen kilobytes. */
export const PAD_MAX_BYTES = 2 * 1024 * 1024;

/** A meeting's minutes as read from its pad, to review before saving (the JSON API's shape too). */
export interface PadDraft {
  /** The themes on the agenda. */
  agenda: { title: string; description: string }[];
  /** The people who introduced themselves in the presentation round, in the pad's order. */
  attendees: { name: string; intro: string }[];
  /** The timestamped log: a time ("HH:MM") and what happened then, in the pad's order. */
  entries: { time: string; text: string }[];
  /** The workshops, each with its report (paragraphs separated by an empty line). */
  workshops: { title: string; facilitator: string | null; report: string }[];
  /** What named people said they would do: the sentence as written, and who. */
  actions: { text: string; volunteers: string[] }[];
}

type Agenda = PadDraft["agenda"][number];
type Attendee = PadDraft["attendees"][number];
type Action = PadDraft["actions"][number];

// ---------------------------------------------------------------------------------------------------
// Lines

/** A line starting a section: the agenda, the minutes, the list of actions. */
type Marker = "agenda" | "minutes" | "actions";

interface Line {
  /** A line without a letter or digit (",", "• ...", "---") is a separator: blank. */
  kind: "blank" | "bullet" | "time" | "text";
  /** The line as written, without indentation or repeated spaces. */
  whole: string;
  /** The line without its bullet, or without its time and the separator after it. */
  text: string;
  /** "HH:MM", for a time line. */
  time: string;
  marker: Marker | null;
}

const BLANK: Line = { kind: "blank", whole: "", text: "", time: "", marker: null };

// Typographic bullets may touch the text; the ones typed on a keyboard (and numbers) need a space.
const BULLET = /^(?:[•·◦▪‣●○■□►]|[-*+–—](?= )|\d{1,3}[.)](?= )) ?/u;
// 10h36, 10 h 36, 10h, 10:36, not followed by a letter or digit ("10hxx" or "10:365" are not times).
const TIME = /^(\d{1,2})(?: ?h ?(\d{2})|h|:(\d{2}))(?![\p{L}\p{N}])/iu;
const AFTER_TIME = /^ ?[:\-–—]? ?/;
const HAS_WORD = /[\p{L}\p{N}]/u;

const AGENDA = /^(?:ordre du jour|odj|propositions? de themes|themes a aborder|points a aborder)\b/;
const MINUTES = /^(?:compte rendu|proces verbal)\b|^(?:notes|prise de notes|notes de (?:la )?reunion|cr|pv)$/;
const ACTIONS =
  /^(?:actions?(?: a mener| a suivre)?|a faire|taches|todo|to do|suites a donner|prochaines etapes|qui fait quoi)$/;

/** The text as lines: line breaks, spaces and Unicode forms made one, control characters dropped. */
function linesOf(text: string): string[] {
  // Most pads have no character outside the BMP: the check for lone surrogates is skipped.
  return (/[\ud800-\udfff]/.test(text) ? wellFormed(text) : text)
    .replace(/\r\n?|[\v\f\u0085\u2028\u2029]/g, "\n")
    .replace(/[^\S\n ]+/g, " ")
    .replace(/[^\P{Cc}\n]+/gu, "")
    .normalize("NFC")
    .split("\n");
}

/**
 * A line's words to compare with the French words of this file: lower case, accents off, anything else
 * than a-z and digits a space. (Lighter than text.ts's fold, and this runs on most lines.)
 */
function keywords(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function markerOf(whole: string): Marker | null {
  if (whole.length > 80) return null;
  const words = keywords(whole);
  if (AGENDA.test(words)) return "agenda";
  if (MINUTES.test(words)) return "minutes";
  return ACTIONS.test(words) ? "actions" : null;
}

/** "HH:MM" and what follows, or null: hours 0 to 23, minutes 0 to 59. */
function timeOf(whole: string): { time: string; text: string } | null {
  const match = TIME.exec(whole);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? match[3] ?? 0);
  if (hours > 23 || minutes > 59) return null;
  const time = `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
  return { time, text: whole.slice(match[0].length).replace(AFTER_TIME, "") };
}

function readLine(raw: string): Line {
  const whole = raw.replace(/ {2,}/g, " ").trim();
  if (!HAS_WORD.test(whole)) return BLANK;
  const bullet = BULLET.exec(whole);
  if (bullet) {
    const text = whole.slice(bullet[0].length);
    // « 1. 😀 » is as empty as « • … ».
    return HAS_WORD.test(text) ? { kind: "bullet", whole, text, time: "", marker: null } : BLANK;
  }
  const time = timeOf(whole);
  if (time) return { kind: "time", whole, ...time, marker: null };
  return { kind: "text", whole, text: whole, time: "", marker: markerOf(whole) };
}

// ---------------------------------------------------------------------------------------------------
// Names, the presentation round and actions

const NAME_WORD = /^(?:[dDlLoO]['’])?\p{Lu}[\p{L}\p{M}'’-]*\.?$/u;
const PARTICLES = new Set(
  "de du des d' d’ van von der den le la di da dos das del della ten ter y bin ibn al el zu".split(" "),
);
// Capitalised words that start a sentence without naming anyone (« Qui s'occupe de … ? »).
const NOBODY = new Set(
  "qui quoi on il elle ils elles nous vous je tu personne chacun chacune tout tous toutes ce cela ca le la les celui celle ceux lui eux moi toi aucun aucune quelqu un qqun qqn".split(
    " ",
  ),
);

/** A person's name as pads write it: one to five capitalised words, particles and initials allowed. */
function isName(text: string): boolean {
  if (text.length > 80) return false;
  const words = text.split(" ");
  if (words.length > 5 || (words.length === 1 && NOBODY.has(keywords(text)))) return false;
  return words.every((word, i) =>
    i === 0 || i === words.length - 1 ? NAME_WORD.test(word) : NAME_WORD.test(word) || PARTICLES.has(word),
  );
}

const ANNOUNCE = /\b(?:tour de (?:presentation|table)|presentations|personnes presentes)\b/;
// A line's keywords cost more than the rest of its reading: only lines with one of these are looked at.
const MAY_ANNOUNCE = /\btour\b|sentations|sentes/i;

/** A line announcing the presentation round: the lines `Name : introduction` after it are attendees. */
function announcesRound(text: string): boolean {
  return MAY_ANNOUNCE.test(text) && ANNOUNCE.test(keywords(text));
}

/** `Name : introduction` (the introduction may be empty), else null. */
function attendeeOf(line: Line): Attendee | null {
  if ((line.kind !== "bullet" && line.kind !== "text") || line.marker) return null;
  const colon = line.text.indexOf(":");
  if (colon < 1 || colon > 81) return null;
  const intro = line.text.slice(colon + 1);
  if (intro !== "" && !intro.startsWith(" ")) return null;
  const name = line.text.slice(0, colon).trimEnd();
  return isName(name) ? { name, intro: intro.trim() } : null;
}

const VOLUNTEERS =
  / (?:(?:est|sont) )?ok pour | s['’]occupe(?:nt)? (?:de |du |des |d['’])| se charge(?:nt)? (?:de |du |des |d['’])/iu;

// After a full stop, except an initial's (« Christian D. est OK pour »).
const SENTENCE_END = /(?<=[.!?…])(?<!(?:^| )\p{Lu}\.) /u;

/** The names before the verb: « Marion, Yann et Lucie », else null if one of them is not a name. */
function volunteersOf(who: string): string[] | null {
  const names = who.split(/, (?:et )?| et | & /);
  return names.every(isName) ? names : null;
}

/**
 * The actions in a line: each sentence where named people « sont OK pour », « s'occupent de », « se
 * chargent de » something. A label before them (« Logistique : … ») is left out; a question is not an
 * action.
 */
function actionsIn(text: string): Action[] {
  const actions: Action[] = [];
  if (!VOLUNTEERS.test(text)) return actions;
  for (const sentence of text.split(SENTENCE_END)) {
    const verb = VOLUNTEERS.exec(sentence);
    if (!verb || sentence.endsWith("?")) continue;
    const label = sentence.lastIndexOf(": ", verb.index);
    const start = label >= 0 && label < verb.index ? label + 2 : 0;
    const volunteers = volunteersOf(sentence.slice(start, verb.index).trim());
    if (volunteers) actions.push({ text: sentence.slice(start).trim(), volunteers });
  }
  return actions;
}

// ---------------------------------------------------------------------------------------------------
// Agenda themes and headings

const TITLE_MAX = 80;
const LONG_TITLE_MAX = 120;

/**
 * A theme: its title before the first " : " when that is short, the rest describing it; else the whole
 * bullet, or its first 120 characters (at a space when there is one) and the rest as description.
 */
function agendaItem(text: string): Agenda {
  const colon = text.indexOf(" : ");
  if (colon >= 0 && colon <= TITLE_MAX)
    return { title: text.slice(0, colon), description: text.slice(colon + 3) };
  if (text.length <= LONG_TITLE_MAX) return { title: text, description: "" };
  const space = text.lastIndexOf(" ", LONG_TITLE_MAX);
  if (space > 0) return { title: text.slice(0, space), description: text.slice(space + 1) };
  // Not inside a surrogate pair.
  const cut = /[\ud800-\udbff]/.test(text.charAt(LONG_TITLE_MAX - 1)) ? LONG_TITLE_MAX - 1 : LONG_TITLE_MAX;
  return { title: text.slice(0, cut), description: text.slice(cut) };
}

const FACILITATOR = /^\(anim(?:é|ée|és|ées) par ([^()]+)\)$/iu;
const URL = /:\/\/|www\./i;
const SECTION =
  /^(?:debats?|discussions?|questions diverses|points? divers|divers|annonces|accueil|introduction|conclusion|pause|dejeuner|repas|prochaines? reunions?|presents|excuses|participants|decisions|releve de decisions)$|\bateliers\b/;

interface Heading {
  title: string;
  facilitator: string | null;
}

/** « Titre (animé par X) » as its title and X; a line « (animé par X) » alone has an empty title. */
function headingOf(whole: string): Heading {
  const open = whole.endsWith(")") ? whole.lastIndexOf("(") : -1;
  const facilitator = open >= 0 ? FACILITATOR.exec(whole.slice(open))?.[1]?.trim() : undefined;
  if (!facilitator) return { title: whole, facilitator: null };
  return { title: whole.slice(0, open).trim(), facilitator };
}

function isFacilitatorLine(line: Line | undefined): boolean {
  return line?.kind === "text" && !line.marker && headingOf(line.whole).title === "";
}

/** A heading that is not a workshop: a debate, the announcement of the round, a group of workshops. */
function isSection(title: string): boolean {
  const words = keywords(title);
  return SECTION.test(words) || ANNOUNCE.test(words);
}

/** A short line that could title what follows, whatever its place: the shape of a heading. */
function headingShape(line: Line): Heading | null {
  if (line.kind !== "text" || line.marker) return null;
  const heading = headingOf(line.whole);
  const { title } = heading;
  if (title.length > TITLE_MAX || !HAS_WORD.test(title) || /[.:;,!?…]$/.test(title)) return null;
  if (title.includes(": ") || URL.test(title) || actionsIn(title).length > 0) return null;
  return heading;
}

/** The text read as lines, with what each line's neighbourhood says of it. */
interface Page {
  lines: Line[];
  /** Blank lines just before each line. */
  blanksBefore: number[];
  /** The next line that is not blank (or the number of lines). */
  nextFilled: number[];
  /** Lines that would title the content after them, if their place makes them headings. */
  headings: (Heading | null)[];
}

/**
 * Headings by their neighbourhood: a blank line before, a blank line, a bullet or « (animé par X) »
 * after, then content: something other than a time, a section's start or a heading set apart by two
 * blank lines. Read from the end, since a heading's content must not be such a heading itself.
 */
function pageOf(lines: Line[]): Page {
  const n = lines.length;
  const blanksBefore = new Array<number>(n).fill(0);
  for (let i = 1; i < n; i++)
    blanksBefore[i] = lines[i - 1]?.kind === "blank" ? (blanksBefore[i - 1] ?? 0) + 1 : 0;
  const nextFilled = new Array<number>(n).fill(n);
  for (let i = n - 2; i >= 0; i--)
    nextFilled[i] = lines[i + 1]?.kind === "blank" ? (nextFilled[i + 1] ?? n) : i + 1;
  const headings = new Array<Heading | null>(n).fill(null);
  const apart = (j: number) => headings[j] !== null && (blanksBefore[j] ?? 0) >= 2;
  for (let i = n - 1; i >= 0; i--) {
    const line = lines[i] as Line;
    const heading = headingShape(line);
    if (!heading || (i > 0 && lines[i - 1]?.kind !== "blank")) continue;
    const next = lines[i + 1];
    if (!next || !(next.kind === "blank" || next.kind === "bullet" || isFacilitatorLine(next))) continue;
    let j = nextFilled[i] ?? n;
    if (heading.facilitator === null && isFacilitatorLine(lines[j])) j = nextFilled[j] ?? n;
    const content = lines[j];
    if (!content || content.kind === "time" || content.marker || apart(j)) continue;
    headings[i] = heading;
  }
  return { lines, blanksBefore, nextFilled, headings };
}

// ---------------------------------------------------------------------------------------------------
// Reading

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

// ---------------------------------------------------------------------------------------------------
// Writing

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
 * alone, so actions written inside reports are not read twice).
 */
export function padText(draft: PadDraft): string {
  const lines: string[] = [];
  if (draft.agenda.length > 0) lines.push("Ordre du jour", "", ...draft.agenda.map(agendaLine), "");
  lines.push("Compte-rendu", "", ...logLines(draft));
  for (const workshop of draft.workshops) lines.push(...workshopLines(workshop));
  lines.push("", "", "Actions", "", ...draft.actions.map((action) => `• ${flat(action.text)}`));
  return `${lines.join("\n")}\n`;
}
