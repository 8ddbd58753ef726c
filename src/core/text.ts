import type { FieldErrors } from "./errors.ts";

/**
 * Trim, normalise Unicode (NFC), drop control characters (NUL, which PostgreSQL cannot store, and the
 * like), replace lone surrogates (which would be stored as invalid UTF-8) and collapse inner runs of
 * whitespace to one space.
 */
export function oneLine(value: unknown): string {
  return typeof value === "string"
    ? wellFormed(value)
        .normalize("NFC")
        .replace(/(?![\t\n\v\f\r])\p{Cc}/gu, "")
        .replace(/\s+/g, " ")
        .trim()
    : "";
}

/** Lone UTF-16 surrogates (which no UTF-8 store or hash can hold) replaced by U+FFFD. */
export function wellFormed(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** Checks a one-line text field: required or not, at most `max` characters. */
export function checkLine(
  errors: FieldErrors,
  field: string,
  value: string,
  options: { required: boolean; max: number },
): void {
  if (options.required && value === "") errors[field] = "field.required";
  else if ([...value].length > options.max) errors[field] = `field.tooLong.${options.max}`;
}

/** Lower case, accents and other marks removed, punctuation to spaces: for search and matching. */
export function fold(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[œ]/g, "oe")
    .replace(/[æ]/g, "ae")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A text of several lines: like `oneLine` but keeping its line breaks (as `\n`) and tabs. */
export function multiline(value: unknown): string {
  return typeof value === "string"
    ? wellFormed(value)
        .normalize("NFC")
        .replace(/\r\n?/g, "\n")
        .replace(/(?![\t\n])\p{Cc}/gu, "")
        .trim()
    : "";
}

/** An absolute http(s) address. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
