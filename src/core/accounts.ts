import { validationError } from "./errors.ts";
import { checkLine, oneLine } from "./text.ts";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export const SESSION_DAYS = 30;
export const RESET_LINK_MINUTES = 60;
export const CONFIRM_LINK_HOURS = 48;
/** Wrong current passwords allowed per person within the window before password changes pause. */
export const PASSWORD_CHECKS = 5;
/** Reset mails sent to one address within the window; further requests look the same and send none. */
export const RESET_MAILS = 3;
export const ATTEMPT_WINDOW_MINUTES = 15;

/**
 * Failed logins are throttled per (account, address) pair, never per account alone: a stranger's
 * failures must not keep the owner out. A pair may fail this many times freely…
 */
export const LOGIN_FREE_FAILURES = 5;
/** …then waits 1 s before its next try, 2 s after the next failure, 4 s… up to this cap… */
export const LOGIN_DELAY_CAP_SECONDS = 15 * 60;
/** …and starts afresh after a success, or after this long without a try. */
export const LOGIN_FORGET_HOURS = 24;

/** How long a pair waits before its next try, after `failures` failures in a row. */
export function loginDelaySeconds(failures: number): number {
  if (failures < LOGIN_FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - LOGIN_FREE_FAILURES), LOGIN_DELAY_CAP_SECONDS);
}

/**
 * A signed-in person as the rest of the application sees them (services, pages, the policy): never the
 * password hash. Kept here so that web/ and every module share it without importing accounts.
 */
export interface Person {
  id: string;
  email: string;
  displayName: string;
  introduction: string;
  language: Language;
  isAdmin: boolean;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function normaliseEmail(value: unknown): string {
  return oneLine(value).toLowerCase();
}

// Deliberately loose: one @, something on each side, a dot in the domain. The mail proves the rest.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ProfileInput {
  displayName: string;
  introduction: string;
  language: Language;
}

export function checkProfile(input: {
  displayName?: unknown;
  introduction?: unknown;
  language?: unknown;
}): ProfileInput {
  const errors: Record<string, string> = {};
  const displayName = oneLine(input.displayName);
  const introduction = oneLine(input.introduction);
  checkLine(errors, "displayName", displayName, { required: true, max: 80 });
  checkLine(errors, "introduction", introduction, { required: false, max: 200 });
  const language = input.language === undefined || input.language === "" ? "fr" : input.language;
  if (!isLanguage(language)) errors.language = "field.language";
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { displayName, introduction, language: language as Language };
}

export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== "string" || password.length === 0) return "field.required";
  if ([...password].length < PASSWORD_MIN) return "password.tooShort";
  if ([...password].length > PASSWORD_MAX) return "password.tooLong";
  return undefined;
}

export interface Registration extends ProfileInput {
  email: string;
  password: string;
}

export function checkRegistration(input: Record<string, unknown>): Registration {
  const errors: Record<string, string> = {};
  let profile: ProfileInput | undefined;
  try {
    profile = checkProfile(input);
  } catch (error) {
    Object.assign(errors, (error as { fields: Record<string, string> }).fields);
  }
  const email = normaliseEmail(input.email);
  if (email === "") errors.email = "field.required";
  else if (email.length > 254 || !EMAIL.test(email)) errors.email = "field.email";
  const problem = passwordProblem(input.password);
  if (problem) errors.password = problem;
  if (Object.keys(errors).length > 0 || !profile) throw validationError(errors);
  return { ...profile, email, password: input.password as string };
}

export function addMinutes(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * 60_000);
}
