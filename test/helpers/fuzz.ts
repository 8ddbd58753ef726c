import assert from "node:assert/strict";
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { ERRORS } from "../../src/core/errors.ts";
import { wellFormed } from "../../src/core/text.ts";
import type { Db } from "../../src/db/connection.ts";
import { TABLES } from "../../src/db/schema.ts";
import { translate } from "../../src/web/i18n.ts";
import type { Harness, Visitor } from "./app.ts";

/** The app's body limit (src/app.ts): a bigger body is refused with 413 before any handler runs. */
export const BODY_LIMIT = 256 * 1024;

/** Every French error message the app can answer with. */
export const FRENCH_ERRORS: readonly string[] = Object.keys(ERRORS).map((code) =>
  translate("fr", `error.${code}`),
);

export function frenchMessage(code: keyof typeof ERRORS): string {
  return translate("fr", `error.${code}`);
}

/** What preact-render-to-string does to text (&, < and "): the message as it appears in the HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

function isJson(response: LightMyRequestResponse): boolean {
  return String(response.headers["content-type"] ?? "").startsWith("application/json");
}

/**
 * A refusal as the app must give it: a 4xx status and a French message, in an HTML page (`lang="fr"`)
 * for pages, in `{error, message}` for the API. Returns the message found.
 */
export function assertFrenchRefusal(response: LightMyRequestResponse, label = ""): string {
  const where = `${label} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  assert.ok(response.statusCode >= 400 && response.statusCode < 500, `expected a 4xx: ${where}`);
  if (isJson(response)) {
    const problem = response.json() as { error?: unknown; message?: unknown };
    assert.equal(typeof problem.error, "string", `JSON refusal without error code: ${where}`);
    assert.ok(
      typeof problem.message === "string" && FRENCH_ERRORS.includes(problem.message),
      `JSON refusal without a French message: ${where}`,
    );
    return problem.message as string;
  }
  assert.match(String(response.headers["content-type"]), /^text\/html/, `refusal is not a page: ${where}`);
  assert.match(response.body, /<html lang="fr"/, `refusal page is not in French: ${where}`);
  const found = FRENCH_ERRORS.find((m) => response.body.includes(escapeHtml(m)));
  assert.ok(found, `refusal page without a French error message: ${where}`);
  return found;
}

/** The API's refusal: JSON `{error, message[, fields]}` with a French message and nothing else. */
export function assertApiRefusal(
  response: LightMyRequestResponse,
  label = "",
): { error: string; message: string } {
  const where = `${label} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  assert.ok(isJson(response), `API refusal is not JSON: ${where}`);
  assertFrenchRefusal(response, label);
  const problem = response.json() as Record<string, unknown>;
  for (const key of Object.keys(problem)) {
    assert.ok(["error", "message", "fields"].includes(key), `unexpected key ${key} in ${where}`);
  }
  return problem as { error: string; message: string };
}

/**
 * Every row of every table (rate-limit counters and login throttling aside, which a refused login is
 * meant to write, and jobs, which a preview runs as), so that "nothing was written" is a comparison of two snapshots. A token's last use is
 * left out too: a Bearer request touches it before anything else.
 */
export async function snapshot(
  db: Db,
  skip: readonly string[] = ["rate_limit_hits", "login_throttle", "jobs"],
) {
  const result: Record<string, string[]> = {};
  for (const table of TABLES) {
    if (skip.includes(table)) continue;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db.kysely);
    result[table] = rows
      .map((row) => {
        const { last_used_at: _ignored, ...rest } = row;
        return JSON.stringify(rest);
      })
      .sort();
  }
  return result;
}

export async function countRows(db: Db, table: (typeof TABLES)[number]): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
    db.kysely,
  );
  return Number(rows[0]?.n ?? 0);
}

export { wellFormed };

/**
 * "." and "..", even percent-encoded, are resolved out of a URL before routing ("/membres/./role" is
 * "/membres/role"), as browsers do: as a path segment, such a value asks for another page.
 */
export function isDotSegment(text: string): boolean {
  return text === "." || text === "..";
}

