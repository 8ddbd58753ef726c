/**
 * A recurring meeting's rule, an RFC 5545 RRULE value ("FREQ=MONTHLY;BYDAY=2TU": the second Tuesday of
 * each month): checked as people type it, expanded into the meetings' dates, and said in words.
 */
import rrulePackage from "rrule";
import { DomainError } from "../../core/errors.ts";
import { frenchSpacing } from "../../core/french.ts";
import {
  fromParisWallClock,
  PARIS_TIME_ZONE,
  parisToUtc,
  parseMeetingTime,
  toParisWallClock,
} from "../../core/paris-time.ts";

// rrule is a CommonJS bundle: Node gives its exports only as the default import.
const { RRule } = rrulePackage;

/** More would be a mistake, and a feed few calendars read to the end. */
const MAX_COUNT = 500;
/** However wide the window asked, a rule gives no more dates than this. */
const MAX_OCCURRENCES = 1000;
const DAY = 86_400_000;

const FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
type Frequency = (typeof FREQUENCIES)[number];
const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

/** The rule parts accepted, in the order a normalised rule writes them. */
const PARTS = [
  "FREQ",
  "INTERVAL",
  "COUNT",
  "UNTIL",
  "BYMONTH",
  "BYWEEKNO",
  "BYYEARDAY",
  "BYMONTHDAY",
  "BYDAY",
  "BYSETPOS",
  "WKST",
] as const;
type Part = (typeof PARTS)[number];
type Rule = Partial<Record<Part, string>>;

function refused(): DomainError {
  return new DomainError("VALIDATION_FAILED");
}

/** "1,-1" within ±max, zero excluded (or positive only), written back without "+". */
function numbers(value: string, max: number, signed: boolean): string {
  const list = value.split(",").map((item) => {
    if (!(signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/).test(item)) throw refused();
    const n = Number(item);
    if (n === 0 || Math.abs(n) > max) throw refused();
    return String(n);
  });
  return list.join(",");
}

/** "2TU,-1FR,MO": an ordinal is allowed by the monthly (within ±5) and yearly (±53) rules only. */
function weekdays(value: string, frequency: Frequency): string {
  const maxOrdinal = frequency === "MONTHLY" ? 5 : frequency === "YEARLY" ? 53 : 0;
  return value
    .split(",")
    .map((item) => {
      const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
      if (!match) throw refused();
      if (match[1] === undefined) return item;
      const n = Number(match[1]);
      if (n === 0 || Math.abs(n) > maxOrdinal) throw refused();
      return `${n}${match[2]}`;
    })
    .join(",");
}

/**
 * UNTIL as a UTC instant, as RFC 5545 asks of a rule whose start has a time zone. A date alone is the
 * end of that day in Paris; a time without Z is a Paris time.
 */
