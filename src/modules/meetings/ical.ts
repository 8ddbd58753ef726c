/**
 * Meetings as an iCalendar feed (RFC 5545) that Google Calendar, Apple Calendar and Thunderbird
 * subscribe to. Times are written on the Paris clock with `TZID=Europe/Paris`, the feed carrying its own
 * VTIMEZONE: a recurring meeting at 18:30 stays at 18:30 across the clock changes in every calendar.
 */
import ical, {
  escape as escapeText,
  type ICalEventData,
  ICalEventStatus,
  type ICalLocation,
  type ICalTemporalPlainDateTimeStub,
  type ICalTemporalZonedDateTimeStub,
} from "ical-generator";
import { frenchSpacing } from "../../core/french.ts";
import { PARIS_TIME_ZONE, toParisWallClock } from "../../core/paris-time.ts";
import { validateRrule } from "./recurrence.ts";

export { occurrences, validateRrule } from "./recurrence.ts";
export { describeRrule } from "./recurrence-words.ts";

/** A meeting as its calendar entry shows it. */
export interface CalendarMeeting {
  /** Stable: the entry's UID is `${id}@${host}`, so that calendars update it rather than add another. */
  id: string;
  title: string;
  /** UTC instants. */
  start: Date;
  end: Date;
  status: "planned" | "held" | "published" | "cancelled";
  cancelReason?: string;
  /** Raised by the caller on each change: calendars keep the entry with the highest. */
  sequence: number;
  updatedAt: Date;
  createdAt: Date;
  /** Address text and/or online link. */
  location?: string;
  geo?: { lat: number; lon: number };
  /** The meeting's page, absolute. */
  url: string;
  agenda: { title: string; minutes: number | null }[];
  description?: string;
  /** An RFC 5545 RRULE value, e.g. "FREQ=MONTHLY;BYDAY=2TU"; checked again by `validateRrule`. */
  rrule?: string;
  /** Recurrence exceptions: the UTC instants of the cancelled occurrences. */
  exdates?: Date[];
}

/**
 * Europe/Paris as the EU has set its clocks since 1996: summer time from the last Sunday of March
 * (02:00 → 03:00) to the last Sunday of October (03:00 → 02:00). Written here rather than generated
 * from a time zone database: the rule is all a calendar needs for the meetings to come.
 */
const PARIS_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  `TZID:${PARIS_TIME_ZONE}`,
  `X-LIC-LOCATION:${PARIS_TIME_ZONE}`,
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Text as iCalendar may carry it: line breaks as "\n", and no control character (they are not allowed
 * in a TEXT value, and some calendars refuse the whole feed for one).
 */
function cleanText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(CONTROL, "");
}

/**
 * `instant` as a Paris clock reads it, in the shape of a Temporal.ZonedDateTime: what ical-generator
 * writes as a TZID time. A plain Date would be written with the server's own time zone.
 */
function parisDateTime(instant: Date): ICalTemporalZonedDateTimeStub {
  const wall = toParisWallClock(instant);
  // The fields spelled out in each object: `{ ...fields, more }` takes V8's slow path, 16 µs a call
  // (two a meeting of a feed).
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1;
  const day = wall.getUTCDate();
  const hour = wall.getUTCHours();
  const minute = wall.getUTCMinutes();
  const second = wall.getUTCSeconds();
  const text = () => instant.toISOString();
  const plain: ICalTemporalPlainDateTimeStub = {
    year,
    month,
    day,
    hour,
    minute,
    second,
    toJSON: text,
    toString: text,
    toPlainDate: () => ({ year, month, day, toJSON: text, toString: text }),
    toZonedDateTime: () => zoned,
  };
  const zoned: ICalTemporalZonedDateTimeStub = {
    year,
    month,
    day,
    hour,
    minute,
    second,
    timeZoneId: PARIS_TIME_ZONE,
    toInstant: () => ({
      epochMilliseconds: instant.getTime(),
      toJSON: text,
      toString: text,
      toZonedDateTimeISO: () => zoned,
    }),
    toPlainDateTime: () => plain,
    withTimeZone: () => zoned,
    toJSON: text,
    toString: text,
  };
  return zoned;
}

/** "20261110T183000": a Paris time as a TZID property writes it. */
function parisStamp(instant: Date): string {
  return toParisWallClock(instant).toISOString().replace(/[-:]/g, "").slice(0, 15);
}

/** The RRULE line and one EXDATE line per cancelled occurrence, in the TZID form of DTSTART. */
function recurrence(rrule: string, exdates: Date[]): string {
  const lines = [`RRULE:${validateRrule(rrule)}`];
  for (const date of exdates) lines.push(`EXDATE;TZID=${PARIS_TIME_ZONE}:${parisStamp(date)}`);
  return lines.join("\n");
}

function agendaLine(item: CalendarMeeting["agenda"][number]): string {
  return `• ${item.title}${item.minutes === null ? "" : ` (${item.minutes} min)`}`;
}

