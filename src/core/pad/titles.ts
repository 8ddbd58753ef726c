/** Titles in a pad: an agenda theme's, and the headings of the minutes with their facilitators. */
import type { Agenda } from "./draft.ts";
import { HAS_WORD, keywords, type Line } from "./lines.ts";
import { ANNOUNCE, actionsIn } from "./people.ts";

/** The longest title, of a theme before its « : » or of a heading. */
export const TITLE_MAX = 80;
const LONG_TITLE_MAX = 120;

/**
 * A theme: its title before the first " : " when that is short, the rest describing it; else the whole
 * bullet, or its first 120 characters (at a space when there is one) and the rest as description.
 */
export function agendaItem(text: string): Agenda {
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

/** A heading's title and the facilitator it names, if any. */
export interface Heading {
  title: string;
  facilitator: string | null;
}

/** « Titre (animé par X) » as its title and X; a line « (animé par X) » alone has an empty title. */
export function headingOf(whole: string): Heading {
  const open = whole.endsWith(")") ? whole.lastIndexOf("(") : -1;
  const facilitator = open >= 0 ? FACILITATOR.exec(whole.slice(open))?.[1]?.trim() : undefined;
  if (!facilitator) return { title: whole, facilitator: null };
  return { title: whole.slice(0, open).trim(), facilitator };
}

/** A line « (animé par X) » alone, naming the facilitator of the heading above it. */
export function isFacilitatorLine(line: Line | undefined): boolean {
  return line?.kind === "text" && !line.marker && headingOf(line.whole).title === "";
}

/** A heading that is not a workshop: a debate, the announcement of the round, a group of workshops. */
export function isSection(title: string): boolean {
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
export interface Page {
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
export function pageOf(lines: Line[]): Page {
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
