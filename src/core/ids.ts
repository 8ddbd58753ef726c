import { v7 } from "uuid";

/** Identifiers of stored things: time-ordered (index-friendly) and not guessable (74 random bits). */
export function newId(): string {
  return v7();
}

export function isId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(value);
}
