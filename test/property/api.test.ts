// Property tests for the JSON API: random JSON bodies (wrong types, extra properties, huge strings, any
// JSON value), non-JSON text sent as application/json and odd content types. The answer is never a
// 5xx; a refusal is a 4xx `{error, message}` with a French message and writes nothing; and the outcome
// is the one the schema and the core rules predict.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { checkNewSpace } from "../../src/core/spaces.ts";
import { oneLine } from "../../src/core/text.ts";
import type { Person } from "../../src/modules/accounts/service.ts";
import { useApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { buildAdmin, buildAssembly, buildChamber, buildPerson, buildToken } from "../helpers/factories.ts";
import {
  assertApiRefusal,
  BODY_LIMIT,
  hugeString,
  isDotSegment,
  jsonJunk,
  RUNS,
  segment,
  snapshot,
  weirdString,
} from "../helpers/fuzz.ts";

/** NewSpaceBody (src/web/api-schemas.ts): each property and its longest length (in code points). */
const SPACE_FIELDS: Record<string, number> = {
  kind: 0,
  name: 120,
  slug: 60,
  summary: 300,
  territory: 120,
  theme: 120,
  assembly: 60,
};
const MAX_SLUG_PARAM = 60;
const MAX_PARAM = 100;

const length = (text: string) => [...text].length;

/** Does the body pass the route's schema, as written (no coercion, no extra property)? */
function fitsSpaceSchema(body: unknown): body is Record<string, string> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  for (const [name, value] of Object.entries(record)) {
    if (!(name in SPACE_FIELDS) || typeof value !== "string") return false;
    if (name !== "kind" && length(value) > (SPACE_FIELDS[name] as number)) return false;
  }
  if (record.kind !== "assembly" && record.kind !== "chamber") return false;
  return typeof record.name === "string" && length(record.name) >= 1;
}

function fitsJoinSchema(body: unknown): body is { introduction?: string } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  for (const [name, value] of Object.entries(body)) {
    if (name !== "introduction" || typeof value !== "string" || length(value) > 500) return false;
  }
  return true;
}

/** A string property as a client may send it: plausible, weird, huge, or of another JSON type. */
function jsonValue(plausible: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: plausible },
    { weight: 2, arbitrary: weirdString },
    { weight: 1, arbitrary: hugeString },
    { weight: 2, arbitrary: jsonJunk },
  );
}

const extras = fc.dictionary(
  fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom("id", "isAdmin", "properties", "createdAt", "__proto__"),
  ),
  fc.jsonValue({ maxDepth: 2 }),
  { minKeys: 1, maxKeys: 3 },
);

/** What the client sends: a JSON text (most often an object), or not JSON at all. */
interface Sent {
  payload: string;
  contentType: string;
  /** The JSON value sent, when the payload is JSON. */
  value?: unknown;
}

function sentJson(value: unknown): Sent {
  return { payload: JSON.stringify(value) ?? "null", contentType: "application/json", value };
}

const notJson: fc.Arbitrary<Sent> = fc.oneof(
  fc
    .oneof(
      fc.string({ unit: "binary-ascii", maxLength: 80 }),
      fc.constantFrom("", "{", "{'kind': 'assembly'}", "kind=assembly&name=x", "undefined", "NaN", "[1,]"),
    )
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    })
    .map((payload) => ({ payload, contentType: "application/json" })),
  fc
    .tuple(
      fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/octet-stream",
      ),
      fc.string({ maxLength: 40 }),
    )
    .map(([contentType, payload]) => ({ payload, contentType })),
);

/** Bodies for one route: mostly plausible objects (some with extra keys), then any JSON, then not JSON. */
function bodies(
  plausibleObject: fc.Arbitrary<Record<string, unknown>>,
  maxDepth: number,
): fc.Arbitrary<Sent> {
  return fc.oneof(
    { weight: 5, arbitrary: plausibleObject.map(sentJson) },
    {
      weight: 2,
      arbitrary: fc.tuple(plausibleObject, extras).map(([object, more]) => sentJson({ ...more, ...object })),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth }).map(sentJson) },
    { weight: 1, arbitrary: notJson },
  );
}

