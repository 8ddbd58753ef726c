/**
 * An application whose clock a test moves (the lifecycle's stage is read from it), and its schedule
 * set as an operator would, without going through the web.
 */
import { after, before } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import { type Harness, testConfig } from "./app.ts";
import type { TestDatabase, TestDialect } from "./db.ts";

export interface ClockedHarness extends Harness {
  /** Moves the instance's clock to an instant (ISO 8601). */
  setNow(iso: string): void;
}

export function useClockedApp(
  dialect: TestDialect,
  start: string,
  overrides: Partial<Config> = {},
): ClockedHarness {
  let database: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  let now = new Date(start);
  before(async () => {
    database = await dialect.create();
    app = await buildApp({ config: testConfig(overrides), db: database.db, clock: () => now });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await database?.drop();
  });
  return {
    get app() {
      if (!app) throw new Error("app not ready");
      return app;
    },
    get db() {
      if (!database) throw new Error("database not ready");
      return database.db;
    },
    setNow(iso: string) {
      now = new Date(iso);
    },
  };
}

/** Every stage taken away, as `communs lifecycle set active` does. */
export function clearSchedule(h: Harness): Promise<void> {
  return h.app.communs.lifecycle.operatorSet({ stage: "active" });
}
