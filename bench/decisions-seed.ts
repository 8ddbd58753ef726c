// The set-up of bench/decisions.ts: people and a chamber through the services (its members co-opted by
// consent rounds, as people join), then its history of decisions loaded in batches with Kysely: 10 000
// proposals over four years (BENCH_PROPOSALS), half by consent with their objections, half by consensus
// with their positions, 200 000 answers in all (BENCH_ANSWERS); one proposal in ten still being decided.
import { sql } from "kysely";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { reviewDate } from "../src/core/decisions.ts";
import { newId } from "../src/core/ids.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import type {
  ProposalObjectionTable,
  ProposalPositionTable,
  ProposalTable,
  ProposalVersionTable,
} from "../src/db/schema.ts";
import { loadServices } from "../src/services.ts";
import { admit } from "../test/helpers/spaces.ts";
import { loadWithKysely } from "./meetings-data.ts";
import type { Dialect } from "./postgres.ts";

export const SLUG = "chambre-du-banc";
export const EMAIL = "membre@bench.test";
export const PASSWORD = "mot de passe du banc d’essai";
/** Enough members that every consensus proposal has twenty distinct positions. */
const MEMBERS = 24;
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const POSITIONS = ["agree", "agree", "agree", "abstain", "disagree"] as const;

interface Person {
  id: string;
  name: string;
}

