// The data of bench/meetings.ts: a space's meetings over four years (recurring ones, cancelled ones,
// past ones with their agenda, attendees, published minutes and often the pad they were read from) and
// its task board (groups, tasks open, taken, done or dropped, their volunteers), as table rows. Loaded
// in batches with Kysely (the people and the space come from the services), and, for the floor, the
// same rows for another space through the bare driver (better-sqlite3 prepared statements in one
// transaction; pg multi-row inserts in one transaction).
import { readFileSync } from "node:fs";
import SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import pg from "pg";
import { newId } from "../src/core/ids.ts";
import type {
  AgendaStatus,
  AttendanceAnswer,
  Database,
  MeetingAgendaItemTable,
  MeetingAttendeeTable,
  MeetingCorrectionTable,
  MeetingMinutesItemTable,
  MeetingStatus,
  MeetingTable,
  TaskGroupTable,
  TaskState,
  TaskTable,
  TaskVolunteerTable,
} from "../src/db/schema.ts";

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
/** A pad as people write them (18 KB): the text pinned on meetings whose minutes came from a pad. */
const PAD = readFileSync(new URL("../test/fixtures/seed/000_84a1da536792cae5.txt", import.meta.url), "utf8");
const RULES = [
  "FREQ=MONTHLY;BYDAY=2TU",
  "FREQ=MONTHLY;BYDAY=1MO",
  "FREQ=WEEKLY;BYDAY=TH",
  "FREQ=MONTHLY;BYDAY=-1FR",
];
const THEMES = ["Budget", "Fête de quartier", "Jardin partagé", "Accueil des nouveaux", "Outils", "Local"];
const GROUPS = ["Jardin", "Cuisine", "Communication", "Bricolage", "Accueil", "Trésorerie", "Fête", "Outils"];

export interface Person {
  id: string;
  name: string;
}

/** Every row of one space, table by table, in the order they may be inserted. */
export interface SpaceRows {
  meetings: MeetingTable[];
  meeting_agenda_items: MeetingAgendaItemTable[];
  meeting_attendees: MeetingAttendeeTable[];
  meeting_minutes_items: MeetingMinutesItemTable[];
  meeting_corrections: MeetingCorrectionTable[];
  task_groups: TaskGroupTable[];
  tasks: TaskTable[];
  task_volunteers: TaskVolunteerTable[];
}

export type TableName = keyof SpaceRows;

export const count = (rows: SpaceRows) => Object.values(rows).reduce((n, list) => n + list.length, 0);

const iso = (ms: number) => new Date(ms).toISOString();

/** A meeting of the space: the i-th of `total`, spread from 3.5 years ago to half a year ahead. */
function meetingRow(spaceId: string, by: string, i: number, total: number, now: number): MeetingTable {
  const first = now - 3.5 * YEAR;
  // 16:30 UTC: 18:30 in Paris in summer, 17:30 in winter.
  const day = Math.floor((first + (i * 4 * YEAR) / total) / DAY) * DAY;
  const starts = day + 16.5 * 3_600_000;
  const ends = starts + 2 * 3_600_000;
  const past = ends < now;
  const recurring = i % 5 === 0;
  const status: MeetingStatus =
    i % 17 === 0 ? "cancelled" : !past ? "planned" : i % 9 === 0 ? "held" : "published";
  const published = status === "published" ? ends + 2 * DAY : null;
  const correctionsUntil = published === null ? null : published + 7 * DAY;
  return {
    id: newId(),
    space_id: spaceId,
    title: recurring ? `Réunion mensuelle n° ${i + 1}` : `Assemblée n° ${i + 1}`,
    starts_at: iso(starts),
    ends_at: iso(ends),
    status,
    cancel_reason: status === "cancelled" ? "Salle indisponible" : "",
    summary: "Point sur les projets en cours et les tâches du mois.",
    commons_id: null,
    address: i % 3 === 0 ? "" : `${(i % 40) + 1} rue du Banc, 59000 Lille`,
    lat: i % 3 === 0 ? null : 50.63,
    lon: i % 3 === 0 ? null : 3.06,
    online_link: i % 4 === 0 ? "https://visio.example.org/banc" : "",
    announcements: "[]",
    rrule: recurring ? (RULES[(i / 5) % RULES.length] ?? null) : null,
    exdates:
      recurring && i % 3 === 0 ? JSON.stringify([iso(starts + 28 * DAY), iso(starts + 56 * DAY)]) : "[]",
    sequence: i % 4,
    pad_url: published !== null && i % 2 === 0 ? "https://pad.example.org/p/banc" : "",
    pad_text: published !== null && i % 2 === 0 ? PAD : null,
    pad_sha256: published !== null && i % 2 === 0 ? "0".repeat(64) : null,
    pad_fetched_at: published !== null && i % 2 === 0 ? iso(published) : null,
    published_at: published === null ? null : iso(published),
    corrections_until: correctionsUntil === null ? null : iso(correctionsUntil),
    approved_at: correctionsUntil === null || correctionsUntil > now ? null : iso(correctionsUntil),
    created_by: by,
    created_at: iso(starts - 20 * DAY),
    updated_at: iso(published ?? starts - 10 * DAY),
  };
}

