import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { PAD_MAX_BYTES, type PadDraft, padText, parsePad } from "../../core/pad.ts";
import { utcToParis } from "../../core/paris-time.ts";
import { type Actor, can, type SignedInAction } from "../../core/policy.ts";
import type { Database, MeetingTable } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import type { Jobs } from "../jobs/service.ts";
import type { Notifications } from "../notifications/service.ts";
import { createFromAction, scheduleTaskDigest } from "../tasks/service.ts";
import { occurrences } from "./ical.ts";
import { checkMinutesItem, checkReason, type MinutesFields, type Volunteer } from "./input.ts";
import { decodePadBytes, fetchPad, padExportUrl } from "./pad-fetch.ts";
import { heldNow, type Loaded, minutesRows } from "./rows.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/** What the minutes need of the meetings service. */
interface Deps {
  loaded(actor: Actor | undefined, slug: string, id: string): Promise<Loaded>;
  allowed(
    actor: Actor | undefined,
    slug: string,
    id: string,
    action: SignedInAction,
  ): Promise<Loaded & { actor: Actor }>;
  event(
    trx: Db,
    actor: Actor | null,
    meeting: MeetingTable,
    action: string,
    after?: Record<string, unknown>,
  ): Promise<void>;
  change(trx: Db, meeting: MeetingTable, changes: Partial<MeetingTable>): Promise<MeetingTable>;
  notifications: Notifications;
  jobs: Jobs;
  padOptions: { timeoutMs: number; maxBytes: number; allowedHosts: string[] };
}

/** Where a pad's text comes from: a file, the text itself, or its address (fetched). */
export interface PadSource {
  url?: string;
  text?: string;
  bytes?: Uint8Array;
}

/** A pad's text and where it came from, as pinned on the meeting. */
export interface PinnedPad {
  url: string;
  text: string;
  sha256: string;
  fetchedAt: Date;
}

const MINUTES_KINDS = ["entry", "workshop", "action"] as const;

