/**
 * An application whose clock a test moves (the lifecycle's stage is read from it), and its schedule
 * set as an operator would, without going through the web.
 */
import type { Config } from "../../src/config.ts";
import { type Harness, useApp } from "./app.ts";
import type { TestDialect } from "./db.ts";

export interface ClockedHarness extends Harness {
  /** Moves the instance's clock to an instant (ISO 8601). */
  setNow(iso: string): void;
}

export function useClockedApp(
  dialect: TestDialect,
  start: string,
  overrides: Partial<Config> = {},
): ClockedHarness {
  let now = new Date(start);
  const h = useApp(dialect, overrides, () => now);
  return {
    get app() {
      return h.app;
    },
    get db() {
      return h.db;
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
