import type { Kysely } from "kysely";
import type { DialectName } from "../connection.ts";

/** Column types that differ between dialects; everything else is written once for both. */
export function types(dialect: DialectName) {
  return { timestamp: dialect === "postgres" ? ("timestamptz" as const) : ("text" as const) };
}

/** One migration: the same function for both dialects, told which one it runs on. */
export type Step = (db: Kysely<unknown>, dialect: DialectName) => Promise<void>;
