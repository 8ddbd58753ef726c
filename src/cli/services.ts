import pino from "pino";
import type { Config } from "../config.ts";
import type { Context } from "../context.ts";
import { type Db, openDatabase } from "../db/connection.ts";
import { migrate } from "../db/migrations.ts";
import "../messages.ts";
import { type LoadedServices, loadServices, type ServiceName } from "../services.ts";

export async function openMigrated(config: Config): Promise<Db> {
  const db = openDatabase(config);
  await migrate(db.kysely, db.dialect);
  return db;
}

/**
 * Runs a command over the same services as the web (only those it names, and what they depend on),
 * then closes the database.
 */
export async function withServices<N extends ServiceName, T>(
  config: Config,
  names: readonly N[],
  run: (services: LoadedServices<N> & { ctx: Context }) => Promise<T>,
): Promise<T> {
  const db = await openMigrated(config);
  try {
    const ctx: Context = { db, config, log: pino({ level: config.logLevel }, pino.destination(2)) };
    return await run({ ...(await loadServices(ctx, names)), ctx });
  } finally {
    await db.close();
  }
}
