// The set-up of bench/meetings.ts: people and spaces through the services, then the rows of
// meetings-data.ts, loaded with Kysely for the measured space and with the bare driver (the floor) for
// a neighbouring one.
import { sql } from "kysely";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { openDatabase, sqliteFile } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import { loadServices } from "../src/services.ts";
import { admit } from "../test/helpers/spaces.ts";
import {
  count,
  loadWithKysely,
  loadWithPg,
  loadWithSqlite,
  type Person,
  spaceRows,
} from "./meetings-data.ts";
import type { Dialect } from "./postgres.ts";

export const SLUG = "assemblee-du-banc";
export const EMAIL = "membre@bench.test";
export const PASSWORD = "mot de passe du banc d’essai";
const NEIGHBOUR = "assemblee-voisine";
const MEMBERS = 30;

/**
 * People and spaces through the services: an administrator, a facilitator and 30 members in two
 * assemblies; then the meetings and tasks of the measured space with Kysely, and as many rows for the
 * neighbouring one with the bare driver (the floor). Answers both timings and a meeting with minutes.
 */
export async function seed(dialect: Dialect, meetings: number, tasks: number) {
  const config = loadConfig({ ...dialect.env, LOG_LEVEL: "warn", COMMUNS_GEOCODER: "none" });
  const db = openDatabase(config);
  try {
    await migrate(db.kysely, db.dialect);
    const services = await loadServices({ db, config, log: pino({ level: "warn" }) });
    const person = (email: string, displayName: string, admin = false) =>
      services.accounts.createByOperator({ email, displayName, password: PASSWORD, admin });
    const admin = await person("admin@bench.test", "Admin", true);
    const facilitator = await person("animatrice@bench.test", "Animatrice");
    const members = [await person(EMAIL, "Membre")];
    for (let i = 1; i < MEMBERS; i++) members.push(await person(`membre${i}@bench.test`, `Membre ${i}`));
    const spaceIds: string[] = [];
    for (const slug of [SLUG, NEIGHBOUR]) {
      const space = await services.spaces.create(admin, {
        kind: "assembly",
        name: slug === SLUG ? "Assemblée du banc" : "Assemblée voisine",
        slug,
        territory: "Nord",
      });
      spaceIds.push(space.id);
      await admit({ communs: services }, admin, slug, facilitator, "facilitator");
      for (const member of members) await admit({ communs: services }, admin, slug, member);
    }
    const people: Person[] = [facilitator, ...members].map((p) => ({ id: p.id, name: p.displayName }));
    const [spaceId = "", neighbourId = ""] = spaceIds;
    const rows = spaceRows(spaceId, people, meetings, tasks);
    global.gc?.();
    const rssStart = process.memoryUsage().rss;
    const began = performance.now();
    await loadWithKysely(db.kysely, rows);
    const kyselyMs = performance.now() - began;
    const rssLoad = process.memoryUsage().rss - rssStart;
    const floorRows = spaceRows(neighbourId, people, meetings, tasks);
    const floorBegan = performance.now();
    if (db.dialect === "postgres") await loadWithPg(dialect.env.DATABASE_URL ?? "", floorRows);
    else loadWithSqlite(sqliteFile(config.dataDir), floorRows);
    const floorMs = performance.now() - floorBegan;
    // Pages are measured on a settled database (autovacuum would wake up in the middle of a route).
    if (db.dialect === "postgres") {
      await sql`vacuum analyze`.execute(db.kysely);
      await sql`checkpoint`.execute(db.kysely);
    }
    // A past meeting with published minutes, a year ago, whose pad is pinned.
    const aYearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString();
    const meeting = rows.meetings.find(
      (m) => m.status === "published" && m.pad_text && m.starts_at >= aYearAgo,
    );
    return {
      rows: count(rows),
      kyselyMs,
      floorMs,
      rssLoadMiB: rssLoad / 1024 / 1024,
      meetingId: meeting?.id,
    };
  } finally {
    await db.close();
  }
}
