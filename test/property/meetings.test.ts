// Property tests for a meeting's ways in: the meeting form, the agenda, attendance and minutes forms
// (random, oversized, missing, repeated and Unicode-weird fields, as a form or as JSON), and the API.
// The answer is never a 5xx; a refusal is a French 4xx and writes nothing; an acceptance writes what
// was asked, once.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { oneLine } from "../../src/core/text.ts";
import type { Person } from "../../src/modules/accounts/service.ts";
import { useApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { buildAssembly, buildMember, buildToken, signIn } from "../helpers/factories.ts";
import {
  assertApiRefusal,
  assertFrenchRefusal,
  BODY_LIMIT,
  type Browser,
  browserOf,
  countRows,
  encode,
  encodings,
  formValue,
  jsonJunk,
  postAs,
  RUNS,
  snapshot,
  weirdString,
} from "../helpers/fuzz.ts";

const SLUG = "assemblee";
const times = fc.oneof(
  fc.constantFrom(
    "2026-12-12T09:30",
    "2026-03-29T02:30",
    "2026-10-25T02:30",
    "2026-12-12T09:30:00+01:00",
    "demain",
    "",
    "2026-13-40T25:61",
  ),
  fc
    .date({ min: new Date("1950-01-01"), max: new Date("2200-01-01"), noInvalidDate: true })
    .map((d) => d.toISOString()),
);
const texts = fc.oneof(
  fc.constantFrom("Assemblée", "  Plénière  ", "<b>x</b>", "", "x".repeat(141)),
  fc.string({ maxLength: 60 }),
);

for (const dialect of testDialects()) {
  describe(`meetings under random input [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let lucie: Person;
    let browser: Browser;
    let meetingUrl = "";
    let token = "";

    before(async () => {
      const assembly = await buildAssembly(h.app, { slug: SLUG });
      lucie = await buildMember(h.app, assembly, "facilitator", { name: "Lucie" });
      const meeting = await h.app.communs.meetings.create(lucie, SLUG, {
        title: "Assemblée du samedi",
        start: "2026-12-12T09:30",
        end: "2026-12-12T12:00",
      });
      meetingUrl = `/espaces/${SLUG}/reunions/${meeting.id}`;
      browser = await browserOf(await signIn(h, lucie), meetingUrl);
      token = await buildToken(h.app, lucie);
    });

    /** Posts a random body to a form; checks the answer and that a refusal wrote nothing. */
    async function tryForm(url: string, fields: Record<string, unknown>, encoding: "form" | "json") {
      const body = encode(fields as Record<string, string>, browser.csrf, encoding);
      const before = await snapshot(h.db);
      const response = await postAs(h, browser, url, body);
      const where = `${url} ${JSON.stringify(body.parsed).slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
      assert.ok(response.statusCode < 500, `server error: ${where}`);
      if (body.size > BODY_LIMIT) assert.equal(response.statusCode, 413, where);
      if (response.statusCode >= 400) {
        assertFrenchRefusal(response, url);
        assert.deepEqual(await snapshot(h.db), before, `a refused form wrote something: ${where}`);
      } else assert.equal(response.statusCode, 303, where);
      return { response, parsed: body.parsed };
    }

    it("POST …/reunions/nouvelle: a meeting or a French refusal that writes nothing", async () => {
      const input = fc.record({
        title: formValue(texts),
        start: formValue(times),
        end: formValue(times),
        summary: formValue(texts),
        address: formValue(texts),
        link: formValue(fc.constantFrom("", "https://visio.example/a", "javascript:alert(1)", "ftp://x")),
        announcements: formValue(
          fc.constantFrom("", "https://a.example\nhttps://b.example", "pas une adresse"),
        ),
        rrule: formValue(
          fc.constantFrom(
            "",
            "FREQ=MONTHLY;BYDAY=2TU",
            "FREQ=SECONDLY",
            "FREQ=WEEKLY;COUNT=9999",
            "n’importe quoi",
          ),
        ),
        commons: formValue(fc.constantFrom("", "inconnu")),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async (fields, encoding) => {
          const meetings = await countRows(h.db, "meetings");
          const { response, parsed } = await tryForm(`/espaces/${SLUG}/reunions/nouvelle`, fields, encoding);
          if (response.statusCode !== 303) return;
          assert.equal(await countRows(h.db, "meetings"), meetings + 1, "one meeting");
          const id = /\/reunions\/([0-9a-f-]{36})$/.exec(String(response.headers.location))?.[1] ?? "";
          const { meeting } = await h.app.communs.meetings.view(lucie, SLUG, id);
          assert.equal(meeting.title, oneLine(parsed.title));
          assert.ok(meeting.ends_at > meeting.starts_at, "it ends after it starts");
        }),
        { numRuns: RUNS },
      );
    });

    it("POST agenda, attendance and minutes forms: never a 5xx, a refusal writes nothing", async () => {
      const input = fc.record({
        path: fc.constantFrom("/ordre-du-jour", "/presence", "/invites", "/compte-rendu"),
        kind: formValue(fc.constantFrom("entry", "decision", "workshop", "action", "autre")),
        title: formValue(texts),
        text: formValue(texts),
        description: formValue(texts),
        minutes: formValue(fc.constantFrom("", "30", "0", "601", "trente", "-5")),
        time: formValue(fc.constantFrom("", "10h36", "10:36", "9h", "24h00", "10h60", "midi")),
        answer: formValue(fc.constantFrom("yes", "maybe", "no", "oui")),
        intro: formValue(texts),
        name: formValue(texts),
        volunteers: formValue(fc.constantFrom("", "Lucie, Yann et Marion", "x".repeat(101))),
        dueDate: formValue(fc.constantFrom("", "2026-12-31", "2026-02-30", "31/12/2026")),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async ({ path, ...fields }, encoding) => {
          await tryForm(`${meetingUrl}${path}`, fields, encoding);
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it("POST /api/v1/spaces/:slug/meetings: random JSON is a meeting or a French 4xx that writes nothing", async () => {
      const value = (plausible: fc.Arbitrary<unknown>) =>
        fc.oneof(
          { weight: 5, arbitrary: plausible },
          { weight: 2, arbitrary: weirdString },
          { weight: 2, arbitrary: jsonJunk },
        );
      const body = fc.record(
        {
          title: value(texts),
          start: value(times),
          end: value(times),
          place: value(fc.record({ street: texts, postcode: fc.constantFrom("59000", ""), commune: texts })),
          link: value(fc.constantFrom("https://visio.example/a", "javascript:alert(1)")),
          rrule: value(fc.constantFrom("FREQ=WEEKLY;BYDAY=MO", "FREQ=HOURLY")),
          extra: value(fc.string()),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(body, async (payload) => {
          const before = await snapshot(h.db);
          const response = await h.app.inject({
            method: "POST",
            url: `/api/v1/spaces/${SLUG}/meetings`,
            headers: { authorization: `Bearer ${token}` },
            payload: payload as object,
          });
          const where = `${JSON.stringify(payload).slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          assert.ok(response.statusCode < 500, `server error: ${where}`);
          if (response.statusCode === 201) return;
          assertApiRefusal(response, where);
          assert.deepEqual(await snapshot(h.db), before, `a refused body wrote something: ${where}`);
        }),
        { numRuns: RUNS },
      );
    });
  });
}
