import pino from "pino";
import type { Config } from "../config.ts";
import type { Context } from "../context.ts";
import { type Db, openDatabase } from "../db/connection.ts";
import { migrate } from "../db/migrations.ts";
import "../messages.ts";
import { createServices, type Services } from "../services.ts";

export async function openMigrated(config: Config): Promise<Db> {
  const db = openDatabase(config);
  await migrate(db.kysely, db.dialect);
  return db;
}

/** Runs a command over the same services as the web, then closes the database. */
export async function withServices<T>(
  config: Config,
  run: (services: Services & { ctx: Context }) => Promise<T>,
): Promise<T> {
  const db = await openMigrated(config);
  try {
    const ctx: Context = { db, config, log: pino({ level: config.logLevel }, pino.destination(2)) };
    return await run({ ...createServices(ctx), ctx });
  } finally {
    await db.close();
  }
}
