import type { Kysely } from "kysely";
import { newId } from "../../core/ids.ts";
import type { Database } from "../../db/schema.ts";

export interface AuditRecord {
  actorId: string | null;
  spaceId?: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

function summary(value: Record<string, unknown> | null | undefined): string | null {
  return value ? JSON.stringify(value) : null;
}

function eventRow(event: AuditRecord, at: string) {
  return {
    id: newId(),
    at,
    actor_id: event.actorId,
    space_id: event.spaceId ?? null,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    before: summary(event.before),
    after: summary(event.after),
  };
}

/** Appends one event; called inside the transaction of the change it describes. */
export async function recordEvent(db: Kysely<Database>, event: AuditRecord): Promise<void> {
  await db.insertInto("audit_events").values(eventRow(event, new Date().toISOString())).execute();
}

/** Appends many events at once (an import's), in slices a driver takes. */
export async function recordEvents(db: Kysely<Database>, events: AuditRecord[]): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < events.length; i += 200)
    await db
      .insertInto("audit_events")
      .values(events.slice(i, i + 200).map((e) => eventRow(e, at)))
      .execute();
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  subjectType: string;
  subjectId: string;
  actorName: string | null;
  /** What the event is about, as it is named now (a person, a commons, a claim…), when it still exists. */
  subjectName: string | null;
  spaceName: string | null;
  spaceSlug: string | null;
  before: string | null;
  after: string | null;
}

/** Events with who made them and where, newest first. */
function entries(db: Kysely<Database>) {
  return (
    db
      .selectFrom("audit_events as e")
      .leftJoin("persons as p", "p.id", "e.actor_id")
      .leftJoin("spaces as s", "s.id", "e.space_id")
      // The subject's name, by its kind: each join reads one row by its key, or none.
      .leftJoin("persons as sp", (j) =>
        j.onRef("sp.id", "=", "e.subject_id").on("e.subject_type", "=", "person"),
      )
      .leftJoin("spaces as ss", (j) =>
        j.onRef("ss.id", "=", "e.subject_id").on("e.subject_type", "=", "space"),
      )
      .leftJoin("commons as sc", (j) =>
        j.onRef("sc.id", "=", "e.subject_id").on("e.subject_type", "=", "commons"),
      )
      .leftJoin("expense_claims as sx", (j) =>
        j.onRef("sx.id", "=", "e.subject_id").on("e.subject_type", "=", "expenseClaim"),
      )
      .leftJoin("tags as st", (j) => j.onRef("st.id", "=", "e.subject_id").on("e.subject_type", "=", "tag"))
      .leftJoin("tag_families as sf", (j) =>
        j.onRef("sf.id", "=", "e.subject_id").on("e.subject_type", "=", "tagFamily"),
      )
      .leftJoin("ledger_transfers as sl", (j) =>
        j.onRef("sl.id", "=", "e.subject_id").on("e.subject_type", "=", "transfer"),
      )
      .leftJoin("api_tokens as sa", (j) =>
        j.onRef("sa.id", "=", "e.subject_id").on("e.subject_type", "=", "api_token"),
      )
      .select((eb) =>
        eb.fn
          .coalesce(
            eb.fn.coalesce("sp.display_name", "ss.name", "sc.name", "sx.title"),
            eb.fn.coalesce("st.label", "sf.name", "sl.label", "sa.name"),
          )
          .as("subjectName"),
      )
      .select([
        "e.id",
        "e.at",
        "e.action",
        "e.subject_type as subjectType",
        "e.subject_id as subjectId",
        "p.display_name as actorName",
        "s.name as spaceName",
        "s.slug as spaceSlug",
        "e.before",
        "e.after",
      ])
      .orderBy("e.id", "desc")
  );
}

export async function listEvents(
  db: Kysely<Database>,
  filter: { spaceId?: string; limit: number; before?: string },
): Promise<AuditEntry[]> {
  let query = entries(db).limit(filter.limit);
  if (filter.spaceId) query = query.where("e.space_id", "=", filter.spaceId);
  if (filter.before) query = query.where("e.id", "<", filter.before);
  return query.execute();
}

/** What happened to one subject (a task, a claim…), oldest first. */
export function eventsOf(
  db: Kysely<Database>,
  subject: { type: string; id: string; limit: number },
): Promise<AuditEntry[]> {
  return entries(db)
    .where("e.subject_type", "=", subject.type)
    .where("e.subject_id", "=", subject.id)
    .clearOrderBy()
    .orderBy("e.id")
    .limit(subject.limit)
    .execute();
}

/** The latest events of these kinds in these spaces, newest first (a home page's recent activity). */
export function latestInSpaces(
  db: Kysely<Database>,
  filter: { spaceIds: string[]; actions: readonly string[]; limit: number; before?: string },
): Promise<(AuditEntry & { subjectName: string | null })[]> {
  return (
    entries(db)
      .leftJoin("persons as subject", (join) =>
        join.onRef("subject.id", "=", "e.subject_id").on("e.subject_type", "=", "person"),
      )
      .select("subject.display_name as subjectName")
      // The few latest events first, and only then their names: not a join for every matching event.
      .where("e.id", "in", (eb) => {
        const latest = eb
          .selectFrom("audit_events")
          .select("id")
          .where("space_id", "in", filter.spaceIds)
          .where("action", "in", filter.actions)
          .orderBy("id", "desc")
          .limit(filter.limit);
        return filter.before ? latest.where("id", "<", filter.before) : latest;
      })
      .execute()
  );
}
