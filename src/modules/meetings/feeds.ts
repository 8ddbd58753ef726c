import type { MeetingTable } from "../../db/schema.ts";
import type { LoadedServices } from "../../services.ts";
import { urls } from "../../web/urls.ts";
import { type CalendarMeeting, meetingsCalendar } from "./ical.ts";

/** A space's feed holds its last meetings (recurring ones carry their own future). */
const FEED_LIMIT = 1000;

type Needs = LoadedServices<"meetings">;

function calendarMeeting(
  base: string,
  slug: string,
  meeting: MeetingTable,
  agenda: { title: string; minutes: number | null }[],
): CalendarMeeting {
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

/** The iCalendar feed of a space's meetings (RFC 5545). */
export async function calendarOfSpace(services: Needs, slug: string): Promise<string> {
  const { space, meetings, agendas } = await services.meetings.calendar(slug, FEED_LIMIT);
  const base = services.config.publicUrl;
  return meetingsCalendar({
    name: space.name,
    host: new URL(base).host,
    meetings: meetings.map((m) =>
      calendarMeeting(
        base,
        space.slug,
        m,
        agendas.filter((a) => a.meeting_id === m.id),
      ),
    ),
  });
}

/** One meeting's calendar file, to add it to one's own calendar. */
export async function calendarOfMeeting(services: Needs, slug: string, id: string): Promise<string> {
  const shown = await services.meetings.view(undefined, slug, id);
  const base = services.config.publicUrl;
  const agenda = shown.agenda.filter((i) => i.status === "proposed" || i.status === "ordered");
  return meetingsCalendar({
    name: shown.meeting.title,
    host: new URL(base).host,
    meetings: [calendarMeeting(base, shown.space.slug, shown.meeting, agenda)],
  });
}
