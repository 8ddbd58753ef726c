import { existsSync } from "node:fs";
import pino from "pino";
import { type Config, ConfigError } from "../config.ts";
import type { Context } from "../context.ts";
import { type Db, openDatabase, sqliteFile } from "../db/connection.ts";
import { migrate } from "../db/migrations.ts";
import "../messages.ts";
import { type LoadedServices, loadServices, type ServiceName } from "../services.ts";

export async function openMigrated(config: Config): Promise<Db> {
  const db = openDatabase(config);
  await migrate(db.kysely, db.dialect);
  return db;
}

/**
 * A command that works on an instance's data never creates a database: run from another folder, it
 * would read an empty one and write a stray `data/` there. It says where it looked instead.
 */
function ensureDatabaseExists(config: Config): void {
  if (config.databaseUrl || existsSync(sqliteFile(config.dataDir))) return;
  throw new ConfigError(
    `Aucune base de données dans ${config.dataDir} (communs.sqlite introuvable). Lancez la commande depuis le dossier de l’instance, ou donnez son dossier de données dans COMMUNS_DATA_DIR (ou DATABASE_URL) ; « communs migrate » crée une base neuve.`,
  );
}

/**
 * Runs a command over the same services as the web (only those it names, and what they depend on),
 * then closes the database. Only the commands that set up an instance (`createsDatabase`) may start
 * from no database at all.
 */
export async function withServices<N extends ServiceName, T>(
  config: Config,
  names: readonly N[],
  run: (services: LoadedServices<N> & { ctx: Context }) => Promise<T>,
  options: { createsDatabase?: boolean } = {},
): Promise<T> {
  if (!options.createsDatabase) ensureDatabaseExists(config);
  const db = await openMigrated(config);
  try {
    const ctx: Context = { db, config, log: pino({ level: config.logLevel }, pino.destination(2)) };
    return await run({ ...(await loadServices(ctx, names)), ctx });
  } finally {
    await db.close();
  }
}
