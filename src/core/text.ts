import type { FieldErrors } from "./errors.ts";

/**
 * Trim, normalise Unicode (NFC), drop control characters (NUL, which PostgreSQL cannot store, and the
 * like), replace lone surrogates (which would be stored as invalid UTF-8) and collapse inner runs of
 * whitespace to one space.
 */
export function oneLine(value: unknown): string {
  return typeof value === "string"
    ? value
        .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
        .normalize("NFC")
        .replace(/(?![\t\n\v\f\r])\p{Cc}/gu, "")
        .replace(/\s+/g, " ")
        .trim()
    : "";
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
