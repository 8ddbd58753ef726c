import { createHash, randomBytes } from "node:crypto";
import type { Person } from "../../core/accounts.ts";
import type { PersonRow } from "./store.ts";

export type { Person };

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
