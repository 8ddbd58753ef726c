import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import type { Geocoder } from "../../core/geocoding.ts";
import { newId } from "../../core/ids.ts";
import { utcToParis } from "../../core/paris-time.ts";
import { type Actor, authorize, can, type SignedInAction } from "../../core/policy.ts";
import type { Database, MeetingTable } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import type { JobQueue } from "../jobs/service.ts";
import type { Notifications } from "../notifications/service.ts";
import { findMembership, findSpaceById, findSpaceBySlug, type SpaceRow } from "../spaces/service.ts";
import { calendarFile } from "./feeds.ts";
import { occurrences } from "./ical.ts";
import { checkMeeting, checkReason, type MeetingFields } from "./input.ts";
import type { Loaded } from "./rows.ts";
import { createAgenda } from "./service-agenda.ts";
import { createMinutes } from "./service-minutes.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/** The reminder of a meeting, the day before: a durable job. */
export const REMINDER_JOB = "meetings.reminder";

/** Where a meeting of this space may be placed: the directory of the space, or of its assembly. */
function directoryOf(space: SpaceRow): string | null {
  return space.kind === "assembly" ? space.id : space.assembly_id;
}

/**
 * Meetings of a space: planned with their time, place and links, an agenda anyone proposes to and
 * facilitators order, attendance with introductions, then minutes taken live or imported from a pad,
 * published, corrected by attendees for a while and approved.
 */