/** Its agenda (four themes), attendees (eight people and a guest) and, once held, its minutes. */
function meetingParts(rows: SpaceRows, meeting: MeetingTable, people: Person[], i: number): void {
  const at = meeting.created_at;
  const held = meeting.status === "held" || meeting.status === "published";
  for (let n = 0; n < 4; n++) {
    const status: AgendaStatus = held ? (n === 3 ? "setAside" : "ordered") : "proposed";
    const proposer = people[(i + n) % people.length];
    rows.meeting_agenda_items.push({
      id: newId(),
      meeting_id: meeting.id,
      title: THEMES[(i + n) % THEMES.length] ?? "Divers",
      description: "",
      minutes: n === 0 ? null : 15 + 5 * n,
      position: n + 1,
      status,
      merged_into: null,
      proposed_by: proposer?.id ?? null,
      proposer_name: proposer?.name ?? "",
      created_at: at,
    });
  }
  for (let n = 0; n < 9; n++) {
    const person = n < 8 ? people[(i * 3 + n) % people.length] : undefined;
    const answer: AttendanceAnswer = n % 5 === 4 ? "no" : n % 5 === 3 ? "maybe" : "yes";
    rows.meeting_attendees.push({
      id: newId(),
      meeting_id: meeting.id,
      person_id: person?.id ?? null,
      name: person?.name ?? `Invitée ${i}`,
      intro: "Habitante du quartier",
      intro_public: n % 2 === 0 ? 1 : 0,
      answer,
      present: held && answer === "yes" ? 1 : 0,
      position: n + 1,
      created_at: at,
      updated_at: at,
    });
  }
  if (!held) return;
  const kinds = ["entry", "entry", "entry", "entry", "entry", "entry", "decision", "decision", "workshop"];
  kinds.push("action", "action", "action");
  kinds.forEach((kind, n) => {
    const volunteer = people[(i + n) % people.length];
    rows.meeting_minutes_items.push({
      id: newId(),
      meeting_id: meeting.id,
      kind: kind as MeetingMinutesItemTable["kind"],
      time: kind === "entry" ? `18h${String(30 + n * 3).padStart(2, "0")}` : null,
      title: kind === "workshop" ? "Atelier jardin" : "",
      text: `Point ${n + 1} : on a parlé de ${THEMES[n % THEMES.length]}, et décidé d’avancer ensemble.`,
      facilitator: kind === "workshop" ? (volunteer?.name ?? "") : "",
      participants: kind === "workshop" ? "Trois voisines" : "",
      volunteers:
        kind === "action" ? JSON.stringify([{ name: volunteer?.name, personId: volunteer?.id }]) : "[]",
      due_date: kind === "action" ? meeting.starts_at.slice(0, 10) : null,
      task_id: null,
      position: n + 1,
      created_by: meeting.created_by,
      created_at: meeting.ends_at,
    });
  });
  if (meeting.status === "published" && i % 10 === 0)
    rows.meeting_corrections.push({
      id: newId(),
      meeting_id: meeting.id,
      author_id: people[i % people.length]?.id ?? null,
      text: "Il manque mon nom dans la liste des présents.",
      created_at: meeting.published_at ?? meeting.ends_at,
    });
}

