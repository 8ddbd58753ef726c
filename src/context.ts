import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.ts";
import type { Db } from "./db/connection.ts";

/** What every service receives: the database, the settings and the logger. */
export interface Context {
  db: Db;
  config: Config;
  log: FastifyBaseLogger;
  /** The instance's clock (the lifecycle's stage in force is read from it); tests move it. */
  clock?: () => Date;
}
