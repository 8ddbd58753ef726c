import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { parseMeetingTime } from "../../core/paris-time.ts";
import { checkLine, isHttpUrl, multiline, oneLine } from "../../core/text.ts";
import type { AttendanceAnswer, MinutesItemKind } from "../../db/schema.ts";
import { validateRrule } from "./ical.ts";

/** How long texts of meetings may be. */
export const MEETING_LIMITS = {
  title: 140,
  summary: 2000,
  address: 300,
  url: 500,
  announcements: 10,
  intro: 200,
  name: 100,
  themeTitle: 140,
  themeDescription: 1000,
  themeMinutes: 600,
  text: 20_000,
  reason: 500,
  /** A meeting lasts at most this many days. */
  days: 14,
} as const;

export interface MeetingFields {
  title: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  commons: string;
  address: string;
  onlineLink: string;
  announcements: string[];
  rrule: string | null;
}

function time(errors: FieldErrors, field: string, value: unknown): Date | null {
  const text = oneLine(value);
  if (text === "") {
    errors[field] = "field.required";
    return null;
  }
  try {
    return parseMeetingTime(text);
  } catch {
    errors[field] = "meetings.timeInvalid";
    return null;
  }
}

function link(errors: FieldErrors, field: string, value: unknown): string {
  const url = oneLine(value);
  if (url !== "" && (!isHttpUrl(url) || url.length > MEETING_LIMITS.url))
    errors[field] = "meetings.linkInvalid";
  return url;
}

/** Announcement links: one per line (a form) or a list (the API). */
function links(errors: FieldErrors, value: unknown): string[] {
  const lines = Array.isArray(value) ? value.map(oneLine) : multiline(value).split("\n").map(oneLine);
  const urls = [...new Set(lines.filter((line) => line !== ""))];
  if (
    urls.length > MEETING_LIMITS.announcements ||
    urls.some((u) => !isHttpUrl(u) || u.length > MEETING_LIMITS.url)
  )
    errors.announcements = "meetings.linksInvalid";
  return urls;
}

function recurrence(errors: FieldErrors, value: unknown): string | null {
  const text = oneLine(value);
  if (text === "") return null;
  try {
    return validateRrule(text);
  } catch {
    errors.rrule = "meetings.rruleInvalid";
    return null;
  }
}

/** A meeting as typed in its form or sent to the API; every problem is reported at once. */
export function checkMeeting(raw: Record<string, unknown>): MeetingFields {
  const errors: FieldErrors = {};
  const title = oneLine(raw.title);
  checkLine(errors, "title", title, { required: true, max: MEETING_LIMITS.title });
  const startsAt = time(errors, "start", raw.start);
  const endsAt = time(errors, "end", raw.end);
  if (startsAt && endsAt) {
    const hours = (endsAt.getTime() - startsAt.getTime()) / 3_600_000;
    if (hours <= 0) errors.end = "meetings.endBeforeStart";
    else if (hours > MEETING_LIMITS.days * 24) errors.end = "meetings.tooLong";
  }
  const summary = multiline(raw.summary);
  if ([...summary].length > MEETING_LIMITS.summary)
    errors.summary = `field.tooLong.${MEETING_LIMITS.summary}`;
  const address = oneLine(raw.address);
  checkLine(errors, "address", address, { required: false, max: MEETING_LIMITS.address });
  const fields = {
    title,
    summary,
    commons: oneLine(raw.commons).slice(0, 200),
    address,
    onlineLink: link(errors, "link", raw.link),
    announcements: links(errors, raw.announcements),
    rrule: recurrence(errors, raw.rrule),
  };
  if (Object.keys(errors).length > 0 || !startsAt || !endsAt) throw validationError(errors);
  return { ...fields, startsAt, endsAt };
}

export interface ThemeFields {
  title: string;
  description: string;
  minutes: number | null;
}

/** Minutes as typed: empty for none, else a whole number from 1 to `max`. */
export function minutesField(errors: FieldErrors, field: string, value: unknown, max: number): number | null {
  const text = oneLine(typeof value === "number" ? String(value) : value);
  if (text === "") return null;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) {
    errors[field] = "meetings.minutesInvalid";
    return null;
  }
  return n;
}

export function checkTheme(raw: Record<string, unknown>): ThemeFields {
  const errors: FieldErrors = {};
  const title = oneLine(raw.title);
  checkLine(errors, "title", title, { required: true, max: MEETING_LIMITS.themeTitle });
  const description = multiline(raw.description);
  if ([...description].length > MEETING_LIMITS.themeDescription)
    errors.description = `field.tooLong.${MEETING_LIMITS.themeDescription}`;
  const minutes = minutesField(errors, "minutes", raw.minutes, MEETING_LIMITS.themeMinutes);
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { title, description, minutes };
}

