/** People in a pad: names, the presentation round, and the actions they volunteer for. */
import type { Action, Attendee } from "./draft.ts";
import { keywords, type Line } from "./lines.ts";

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

/** The words announcing the presentation round, in a line's keywords. */
export const ANNOUNCE = /\b(?:tour de (?:presentation|table)|presentations|personnes presentes)\b/;
// A line's keywords cost more than the rest of its reading: only lines with one of these are looked at.
const MAY_ANNOUNCE = /\btour\b|sentations|sentes/i;

/** A line announcing the presentation round: the lines `Name : introduction` after it are attendees. */
export function announcesRound(text: string): boolean {
  return MAY_ANNOUNCE.test(text) && ANNOUNCE.test(keywords(text));
}

/** `Name : introduction` (the introduction may be empty), else null. */
export function attendeeOf(line: Line): Attendee | null {
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
export function actionsIn(text: string): Action[] {
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
