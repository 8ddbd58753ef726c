/** Redirect pages (`#REDIRECT [[Target]]`) and their target. */

import { spaced } from "./titles.ts";

/** `#REDIRECT` and the localized words of the most common wiki languages (the dump does not list them). */
export const REDIRECT_WORDS: readonly string[] = [
  "#REDIRECT",
  "#REDIRECTION",
  "#WEITERLEITUNG",
  "#REDIRECCIÓN",
  "#RINVIA",
  "#DOORVERWIJZING",
  "#REDIRECIONAMENTO",
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The target of a redirect page (`#REDIRECT [[Page#section]]`), or null for an ordinary page. */
export function redirectTarget(
  text: string,
  words: readonly string[] = REDIRECT_WORDS,
): { title: string; fragment: string | null } | null {
  const alternatives = words.map(escapeRegExp).join("|");
  const found = new RegExp(
    `^\\s*(?:${alternatives})\\s*:?\\s*\\[\\[([^\\]|]+)(?:\\|[^\\]]*)?\\]\\]`,
    "iu",
  ).exec(text);
  if (!found) return null;
  const target = found[1] ?? "";
  const hash = target.indexOf("#");
  if (hash < 0) return { title: spaced(target), fragment: null };
  return { title: spaced(target.slice(0, hash)), fragment: spaced(target.slice(hash + 1)) || null };
}