interface Rows {
  proposals: ProposalTable[];
  proposal_versions: ProposalVersionTable[];
  proposal_objections: ProposalObjectionTable[];
  proposal_positions: ProposalPositionTable[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The i-th proposal of `total`, decided over the last four years, or (one in ten) being decided now. */
function proposalRow(spaceId: string, by: Person, number: number, i: number, total: number, now: number) {
  const created = now - 4 * YEAR + (i * 4 * YEAR) / total - 14 * DAY;
  const open = i % 10 === 0;
  const deadline = open ? now + (7 + (i % 7)) * DAY : created + 14 * DAY;
  const outcome: ProposalTable["outcome"] = open
    ? null
    : i % 10 < 7
      ? "adopted"
      : i % 10 < 9
        ? "not adopted"
        : "withdrawn";
  const decided = outcome ? deadline : null;
  const row: ProposalTable = {
    id: newId(),
    space_id: spaceId,
    number,
    title: `Proposition n° ${number} : ${["budget", "local", "fête", "outils", "accueil"][i % 5]} de l’année`,
    class: "general",
    // Ten by consent, then ten by consensus: those still being decided are of both modes.
    mode: Math.floor(i / 10) % 2 === 0 ? "consent" : "consensus",
    proposer_id: by.id,
    proposer_name: by.name,
    participants: "members",
    reactions_at: iso(created + 3 * DAY),
    objections_at: iso(created + 7 * DAY),
    deadline: iso(deadline),
    extensions: 0,
    phase_told: open ? "questions" : "closed",
    outcome,
    outcome_note: "",
    decided_at: decided === null ? null : iso(decided),
    review_date: outcome === "adopted" && decided !== null ? reviewDate(new Date(decided), 12) : null,
    reviewed_at: null,
    retired_at: null,
    replaces_id: null,
    replaced_by: null,
    meeting_id: null,
    subject_type: null,
    subject_id: null,
    payload: null,
    version: 1 + (i % 3),
    created_at: iso(created),
    updated_at: iso(decided ?? created),
  };
  return row;
}

/** The chamber's history as rows: each proposal with its versions and its share of the answers. */
function historyRows(spaceId: string, people: Person[], first: number, total: number, answers: number): Rows {
  const now = Date.now();
  const rows: Rows = {
    proposals: [],
    proposal_versions: [],
    proposal_objections: [],
    proposal_positions: [],
  };
  const each = Math.round(answers / total);
  for (let i = 0; i < total; i++) {
    const by = people[i % people.length] as Person;
    const p = proposalRow(spaceId, by, first + i, i, total, now);
    rows.proposals.push(p);
    for (let v = 1; v <= p.version; v++)
      rows.proposal_versions.push({
        id: newId(),
        proposal_id: p.id,
        number: v,
        body: `## Version ${v}\n\nNous proposons de consacrer une part du budget à ce point. `.repeat(6),
        note: v === 1 ? "" : "Intègre une objection.",
        created_at: iso(Date.parse(p.created_at) + v * 3_600_000),
      });
    for (let k = 0; k < each; k++) {
      const who = people[(i + k) % people.length] as Person;
      const at = iso(Date.parse(p.objections_at) + k * 60_000);
      if (p.mode === "consent") {
        // An adopted proposal's objections were all resolved; a failed one keeps one standing.
        const standing = p.outcome !== "adopted" && k === 0;
        const decided = standing
          ? "open"
          : ((["withdrawn", "integrated", "invalid"] as const)[k % 3] ?? "withdrawn");
        // Of those being decided, one in two has an objection still open (its round will be extended).
        const status = p.outcome !== null ? decided : i % 40 === 0 && k % 4 === 0 ? "open" : "withdrawn";
        rows.proposal_objections.push({
          id: newId(),
          proposal_id: p.id,
          author_id: who.id,
          author_name: who.name,
          reason: "Cela engage la caisse au-delà de ce qu’elle peut.",
          harm: "",
          status,
          invalid_reason: status === "invalid" ? "Ne dit pas en quoi cela nuit." : "",
          integrating_version: status === "integrated" ? 2 : null,
          recorded_by: who.id,
          created_at: at,
          resolved_at: status === "open" ? null : at,
        });
      } else
        rows.proposal_positions.push({
          id: newId(),
          proposal_id: p.id,
          person_id: who.id,
          name: who.name,
          position: POSITIONS[k % POSITIONS.length] ?? "agree",
          reason: "",
          recorded_by: who.id,
          created_at: at,
          updated_at: at,
        });
    }
  }
  return rows;
}

/**
 * An administrator, a facilitator and 24 members co-opted into a chamber, then its history. Answers how
 * long the load took, a proposal with twenty answers, and the ids of the proposals still being decided.
 */
export async function seed(dialect: Dialect, proposals: number, answers: number) {
  const config = loadConfig({ ...dialect.env, LOG_LEVEL: "warn", COMMUNS_GEOCODER: "none" });
  const db = openDatabase(config);
  try {
    await migrate(db.kysely, db.dialect);
    const services = await loadServices({ db, config, log: pino({ level: "warn" }) });
    const person = (email: string, displayName: string, admin = false) =>
      services.accounts.createByOperator({ email, displayName, password: PASSWORD, admin });
    const admin = await person("admin@bench.test", "Admin", true);
    const space = await services.spaces.create(admin, {
      kind: "chamber",
      name: "Chambre du banc",
      slug: SLUG,
      theme: "argent",
    });
    const facilitator = await person("animatrice@bench.test", "Animatrice");
    const members = [await person(EMAIL, "Membre")];
    for (let i = 1; i < MEMBERS; i++) members.push(await person(`membre${i}@bench.test`, `Membre ${i}`));
    await admit({ communs: services }, admin, SLUG, facilitator, "facilitator");
    for (const member of members) await admit({ communs: services }, admin, SLUG, member);
    const people = [facilitator, ...members].map((p) => ({ id: p.id, name: p.displayName }));
    const last = await db.kysely
      .selectFrom("proposals")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("space_id", "=", space.id)
      .executeTakeFirst();
    const rows = historyRows(space.id, people, Number(last?.n ?? 0) + 1, proposals, answers);
    const began = performance.now();
    await loadWithKysely(db.kysely, rows);
    const count = Object.values(rows).reduce((n, list) => n + list.length, 0);
    const loadMs = performance.now() - began;
    if (db.dialect === "postgres") {
      await sql`vacuum analyze`.execute(db.kysely);
      await sql`checkpoint`.execute(db.kysely);
    }
    const open = rows.proposals.filter((p) => p.outcome === null).map((p) => p.id);
    const shown = rows.proposals.find(
      (p) => p.outcome === "adopted" && p.mode === "consent",
    ) as ProposalTable;
    return { rows: count, loadMs, open, shown: { id: shown.id, number: shown.number } };
  } finally {
    await db.close();
  }
}
