/**
 * The instance's clock: meetings are kept as UTC instants and typed and shown in Paris time
 * (Europe/Paris, +01:00 in winter, +02:00 in summer). Conversions go through `Intl`, which knows the
 * dates of the clock changes, whatever the server's own time zone.
 *
 * Two local times are not one instant each, and follow RFC 5545 (§3.3.5), as calendars do:
 * - in spring the clocks skip an hour: a time inside the gap (2026-03-29 02:30, which never shows on a
 *   Paris clock) is read with the offset in force before the gap, so it lands as far after the gap:
 *   02:30 becomes 03:30 (+02:00);
 * - in autumn an hour comes twice: a time inside it (2026-10-25 02:30) is its first occurrence, still in
 *   summer time (+02:00).
 */
import { DomainError } from "./errors.ts";

export const PARIS_TIME_ZONE = "Europe/Paris";

/** The offset from UTC of a Paris clock. */
export type ParisOffset = "+01:00" | "+02:00";

/** An instant as a Paris clock shows it. */
export interface ParisTime {
  /** "2026-10-25" */
  date: string;
  /** "18:30" */
  time: string;
  /** "2026-10-25T18:30", as an `<input type="datetime-local">` reads and writes it. */
  local: string;
  /** Tells apart the two instants of the autumn's repeated hour, which have the same `local`. */
  offset: ParisOffset;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Made once: building an Intl object costs far more than using it.
const PARIS_CLOCK = new Intl.DateTimeFormat("en-GB", {
  timeZone: PARIS_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** The Paris clock's offset, in ms, in each UTC hour already read (pages and feeds read thousands). */
const OFFSETS = new Map<number, number>();
const MAX_OFFSETS = 100_000;

/**
 * A Date whose UTC fields read the Paris clock at `instant` (its seconds too): the "floating" dates
 * rrule computes with.
 */
export function toParisWallClock(instant: Date): Date {
  const time = instant.getTime();
  const hour = Math.floor(time / HOUR);
  let offset = OFFSETS.get(hour);
  if (offset === undefined) {
    // The clock moves on the hour: an hour that starts and ends with one offset has it throughout.
    const first = readClock(hour * HOUR) - hour * HOUR;
    if (first !== readClock(hour * HOUR + HOUR - 1000) - (hour * HOUR + HOUR - 1000))
      return new Date(readClock(time) + (time - Math.floor(time / 1000) * 1000));
    offset = first;
    if (OFFSETS.size >= MAX_OFFSETS) OFFSETS.clear();
    OFFSETS.set(hour, offset);
  }
  return new Date(time + offset);
}

/** What a Paris clock reads at `instant` (to the second), as the UTC fields of a time value. */
function readClock(instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of PARIS_CLOCK.formatToParts(whole)) parts[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Minutes to add to UTC to read a Paris clock at `instant`: 60 or 120. */
function offsetAt(instant: number): number {
  return (toParisWallClock(new Date(instant)).getTime() - instant) / MINUTE;
}

/**
 * The instant at which a Paris clock reads what `wall`'s UTC fields say (the inverse of
 * `toParisWallClock`), with the gap and the repeated hour read as this file's comment says.
 */
export function fromParisWallClock(wall: Date): Date {
  const reading = wall.getTime();
  const before = offsetAt(reading - DAY);
  const after = offsetAt(reading + DAY);
  // Earliest first: in the repeated hour the summer offset (the larger) gives the first instant.
  const candidates = [...new Set([before, after])]
    .sort((a, b) => b - a)
    .map((offset) => reading - offset * MINUTE)
    .filter((instant) => toParisWallClock(new Date(instant)).getTime() === reading);
  return new Date(candidates[0] ?? reading - before * MINUTE);
}

/** The matched fields as a Date's UTC fields; null when one is out of range (30 February, 24:00). */
function validWall(match: RegExpExecArray): Date | null {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((field) => Number(field ?? 0));
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls a field out of range over (30 February is 2 March): it then reads differently.
  const fields = [year, month, day, hour, minute, second].join();
  const read = [
    wall.getUTCFullYear(),
    wall.getUTCMonth() + 1,
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
  ].join();
  return fields === read && year >= 1970 ? wall : null;
}

/**
 * The instant of a Paris local time "YYYY-MM-DDTHH:MM" (or "…:SS"), years from 1970. Throws
 * `VALIDATION_FAILED` for anything else.
 */
export function parisToUtc(local: string): Date {
  const match = LOCAL.exec(local);
  const wall = match && validWall(match);
  if (!wall) throw new DomainError("VALIDATION_FAILED");
  return fromParisWallClock(wall);
}

/**
 * A meeting's time as a form or the API sends it: a Paris local time (see `parisToUtc`), or an ISO 8601
 * instant with its offset or Z ("2026-10-25T10:00:00+01:00"). Throws `VALIDATION_FAILED` otherwise.
 */
export function parseMeetingTime(value: string): Date {
  if (LOCAL.test(value)) return parisToUtc(value);
  const match = INSTANT.exec(value);
  const wall = match && validWall(match);
  const milliseconds = Number((match?.[7] ?? "").padEnd(3, "0").slice(0, 3));
  const offset = match?.[8] ?? "";
  const [hours = 0, minutes = 0] = offset === "Z" ? [] : offset.slice(1).split(":").map(Number);
  if (!wall || hours > 14 || minutes > 59) throw new DomainError("VALIDATION_FAILED");
  const sign = offset.startsWith("-") ? -1 : 1;
  return new Date(wall.getTime() + milliseconds - sign * (hours * HOUR + minutes * MINUTE));
}

/** How a Paris clock shows `date`, to the minute. */
export function utcToParis(date: Date): ParisTime {
  const wall = toParisWallClock(date).toISOString();
  const minutes = offsetAt(date.getTime());
  // Paris kept other offsets before 1946 (local mean time, war years); no meeting is held then.
  if (minutes !== 60 && minutes !== 120) throw new RangeError(`not a Paris offset: ${minutes} min`);
  const local = wall.slice(0, 16);
  return {
    date: local.slice(0, 10),
    time: local.slice(11),
    local,
    offset: minutes === 60 ? "+01:00" : "+02:00",
  };
}
