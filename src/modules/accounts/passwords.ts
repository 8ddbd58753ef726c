import { type Algorithm, hash, verify } from "@node-rs/argon2";
import { wellFormed } from "../../core/text.ts";

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. The library's enum is type-only (const enum):
// 2 is its Argon2id.
const ARGON_2ID = 2 as Algorithm;
const ARGON = { algorithm: ARGON_2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// Verified against when no account matches, so a wrong e-mail costs as long as a wrong password.
const DUMMY_HASH = hash("communs-dummy-password", ARGON);

// Passwords are hashed and checked as well-formed text, so that what a lone surrogate means is our
// rule (U+FFFD, as everywhere else) and not the native binding's.
export function hashPassword(password: string): Promise<string> {
  return hash(wellFormed(password), ARGON);
}

/** Whether the password matches the hash; with no hash (no such account), false after as long. */
export async function passwordMatches(hashed: string | undefined, password: string): Promise<boolean> {
  if (hashed === undefined) {
    await verify(await DUMMY_HASH, wellFormed(password)).catch(() => false);
    return false;
  }
  return verify(hashed, wellFormed(password)).catch(() => false);
}
