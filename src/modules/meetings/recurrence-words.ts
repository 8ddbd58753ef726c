import { frenchSpacing } from "../../core/french.ts";
import { PARIS_TIME_ZONE } from "../../core/paris-time.ts";
import { type Frequency, type Part, parseRule, type Rule, untilInstant, writeRule } from "./recurrence.ts";

interface Words {
  /** Whether "every" makes the ordinal and the weekday plural: « tous les deuxièmes mardis ». */
  pluralEvery: boolean;
  weekdays: Record<string, [string, string]>;
  months: string[];
  ordinals: Record<string, [string, string]>;
  every: (frequency: Frequency, interval: number) => string;
  onWeekdays: (days: string[]) => string;
  monthlyOrdinals: (items: string[], interval: number) => string;
  onMonthDays: (days: number[]) => string;
  onDate: (day: number, month: string) => string;
  onOrdinalOfMonth: (item: string, month: string) => string;
  count: (count: number) => string;
  until: (date: Date) => string;
  fallback: (value: string) => string;
}

function list(items: string[], and: string): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
}

function longDate(locale: string, date: Date): string {
  return new Intl.DateTimeFormat(locale, { timeZone: PARIS_TIME_ZONE, dateStyle: "long" }).format(date);
}

const FRENCH: Words = {
  pluralEvery: true,
  weekdays: {
    MO: ["lundi", "lundis"],
    TU: ["mardi", "mardis"],
    WE: ["mercredi", "mercredis"],
    TH: ["jeudi", "jeudis"],
    FR: ["vendredi", "vendredis"],
    SA: ["samedi", "samedis"],
    SU: ["dimanche", "dimanches"],
  },
  months: [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
  ],
  ordinals: {
    "1": ["premier", "premiers"],
    "2": ["deuxième", "deuxièmes"],
    "3": ["troisième", "troisièmes"],
    "4": ["quatrième", "quatrièmes"],
    "5": ["cinquième", "cinquièmes"],
    "-1": ["dernier", "derniers"],
    "-2": ["avant-dernier", "avant-derniers"],
  },
  every(frequency, interval) {
    const units: Record<Frequency, [string, string]> = {
      DAILY: ["tous les jours", "jours"],
      WEEKLY: ["toutes les semaines", "semaines"],
      MONTHLY: ["tous les mois", "mois"],
      YEARLY: ["tous les ans", "ans"],
    };
    const [one, many] = units[frequency];
    if (interval === 1) return one;
    return `${frequency === "WEEKLY" ? "toutes" : "tous"} les ${interval} ${many}`;
  },
  onWeekdays: (days) =>
    ` ${list(
      days.map((day) => `le ${day}`),
      "et",
    )}`,
  monthlyOrdinals: (items, interval) =>
    interval === 1
      ? `tous les ${list(items, "et")} du mois`
      : `le ${list(items, "et le")} du mois, tous les ${interval} mois`,
  onMonthDays: (days) =>
    ` ${list(
      days.map((day) => (day === -1 ? "le dernier jour" : day === 1 ? "le 1er" : `le ${day}`)),
      "et",
    )}`,
  onDate: (day, month) => `tous les ans le ${day === 1 ? "1er" : day} ${month}`,
  onOrdinalOfMonth: (item, month) =>
    `tous les ans le ${item} ${/^[aeiouy]/.test(month) ? "d’" : "de "}${month}`,
  count: (count) => `, ${count} fois`,
  until: (date) => `, jusqu’au ${longDate("fr-FR", date).replace(/^1 /, "1er ")}`,
  fallback: (value) => frenchSpacing(`récurrence : ${value}`),
};

const ENGLISH: Words = {
  pluralEvery: false,
  weekdays: {
    MO: ["Monday", "Mondays"],
    TU: ["Tuesday", "Tuesdays"],
    WE: ["Wednesday", "Wednesdays"],
    TH: ["Thursday", "Thursdays"],
    FR: ["Friday", "Fridays"],
    SA: ["Saturday", "Saturdays"],
    SU: ["Sunday", "Sundays"],
  },
  months: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
  ordinals: {
    "1": ["first", "first"],
    "2": ["second", "second"],
    "3": ["third", "third"],
    "4": ["fourth", "fourth"],
    "5": ["fifth", "fifth"],
    "-1": ["last", "last"],
    "-2": ["second to last", "second to last"],
  },
  every(frequency, interval) {
    const unit = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year" }[frequency];
    return interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
  },
  onWeekdays: (days) => ` on ${list(days, "and")}`,
  monthlyOrdinals: (items, interval) =>
    interval === 1
      ? `every ${list(items, "and")} of the month`
      : `the ${list(items, "and the")} of the month, every ${interval} months`,
  onMonthDays: (days) =>
    ` on ${list(
      days.map((day) => (day === -1 ? "the last day" : `the ${englishOrdinal(day)}`)),
      "and",
    )}`,
  onDate: (day, month) => `every year on ${day} ${month}`,
  onOrdinalOfMonth: (item, month) => `every year on the ${item} of ${month}`,
  count: (count) => `, ${count} ${count === 1 ? "time" : "times"}`,
  until: (date) => `, until ${longDate("en-GB", date)}`,
  fallback: (value) => `recurrence: ${value}`,
};

