import type { Kysely } from "kysely";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor, SignedInAction } from "../../core/policy.ts";
import type { Database, MeetingAgendaItemTable, MeetingTable } from "../../db/schema.ts";
import { type AnswerFields, checkAnswer, checkGuest, checkTheme } from "./input.ts";
import { heldNow, type Loaded } from "./rows.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/** What the agenda and attendance need of the meetings service. */
interface Deps {
  allowed(
    actor: Actor | undefined,
    slug: string,
    id: string,
    action: SignedInAction,
  ): Promise<Loaded & { actor: Actor }>;
  event(
    trx: Db,
    actor: Actor,
    meeting: MeetingTable,
    action: string,
    after?: Record<string, unknown>,
  ): Promise<void>;
}

/** A meeting's agenda (themes proposed, then ordered) and its attendance (answers, then who came). */
export function createAgenda(db: Db, { allowed, event }: Deps) {
  return {
    /** A member proposes a theme for the agenda; it stays theirs. */
    async proposeTheme(actor: Actor | undefined, slug: string, id: string, raw: Record<string, unknown>) {
      const { meeting, actor: by } = await allowed(actor, slug, id, "meeting.propose");
      if (meeting.status === "cancelled" || meeting.status === "published")
        throw new DomainError("MEETING_STATE");
      const fields = checkTheme(raw);
      return db.transaction().execute(async (trx) => {
        const item: MeetingAgendaItemTable = {
          id: newId(),
          meeting_id: meeting.id,
          title: fields.title,
          description: fields.description,
          minutes: fields.minutes,
          position: await store.nextPosition(trx, "meeting_agenda_items", meeting.id),
          status: "proposed",
          merged_into: null,
          proposed_by: by.id,
          proposer_name: await store.personName(trx, by.id),
          created_at: new Date().toISOString(),
        };
        await store.insertAgendaItem(trx, item);
        await event(trx, by, meeting, "meeting.themeProposed", { theme: item.title });
        return item;
      });
    },

    /**
     * Facilitators order the agenda: a theme is kept, moves up or down, is set aside (or taken back), or is
     * merged into another one (its words kept in the other's description).
     */
    async arrangeTheme(
      actor: Actor | undefined,
      slug: string,
      id: string,
      itemId: string,
      move: "up" | "down" | "keep" | "aside" | "back" | { into: string },
    ) {
      const { meeting, actor: by } = await allowed(actor, slug, id, "meeting.run");
      await db.transaction().execute(async (trx) => {
        const agenda = await store.agendaOf(trx, meeting.id);
        const item = agenda.find((i) => i.id === itemId);
        if (!item) throw new DomainError("NOT_FOUND");
        if (move === "up" || move === "down") await swap(trx, agenda, item, move);
        else if (move === "keep" || move === "aside" || move === "back")
          await store.updateAgendaItem(trx, item.id, { status: move === "aside" ? "setAside" : "ordered" });
        else {
          const into = agenda.find((i) => i.id === move.into && i.id !== item.id && i.status !== "merged");
          if (!into) throw validationError({ into: "meetings.mergeTarget" });
          const words = [
            into.description,
            `${item.title}${item.description ? ` : ${item.description}` : ""}`,
          ];
          await store.updateAgendaItem(trx, into.id, {
            description: words.filter(Boolean).join("\n").slice(0, 4000),
            minutes:
              into.minutes === null && item.minutes === null
                ? null
                : (into.minutes ?? 0) + (item.minutes ?? 0),
          });
          await store.updateAgendaItem(trx, item.id, { status: "merged", merged_into: into.id });
        }
        await event(trx, by, meeting, "meeting.agendaArranged", { theme: item.title });
      });
    },

    /** A member says whether they come, with a line about who they are. */
    async answer(actor: Actor | undefined, slug: string, id: string, raw: Record<string, unknown>) {
      const { meeting, actor: by } = await allowed(actor, slug, id, "meeting.attend");
      if (meeting.status !== "planned") throw new DomainError("MEETING_STATE");
      const fields: AnswerFields = checkAnswer(raw);
      await db.transaction().execute(async (trx) => {
        const existing = await store.attendeeOf(trx, meeting.id, by.id);
        const now = new Date().toISOString();
        const values = {
          answer: fields.answer,
          intro: fields.intro,
          intro_public: fields.introPublic ? (1 as const) : (0 as const),
          updated_at: now,
        };
        if (existing) await store.updateAttendee(trx, existing.id, values);
        else
          await store.insertAttendee(trx, {
            id: newId(),
            meeting_id: meeting.id,
            person_id: by.id,
            name: await store.personName(trx, by.id),
            present: 0,
            position: await store.nextPosition(trx, "meeting_attendees", meeting.id),
            created_at: now,
            ...values,
          });
      });
      return fields.answer;
    },

    /** On the day, a facilitator ticks who came. */
    async tick(actor: Actor | undefined, slug: string, id: string, presentIds: string[]) {
      const { meeting, actor: by } = await allowed(actor, slug, id, "meeting.run");
      if (meeting.status === "cancelled") throw new DomainError("MEETING_STATE");
      await db.transaction().execute(async (trx) => {
        const known = new Set((await store.attendeesOf(trx, meeting.id)).map((a) => a.id));
        await store.setPresent(
          trx,
          meeting.id,
          presentIds.filter((a) => known.has(a)),
        );
        await heldNow(trx, meeting);
        await event(trx, by, meeting, "meeting.attendanceTaken", { count: presentIds.length });
      });
    },

    /** Someone without an account came: a facilitator adds them, present, with their introduction. */
    async addGuest(actor: Actor | undefined, slug: string, id: string, raw: Record<string, unknown>) {
      const { meeting } = await allowed(actor, slug, id, "meeting.run");
      if (meeting.status === "cancelled") throw new DomainError("MEETING_STATE");
      const guest = checkGuest(raw);
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        await store.insertAttendee(trx, {
          id: newId(),
          meeting_id: meeting.id,
          person_id: null,
          name: guest.name,
          intro: guest.intro,
          intro_public: 0,
          answer: "yes",
          present: 1,
          position: await store.nextPosition(trx, "meeting_attendees", meeting.id),
          created_at: now,
          updated_at: now,
        });
        await heldNow(trx, meeting);
      });
    },
  };
}

const ordered = (item: MeetingAgendaItemTable) => (item.status === "proposed" ? "ordered" : item.status);

/** Swaps a theme with its neighbour; every theme moved is an ordered one (the facilitators' order). */
async function swap(
  trx: Db,
  agenda: MeetingAgendaItemTable[],
  item: MeetingAgendaItemTable,
  move: "up" | "down",
) {
  const listed = agenda.filter((i) => i.status !== "merged");
  const at = listed.indexOf(item);
  const other = listed[move === "up" ? at - 1 : at + 1];
  if (!other) return store.updateAgendaItem(trx, item.id, { status: ordered(item) });
  await store.updateAgendaItem(trx, item.id, { position: other.position, status: ordered(item) });
  await store.updateAgendaItem(trx, other.id, { position: item.position, status: ordered(other) });
}