/** A path segment for any string (lone surrogates replaced, since they cannot be percent-encoded). */
export function segment(text: string): string {
  return encodeURIComponent(wellFormed(text));
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

const nasty = fc.constantFrom(
  "\u0000",
  "\u0001",
  "\u007f",
  "\u0085",
  "\u202e",
  "\u200b",
  "\ufeff",
  "\r\n",
  "\t",
  " ",
  "\u00a0",
  "é",
  "e\u0301",
  "👩‍👩‍👧",
  "<",
  ">",
  '"',
  "'",
  "&",
  "%",
  "%00",
  "+",
  "=",
  "&_csrf=",
  "/",
  "..",
  "\\",
);

/** Unicode-weird strings: any grapheme, any code point (NUL included), lone surrogates, tricky characters. */
export const weirdString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "grapheme-composite", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "binary-ascii", maxLength: 60 }),
  fc.string({ unit: fc.oneof(loneSurrogate, nasty, fc.string({ maxLength: 3 })), maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "   ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; drop table persons; --",
    "../../etc/passwd",
    "__proto__",
    "constructor",
    "null",
    "undefined",
    "[object Object]",
  ),
);

/** 5 KB to 300 KB: often over the body limit (256 KB), sometimes just under it. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 4 }),
    fc.integer({ min: 5_000, max: 300_000 }),
  )
  .map(([seed, size]) => seed.repeat(Math.ceil(size / seed.length)).slice(0, size));

/** A form field as a browser (or an attacker) may send it; null and undefined mean "left out". */
export type FormValue = string | string[] | null | undefined;

export function formValue(plausible: fc.Arbitrary<string>): fc.Arbitrary<FormValue> {
  return fc.oneof(
    { weight: 5, arbitrary: plausible },
    { weight: 3, arbitrary: weirdString },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.array(fc.oneof(plausible, weirdString), { minLength: 2, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  );
}

/** Values a JSON client may send in place of a string. */
export const jsonJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

export type Encoding = "form" | "json";
export const encodings: fc.Arbitrary<Encoding> = fc.constantFrom<Encoding>("form", "form", "form", "json");

export interface Payload {
  payload: string;
  contentType: string;
  /** The body as the server parses it. */
  parsed: Record<string, unknown>;
  size: number;
}

/** Encodes the fields (and the CSRF token) as a browser form or as JSON. */
export function encode(fields: Record<string, FormValue>, csrf: string, encoding: Encoding): Payload {
  if (encoding === "json") {
    const body: Record<string, unknown> = { _csrf: csrf };
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) body[name] = value;
    const payload = JSON.stringify(body);
    return {
      payload,
      contentType: "application/json",
      parsed: JSON.parse(payload),
      size: Buffer.byteLength(payload),
    };
  }
  const params = new URLSearchParams({ _csrf: csrf });
  const parsed: Record<string, unknown> = { _csrf: csrf };
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) params.append(name, item);
    parsed[name] = Array.isArray(value) ? value.map(wellFormed) : wellFormed(value);
  }
  const payload = params.toString();
  return {
    payload,
    contentType: "application/x-www-form-urlencoded",
    parsed,
    size: Buffer.byteLength(payload),
  };
}

/** A browser's cookies and the CSRF token of a page it read: forms can then be posted without state. */
export interface Browser {
  cookies: Record<string, string>;
  csrf: string;
}

export async function browserOf(visitor: Visitor, page = "/"): Promise<Browser> {
  await visitor.get(page);
  const cookies: Record<string, string> = {};
  for (const name of ["communs_session", "communs_csrf"]) {
    const value = visitor.cookie(name);
    if (value) cookies[name] = value;
  }
  return { cookies, csrf: visitor.csrfToken() };
}

export function postAs(
  h: Harness,
  browser: Browser,
  url: string,
  body: { payload: string; contentType: string },
): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method: "POST",
    url,
    payload: body.payload,
    headers: { "content-type": body.contentType },
    cookies: browser.cookies,
  });
}

/**
 * Runs of a property: modest, so that a file stays well under a minute per dialect. PROPERTY_RUNS=500
 * (say) searches harder, for a one-off hunt.
 */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 50);