/** The board: `total` tasks in eight groups (one in nine without), 15 % open, 15 % taken, 65 % done, 5 % dropped. */
function board(rows: SpaceRows, spaceId: string, people: Person[], total: number, now: number): void {
  for (const [n, name] of GROUPS.entries())
    rows.task_groups.push({
      id: newId(),
      space_id: spaceId,
      name,
      position: n + 1,
      created_at: iso(now - 4 * YEAR),
    });
  const actions = rows.meeting_minutes_items.filter((item) => item.kind === "action");
  for (let i = 0; i < total; i++) {
    const created = now - 4 * YEAR + (i * 4 * YEAR) / total;
    const slot = i % 20;
    const state: TaskState = slot < 3 ? "open" : slot < 6 ? "taken" : slot === 6 ? "dropped" : "done";
    const updated = state === "open" ? created : Math.min(now, created + ((i % 60) + 1) * DAY);
    // Action items of the minutes became tasks: the first tasks come from them.
    const action = actions[i];
    const task: TaskTable = {
      id: newId(),
      space_id: spaceId,
      group_id: i % 9 === 8 ? null : (rows.task_groups[i % GROUPS.length]?.id ?? null),
      title: `Tâche n° ${i + 1} : ${THEMES[i % THEMES.length]?.toLowerCase()}`,
      description: i % 4 === 0 ? "Apporter les outils et prévenir le groupe." : "",
      due_date: i % 2 === 0 ? iso(created + 30 * DAY).slice(0, 10) : null,
      state,
      drop_reason: state === "dropped" ? "Plus besoin" : "",
      meeting_id: action?.meeting_id ?? null,
      action_item_id: action?.id ?? null,
      expected_expense: i % 10 === 0 ? 2_500 : null,
      claim_id: null,
      created_by: people[i % people.length]?.id ?? null,
      created_at: iso(created),
      updated_at: iso(updated),
    };
    if (action) action.task_id = task.id;
    rows.tasks.push(task);
    const volunteers = state === "taken" ? 1 + (i % 2) : state === "done" ? 1 : 0;
    for (let v = 0; v < volunteers; v++) {
      const person = i % 7 === 0 ? undefined : people[(i + v * 5) % people.length];
      rows.task_volunteers.push({
        id: newId(),
        task_id: task.id,
        person_id: person?.id ?? null,
        name: person?.name ?? `Voisin ${v + 1}`,
        created_at: iso(created),
      });
    }
  }
}

/** Every row of a space with `meetings` meetings (one in five recurring) and `tasks` tasks. */
export function spaceRows(spaceId: string, people: Person[], meetings: number, tasks: number): SpaceRows {
  const now = Date.now();
  const rows: SpaceRows = {
    meetings: [],
    meeting_agenda_items: [],
    meeting_attendees: [],
    meeting_minutes_items: [],
    meeting_corrections: [],
    task_groups: [],
    tasks: [],
    task_volunteers: [],
  };
  const by = people[0]?.id ?? "";
  for (let i = 0; i < meetings; i++) {
    const meeting = meetingRow(spaceId, by, i, meetings, now);
    rows.meetings.push(meeting);
    meetingParts(rows, meeting, people, i);
  }
  board(rows, spaceId, people, tasks, now);
  return rows;
}

/** Rows a multi-row insert carries: within SQLite's 32 766 and PostgreSQL's 65 535 parameters. */
const batchOf = (columns: number) => Math.max(1, Math.floor(16_000 / columns));

/** Kysely, one multi-row insert a batch, one transaction (any bench's rows, keyed by table). */
export async function loadWithKysely(
  db: Kysely<Database>,
  rows: Partial<Record<keyof Database, readonly object[]>>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [table, list] of Object.entries(rows) as [keyof Database, object[]][]) {
      const size = batchOf(Object.keys(list[0] ?? {}).length);
      // Every table's rows go through this one loop: their type is each table's, which `never` lets by.
      for (let from = 0; from < list.length; from += size)
        await trx
          .insertInto(table)
          .values(list.slice(from, from + size) as never)
          .execute();
    }
  });
}

/** The floor: better-sqlite3 on the same file, a prepared statement a table, one transaction. */
export function loadWithSqlite(file: string, rows: SpaceRows): void {
  const database = new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  database.pragma("synchronous = NORMAL");
  try {
    database.transaction(() => {
      for (const [table, list] of Object.entries(rows) as [TableName, Record<string, unknown>[]][]) {
        const columns = Object.keys(list[0] ?? {});
        if (columns.length === 0) continue;
        const insert = database.prepare(
          `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`,
        );
        for (const row of list) insert.run(columns.map((c) => row[c]));
      }
    })();
  } finally {
    database.close();
  }
}

/** The floor on PostgreSQL: pg, multi-row inserts of the same batches, one transaction. */
export async function loadWithPg(url: string, rows: SpaceRows): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("begin");
    for (const [table, list] of Object.entries(rows) as [TableName, Record<string, unknown>[]][]) {
      const columns = Object.keys(list[0] ?? {});
      const size = batchOf(columns.length);
      for (let from = 0; from < list.length; from += size) {
        const batch = list.slice(from, from + size);
        const values: unknown[] = [];
        const tuples = batch.map((row) => {
          const marks = columns.map((c) => {
            values.push(row[c]);
            return `$${values.length}`;
          });
          return `(${marks.join(", ")})`;
        });
        await client.query(
          `insert into ${table} (${columns.join(", ")}) values ${tuples.join(", ")}`,
          values,
        );
      }
    }
    await client.query("commit");
  } finally {
    await client.end();
  }
}