/** A meeting's minutes: shown, exported, imported from a pad, published and corrected. */
export function createMinutes(db: Db, deps: Deps) {
  /** The pad's text from a file, the text given, or its address (fetched), in that order. */
  async function pinned(source: PadSource): Promise<PinnedPad> {
    const url = source.url?.trim() ?? "";
    if (source.bytes === undefined && !source.text?.trim()) {
      if (url === "") throw validationError({ url: "meetings.padSourceMissing" });
      const fetched = await fetchPad(padExportUrl(url), deps.padOptions);
      return { url, text: fetched.text, sha256: fetched.sha256, fetchedAt: fetched.fetchedAt };
    }
    if (source.bytes && source.bytes.length > PAD_MAX_BYTES) throw new DomainError("PAD_TOO_LARGE");
    const text = source.bytes ? decodePadBytes(source.bytes) : (source.text ?? "");
    return {
      url,
      text,
      sha256: createHash("sha256").update(text, "utf8").digest("hex"),
      fetchedAt: new Date(),
    };
  }

  return {
    /** A meeting as its page shows it, to this viewer. */
    async view(actor: Actor | undefined, slug: string, id: string) {
      const { space, membership, meeting, resource } = await deps.loaded(actor, slug, id);
      const member = membership?.status === "active" || actor?.isAdmin === true;
      const agenda = await store.agendaOf(db, meeting.id);
      const attendees = (await store.attendeesOf(db, meeting.id)).map((a) => ({
        ...a,
        // An introduction meant for members stays with them.
        intro: a.intro_public === 1 || member ? a.intro : "",
      }));
      const items = await store.minutesOf(db, meeting.id);
      const runs = can(actor, "meeting.run", resource);
      const now = Date.now();
      const inAgenda = agenda.filter((i) => i.status === "proposed" || i.status === "ordered");
      const plannedMinutes = inAgenda.reduce((sum, i) => sum + (i.minutes ?? 0), 0);
      const length = (new Date(meeting.ends_at).getTime() - new Date(meeting.starts_at).getTime()) / 60_000;
      const correctable =
        meeting.corrections_until !== null && new Date(meeting.corrections_until).getTime() > now;
      return {
        space,
        meeting,
        announcements: JSON.parse(meeting.announcements) as string[],
        commons: meeting.commons_id ? await store.commonsById(db, meeting.commons_id) : undefined,
        agenda,
        plannedMinutes,
        fits: plannedMinutes <= length,
        attendees,
        mine: actor ? attendees.find((a) => a.person_id === actor.id) : undefined,
        items: items.map((i) => ({ ...i, volunteers: JSON.parse(i.volunteers) as Volunteer[] })),
        corrections: meeting.published_at ? await store.correctionsOf(db, meeting.id) : [],
        approved: meeting.status === "published" && !correctable,
        next: nextOccurrences(meeting, now),
        can: {
          run: runs && meeting.status !== "cancelled",
          propose: can(actor, "meeting.propose", resource) && ["planned", "held"].includes(meeting.status),
          attend: can(actor, "meeting.attend", resource) && meeting.status === "planned",
          correct: can(actor, "meeting.correct", resource) && meeting.status === "published" && correctable,
          cancel: runs && meeting.status === "planned",
          publish: runs && (meeting.status === "held" || meeting.status === "planned") && items.length > 0,
        },
      };
    },

    /**
     * The minutes are published: action items chosen become tasks, attendees hear of it and have the
     * space's correction period to propose corrections before the minutes count as approved.
     */
    async publish(actor: Actor | undefined, slug: string, id: string, taskItems: string[]) {
      const { space, meeting, actor: by } = await deps.allowed(actor, slug, id, "meeting.run");
      if (meeting.status !== "held" && meeting.status !== "planned") throw new DomainError("MEETING_STATE");
      const items = await store.minutesOf(db, meeting.id);
      if (items.length === 0) throw new DomainError("MINUTES_EMPTY");
      const now = new Date();
      const until = new Date(now.getTime() + space.corrections_days * 24 * 3_600_000);
      const published = await db.transaction().execute(async (trx) => {
        for (const item of items.filter(
          (i) => i.kind === "action" && !i.task_id && taskItems.includes(i.id),
        )) {
          const taskId = await createFromAction(trx, by, space.id, {
            title: item.text,
            volunteers: JSON.parse(item.volunteers) as Volunteer[],
            dueDate: item.due_date,
            meetingId: meeting.id,
            actionItemId: item.id,
          });
          await store.updateMinutesItem(trx, item.id, { task_id: taskId });
        }
        const changed = await deps.change(trx, meeting, {
          status: "published",
          published_at: now.toISOString(),
          corrections_until: until.toISOString(),
        });
        await deps.event(trx, by, changed, "meeting.minutesPublished");
        return changed;
      });
      if (taskItems.length > 0) await scheduleTaskDigest(deps.jobs);
      await deps.notifications.notify({
        kind: "minutes.published",
        spaceId: space.id,
        recipients: await store.attendingPeople(db, meeting.id),
        link: urls.meeting(space.slug, meeting.id),
        params: { space: space.name, title: meeting.title },
        actorId: by.id,
      });
      return published;
    },

    /** An attendee proposes a correction while the minutes may still be corrected. */
    async correct(actor: Actor | undefined, slug: string, id: string, raw: Record<string, unknown>) {
      const { space, meeting, actor: by } = await deps.allowed(actor, slug, id, "meeting.correct");
      const open = meeting.corrections_until && new Date(meeting.corrections_until).getTime() > Date.now();
      if (meeting.status !== "published" || !open) throw new DomainError("MEETING_STATE");
      const text = checkReason(raw, "text");
      await db.transaction().execute(async (trx) => {
        await store.insertCorrection(trx, {
          id: newId(),
          meeting_id: meeting.id,
          author_id: by.id,
          text,
          created_at: new Date().toISOString(),
        });
        await deps.event(trx, by, meeting, "meeting.correctionProposed");
      });
      await deps.notifications.notify({
        kind: "minutes.corrected",
        spaceId: space.id,
        recipients: await deps.notifications.withRole(space.id, ["facilitator"]),
        link: urls.meeting(space.slug, meeting.id),
        params: { space: space.name, title: meeting.title },
        actorId: by.id,
      });
    },

    /** Adds an item to the minutes; the first marks the meeting as held. */
    async addMinutes(actor: Actor | undefined, slug: string, id: string, raw: Record<string, unknown>) {
      const { space, meeting, actor: by } = await deps.allowed(actor, slug, id, "meeting.run");
      if (meeting.status === "cancelled") throw new DomainError("MEETING_STATE");
      const fields = checkMinutesItem(raw, utcToParis(new Date()).time);
      return db.transaction().execute(async (trx) => {
        const [row] = await minutesRows(trx, space.id, meeting.id, [fields], by.id);
        await store.insertMinutesItems(trx, row ? [row] : []);
        await heldNow(trx, meeting);
        return row;
      });
    },

    /** Changes an item of the minutes (its time too: a stamp is only a default). */
    async editMinutes(
      actor: Actor | undefined,
      slug: string,
      id: string,
      itemId: string,
      raw: Record<string, unknown>,
    ) {
      const { space, meeting } = await deps.allowed(actor, slug, id, "meeting.run");
      const item = await store.minutesItem(db, meeting.id, itemId);
      if (!item) throw new DomainError("NOT_FOUND");
      const fields = checkMinutesItem({ ...raw, kind: item.kind }, item.time ?? "00:00");
      const [row] = await minutesRows(db, space.id, meeting.id, [fields], item.created_by);
      if (!row) return;
      const { id: _new, position: _p, created_at: _c, created_by: _b, ...changes } = row;
      await store.updateMinutesItem(db, item.id, changes);
    },

    async deleteMinutes(actor: Actor | undefined, slug: string, id: string, itemId: string) {
      const { meeting } = await deps.allowed(actor, slug, id, "meeting.run");
      const item = await store.minutesItem(db, meeting.id, itemId);
      if (!item) throw new DomainError("NOT_FOUND");
      if (item.task_id) throw new DomainError("MEETING_STATE");
      await store.deleteMinutesItem(db, item.id);
    },

    /** The pad's text read and parsed, nothing saved: the draft is shown for review. */
    async padDraft(actor: Actor | undefined, slug: string, id: string, source: PadSource) {
      await deps.allowed(actor, slug, id, "meeting.run");
      const pad = await pinned(source);
      return { pad, draft: parsePad(pad.text) };
    },

    /**
     * Pins the pad's copy on the meeting and replaces the minutes made from a pad before (items that
     * became tasks stay) with the draft.
     */
    async savePad(actor: Actor | undefined, slug: string, id: string, source: PadSource) {
      const { meeting, actor: by } = await deps.allowed(actor, slug, id, "meeting.run");
      return save(meeting, by, await pinned(source));
    },

    /**
     * The command line's import (`communs meetings import-pad`): the operator of the instance, who
     * needs no account, reads the draft or saves it.
     */
    async operatorPad(slug: string, id: string, source: PadSource, dryRun: boolean) {
      const { meeting } = await deps.loaded(undefined, slug, id);
      const pad = await pinned(source);
      return dryRun ? { pad, draft: parsePad(pad.text) } : save(meeting, null, pad);
    },

    /** The minutes as a pad's text: the parser reads them back the same. */
    async asPadText(actor: Actor | undefined, slug: string, id: string) {
      const view = await this.view(actor, slug, id);
      return padText(draftOf(view));
    },
  };

  async function save(meeting: MeetingTable, by: Actor | null, pad: PinnedPad) {
    if (meeting.status === "cancelled" || meeting.status === "published")
      throw new DomainError("MEETING_STATE");
    const draft = parsePad(pad.text);
    await db.transaction().execute(async (trx) => {
      await store.deleteMinutesOfKinds(trx, meeting.id, [...MINUTES_KINDS]);
      const rows = await minutesRows(trx, meeting.space_id, meeting.id, draftItems(draft), by?.id ?? null);
      await store.insertMinutesItems(trx, rows);
      await saveAttendees(trx, meeting.id, draft);
      await saveAgenda(trx, meeting.id, draft, by);
      await store.updateMeeting(trx, meeting.id, {
        pad_url: pad.url || meeting.pad_url,
        pad_text: pad.text,
        pad_sha256: pad.sha256,
        pad_fetched_at: pad.fetchedAt.toISOString(),
        status:
          meeting.status === "planned" && new Date(meeting.starts_at).getTime() < Date.now()
            ? "held"
            : meeting.status,
        updated_at: new Date().toISOString(),
      });
      await deps.event(trx, by, meeting, "meeting.padImported", { sha256: pad.sha256 });
    });
    return { pad, draft };
  }

  async function saveAttendees(trx: Db, meetingId: string, draft: PadDraft) {
    const known = new Set(
      (await store.attendeesOf(trx, meetingId)).map((a) => a.name.toLocaleLowerCase("fr")),
    );
    let position = await store.nextPosition(trx, "meeting_attendees", meetingId);
    const now = new Date().toISOString();
    for (const person of draft.attendees) {
      if (known.has(person.name.toLocaleLowerCase("fr"))) continue;
      await store.insertAttendee(trx, {
        id: newId(),
        meeting_id: meetingId,
        person_id: null,
        name: person.name.slice(0, 100),
        intro: person.intro.slice(0, 200),
        intro_public: 0,
        answer: "yes",
        present: 1,
        position: position++,
        created_at: now,
        updated_at: now,
      });
    }
  }

  async function saveAgenda(trx: Db, meetingId: string, draft: PadDraft, by: Actor | null) {
    const known = new Set((await store.agendaOf(trx, meetingId)).map((i) => i.title));
    let position = await store.nextPosition(trx, "meeting_agenda_items", meetingId);
    const name = by ? await store.personName(trx, by.id) : "";
    for (const theme of draft.agenda) {
      if (known.has(theme.title)) continue;
      await store.insertAgendaItem(trx, {
        id: newId(),
        meeting_id: meetingId,
        title: theme.title.slice(0, 140),
        description: theme.description.slice(0, 1000),
        minutes: null,
        position: position++,
        status: "ordered",
        merged_into: null,
        proposed_by: by?.id ?? null,
        proposer_name: name,
        created_at: new Date().toISOString(),
      });
    }
  }
}