function englishOrdinal(n: number): string {
  const suffix =
    n % 10 === 1 && n !== 11
      ? "st"
      : n % 10 === 2 && n !== 12
        ? "nd"
        : n % 10 === 3 && n !== 13
          ? "rd"
          : "th";
  return `${n}${suffix}`;
}

/** "2TU" → "deuxième mardi" (or its plural); null for an ordinal the words do not have. */
function ordinalWeekday(words: Words, item: string, plural: boolean): string | null {
  const match = /^(-?\d+)([A-Z]{2})$/.exec(item);
  const ordinal = match && words.ordinals[match[1] ?? ""];
  const day = match && words.weekdays[match[2] ?? ""];
  if (!ordinal || !day) return null;
  const index = plural ? 1 : 0;
  return `${ordinal[index]} ${day[index]}`;
}

/** Whether the rule has no part but `allowed`, FREQ and those said of every rule or moot in words. */
function hasOnly(rule: Rule, allowed: Part[]): boolean {
  const said: Part[] = ["FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", ...allowed];
  return Object.keys(rule).every((part) => said.includes(part as Part));
}

/** The rule's pace and days in words, without its end; null when the words do not cover it. */
function describePace(words: Words, rule: Rule, frequency: Frequency): string | null {
  const interval = Number(rule.INTERVAL ?? 1);
  const every = words.every(frequency, interval);
  const days = rule.BYDAY?.split(",") ?? [];
  const monthDays = rule.BYMONTHDAY?.split(",").map(Number) ?? [];
  if (hasOnly(rule, [])) return every;
  if (frequency === "WEEKLY" && hasOnly(rule, ["BYDAY"]) && days.every((day) => day.length === 2)) {
    return every + words.onWeekdays(days.map((day) => words.weekdays[day]?.[0] ?? day));
  }
  if (frequency === "MONTHLY" && hasOnly(rule, ["BYDAY", "BYSETPOS"])) {
    // BYDAY=TU;BYSETPOS=2 is another way to write BYDAY=2TU.
    const items = rule.BYSETPOS ? (days.length === 1 ? [`${rule.BYSETPOS}${days[0]}`] : []) : days;
    const phrases = items.map((item) => ordinalWeekday(words, item, words.pluralEvery && interval === 1));
    if (phrases.length === 0 || phrases.some((phrase) => phrase === null)) return null;
    return words.monthlyOrdinals(phrases as string[], interval);
  }
  if (frequency === "MONTHLY" && hasOnly(rule, ["BYMONTHDAY"])) {
    if (monthDays.some((day) => day < -1)) return null;
    return every + words.onMonthDays(monthDays);
  }
  if (frequency === "YEARLY" && interval === 1 && rule.BYMONTH && !rule.BYMONTH.includes(",")) {
    const month = words.months[Number(rule.BYMONTH) - 1] ?? "";
    if (hasOnly(rule, ["BYMONTH", "BYMONTHDAY"]) && monthDays.length === 1 && (monthDays[0] ?? 0) > 0) {
      return words.onDate(monthDays[0] ?? 1, month);
    }
    const item = days.length === 1 ? ordinalWeekday(words, days[0] ?? "", false) : null;
    if (hasOnly(rule, ["BYMONTH", "BYDAY"]) && item) return words.onOrdinalOfMonth(item, month);
  }
  return null;
}

/**
 * A recurrence rule said in a few words: "tous les deuxièmes mardis du mois", "toutes les semaines le
 * lundi", "every 2 weeks on Monday and Thursday", with its end (", 10 fois", ", jusqu’au 31 décembre
 * 2026"). A rule the words do not cover, or an invalid one, reads "récurrence : <RRULE>".
 */
export function describeRrule(rrule: string, language: "fr" | "en"): string {
  const words = language === "fr" ? FRENCH : ENGLISH;
  let rule: Rule;
  try {
    rule = parseRule(rrule);
  } catch {
    return words.fallback(rrule.trim());
  }
  const pace = describePace(words, rule, rule.FREQ as Frequency);
  if (pace === null) return words.fallback(writeRule(rule));
  const end = rule.COUNT
    ? words.count(Number(rule.COUNT))
    : rule.UNTIL
      ? words.until(untilInstant(rule.UNTIL))
      : "";
  return pace + end;
}
