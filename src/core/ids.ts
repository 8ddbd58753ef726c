import { v7 } from "uuid";

/** Identifiers of stored things: time-ordered (index-friendly) and not guessable (74 random bits). */
export function newId(): string {
  return v7();
}