for (const dialect of testDialects()) {
  describe(`JSON API under random bodies [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let adminToken = "";
    let memberToken = "";
    let member: Person;

    before(async () => {
      const admin = await buildAdmin(h.app, "Admin");
      member = await buildPerson(h.app, { name: "Mia" });
      adminToken = await buildToken(h.app, admin);
      memberToken = await buildToken(h.app, member);
      await buildAssembly(h.app, { by: admin, slug: "assemblee", name: "Assemblée", territory: "L" });
      await buildChamber(h.app, { by: admin, slug: "chambre", name: "Chambre", theme: "vélo" });
    });

    async function call(
      url: string,
      token: string,
      sent: Sent,
    ): Promise<{ response: LightMyRequestResponse; refused: boolean }> {
      const before = await snapshot(h.db);
      const response = await h.app.inject({
        method: "POST",
        url,
        payload: sent.payload,
        headers: { authorization: `Bearer ${token}`, "content-type": sent.contentType },
      });
      const where = `${url} ${sent.contentType} ${sent.payload.slice(0, 120)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
      assert.ok(response.statusCode < 500, `server error: ${where}`);
      assert.match(String(response.headers["content-type"]), /^application\/json/, where);
      const refused = response.statusCode >= 400;
      if (refused) {
        assertApiRefusal(response, where);
        assert.deepEqual(await snapshot(h.db), before, `a refused call wrote something: ${where}`);
      }
      return { response, refused };
    }

    it("POST /api/v1/spaces: only a body that fits the schema and the rules creates a space", async () => {
      const plausibleObject = fc.record(
        {
          kind: jsonValue(fc.constantFrom("assembly", "chamber", "club", "")),
          name: jsonValue(
            fc.oneof(
              fc.constantFrom("Assemblée de Lille", "Vélo"),
              fc.string({ minLength: 1, maxLength: 30 }),
            ),
          ),
          slug: jsonValue(
            fc.oneof(fc.constantFrom("", "assemblee", "api"), fc.stringMatching(/^[a-z]{1,12}$/)),
          ),
          summary: jsonValue(fc.string({ maxLength: 40 })),
          territory: jsonValue(fc.constantFrom("Lille", "", "Roubaix")),
          theme: jsonValue(fc.constantFrom("vélo", "", "tiers-lieux")),
          assembly: jsonValue(fc.constantFrom("", "assemblee", "chambre", "inconnue")),
        },
        { requiredKeys: [] },
      );
      const body = bodies(plausibleObject, 3);
      await fc.assert(
        fc.asyncProperty(body, async (sent) => {
          const spaces = await h.app.communs.spaces.list();
          const { response } = await call("/api/v1/spaces", adminToken, sent);
          const where = `${sent.payload.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          if (Buffer.byteLength(sent.payload) > BODY_LIMIT) {
            assert.equal(response.statusCode, 413, where);
            return;
          }
          if (!("value" in sent)) {
            // A form-encoded body is parsed too (the API shares the site's parsers): the generic checks
            // of call() hold for it, its outcome depends on what the random text happens to parse to.
            if (sent.contentType.startsWith("application/x-www-form-urlencoded")) return;
            assert.ok([400, 415].includes(response.statusCode), where);
            return;
          }
          if (!fitsSpaceSchema(sent.value)) {
            assert.equal(response.statusCode, 400, where);
            assert.equal(
              response.json().error,
              poisoned(sent.value) ? "BAD_REQUEST" : "VALIDATION_FAILED",
              where,
            );
            return;
          }
          let expected: number;
          try {
            const space = checkNewSpace(sent.value);
            const assembly = spaces.find((s) => s.slug === space.assemblySlug);
            if (space.assemblySlug && assembly?.kind !== "assembly") expected = 400;
            else expected = spaces.some((s) => s.slug === space.slug) ? 409 : 201;
          } catch {
            expected = 400;
          }
          assert.equal(response.statusCode, expected, where);
          if (expected === 201) {
            const created = response.json();
            assert.equal(created.kind, sent.value.kind);
            assert.equal(created.name, oneLine(sent.value.name));
            assert.equal((await h.app.communs.spaces.list()).length, spaces.length + 1);
          }
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it("POST /api/v1/spaces/:slug/join: a known slug and an optional short introduction, once", async () => {
      const slug = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom("assemblee", "chambre") },
        { weight: 1, arbitrary: weirdString },
        { weight: 1, arbitrary: fc.string({ minLength: 61, maxLength: 120 }) },
      );
      const plausibleObject = fc.record(
        { introduction: jsonValue(fc.oneof(fc.constantFrom("", "Bonjour, je fais du vélo."), fc.string())) },
        { requiredKeys: [] },
      );
      const body = bodies(plausibleObject, 2);
      await fc.assert(
        fc.asyncProperty(slug, body, async (target, sent) => {
          const url = `/api/v1/spaces/${segment(target)}/join`;
          const membership = hasNul(target)
            ? undefined
            : await h.db.kysely
                .selectFrom("memberships")
                .innerJoin("spaces", "spaces.id", "memberships.space_id")
                .select("memberships.status")
                .where("spaces.slug", "=", target)
                .where("memberships.person_id", "=", member.id)
                .executeTakeFirst();
          const { response } = await call(url, memberToken, sent);
          const where = `${url} ${sent.payload.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          if (decodeURIComponent(segment(target)).length > MAX_PARAM) {
            assert.equal(response.statusCode, 414, where);
            return;
          }
          if (segment(target).length > MAX_PARAM && response.statusCode === 414) return;
          if (Buffer.byteLength(sent.payload) > BODY_LIMIT) {
            assert.equal(response.statusCode, 413, where);
            return;
          }
          if (!("value" in sent)) {
            // A form-encoded body is parsed too (the API shares the site's parsers): the generic checks
            // of call() hold for it, its outcome depends on what the random text happens to parse to.
            if (sent.contentType.startsWith("application/x-www-form-urlencoded")) {
              if (response.statusCode === 200) await h.app.communs.spaces.leave(member, target);
              return;
            }
            assert.ok([400, 415].includes(response.statusCode), where);
            return;
          }
          // "." and ".." are resolved out of the URL before routing: no route, so no schema, answers.
          if (isDotSegment(target)) {
            assert.equal(response.statusCode, 404, where);
            return;
          }
          if (length(target) > MAX_SLUG_PARAM || !fitsJoinSchema(sent.value)) {
            assert.equal(response.statusCode, 400, where);
            return;
          }
          const space = hasNul(target)
            ? undefined
            : (await h.app.communs.spaces.list()).find((s) => s.slug === target);
          if (!space) {
            assert.equal(
              response.statusCode,
              dialect.name === "postgres" && hasNul(target) ? 400 : 404,
              where,
            );
            return;
          }
          const introduction = oneLine(sent.value.introduction);
          if (membership?.status === "active" || membership?.status === "pending")
            assert.equal(response.statusCode, 409, where);
          else if (target === "chambre" && introduction === "") assert.equal(response.statusCode, 400, where);
          else {
            assert.equal(response.statusCode, 200, where);
            assert.deepEqual(response.json(), { status: target === "chambre" ? "pending" : "active" });
            // Leave again, so that the next run may join anew.
            await h.app.communs.spaces.leave(member, target);
          }
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it("answers a caller without a token in English when asked, in French otherwise", async () => {
      const english = await h.app.inject({
        method: "POST",
        url: "/api/v1/spaces",
        payload: "{",
        headers: { "content-type": "application/json", "accept-language": "en" },
      });
      assert.equal(english.statusCode, 400);
      assert.equal(english.json().message, "The request is malformed.");
      const french = await h.app.inject({
        method: "POST",
        url: "/api/v1/spaces",
        payload: "{",
        headers: { "content-type": "application/json" },
      });
      assert.deepEqual(french.json(), { error: "BAD_REQUEST", message: "La requête est mal formée." });
    });
  });
}

function hasNul(text: string): boolean {
  return text.includes("\u0000");
}

/** A key the JSON parser refuses outright (prototype poisoning), at any depth: 400 BAD_REQUEST. */
function poisoned(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(
    ([key, inner]) =>
      key === "__proto__" ||
      (key === "constructor" && inner !== null && typeof inner === "object" && "prototype" in inner) ||
      poisoned(inner),
  );
}
