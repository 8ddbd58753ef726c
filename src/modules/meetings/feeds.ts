import type { MeetingTable } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { type CalendarMeeting, meetingsCalendar } from "./ical.ts";
import type { CALENDAR_COLUMNS } from "./store.ts";

/** A space's feed holds its last meetings (recurring ones carry their own future). */
export const FEED_LIMIT = 1000;

type Agenda = { title: string; minutes: number | null }[];

/** A meeting as its calendar entry needs it. */
export type CalendarRow = Pick<MeetingTable, (typeof CALENDAR_COLUMNS)[number]>;

function calendarMeeting(base: string, slug: string, meeting: CalendarRow, agenda: Agenda): CalendarMeeting {
  const location = [meeting.address, meeting.online_link].filter(Boolean).join(" · ");
  return {
    id: meeting.id,
    title: meeting.title,
    start: new Date(meeting.starts_at),
    end: new Date(meeting.ends_at),
    status: meeting.status,
    cancelReason: meeting.cancel_reason || undefined,
    sequence: meeting.sequence,
    createdAt: new Date(meeting.created_at),
    updatedAt: new Date(meeting.updated_at),
    location: location || undefined,
    geo: meeting.lat !== null && meeting.lon !== null ? { lat: meeting.lat, lon: meeting.lon } : undefined,
    url: new URL(urls.meeting(slug, meeting.id), base).href,
    agenda,
    description: meeting.summary || undefined,
    rrule: meeting.rrule ?? undefined,
    exdates: (JSON.parse(meeting.exdates) as string[]).map((d) => new Date(d)),
  };
}

/**
 * An iCalendar file (RFC 5545) of meetings of a space, each with its agenda: the space's feed, or one
 * meeting's file (its page's link, the announcement mail's attachment).
 */
export function calendarFile(
  base: string,
  space: { slug: string; name: string },
  meetings: { meeting: CalendarRow; agenda: Agenda }[],
  name = space.name,
): string {
  return meetingsCalendar({
    name,
    host: new URL(base).host,
    meetings: meetings.map(({ meeting, agenda }) => calendarMeeting(base, space.slug, meeting, agenda)),
  });
}