function until(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!match) throw refused();
  const [, year, month, day, hour = "23", minute = "59", second = "59", utc] = match;
  const text = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  const instant = utc ? parseMeetingTime(`${text}Z`) : parisToUtc(text);
  return `${instant.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
}

/** A normalised UNTIL ("20261231T225959Z") as the instant it is. */
function untilInstant(value: string): Date {
  return parseMeetingTime(
    value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"),
  );
}

function checkPart(part: Part, value: string, frequency: Frequency): string {
  switch (part) {
    case "FREQ":
      return value;
    case "INTERVAL":
      return numbers(value, 999, false);
    case "COUNT":
      return numbers(value, MAX_COUNT, false);
    case "UNTIL":
      return until(value);
    case "BYMONTH":
      return numbers(value, 12, false);
    case "BYWEEKNO":
      if (frequency !== "YEARLY") throw refused();
      return numbers(value, 53, true);
    case "BYYEARDAY":
      if (frequency !== "YEARLY") throw refused();
      return numbers(value, 366, true);
    case "BYMONTHDAY":
      if (frequency === "WEEKLY") throw refused();
      return numbers(value, 31, true);
    case "BYDAY":
      return weekdays(value, frequency);
    case "BYSETPOS":
      return numbers(value, 366, true);
    case "WKST":
      if (!(WEEKDAYS as readonly string[]).includes(value)) throw refused();
      return value;
  }
}

/** The rule's parts, checked; throws `VALIDATION_FAILED`. */
function parseRule(value: string): Rule {
  const text = value
    .trim()
    .toUpperCase()
    .replace(/^RRULE:/, "");
  if (text.length === 0 || text.length > 300) throw refused();
  const raw = new Map<string, string>();
  for (const item of text.split(";")) {
    const [name = "", content, ...rest] = item.split("=");
    if (!content || rest.length > 0 || raw.has(name)) throw refused();
    raw.set(name, content);
  }
  const frequency = raw.get("FREQ");
  // SECONDLY, MINUTELY and HOURLY are no meetings' pace; BYHOUR, BYMINUTE and BYSECOND are refused with
  // them (as unknown parts): the meeting's start gives its time.
  if (!(FREQUENCIES as readonly string[]).includes(frequency ?? "")) throw refused();
  const rule: Rule = {};
  for (const [name, content] of raw) {
    if (!(PARTS as readonly string[]).includes(name)) throw refused();
    rule[name as Part] = checkPart(name as Part, content, frequency as Frequency);
  }
  if (rule.COUNT && rule.UNTIL) throw refused();
  if (rule.BYSETPOS && Object.keys(rule).every((part) => !part.startsWith("BY") || part === "BYSETPOS")) {
    throw refused();
  }
  if (rule.INTERVAL === "1") delete rule.INTERVAL;
  return rule;
}

function writeRule(rule: Rule): string {
  return PARTS.flatMap((part) => (rule[part] === undefined ? [] : [`${part}=${rule[part]}`])).join(";");
}

/**
 * A recurrence rule as a person typed it ("freq=monthly;byday=+2TU", with or without "RRULE:"), written
 * back the one way this instance keeps it ("FREQ=MONTHLY;BYDAY=2TU"). Throws `VALIDATION_FAILED` for a
 * rule that is malformed, has no FREQ or a FREQ more frequent than DAILY, an hour, minute or second
 * part, COUNT above 500, or both COUNT and UNTIL. UNTIL comes back as a UTC instant.
 */
export function validateRrule(value: string): string {
  return writeRule(parseRule(value));
}

/**
 * The instants of a recurring meeting that fall between `between[0]` and `between[1]` (both included),
 * the rule starting at `start`, less `exdates` (the instants of cancelled occurrences). The rule is
 * followed on the Paris clock: "every second Tuesday at 18:30" stays at 18:30 in Paris across the clock
 * changes, as calendars do with a rule whose start is in Europe/Paris. `start` should itself be an
 * occurrence: rrule, unlike RFC 5545, does not count a start off the rule. At most 1000 dates.
 */
export function occurrences(rrule: string, start: Date, between: [Date, Date], exdates: Date[] = []): Date[] {
  const options = RRule.parseString(validateRrule(rrule));
  // rrule computes with "floating" dates: UTC fields that read the Paris clock.
  const rule = new RRule({
    ...options,
    dtstart: toParisWallClock(start),
    until: options.until ? toParisWallClock(options.until) : null,
    tzid: null,
  });
  const [from, to] = between;
  const skipped = new Set(exdates.map((date) => date.getTime()));
  // The window is widened by a day, read on the Paris clock, then cut to the instants asked.
  const wallFrom = new Date(toParisWallClock(from).getTime() - DAY);
  const wallTo = new Date(toParisWallClock(to).getTime() + DAY);
  return rule
    .between(wallFrom, wallTo, true, (_, count) => count < MAX_OCCURRENCES)
    .map(fromParisWallClock)
    .filter((date) => date >= from && date <= to && !skipped.has(date.getTime()));
}

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
