/**
 * French as it is written: the narrow no-break space of French typography, and the prepositions « de »
 * and « à » joined to a name inserted into a sentence (elision, contracted articles).
 */

const NARROW_NBSP = "\u202f";

/**
 * A French message text with a narrow no-break space before `; : ! ?` and inside « », so that a line
 * never starts with a colon. Only spaces already written are replaced: `10:36`, `https://` or
 * `Authorization: Bearer` in a message stay as they are, and so do the values inserted later.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/[ \u00a0]+([;:!?])/g, `${NARROW_NBSP}$1`)
    .replace(/«[ \u00a0]+/g, `«${NARROW_NBSP}`)
    .replace(/[ \u00a0]+»/g, `${NARROW_NBSP}»`);
}

/**
 * Head words of the names organisations take, with their gender: « l’Assemblée des communs », « la
 * Chambre des jardins », « le Collectif vélo ». A name starting with one of them takes the article.
 */
const NOUN_GENDERS: Record<string, "f" | "m"> = {
  assemblée: "f",
  association: "f",
  chambre: "f",
  commission: "f",
  communauté: "f",
  coopérative: "f",
  fédération: "f",
  maison: "f",
  union: "f",
  atelier: "m",
  collectif: "m",
  comité: "m",
  conseil: "m",
  groupe: "m",
  jardin: "m",
  réseau: "m",
};

const ARTICLES: Record<string, { de: string; à: string }> = {
  le: { de: "du ", à: "au " },
  la: { de: "de la ", à: "à la " },
  les: { de: "des ", à: "aux " },
  un: { de: "d’un ", à: "à un " },
  une: { de: "d’une ", à: "à une " },
  des: { de: "de ", à: "à des " },
};

// A vowel, a mute h, or a y sounded as a vowel (before a consonant): « d’Annecy », « d’Hélène »,
// « d’Yves », but « de Yann ». (An aspirated h, « de Hérouville », is rare in names.)
const ELIDES = /^(?:[aeiouhàâäéèêëîïôöùûüœæ]|y(?![aeiouàâäéèêëîïôöùûü]))/i;

export type Preposition = "de" | "à";

/** `name` after « de » or « à », as a French sentence joins them: « d’un voisin », « de l’Assemblée… ». */
export function withPreposition(preposition: Preposition, name: string): string {
  const [first = "", rest = ""] = name.split(/ (.*)/s);
  const article = ARTICLES[first.toLowerCase()];
  if (article && rest !== "") return `${article[preposition]}${rest}`;
  if (/^l['’]/i.test(name)) return `${preposition} l’${name.slice(2)}`;
  const gender = NOUN_GENDERS[first.toLowerCase()];
  if (gender && ELIDES.test(name)) return `${preposition} l’${name}`;
  if (gender) return `${ARTICLES[gender === "f" ? "la" : "le"]?.[preposition]}${name}`;
  if (preposition === "de" && ELIDES.test(name)) return `d’${name}`;
  return `${preposition} ${name}`;
}