const ANSWERS: readonly AttendanceAnswer[] = ["yes", "maybe", "no"];

export interface AnswerFields {
  answer: AttendanceAnswer;
  intro: string;
  introPublic: boolean;
}

export function checkAnswer(raw: Record<string, unknown>): AnswerFields {
  const answer = oneLine(raw.answer) as AttendanceAnswer;
  const intro = oneLine(raw.intro);
  const errors: FieldErrors = {};
  if (!ANSWERS.includes(answer)) errors.answer = "meetings.answerInvalid";
  checkLine(errors, "intro", intro, { required: false, max: MEETING_LIMITS.intro });
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const shown = raw.introPublic;
  return { answer, intro, introPublic: shown === true || shown === "1" || shown === "on" };
}

export function checkGuest(raw: Record<string, unknown>): { name: string; intro: string } {
  const errors: FieldErrors = {};
  const name = oneLine(raw.name);
  const intro = oneLine(raw.intro);
  checkLine(errors, "name", name, { required: true, max: MEETING_LIMITS.name });
  checkLine(errors, "intro", intro, { required: false, max: MEETING_LIMITS.intro });
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { name, intro };
}

/** "HH:MM" (also "10h36", "9h"): a time of the day, or an error for the field. */
export function clockTime(errors: FieldErrors, field: string, value: unknown): string | null {
  const text = oneLine(value);
  if (text === "") return null;
  const match = /^(\d{1,2})\s*[h:]\s*(\d{2})?$/i.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2] ?? 0);
  if (!match || hours > 23 || minutes > 59) {
    errors[field] = "meetings.clockInvalid";
    return null;
  }
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

export interface Volunteer {
  name: string;
  personId: string | null;
}

export interface MinutesFields {
  kind: MinutesItemKind;
  time: string | null;
  title: string;
  text: string;
  facilitator: string;
  participants: string;
  volunteers: string[];
  dueDate: string | null;
}

const KINDS: readonly MinutesItemKind[] = ["entry", "decision", "workshop", "action"];

function dueDate(errors: FieldErrors, value: unknown): string | null {
  const text = oneLine(value);
  if (text === "") return null;
  const date = new Date(`${text}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== text
  )
    errors.dueDate = "meetings.dateInvalid";
  return text;
}

/** Volunteers as typed: names separated by commas, "et" or new lines. */
export function volunteerNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(oneLine) : multiline(value).split(/\n|,|;|\s+et\s+/);
  return [...new Set(list.map(oneLine).filter((n) => n !== ""))].slice(0, 20);
}

/** An item of the minutes: a stamped entry, a decision, a workshop or an action item. */
export function checkMinutesItem(raw: Record<string, unknown>, now: string): MinutesFields {
  const errors: FieldErrors = {};
  const kind = oneLine(raw.kind) as MinutesItemKind;
  if (!KINDS.includes(kind)) throw new DomainError("BAD_REQUEST");
  const text = multiline(raw.text);
  const title = oneLine(raw.title);
  const stamped = kind === "entry" || kind === "decision";
  const fields: MinutesFields = {
    kind,
    time: stamped ? (clockTime(errors, "time", raw.time) ?? now) : null,
    title: kind === "workshop" ? title : "",
    text,
    facilitator: kind === "workshop" ? oneLine(raw.facilitator) : "",
    participants: kind === "workshop" ? oneLine(raw.participants) : "",
    volunteers: kind === "action" ? volunteerNames(raw.volunteers) : [],
    dueDate: kind === "action" ? dueDate(errors, raw.dueDate) : null,
  };
  if (kind === "workshop")
    checkLine(errors, "title", title, { required: true, max: MEETING_LIMITS.themeTitle });
  else if (text === "") errors.text = "field.required";
  if ([...text].length > MEETING_LIMITS.text) errors.text = `field.tooLong.${MEETING_LIMITS.text}`;
  checkLine(errors, "facilitator", fields.facilitator, { required: false, max: MEETING_LIMITS.name });
  checkLine(errors, "participants", fields.participants, { required: false, max: 1000 });
  if (fields.volunteers.some((n) => [...n].length > MEETING_LIMITS.name))
    errors.volunteers = "meetings.volunteersInvalid";
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return fields;
}

export function checkReason(raw: Record<string, unknown>, field = "reason"): string {
  const reason = multiline(raw[field]);
  const errors: FieldErrors = {};
  if (reason === "") errors[field] = "field.required";
  else if ([...reason].length > MEETING_LIMITS.reason)
    errors[field] = `field.tooLong.${MEETING_LIMITS.reason}`;
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return reason;
}
