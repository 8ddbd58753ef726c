/**
 * What every command shares: the flags `parseArgs` accepts, the arguments a command receives, and the
 * operator's mistakes (a usage error: its message alone, exit code 2). Light on purpose: `src/main.ts`
 * loads it for `--help`, before any command.
 */
import { parseArgs } from "node:util";
import type { Config } from "../config.ts";

export const OPTIONS = {
  email: { type: "string" },
  name: { type: "string" },
  password: { type: "string" },
  admin: { type: "boolean" },
  kind: { type: "string" },
  slug: { type: "string" },
  territory: { type: "string" },
  theme: { type: "string" },
  assembly: { type: "string" },
  space: { type: "string" },
  format: { type: "string" },
  template: { type: "string" },
  field: { type: "string", multiple: true },
  "dry-run": { type: "boolean" },
  out: { type: "string" },
  "base-url": { type: "string" },
  port: { type: "string" },
  retry: { type: "boolean" },
  once: { type: "boolean" },
  q: { type: "string" },
  tag: { type: "string" },
  commune: { type: "string" },
  status: { type: "string" },
  source: { type: "string" },
  year: { type: "string" },
  siren: { type: "string" },
  "date-column": { type: "string" },
  "amount-column": { type: "string" },
  "label-column": { type: "string" },
  "id-column": { type: "string" },
  "donor-column": { type: "string" },
  "date-format": { type: "string" },
  meeting: { type: "string" },
  from: { type: "string" },
  message: { type: "string" },
  "next-url": { type: "string" },
  files: { type: "string" },
  "at-root": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function parseCommandLine(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
}

export type Values = ReturnType<typeof parseCommandLine>["values"];

/** One command's arguments: the settings, the flags, and every positional (the command's words first). */
export interface Invocation {
  config: Config;
  values: Values;
  positionals: string[];
}

export type Command = (invocation: Invocation) => Promise<void>;

export class UsageError extends Error {}

export function required(
  values: Record<string, string | string[] | boolean | undefined>,
  name: string,
): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} est obligatoire.`);
  return value;
}
