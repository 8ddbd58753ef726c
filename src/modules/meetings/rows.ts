import type { Kysely } from "kysely";
import { newId } from "../../core/ids.ts";
import type { Membership, Resource } from "../../core/policy.ts";
import type { Database, MeetingTable, MinutesItemKind } from "../../db/schema.ts";
import type { SpaceRow } from "../spaces/service.ts";
import type { MinutesFields, Volunteer } from "./input.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/** The meeting's facts a service needs to decide and to show. */
export interface Loaded {
  space: SpaceRow;
  membership: Membership | undefined;
  meeting: MeetingTable;
  resource: Resource;
}

/** Rows of the minutes, with volunteers who are members of the space known by their account. */
export async function minutesRows(
  db: Db,
  spaceId: string,
  meetingId: string,
  items: MinutesFields[],
  createdBy: string | null,
) {
  const members = await store.memberNames(db, spaceId);
  const byName = new Map(members.map((m) => [m.name.toLocaleLowerCase("fr"), m.id]));
  let position = await store.nextPosition(db, "meeting_minutes_items", meetingId);
  const now = new Date().toISOString();
  return items.map((fields) => {
    const volunteers: Volunteer[] = fields.volunteers.map((name) => ({
      name,
      personId: byName.get(name.toLocaleLowerCase("fr")) ?? null,
    }));
    return {
      id: newId(),
      meeting_id: meetingId,
      kind: fields.kind as MinutesItemKind,
      time: fields.time,
      title: fields.title,
      text: fields.text,
      facilitator: fields.facilitator,
      participants: fields.participants,
      volunteers: JSON.stringify(volunteers),
      due_date: fields.dueDate,
      task_id: null,
      position: position++,
      created_by: createdBy,
      created_at: now,
    };
  });
}

/** A meeting whose attendance or minutes are being taken has been held (from the day before its start). */
export async function heldNow(db: Db, meeting: MeetingTable): Promise<void> {
  if (meeting.status === "planned" && new Date(meeting.starts_at).getTime() <= Date.now() + 24 * 3_600_000)
    await store.updateMeeting(db, meeting.id, { status: "held", updated_at: new Date().toISOString() });
}
