// Property tests: every form of the site, posted with a valid CSRF token and random, oversized, missing,
// array-valued and Unicode-weird values. Whatever comes in, the answer is never a 5xx; a refusal is a 4xx
// with a French message and writes nothing; and the outcome is the one the core rules predict.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { checkProfile, checkRegistration, normaliseEmail, passwordProblem } from "../../src/core/accounts.ts";
import { newId } from "../../src/core/ids.ts";
import { checkNewSpace } from "../../src/core/spaces.ts";
import { oneLine } from "../../src/core/text.ts";
import { digest, type Person } from "../../src/modules/accounts/service.ts";
import { email, useApp, Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import {
  buildAssembly,
  buildChamber,
  buildMember,
  buildPerson,
  PASSWORD,
  signIn,
} from "../helpers/factories.ts";
import {
  assertFrenchRefusal,
  BODY_LIMIT,
  type Browser,
  browserOf,
  countRows,
  encode,
  encodings,
  type FormValue,
  formValue,
  frenchMessage,
  hugeString,
  isDotSegment,
  type Payload,
  postAs,
  RUNS,
  segment,
  snapshot,
  weirdString,
  wellFormed,
} from "../helpers/fuzz.ts";

/** find-my-way's default: a longer path parameter is refused (414) before any route runs. */
const MAX_PARAM = 100;

const names = fc.oneof(
  fc.constantFrom("Alice", "Béa Commoneuse", "  Zoé   Durand ", "李小龍", "<b>gras</b>", "x".repeat(81)),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 90 }),
);
const passwords = fc.oneof(
  fc.constantFrom(PASSWORD, "court", "0123456789", "p".repeat(200), "p".repeat(201), "          "),
  fc.string({ unit: "grapheme", minLength: 6, maxLength: 40 }),
);
const languages = fc.constantFrom("fr", "en", "", "de", "FR", " fr");

function field(parsed: Record<string, unknown>, name: string): unknown {
  return parsed[name];
}

/** PostgreSQL cannot even look up a text holding NUL: the app answers 400 there, 404 on SQLite. */
function hasNul(text: string): boolean {
  return text.includes("\u0000");
}

