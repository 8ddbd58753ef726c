/**
 * A recurring meeting's rule, an RFC 5545 RRULE value ("FREQ=MONTHLY;BYDAY=2TU": the second Tuesday of
 * each month): checked as people type it, expanded into the meetings' dates, and said in words.
 */
import rrulePackage from "rrule";
import { DomainError } from "../../core/errors.ts";
import { fromParisWallClock, parisToUtc, parseMeetingTime, toParisWallClock } from "../../core/paris-time.ts";

// rrule is a CommonJS bundle: Node gives its exports only as the default import.
const { RRule } = rrulePackage;

/** More would be a mistake, and a feed few calendars read to the end. */
const MAX_COUNT = 500;
/** However wide the window asked, a rule gives no more dates than this. */
const MAX_OCCURRENCES = 1000;
const DAY = 86_400_000;

const FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
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
export type Part = (typeof PARTS)[number];
export type Rule = Partial<Record<Part, string>>;

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
export function untilInstant(value: string): Date {
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
export function parseRule(value: string): Rule {
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

export function writeRule(rule: Rule): string {
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