/** The cancellation first, the description, the agenda, then the page's link (Google shows no URL). */
function describe(meeting: CalendarMeeting): string {
  const blocks: string[] = [];
  if (meeting.status === "cancelled") {
    const reason = meeting.cancelReason?.trim();
    blocks.push(reason ? `${frenchSpacing("Réunion annulée :")} ${reason}` : "Réunion annulée.");
  }
  if (meeting.description?.trim()) blocks.push(meeting.description.trim());
  if (meeting.agenda.length > 0) {
    blocks.push([frenchSpacing("Ordre du jour :"), ...meeting.agenda.map(agendaLine)].join("\n"));
  }
  blocks.push(meeting.url);
  return cleanText(blocks.join("\n\n"));
}

function location(meeting: CalendarMeeting): ICalLocation | null {
  const title = cleanText(meeting.location?.trim() ?? "");
  if (title) return meeting.geo ? { title, geo: meeting.geo } : { title };
  return meeting.geo ? { geo: meeting.geo } : null;
}

function event(meeting: CalendarMeeting, host: string): ICalEventData {
  const cancelled = meeting.status === "cancelled";
  const title = cleanText(meeting.title);
  return {
    // ical-generator writes the UID as given: escaped here like any TEXT value.
    id: escapeText(cleanText(`${meeting.id}@${host}`), false),
    sequence: meeting.sequence,
    // A feed's entry was last revised when the meeting was: DTSTAMP does not move each time it is read.
    stamp: meeting.updatedAt,
    created: meeting.createdAt,
    lastModified: meeting.updatedAt,
    timezone: PARIS_TIME_ZONE,
    start: parisDateTime(meeting.start),
    end: parisDateTime(meeting.end),
    repeating: meeting.rrule ? recurrence(meeting.rrule, meeting.exdates ?? []) : null,
    // Google shows a cancelled entry of a subscribed calendar as any other: its title says so.
    summary: cancelled ? `${frenchSpacing("Annulée :")} ${title}` : title,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    location: location(meeting),
    description: describe(meeting),
    url: meeting.url,
  };
}

/**
 * The iCalendar text (CRLF lines, folded at 75 octets) of a calendar named `name`, with one entry per
 * meeting; `host` (the instance's) makes the UIDs unique beyond it. Throws `VALIDATION_FAILED` for a
 * meeting whose rule `validateRrule` refuses.
 */
export function meetingsCalendar(input: { name: string; host: string; meetings: CalendarMeeting[] }): string {
  const calendar = ical({
    // ical-generator writes the name as given; a name is one line.
    name: escapeText(cleanText(input.name).replace(/\s*\n\s*/g, " "), false),
    prodId: "//Communs//Réunions//FR",
    // No calendar-wide time zone: DTSTAMP, CREATED and LAST-MODIFIED must stay in UTC. The generator
    // is asked for the VTIMEZONE of each TZID the events use.
    timezone: { name: null, generator: (zone) => (zone === PARIS_TIME_ZONE ? PARIS_VTIMEZONE : null) },
  });
  // Its head, written while it holds no event: ical-generator folds the whole text a character at a
  // time (a TextEncoder each), over half a second for a feed of 1 000 meetings; the events are folded
  // here the same way, counting the octets without encoding.
  const head = calendar.toString().replace(/END:VCALENDAR$/, "");
  const events = input.meetings.map((meeting) => calendar.createEvent(event(meeting, input.host)).toString());
  const zone = events.length > 0 ? `${PARIS_VTIMEZONE}\r\n` : "";
  // ical-generator leaves END:VCALENDAR without the CRLF every content line ends with.
  return `${head}${foldLines(zone + events.join(""))}END:VCALENDAR\r\n`;
}

/** Octets of the UTF-8 of one code unit read alone (a lone surrogate is written U+FFFD). */
const unitOctets = (code: number) => (code < 0x80 ? 1 : code < 0x800 ? 2 : 3);

/** Octets of the UTF-8 of the character at `i`, and how many code units it takes. */
function charAt(text: string, i: number): [octets: number, units: number] {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return [unitOctets(code), 1];
  // A high surrogate goes with the unit after it, whatever that is, as ical-generator reads it.
  const next = text.charCodeAt(i + 1);
  return [next >= 0xdc00 && next <= 0xdfff ? 4 : 3 + unitOctets(next), 2];
}

/**
 * Content lines folded as ical-generator folds them (RFC 5545 §3.1): a line goes on after CRLF and a
 * space once it holds 75 octets, never inside a character. The same text, byte for byte.
 */
export function foldLines(text: string): string {
  return text
    .split("\r\n")
    .map((line) => {
      if (Buffer.byteLength(line) <= 74) return line;
      const parts: string[] = [];
      let octets = 0;
      let start = 0;
      for (let i = 0; i < line.length; ) {
        const [size, units] = charAt(line, i);
        octets += size;
        if (octets > 74) {
          parts.push(line.slice(start, i));
          start = i;
          octets = size;
        }
        i += units;
      }
      parts.push(line.slice(start));
      return parts.join("\r\n ");
    })
    .join("\r\n");
}