export function createMeetings(
  ctx: Context,
  notifications: Notifications,
  jobs: JobQueue,
  geocoder: Geocoder | null,
) {
  const db = ctx.db.kysely;

  async function spaceRow(slug: string): Promise<SpaceRow> {
    const space = await findSpaceBySlug(db, slug);
    if (!space) throw new DomainError("SPACE_NOT_FOUND");
    return space;
  }

  async function membershipOf(actor: Actor | undefined, space: SpaceRow) {
    return actor ? await findMembership(db, space.id, actor.id) : undefined;
  }

  /** The space, once the actor may take this action there. */
  async function inSpace(actor: Actor | undefined, slug: string, action: SignedInAction) {
    const space = await spaceRow(slug);
    const membership = await membershipOf(actor, space);
    authorize(actor, action, { space, membership });
    return { space, membership, actor };
  }

  /** A meeting of this space (another space's is not there), read by anyone. */
  async function meetingIn(trx: Db, space: SpaceRow, id: string): Promise<MeetingTable> {
    const meeting = await store.meetingById(trx, id);
    if (!meeting || meeting.space_id !== space.id) throw new DomainError("MEETING_NOT_FOUND");
    return meeting;
  }

  async function loaded(actor: Actor | undefined, slug: string, id: string): Promise<Loaded> {
    const space = await spaceRow(slug);
    const meeting = await meetingIn(db, space, id);
    const membership = await membershipOf(actor, space);
    return {
      space,
      membership,
      meeting,
      resource: { space, membership, meeting: { createdBy: meeting.created_by } },
    };
  }

  /** The meeting, once the actor may take this action on it. */
  async function allowed(actor: Actor | undefined, slug: string, id: string, action: SignedInAction) {
    const found = await loaded(actor, slug, id);
    authorize(actor, action, found.resource);
    return { ...found, actor };
  }

  /** Where it takes place: a commons of the directory (its address), or the address typed, geocoded. */
  async function placeOf(space: SpaceRow, fields: MeetingFields) {
    const directory = directoryOf(space);
    if (fields.commons !== "") {
      const commons = directory ? await store.commonsPlace(db, directory, fields.commons) : undefined;
      if (!commons) throw validationError({ commons: "meetings.commonsUnknown" });
      const address = [commons.street, [commons.postcode, commons.commune].filter(Boolean).join(" ")]
        .filter(Boolean)
        .join(", ");
      return {
        commons_id: commons.id,
        address: fields.address || address,
        lat: commons.latitude,
        lon: commons.longitude,
      };
    }
    return { commons_id: null, address: fields.address, ...(await geocoded(fields.address)) };
  }

  async function geocoded(address: string): Promise<{ lat: number | null; lon: number | null }> {
    if (!geocoder || address === "") return { lat: null, lon: null };
    try {
      const found = await geocoder.geocode({ street: address, postcode: "", commune: "", country: "FR" });
      return { lat: found?.latitude ?? null, lon: found?.longitude ?? null };
    } catch {
      // An address the geocoder cannot place (or a geocoder out of reach) is kept as typed.
      return { lat: null, lon: null };
    }
  }

  async function scheduleReminder(meeting: MeetingTable): Promise<void> {
    const due = new Date(new Date(meeting.starts_at).getTime() - 24 * 3_600_000);
    if (meeting.status !== "planned" || due.getTime() < Date.now()) return;
    await jobs.enqueue(
      REMINDER_JOB,
      { meetingId: meeting.id, sequence: meeting.sequence },
      { dueAt: due, key: `${REMINDER_JOB}:${meeting.id}:${meeting.sequence}` },
    );
  }

  /** Records what happened to a meeting; an operator's command line acts as nobody (`null`). */
  async function event(
    trx: Db,
    actor: Actor | null,
    meeting: Pick<MeetingTable, "id" | "space_id" | "title">,
    action: string,
    after: Record<string, unknown> = {},
  ) {
    await recordEvent(trx, {
      actorId: actor?.id ?? null,
      spaceId: meeting.space_id,
      action,
      subjectType: "meeting",
      subjectId: meeting.id,
      after: { title: meeting.title, ...after },
    });
  }

  /** Changes a meeting and raises its calendar sequence. */
  async function change(trx: Db, meeting: MeetingTable, changes: Partial<MeetingTable>) {
    const updated = {
      ...meeting,
      ...changes,
      sequence: meeting.sequence + 1,
      updated_at: new Date().toISOString(),
    };
    await store.updateMeeting(trx, meeting.id, {
      ...changes,
      sequence: updated.sequence,
      updated_at: updated.updated_at,
    });
    return updated;
  }

  async function announce(space: SpaceRow, meeting: MeetingTable, by: Actor) {
    const ics = calendarFile(ctx.config.publicUrl, space, [{ meeting, agenda: [] }], meeting.title);
    await notifications.notify({
      attachments: [{ filename: "reunion.ics", contentType: "text/calendar; charset=utf-8", content: ics }],
      kind: "meeting.announced",
      spaceId: space.id,
      recipients: await notifications.withRole(space.id, ["member", "facilitator", "treasurer"]),
      link: urls.meeting(space.slug, meeting.id),
      params: {
        space: space.name,
        title: meeting.title,
        date: utcToParis(new Date(meeting.starts_at)).date,
        time: utcToParis(new Date(meeting.starts_at)).time,
      },
      actorId: by.id,
    });
  }

  jobs.register(REMINDER_JOB, async (payload: { meetingId: string; sequence: number }) => {
    const meeting = await store.meetingById(db, payload.meetingId);
    // Changed since (a new reminder was set for its new time) or no longer planned: nothing to remind.
    if (meeting?.status !== "planned" || meeting.sequence !== payload.sequence) return;
    const space = await findSpaceById(db, meeting.space_id);
    if (!space) return;
    await notifications.notify({
      kind: "meeting.reminder",
      spaceId: space.id,
      recipients: await store.attendingPeople(db, meeting.id),
      link: urls.meeting(space.slug, meeting.id),
      params: { space: space.name, title: meeting.title, time: utcToParis(new Date(meeting.starts_at)).time },
    });
  });

  const minutes = createMinutes(db, {
    loaded,
    allowed,
    event,
    change,
    notifications,
    jobs,
    padOptions: ctx.config.pad,
  });

  return {
    ...minutes,
    ...createAgenda(db, { allowed, event }),
    loaded,

    /** What waits for those who run meetings in these spaces: themes to order, minutes to publish. */
    async toDo(spaceIds: string[]) {
      if (spaceIds.length === 0) return { themes: [], minutes: [] };
      const now = new Date().toISOString();
      const [themes, minutes] = await Promise.all([
        store.themesToOrder(db, spaceIds, now),
        store.minutesToPublish(db, spaceIds, now),
      ]);
      return { themes, minutes };
    },

    /** The new meeting form, for those who may plan one. */
    async creating(actor: Actor | undefined, slug: string) {
      await inSpace(actor, slug, "meeting.create");
    },

    /** A meeting, for those who run it (its forms). */
    running: (actor: Actor | undefined, slug: string, id: string) => allowed(actor, slug, id, "meeting.run"),

    /** Meetings of a space with their agendas, newest first, for its calendar. */
    async calendar(slug: string, limit: number) {
      const space = await spaceRow(slug);
      const meetings = await store.meetingsOf(db, space.id, limit);
      const agendas = await store.agendasOf(
        db,
        meetings.map((m) => m.id),
      );
      return { space, meetings, agendas };
    },

    /** A space's meetings: those to come (with the next occurrences of recurring ones) and a year of past ones. */
    async list(actor: Actor | undefined, slug: string, year?: number) {
      const space = await spaceRow(slug);
      const membership = await membershipOf(actor, space);
      const now = new Date().toISOString();
      const upcoming = await store.meetingsBetween(db, space.id, now, "9999-12-31", "asc");
      const years = await store.meetingYears(db, space.id);
      const shownYear =
        year ?? years.find((y) => y <= new Date().getUTCFullYear()) ?? new Date().getUTCFullYear();
      const from = `${shownYear}-01-01T00:00:00.000Z`;
      const to = `${shownYear + 1}-01-01T00:00:00.000Z`;
      const past = await store.meetingsBetween(db, space.id, from, to < now ? to : now, "desc");
      const yearAhead = new Date(Date.now() + 366 * 24 * 3_600_000);
      const recurring = (await store.recurringBefore(db, space.id, now)).map((m) => {
        const skipped = (JSON.parse(m.exdates) as string[]).map((d) => new Date(d));
        const [next] = occurrences(m.rrule ?? "", new Date(m.starts_at), [new Date(), yearAhead], skipped);
        return { ...m, next: next?.toISOString() ?? null };
      });
      return {
        space,
        upcoming,
        recurring,
        past,
        year: shownYear,
        years,
        canCreate: can(actor, "meeting.create", { space, membership }),
      };
    },

    /** A member plans a meeting; the space's members hear of it and a reminder is set for the day before. */
    async create(actor: Actor | undefined, slug: string, raw: Record<string, unknown>) {
      const { space, actor: by } = await inSpace(actor, slug, "meeting.create");
      const fields = checkMeeting(raw);
      const now = new Date().toISOString();
      const meeting: MeetingTable = {
        id: newId(),
        space_id: space.id,
        title: fields.title,
        starts_at: fields.startsAt.toISOString(),
        ends_at: fields.endsAt.toISOString(),
        status: "planned",
        cancel_reason: "",
        summary: fields.summary,
        ...(await placeOf(space, fields)),
        online_link: fields.onlineLink,
        announcements: JSON.stringify(fields.announcements),
        rrule: fields.rrule,
        exdates: "[]",
        sequence: 0,
        pad_url: "",
        pad_text: null,
        pad_sha256: null,
        pad_fetched_at: null,
        published_at: null,
        corrections_until: null,
        approved_at: null,
        created_by: by.id,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await store.insertMeeting(trx, meeting);
        await event(trx, by, meeting, "meeting.announced", { startsAt: meeting.starts_at });
      });
      await scheduleReminder(meeting);
      await announce(space, meeting, by);
      return meeting;
    },

    /** Its time, place, links or recurrence changed: calendars see a new sequence. */
    async edit(actor: Actor | undefined, slug: string, id: string, raw: Record<string, unknown>) {
      const { space, meeting, actor: by } = await allowed(actor, slug, id, "meeting.run");
      const fields = checkMeeting(raw);
      const updated = await db.transaction().execute(async (trx) => {
        const changed = await change(trx, meeting, {
          title: fields.title,
          starts_at: fields.startsAt.toISOString(),
          ends_at: fields.endsAt.toISOString(),
          summary: fields.summary,
          ...(await placeOf(space, fields)),
          online_link: fields.onlineLink,
          announcements: JSON.stringify(fields.announcements),
          rrule: fields.rrule,
        });
        await event(trx, by, changed, "meeting.changed", { startsAt: changed.starts_at });
        return changed;
      });
      await scheduleReminder(updated);
      return updated;
    },

    /**
     * One date of a recurring meeting will not be held (a bank holiday, a room taken): it becomes an
     * exception of the rule (EXDATE), the others stay; taken back, it is held again.
     */
    async skipOccurrence(actor: Actor | undefined, slug: string, id: string, raw: Record<string, unknown>) {
      const { meeting, actor: by } = await allowed(actor, slug, id, "meeting.run");
      if (!meeting.rrule || meeting.status === "cancelled") throw new DomainError("MEETING_STATE");
      const at = new Date(String(raw.occurrence ?? ""));
      const skipped = (JSON.parse(meeting.exdates) as string[]).filter((d) => d !== at.toISOString());
      const restore = raw.restore === "1" || raw.restore === true;
      const year = 366 * 24 * 3_600_000;
      const isOccurrence =
        !Number.isNaN(at.getTime()) &&
        occurrences(meeting.rrule, new Date(meeting.starts_at), [at, new Date(at.getTime() + 1)]).length ===
          1;
      if (!isOccurrence || at.getTime() > Date.now() + year * 5)
        throw validationError({ occurrence: "meetings.occurrenceUnknown" });
      return db.transaction().execute(async (trx) => {
        const exdates = restore ? skipped : [...skipped, at.toISOString()].sort();
        const changed = await change(trx, meeting, { exdates: JSON.stringify(exdates) });
        await event(trx, by, changed, restore ? "meeting.occurrenceRestored" : "meeting.occurrenceSkipped", {
          date: utcToParis(at).date,
        });
        return changed;
      });
    },

    /** A planned meeting will not take place: its reason is said, calendars show it cancelled. */
    async cancel(actor: Actor | undefined, slug: string, id: string, raw: Record<string, unknown>) {
      const { meeting, actor: by } = await allowed(actor, slug, id, "meeting.run");
      const reason = checkReason(raw);
      if (meeting.status !== "planned") throw new DomainError("MEETING_STATE");
      return db.transaction().execute(async (trx) => {
        const changed = await change(trx, meeting, { status: "cancelled", cancel_reason: reason });
        await event(trx, by, changed, "meeting.cancelled", { reason });
        return changed;
      });
    },
  };
}

export type Meetings = ReturnType<typeof createMeetings>;