/** A recurring meeting's next dates (at most five, within a year), and those it will not hold. */
function nextOccurrences(meeting: MeetingTable, now: number) {
  if (!meeting.rrule || meeting.status === "cancelled") return { dates: [], skipped: [] };
  const skipped = (JSON.parse(meeting.exdates) as string[]).map((d) => new Date(d));
  const window: [Date, Date] = [new Date(now), new Date(now + 366 * 24 * 3_600_000)];
  const dates = occurrences(meeting.rrule, new Date(meeting.starts_at), window, skipped).slice(0, 5);
  return { dates, skipped: skipped.filter((d) => d.getTime() >= now) };
}

/** A pad draft's items as rows of the minutes. */
function draftItems(draft: PadDraft): MinutesFields[] {
  const blank = {
    time: null,
    title: "",
    text: "",
    facilitator: "",
    participants: "",
    volunteers: [],
    dueDate: null,
  };
  return [
    ...draft.entries.map((e) => ({ ...blank, kind: "entry" as const, time: e.time, text: e.text })),
    ...draft.workshops.map((w) => ({
      ...blank,
      kind: "workshop" as const,
      title: w.title,
      facilitator: w.facilitator ?? "",
      text: w.report,
    })),
    ...draft.actions.map((a) => ({
      ...blank,
      kind: "action" as const,
      text: a.text,
      volunteers: a.volunteers,
    })),
  ];
}

type View = Awaited<ReturnType<ReturnType<typeof createMinutes>["view"]>>;

/** The meeting's minutes in the pad draft's shape (the API's and the exports'). */
export function draftOf(view: Pick<View, "agenda" | "attendees" | "items">): PadDraft {
  return {
    agenda: view.agenda
      .filter((i) => i.status === "proposed" || i.status === "ordered")
      .map((i) => ({ title: i.title, description: i.description })),
    attendees: view.attendees
      .filter((a) => a.present === 1 || a.answer === "yes")
      .map((a) => ({ name: a.name, intro: a.intro })),
    entries: view.items
      .filter((i) => i.kind === "entry")
      .map((i) => ({ time: i.time ?? "00:00", text: i.text })),
    workshops: view.items
      .filter((i) => i.kind === "workshop")
      .map((i) => ({ title: i.title, facilitator: i.facilitator || null, report: i.text })),
    actions: view.items
      .filter((i) => i.kind === "action")
      .map((i) => ({ text: i.text, volunteers: i.volunteers.map((v) => v.name) })),
  };
}
