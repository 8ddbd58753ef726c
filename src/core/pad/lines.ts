/**
 * A pad's text as lines: normalised, each one blank, a bullet, a time or text, and the lines that start
 * a section (the agenda, the minutes, the actions).
 */
import { wellFormed } from "../text.ts";

/** A line starting a section: the agenda, the minutes, the list of actions. */
export type Marker = "agenda" | "minutes" | "actions";

/** A line of the pad, read alone. */
export interface Line {
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
/** A letter or a digit: a line without one is blank. */
export const HAS_WORD = /[\p{L}\p{N}]/u;

const AGENDA = /^(?:ordre du jour|odj|propositions? de themes|themes a aborder|points a aborder)\b/;
const MINUTES = /^(?:compte rendu|proces verbal)\b|^(?:notes|prise de notes|notes de (?:la )?reunion|cr|pv)$/;
const ACTIONS =
  /^(?:actions?(?: a mener| a suivre)?|a faire|taches|todo|to do|suites a donner|prochaines etapes|qui fait quoi)$/;

/** The text as lines: line breaks, spaces and Unicode forms made one, control characters dropped. */
export function linesOf(text: string): string[] {
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
export function keywords(text: string): string {
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

/** What a line is by itself: blank, a bullet, a time, a section's start or other text. */
export function readLine(raw: string): Line {
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
