import type { Context } from "../../context.ts";
import { databaseAnswers } from "./store.ts";

/** What a load balancer or an operator asks: is this process able to serve, and on which database. */
export function createHealth(ctx: Context) {
  return {
    async check() {
      const ok = await databaseAnswers(ctx.db.probe);
      return { ok, database: ctx.db.dialect };
    },
  };
}

export type Health = ReturnType<typeof createHealth>;
