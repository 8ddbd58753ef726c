import { createHash, randomBytes } from "node:crypto";
import type { Language } from "../../core/accounts.ts";
import type { PersonRow } from "./store.ts";

/** The signed-in person as the rest of the app sees it: never the password hash. */
export interface Person {
  id: string;
  email: string;
  displayName: string;
  introduction: string;
  language: Language;
  isAdmin: boolean;
}

export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    introduction: row.introduction,
    language: row.language === "en" ? "en" : "fr",
    isAdmin: row.is_admin === 1,
  };
}

/** Secrets we hand out (session cookies, API tokens, reset links) are stored only as SHA-256. */
export function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}
