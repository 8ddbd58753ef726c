import type { Language } from "../core/accounts.ts";
import { frenchSpacing, type Preposition, withPreposition } from "../core/french.ts";
import { WEB_MESSAGES } from "./messages.ts";

type Dictionary = Record<string, string>;

/** A module's messages in every language: French is the reference, English mirrors its keys. */
export type Catalogue = Record<Language, Dictionary>;

const fr: Dictionary = {};
const en: Dictionary = {};
const DICTIONARIES: Record<Language, Dictionary> = { fr, en };

/**
 * Adds a catalogue to the dictionaries. Each module keeps its messages beside its code; the
 * application registers them all at start (src/messages.ts), so this file imports no module.
 * French texts get their typography here, once: no message is spaced again each time it is shown.
 */
export function registerMessages(catalogue: Catalogue): void {
  for (const [key, text] of Object.entries(catalogue.fr)) fr[key] = frenchSpacing(text);
  Object.assign(en, catalogue.en);
}

registerMessages(WEB_MESSAGES);
const LOCALES: Record<Language, string> = { fr: "fr-FR", en: "en-GB" };
// Made once: building an Intl object costs far more than using it.
const PLURALS: Record<Language, Intl.PluralRules> = {
  fr: new Intl.PluralRules(LOCALES.fr),
  en: new Intl.PluralRules(LOCALES.en),
};
// The instance serves one territory: its dates are shown in its time zone, whatever the server's.
const TIME_ZONE = "Europe/Paris";

export type Params = Record<string, string | number>;

/** `home.members` with a numeric `count` reads `home.members.one` or `.other`, as the language counts. */
function pluralKey(language: Language, key: string, count: unknown): string {
  if (typeof count !== "number" || fr[`${key}.other`] === undefined) return key;
  const form = `${key}.${PLURALS[language].select(count)}`;
  return DICTIONARIES[language][form] === undefined ? `${key}.other` : form;
}

/**
 * `{name}`, or `{name, de}` / `{name, à}` in French for a name joined to its preposition: « Membres
 * {name, de} » reads « Membres de l’Assemblée des communs », « Don {donor, de} » « Don d’un voisin ».
 * Another language's text writes its own words and takes the bare value.
 */
const PLACEHOLDER = /\{(\w+)(?:, ?(de|à))?\}/g;

/**
 * A message in the language asked for, falling back to French. Inserted values are left as given
 * (no typography inside a URL, a time or a name). A key ending in a number
 * (`field.tooLong.80`) is the base message with that number as `{max}`.
 */
export function translate(language: Language, key: string, params: Params = {}): string {
  const resolved = pluralKey(language, key, params.count);
  let text = DICTIONARIES[language][resolved] ?? fr[resolved];
  let values = params;
  if (text === undefined) {
    const numbered = /^(.*)\.(\d+)$/.exec(key);
    const base = numbered?.[1];
    text = base ? (DICTIONARIES[language][base] ?? fr[base]) : undefined;
    if (text === undefined) return key;
    values = { max: numbered?.[2] ?? "", ...params };
  }
  return text.replace(PLACEHOLDER, (whole, name: string, preposition?: Preposition) => {
    if (!(name in values)) return whole;
    const value = String(values[name]);
    return preposition ? withPreposition(preposition, value) : value;
  });
}

const FORMATS = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

/** A format of the language, made once: making one costs a hundred times more than using it. */
function madeOnce<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let format = FORMATS.get(key) as F | undefined;
  if (!format) {
    format = make();
    FORMATS.set(key, format);
  }
  return format;
}

export function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `date ${language} ${JSON.stringify(options)}`;
  return madeOnce(key, () => new Intl.DateTimeFormat(LOCALES[language], options));
}

export function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `number ${language} ${JSON.stringify(options)}`;
  return madeOnce(key, () => new Intl.NumberFormat(LOCALES[language], options));
}

/** A date and time as people of the instance read it; `seconds` for logs, where order matters. */
export function formatDateTime(
  language: Language,
  iso: string,
  precision: "minutes" | "seconds" = "minutes",
): string {
  return dateFormat(language, {
    dateStyle: precision === "seconds" ? "short" : "medium",
    timeStyle: precision === "seconds" ? "medium" : "short",
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

/** A field error key from core (`field.required`) as a sentence. */
export function fieldMessage(language: Language, key: string): string {
  return translate(language, `msg.${key}`);
}

/** The best of our languages for an Accept-Language header (`en-GB,en;q=0.8,fr;q=0.5`). */
export function negotiate(header: string | undefined): Language {
  if (!header) return "fr";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...rest] = part.trim().split(";");
      const q = rest.find((p) => p.trim().startsWith("q="));
      return { tag: tag.trim().toLowerCase().slice(0, 2), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === "fr" || tag === "en") return tag;
  }
  return "fr";
}

export function keysOf(language: Language): string[] {
  return Object.keys(DICTIONARIES[language]);
}