for (const dialect of testDialects()) {
  describe(`every form under random input [${dialect.name}]`, () => {
    const h = useApp(dialect);
    const adminEmail = email("admin");
    const profileEmail = email("profil");
    const targetEmail = email("cible");
    const resetEmail = email("reset");
    let admin: Visitor;
    let profile: Visitor;
    let joiner: Visitor;
    let joinerPerson: Person;
    let resetPerson: Person;
    const memberIds: Record<string, string> = {};

    before(async () => {
      const { spaces } = h.app.communs;
      const adminPerson = await buildPerson(h.app, { name: "Alice Admin", email: adminEmail, admin: true });
      admin = await signIn(h, adminPerson);
      profile = await signIn(h, await buildPerson(h.app, { name: "Paul Profil", email: profileEmail }));
      joinerPerson = await buildPerson(h.app, { name: "Jo Joiner" });
      joiner = await signIn(h, joinerPerson);
      await buildPerson(h.app, { name: "Cible", email: targetEmail });
      resetPerson = await buildPerson(h.app, { name: "Remi Reset", email: resetEmail });
      await buildAssembly(h.app, { by: adminPerson, slug: "assemblee", name: "Assemblée", territory: "L" });
      const space = await buildChamber(h.app, {
        by: adminPerson,
        slug: "chambre",
        name: "Chambre",
        theme: "mobilité",
        assembly: "assemblee",
      });
      const member = await buildMember(h.app, space, "member", { name: "Mia" });
      const pending = await buildPerson(h.app, { name: "Pia" });
      await spaces.join(pending, "chambre", { introduction: "Salut" });
      const chamber = await spaces.get("chambre");
      for (const [key, person] of [
        ["membre", member],
        ["demandeur", pending],
        ["admin", adminPerson],
      ] as const) {
        const row = await h.db.kysely
          .selectFrom("memberships")
          .select("id")
          .where("space_id", "=", chamber.id)
          .where("person_id", "=", person.id)
          .executeTakeFirstOrThrow();
        memberIds[key] = row.id;
      }
    });

    /**
     * Posts and checks what holds for every form: no 5xx; a refusal is a French 4xx and leaves every
     * table as it was; the status is the expected one.
     */
    async function attempt(
      browser: Browser,
      url: string,
      body: Payload,
      expected: number,
      label: string,
      also: readonly number[] = [],
    ): Promise<LightMyRequestResponse> {
      const before = await snapshot(h.db);
      const response = await postAs(h, browser, url, body);
      const where = `${label} ${url} (${body.size} bytes) → ${response.statusCode} ${response.body.slice(0, 200)}`;
      assert.ok(response.statusCode < 500, `server error: ${where}`);
      if (response.statusCode >= 400) {
        assertFrenchRefusal(response, label);
        assert.deepEqual(await snapshot(h.db), before, `a refused form wrote something: ${where}`);
      }
      if (!also.includes(response.statusCode)) {
        assert.equal(response.statusCode, expected, `unexpected status: ${where}`);
      }
      return response;
    }

    /**
     * The status every form gets before its own rules: a path parameter too long (414), a body too big
     * (413). The router measures a parameter partly decoded: longer than the limit once decoded, it is
     * refused; between its decoded and its encoded length, it may be (`also`).
     */
    function framing(url: string, body: Payload): { fixed: number | undefined; also: number[] } {
      const segments = url.split("?")[0]?.split("/") ?? [];
      if (segments.some((s) => decodeURIComponent(s).length > MAX_PARAM)) return { fixed: 414, also: [] };
      const also = segments.some((s) => s.length > MAX_PARAM) ? [414] : [];
      return { fixed: body.size > BODY_LIMIT ? 413 : undefined, also };
    }

    it("POST /inscription: the registration rules decide, a refusal writes nothing", async () => {
      const browser = await browserOf(new Visitor(h), "/inscription");
      const input = fc.record({
        email: formValue(fc.oneof(fc.emailAddress(), fc.constant(adminEmail.toUpperCase()))),
        displayName: formValue(names),
        password: formValue(passwords),
        introduction: formValue(fc.string({ unit: "grapheme", maxLength: 210 })),
        language: formValue(languages),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async (fields, encoding) => {
          const body = encode(fields, browser.csrf, encoding);
          let expected = framing("/inscription", body).fixed;
          let existing = false;
          if (expected === undefined) {
            try {
              const registration = checkRegistration(body.parsed);
              existing = (await h.app.communs.accounts.findByEmail(registration.email)) !== undefined;
              expected = 200;
            } catch {
              expected = 400;
            }
          }
          const persons = await countRows(h.db, "persons");
          const response = await attempt(browser, "/inscription", body, expected, "inscription");
          if (expected === 400) assert.match(response.body, /Certaines informations sont à corriger\./);
          if (expected === 200) {
            // The same answer for a new and a known address: nobody is signed in before confirming.
            assert.match(response.body, /Vérifiez votre boîte mail/);
            assert.equal(
              response.cookies.find((c) => c.name === "communs_session"),
              undefined,
            );
          }
          assert.equal(await countRows(h.db, "persons"), persons + (expected === 200 && !existing ? 1 : 0));
        }),
        { numRuns: RUNS },
      );
    });

    it("POST /connexion: empty fields are refused, anything else is the same failure unless right", async () => {
      const browser = await browserOf(new Visitor(h), "/connexion");
      const input = fc.record({
        email: formValue(
          fc.oneof(fc.constantFrom(targetEmail, targetEmail.toUpperCase()), fc.emailAddress()),
        ),
        password: formValue(passwords),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async (fields, encoding) => {
          const body = encode(fields, browser.csrf, encoding);
          const framed = framing("/connexion", body).fixed;
          const address = normaliseEmail(field(body.parsed, "email"));
          const rawPassword = field(body.parsed, "password");
          const password = typeof rawPassword === "string" ? rawPassword : "";
          const right = address === targetEmail && password === PASSWORD;
          const sessions = await countRows(h.db, "sessions");
          const before = await snapshot(h.db);
          const response = await postAs(h, browser, "/connexion", body);
          const where = `connexion → ${response.statusCode} ${response.body.slice(0, 200)}`;
          assert.ok(response.statusCode < 500, where);
          if (framed !== undefined) assert.equal(response.statusCode, framed, where);
          else if (address === "" || password === "") {
            assert.equal(response.statusCode, 400, where);
            assert.match(response.body, /Certaines informations sont à corriger\./);
          } else if (right) assert.ok([303, 429].includes(response.statusCode), where);
          else {
            assert.ok([400, 429].includes(response.statusCode), where);
            const message = assertFrenchRefusal(response, "connexion");
            assert.ok(
              [
                frenchMessage("LOGIN_FAILED"),
                frenchMessage("TOO_MANY_ATTEMPTS"),
                frenchMessage("LOGIN_DELAYED"),
              ].includes(message),
              where,
            );
          }
          if (response.statusCode >= 400) {
            assertFrenchRefusal(response, "connexion");
            assert.deepEqual(await snapshot(h.db), before, `a refused login wrote something: ${where}`);
          } else {
            assert.equal(response.headers.location, "/");
            assert.equal(await countRows(h.db, "sessions"), sessions + 1);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it("POST /mot-de-passe-oublie: refuses an empty address, answers anything else the same way", async () => {
      const browser = await browserOf(new Visitor(h), "/mot-de-passe-oublie");
      const input = fc.record({
        email: formValue(fc.oneof(fc.constant(targetEmail), fc.emailAddress())),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async (fields, encoding) => {
          const body = encode(fields, browser.csrf, encoding);
          const expected =
            framing("/mot-de-passe-oublie", body).fixed ??
            (normaliseEmail(field(body.parsed, "email")) === "" ? 400 : 303);
          const response = await attempt(browser, "/mot-de-passe-oublie", body, expected, "oubli");
          if (expected === 303) assert.equal(response.headers.location, "/connexion");
        }),
        { numRuns: RUNS },
      );
    });

    it("POST /reinitialisation/<secret>: the password rule first, then a live link, once", async () => {
      const browser = await browserOf(new Visitor(h), "/mot-de-passe-oublie");
      const input = fc.record({
        secret: fc.oneof(
          { weight: 2, arbitrary: fc.constant("<<live>>") },
          { weight: 3, arbitrary: weirdString },
          { weight: 1, arbitrary: fc.base64String({ minLength: 40, maxLength: 48 }) },
        ),
        password: formValue(passwords),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async ({ secret, password }, encoding) => {
          let live = false;
          let path = secret;
          if (secret === "<<live>>") {
            path = randomBytes(32).toString("base64url");
            const now = Date.now();
            await h.db.kysely
              .insertInto("email_links")
              .values({
                id: newId(),
                person_id: resetPerson.id,
                purpose: "reset",
                token_hash: digest(path),
                created_at: new Date(now).toISOString(),
                expires_at: new Date(now + 3_600_000).toISOString(),
                used_at: null,
              })
              .execute();
            live = true;
          }
          const url = `/reinitialisation/${segment(path)}`;
          const body = encode({ password }, browser.csrf, encoding);
          const framed = framing(url, body);
          let expected = framed.fixed ?? (isDotSegment(path) ? 404 : undefined);
          if (expected === undefined) {
            if (passwordProblem(field(body.parsed, "password"))) expected = 400;
            else expected = live ? 303 : 400;
          }
          const response = await attempt(browser, url, body, expected, "reinitialisation", framed.also);
          if (response.statusCode === 400 && !passwordProblem(field(body.parsed, "password"))) {
            assert.ok(response.body.includes(frenchMessage("RESET_LINK_INVALID")));
          }
          if (expected === 303) {
            assert.equal(response.headers.location, "/profil");
            const again = await postAs(h, browser, url, body);
            assert.equal(again.statusCode, 400, "a reset link works once");
          }
        }),
        { numRuns: RUNS },
      );
    });

    it("POST /profil: the profile rules decide, a refusal leaves the person unchanged", async () => {
      const browser = await browserOf(profile, "/profil");
      const person = (await h.app.communs.accounts.findByEmail(profileEmail)) as Person;
      const input = fc.record({
        displayName: formValue(names),
        introduction: formValue(fc.string({ unit: "grapheme", maxLength: 210 })),
        language: formValue(languages),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async (fields, encoding) => {
          const body = encode(fields, browser.csrf, encoding);
          let expected = framing("/profil", body).fixed;
          let wanted: ReturnType<typeof checkProfile> | undefined;
          if (expected === undefined) {
            try {
              wanted = checkProfile(body.parsed);
              expected = 303;
            } catch {
              expected = 400;
            }
          }
          await attempt(browser, "/profil", body, expected, "profil");
          if (wanted) {
            const row = await h.db.kysely
              .selectFrom("persons")
              .select(["display_name", "introduction", "language"])
              .where("id", "=", person.id)
              .executeTakeFirstOrThrow();
            assert.deepEqual(row, {
              display_name: wellFormed(wanted.displayName),
              introduction: wellFormed(wanted.introduction),
              language: wanted.language,
            });
            if (wanted.language === "en") {
              // Pages now speak English to this person; back to French for the next runs.
              const page = await h.app.inject({ method: "GET", url: "/profil", cookies: browser.cookies });
              assert.match(page.body, /<html lang="en"/);
              await h.db.kysely
                .updateTable("persons")
                .set({ language: "fr" })
                .where("id", "=", person.id)
                .execute();
            }
          }
        }),
        { numRuns: RUNS },
      );
    });

    it("POST /profil/mot-de-passe: needs a valid new password and the current one", async () => {
      const browser = await browserOf(profile, "/profil");
      let current = PASSWORD;
      const input = fc.record({
        current: fc.oneof(
          { weight: 3, arbitrary: fc.constant("<<current>>") },
          { weight: 2, arbitrary: formValue(passwords) },
        ),
        password: formValue(passwords),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async (fields, encoding) => {
          // This property is about what the form accepts, not about the per-account limit on password
          // changes (5 per 15 minutes, tested in security/rate-limit): a run may try more than five.
          await h.db.kysely.deleteFrom("rate_limit_hits").execute();
          const values: Record<string, FormValue> = {
            current: fields.current === "<<current>>" ? current : fields.current,
            password: fields.password,
          };
          const body = encode(values, browser.csrf, encoding);
          const sent = field(body.parsed, "current");
          const newPassword = field(body.parsed, "password");
          let expected = framing("/profil/mot-de-passe", body).fixed;
          if (expected === undefined) {
            if (passwordProblem(newPassword)) expected = 400;
            // Passwords are compared as well-formed text (a lone surrogate reads as U+FFFD).
            else expected = typeof sent === "string" && wellFormed(sent) === wellFormed(current) ? 303 : 400;
          }
          const response = await attempt(browser, "/profil/mot-de-passe", body, expected, "mot-de-passe");
          if (expected === 400 && !passwordProblem(newPassword)) {
            assert.ok(response.body.includes(frenchMessage("WRONG_PASSWORD")));
          }
          if (expected === 303) current = newPassword as string;
        }),
        { numRuns: Math.ceil(RUNS / 2) },
      );
      // The session survived its own password changes, and the last password is the one that works.
      assert.equal((await profile.get("/profil")).statusCode, 200);
      assert.equal((await new Visitor(h).login(profileEmail, current)).statusCode, 303);
    });

    it("POST /profil/jetons: a name of at most 80 characters (or none), shown once", async () => {
      const browser = await browserOf(profile, "/profil");
      const input = fc.record({ name: formValue(names) });
      await fc.assert(
        fc.asyncProperty(input, encodings, async (fields, encoding) => {
          const body = encode(fields, browser.csrf, encoding);
          const raw = field(body.parsed, "name");
          const name = oneLine(typeof raw === "string" ? raw : "");
          const expected = framing("/profil/jetons", body).fixed ?? ([...name].length > 80 ? 400 : 200);
          const tokens = await countRows(h.db, "api_tokens");
          const response = await attempt(browser, "/profil/jetons", body, expected, "jetons");
          if (expected === 200) {
            assert.match(response.body, /cmn_[A-Za-z0-9_-]{20,}/);
            assert.equal(response.headers["cache-control"], "no-store");
            assert.equal(await countRows(h.db, "api_tokens"), tokens + 1);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it("POST /espaces: the space rules, a known assembly and a free slug decide", async () => {
      const browser = await browserOf(admin, "/espaces/nouveau");
      const input = fc.record({
        kind: formValue(fc.constantFrom("assembly", "chamber", "club", "")),
        name: formValue(names),
        slug: formValue(
          fc.oneof(
            fc.constantFrom("", "nouveau", "api", "assemblee", "chambre", "Majuscule", "a--b", "-a"),
            fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}$/),
          ),
        ),
        summary: formValue(fc.string({ unit: "grapheme", maxLength: 310 })),
        territory: formValue(names),
        theme: formValue(names),
        assembly: formValue(fc.constantFrom("", "assemblee", "chambre", "inconnue")),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async (fields, encoding) => {
          const body = encode(fields, browser.csrf, encoding);
          let expected = framing("/espaces", body).fixed;
          let slug = "";
          if (expected === undefined) {
            try {
              const space = checkNewSpace(body.parsed);
              slug = space.slug;
              const assembly = space.assemblySlug
                ? await h.db.kysely
                    .selectFrom("spaces")
                    .select("kind")
                    .where("slug", "=", space.assemblySlug)
                    .executeTakeFirst()
                : undefined;
              const taken = await h.db.kysely
                .selectFrom("spaces")
                .select("id")
                .where("slug", "=", space.slug)
                .executeTakeFirst();
              if (space.assemblySlug && assembly?.kind !== "assembly") expected = 400;
              else expected = taken ? 409 : 303;
            } catch {
              expected = 400;
            }
          }
          const response = await attempt(browser, "/espaces", body, expected, "espaces");
          if (expected === 303) assert.equal(response.headers.location, `/espaces/${slug}`);
        }),
        { numRuns: RUNS },
      );
    });

    it("POST /espaces/<slug>/rejoindre: a known space, an introduction for a chamber, once", async () => {
      const browser = await browserOf(joiner, "/espaces/chambre");
      const input = fc.record({
        slug: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("assemblee", "chambre") }, weirdString),
        introduction: formValue(fc.string({ unit: "grapheme", maxLength: 40 })),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async ({ slug, introduction }, encoding) => {
          const url = `/espaces/${segment(slug)}/rejoindre`;
          const body = encode({ introduction }, browser.csrf, encoding);
          const framed = framing(url, body);
          let expected = framed.fixed;
          const space = hasNul(slug)
            ? undefined
            : await h.db.kysely
                .selectFrom("spaces")
                .select(["id", "access"])
                .where("slug", "=", wellFormed(slug))
                .executeTakeFirst();
          if (expected === undefined) {
            const intro = oneLine(field(body.parsed, "introduction"));
            const existing = space
              ? await h.db.kysely
                  .selectFrom("memberships")
                  .select("status")
                  .where("space_id", "=", space.id)
                  .where("person_id", "=", joinerPerson.id)
                  .executeTakeFirst()
              : undefined;
            if (!space) expected = dialect.name === "postgres" && hasNul(slug) ? 400 : 404;
            else if (existing?.status === "active" || existing?.status === "pending") expected = 409;
            else if (space.access !== "open" && intro === "") expected = 400;
            else if ([...intro].length > 500) expected = 400;
            else expected = 303;
          }
          const response = await attempt(browser, url, body, expected, "rejoindre", framed.also);
          // Leave again, so that the next run may join anew.
          if (response.statusCode === 303) await h.app.communs.spaces.leave(joinerPerson, wellFormed(slug));
        }),
        { numRuns: RUNS },
      );
    });

    it("POST /espaces/<slug>/membres/<id>/role: a known role for an active membership of that space", async () => {
      const browser = await browserOf(admin, "/espaces/chambre/membres");
      const input = fc.record({
        slug: fc.oneof(
          { weight: 4, arbitrary: fc.constant("chambre") },
          fc.constant("assemblee"),
          weirdString,
        ),
        id: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom("<<membre>>", "<<demandeur>>", "<<admin>>") },
          weirdString,
        ),
        role: formValue(fc.constantFrom("member", "facilitator", "treasurer", "admin", "")),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async ({ slug, id, role }, encoding) => {
          const memberId = /^<<(\w+)>>$/.exec(id)?.[1];
          const realId = memberId ? (memberIds[memberId] as string) : id;
          const url = `/espaces/${segment(slug)}/membres/${segment(realId)}/role`;
          const body = encode({ role }, browser.csrf, encoding);
          const framed = framing(url, body);
          let expected = framed.fixed ?? (isDotSegment(realId) ? 404 : undefined);
          if (expected === undefined) {
            const sentRole = field(body.parsed, "role");
            const space = hasNul(slug)
              ? undefined
              : await h.db.kysely
                  .selectFrom("spaces")
                  .select("id")
                  .where("slug", "=", wellFormed(slug))
                  .executeTakeFirst();
            const membership =
              space && !hasNul(realId)
                ? await h.db.kysely
                    .selectFrom("memberships")
                    .select(["role", "status"])
                    .where("space_id", "=", space.id)
                    .where("id", "=", wellFormed(realId))
                    .executeTakeFirst()
                : undefined;
            const facilitators = space
              ? await h.db.kysely
                  .selectFrom("memberships")
                  .select("id")
                  .where("space_id", "=", space.id)
                  .where("role", "=", "facilitator")
                  .where("status", "=", "active")
                  .execute()
              : [];
            const knownRole =
              typeof sentRole === "string" && ["member", "facilitator", "treasurer"].includes(sentRole);
            if (!space) expected = dialect.name === "postgres" && hasNul(slug) ? 400 : 404;
            else if (!knownRole) expected = 400;
            else if (!membership) expected = dialect.name === "postgres" && hasNul(realId) ? 400 : 404;
            else if (membership.status !== "active") expected = 409;
            else if (
              membership.role === "facilitator" &&
              sentRole !== "facilitator" &&
              facilitators.length === 1
            )
              expected = 409;
            else expected = 303;
          }
          await attempt(browser, url, body, expected, "role", framed.also);
        }),
        { numRuns: RUNS },
      );
      const facilitators = await h.db.kysely
        .selectFrom("memberships")
        .innerJoin("spaces", "spaces.id", "memberships.space_id")
        .select("memberships.id")
        .where("spaces.slug", "=", "chambre")
        .where("memberships.role", "=", "facilitator")
        .where("memberships.status", "=", "active")
        .execute();
      assert.ok(facilitators.length >= 1, "the chamber kept a facilitator");
    });

    it("garbage bodies, odd content types and a missing or foreign token: never a 5xx, never a write", async () => {
      const anonymous = await browserOf(new Visitor(h), "/inscription");
      const signedIn = await browserOf(admin, "/profil");
      const urls = [
        ["/inscription", anonymous],
        ["/connexion", anonymous],
        ["/mot-de-passe-oublie", anonymous],
        ["/reinitialisation/abc", anonymous],
        ["/profil", signedIn],
        ["/profil/mot-de-passe", signedIn],
        ["/profil/jetons", signedIn],
        ["/espaces", signedIn],
        ["/espaces/chambre/rejoindre", signedIn],
        [`/espaces/chambre/membres/${memberIds.demandeur}/role`, signedIn],
      ] as const;
      const contentTypes = [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=iso-8859-1",
        "application/json",
        "text/plain",
        "multipart/form-data; boundary=----x",
        "application/xml",
        "application/octet-stream",
      ];
      const raw = fc.oneof(
        fc.string({ unit: "binary-ascii", maxLength: 200 }),
        fc.string({ unit: "binary", maxLength: 100 }),
        fc.json(),
        hugeString,
        fc.constantFrom(
          "",
          "=",
          "&&&",
          "_csrf",
          "_csrf[]=x",
          "a[b]=c",
          "%",
          "%zz",
          "%E0%A4%A",
          "{",
          "[]",
          "null",
        ),
      );
      const token = fc.constantFrom("valid", "none", "forged", "array");
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...urls),
          fc.constantFrom(...contentTypes),
          raw,
          token,
          async ([url, browser], contentType, garbage, tokenKind) => {
            const csrf =
              tokenKind === "valid"
                ? `_csrf=${encodeURIComponent(browser.csrf)}&`
                : tokenKind === "forged"
                  ? "_csrf=forged-token&"
                  : tokenKind === "array"
                    ? `_csrf=${encodeURIComponent(browser.csrf)}&_csrf=x&`
                    : "";
            const payload = contentType.startsWith("application/x-www-form") ? csrf + garbage : garbage;
            const before = await snapshot(h.db);
            const response = await postAs(h, browser, url, { payload, contentType });
            const where = `${url} [${contentType}] → ${response.statusCode} ${response.body.slice(0, 200)}`;
            assert.ok(response.statusCode < 500, `server error: ${where}`);
            if (response.statusCode >= 400) {
              assertFrenchRefusal(response, url);
              assert.deepEqual(await snapshot(h.db), before, `a refused request wrote something: ${where}`);
            }
            if (tokenKind !== "valid" || !contentType.startsWith("application/x-www-form")) {
              // Without a valid token in a parsed form, nothing may be accepted.
              assert.ok(response.statusCode >= 400, `accepted without a valid token: ${where}`);
            }
          },
        ),
        { numRuns: RUNS * 2 },
      );
    });

    it("GET pages with random path parameters and queries: never a 5xx, refusals in French", async () => {
      const browser = await browserOf(admin, "/");
      const pages = [
        (s: string) => `/espaces/${segment(s)}`,
        (s: string) => `/espaces/${segment(s)}/a-propos`,
        (s: string) => `/espaces/${segment(s)}/membres`,
        (s: string) => `/espaces/${segment(s)}/journal`,
        (s: string) => `/espaces/chambre/journal?avant=${segment(s)}`,
        (s: string) => `/journal?avant=${segment(s)}`,
        (s: string) => `/reinitialisation/${segment(s)}`,
        (s: string) => `/connexion?suite=${segment(s)}`,
        (s: string) => `/api/v1/spaces/${segment(s)}`,
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...pages), weirdString, async (page, value) => {
          const url = page(value);
          const response = await h.app.inject({ method: "GET", url, cookies: browser.cookies });
          const where = `${url} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          assert.ok(response.statusCode < 500, `server error: ${where}`);
          if (response.statusCode >= 400) assertFrenchRefusal(response, url);
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it("a long, incompressible address (beyond PostgreSQL's index entry size) is just a failed attempt", async () => {
      const browser = await browserOf(new Visitor(h), "/connexion");
      const address = `${randomBytes(6_000).toString("base64")}@exemple.test`;
      for (const [url, expected] of [
        ["/connexion", 400],
        ["/mot-de-passe-oublie", 303],
        ["/inscription", 400],
      ] as const) {
        const body = encode(
          { email: address, password: PASSWORD, displayName: "Long" },
          browser.csrf,
          "form",
        );
        await attempt(browser, url, body, expected, "long address");
      }
    });

    it("a malformed or over-long URL is refused in French, for pages and for the API", async () => {
      for (const url of [
        "/reinitialisation/%E0%A4%A",
        `/reinitialisation/${"a".repeat(MAX_PARAM + 1)}`,
        "/espaces/%E0%A4%A/membres",
        `/api/v1/spaces/${"a".repeat(MAX_PARAM + 1)}`,
        "/api/v1/spaces/%E0%A4%A",
      ]) {
        const response = await h.app.inject({ method: "GET", url });
        assertFrenchRefusal(response, url);
        if (url.startsWith("/api/")) assert.match(String(response.headers["content-type"]), /json/);
      }
    });
  });
}
