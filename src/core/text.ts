import type { FieldErrors } from "./errors.ts";

/** Trim, normalise Unicode (NFC) and collapse inner runs of whitespace to one space. */
export function oneLine(value: unknown): string {
  return typeof value === "string" ? value.normalize("NFC").replace(/\s+/g, " ").trim() : "";
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
