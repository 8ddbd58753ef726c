// Property tests for the task board's two ways in: the task form (random, oversized, missing, repeated
// and Unicode-weird fields, as a form or as JSON) and the API (random JSON bodies, extra properties,
// other types, non-JSON text). The answer is never a 5xx; a refusal is a French 4xx and writes nothing;
// an acceptance writes one whole task (its volunteer and its traces with it); the outcome is the one the
// task rules predict.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { parseAmount } from "../../src/core/ledger.ts";
import { TASK_LIMITS, validDueDate } from "../../src/core/tasks.ts";
import { fold, multiline, oneLine } from "../../src/core/text.ts";
import type { Person } from "../../src/modules/accounts/service.ts";
import { useApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { buildAssembly, buildChamber, buildMember, buildToken, signIn } from "../helpers/factories.ts";
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
  hugeString,
  jsonJunk,
  postAs,
  RUNS,
  snapshot,
  weirdString,
} from "../helpers/fuzz.ts";
import { admit } from "../helpers/spaces.ts";

const ASSEMBLY = "assemblee";
const CHAMBER = "chambre";

const length = (text: string) => [...text].length;

/** A string field as the task form handlers read it: a string, or nothing. */
function text(parsed: Record<string, unknown>, name: string): string {
  const value = parsed[name];
  return typeof value === "string" ? value : "";
}

/** What the task rules say of a task typed in a space: accepted or not. */
function acceptable(
  kind: "assembly" | "chamber",
  fields: { title: string; description: string; dueDate: string; expense: number | null | undefined },
  groupKnown: boolean,
): boolean {
  const title = oneLine(fields.title);
  if (title === "" || length(title) > TASK_LIMITS.title) return false;
  if (length(multiline(fields.description)) > TASK_LIMITS.description) return false;
  const due = oneLine(fields.dueDate);
  if (due !== "" && !validDueDate(due)) return false;
  // undefined: typed but not euros.
  if (fields.expense === undefined) return false;
  if (fields.expense !== null && kind !== "chamber") return false;
  return groupKnown;
}

const titles = fc.oneof(
  fc.constantFrom(
    "Réserver la salle",
    "  Tracter   au marché ",
    "<b>gras</b>",
    "",
    "x".repeat(141),
    "é".repeat(140),
  ),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 150 }),
);
const dates = fc.oneof(
  fc.constantFrom("", "2026-05-12", "2026-02-30", "1999-12-31", "2100-12-31", "12/05/2026", " 2026-05-12 "),
  fc
    .date({ min: new Date("1990-01-01"), max: new Date("2110-01-01"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);
const amounts = fc.constantFrom("", "12", "12,50", "1 234,56", "0", "-3", "douze", "12.345", "999999999999");

for (const dialect of testDialects()) {
  describe(`the task board under random input [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let lucie: Person;
    let groupIds: Record<string, string> = {};
    let groupNames: string[] = [];
    let token = "";
    const browsers: Record<string, Browser> = {};

    before(async () => {
      const assembly = await buildAssembly(h.app, { slug: ASSEMBLY, name: "Assemblée" });
      const chamber = await buildChamber(h.app, { by: assembly.admin, slug: CHAMBER, name: "Chambre" });
      lucie = await buildMember(h.app, assembly, "member", { name: "Lucie" });
      await admit(h.app, chamber.admin, CHAMBER, lucie);
      const { tasks } = h.app.communs;
      for (const slug of [ASSEMBLY, CHAMBER]) {
        await tasks.manageGroups(assembly.admin, slug, { action: "defaults" });
        const { groups } = await tasks.managing(assembly.admin, slug);
        for (const g of groups) groupIds[`${slug}:${g.name}`] = g.id;
        groupNames = groups.map((g) => g.name);
      }
      groupIds = { ...groupIds };
      const visitor = await signIn(h, lucie);
      for (const slug of [ASSEMBLY, CHAMBER])
        browsers[slug] = await browserOf(visitor, `/espaces/${slug}/taches/nouvelle`);
      token = await buildToken(h.app, lucie);
    });

    it("POST /espaces/:slug/taches/nouvelle: the task rules decide, a refusal writes nothing", async () => {
      const input = fc.record({
        slug: fc.constantFrom(ASSEMBLY, CHAMBER),
        title: formValue(titles),
        description: formValue(
          fc.oneof(fc.string({ maxLength: 80 }), fc.constant("**gras**\n\n- un\n- deux")),
        ),
        group: formValue(fc.constantFrom("", "inconnu", `${ASSEMBLY}:Logistique`, `${CHAMBER}:Cartographie`)),
        dueDate: formValue(dates),
        expectedExpense: formValue(amounts),
        take: formValue(fc.constantFrom("1", "", "oui")),
      });
      await fc.assert(
        fc.asyncProperty(input, encodings, async ({ slug, ...raw }, encoding) => {
          // A group is chosen by its id: the generated name stands for the id of that space's group.
          const named = typeof raw.group === "string" && Object.hasOwn(groupIds, raw.group);
          const fields = { ...raw, group: named ? groupIds[raw.group as string] : raw.group };
          const browser = browsers[slug] as Browser;
          const body = encode(fields, browser.csrf, encoding);
          const url = `/espaces/${slug}/taches/nouvelle`;
          const p = body.parsed;
          const amount = text(p, "expectedExpense").slice(0, 40).trim();
          const group = oneLine(text(p, "group"));
          const known =
            group === "" ||
            Object.entries(groupIds).some(([k, id]) => id === group && k.startsWith(`${slug}:`));
          const ok = acceptable(
            slug === ASSEMBLY ? "assembly" : "chamber",
            {
              title: text(p, "title"),
              description: text(p, "description"),
              dueDate: text(p, "dueDate"),
              expense: amount === "" ? null : parseAmount(amount),
            },
            known,
          );
          const expected = body.size > BODY_LIMIT ? 413 : ok ? 303 : 400;
          const before = await snapshot(h.db);
          const counts = {
            tasks: await countRows(h.db, "tasks"),
            volunteers: await countRows(h.db, "task_volunteers"),
            events: await countRows(h.db, "audit_events"),
          };
          const response = await postAs(h, browser, url, body);
          const where = `${url} (${body.size} bytes) ${JSON.stringify(p).slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          assert.ok(response.statusCode < 500, `server error: ${where}`);
          assert.equal(response.statusCode, expected, where);
          if (response.statusCode >= 400) {
            assertFrenchRefusal(response, "tâche");
            assert.deepEqual(await snapshot(h.db), before, `a refused form wrote something: ${where}`);
            return;
          }
          const id = /\/taches\/([0-9a-f-]{36})$/.exec(String(response.headers.location))?.[1];
          assert.ok(id, where);
          const task = await h.app.communs.tasks.get(undefined, id);
          const taken = text(p, "take") === "1";
          assert.equal(task.title, oneLine(text(p, "title")));
          assert.equal(task.state, taken ? "taken" : "open");
          assert.equal(task.group_id, group === "" ? null : group);
          assert.deepEqual(
            {
              tasks: await countRows(h.db, "tasks"),
              volunteers: await countRows(h.db, "task_volunteers"),
              events: await countRows(h.db, "audit_events"),
            },
            {
              tasks: counts.tasks + 1,
              volunteers: counts.volunteers + (taken ? 1 : 0),
              events: counts.events + (taken ? 2 : 1),
            },
            "one whole task: its volunteer and its traces",
          );
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it("POST /api/v1/spaces/:slug/tasks: only a body that fits the schema and the rules creates a task", async () => {
      const value = (plausible: fc.Arbitrary<unknown>) =>
        fc.oneof(
          { weight: 5, arbitrary: plausible },
          { weight: 2, arbitrary: weirdString },
          { weight: 1, arbitrary: hugeString },
          { weight: 2, arbitrary: jsonJunk },
        );
      const plausible = fc.record(
        {
          title: value(titles),
          description: value(fc.string({ maxLength: 80 })),
          group: value(fc.constantFrom("Logistique", "logistique", "COMMUNICATION", "Fête", "", null)),
          dueDate: value(fc.oneof(dates, fc.constant(null))),
          expectedExpense: value(
            fc.oneof(fc.integer({ min: -5, max: 200_000 }), fc.constant(null), fc.constant(2.5)),
          ),
        },
        { requiredKeys: [] },
      );
      const extras = fc.dictionary(fc.constantFrom("id", "state", "volunteers", "claimId"), fc.jsonValue(), {
        minKeys: 1,
        maxKeys: 2,
      });
      const sent = fc.oneof(
        { weight: 6, arbitrary: plausible.map((v) => ({ value: v as unknown, json: true })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(plausible, extras)
            .map(([v, e]) => ({ value: { ...e, ...v } as unknown, json: true })),
        },
        {
          weight: 1,
          arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => ({ value: v as unknown, json: true })),
        },
        {
          weight: 1,
          arbitrary: fc.string({ maxLength: 30 }).map((v) => ({ value: `{${v}` as unknown, json: false })),
        },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(ASSEMBLY, CHAMBER), sent, async (slug, { value: body, json }) => {
          const payload = json ? JSON.stringify(body) : String(body);
          const url = `/api/v1/spaces/${slug}/tasks`;
          const before = await snapshot(h.db);
          const tasks = await countRows(h.db, "tasks");
          const response = await h.app.inject({
            method: "POST",
            url,
            payload,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          });
          const where = `${url} ${payload.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          assert.ok(response.statusCode < 500, `server error: ${where}`);
          let expected: number;
          if (Buffer.byteLength(payload) > BODY_LIMIT) expected = 413;
          else if (!json || !fitsSchema(body)) expected = 400;
          else {
            // A blank name is no group, as an empty one.
            const group = oneLine(body.group ?? "");
            const known = group === "" || groupNames.some((n) => fold(n) === fold(group));
            expected = acceptable(
              slug === ASSEMBLY ? "assembly" : "chamber",
              {
                title: body.title,
                description: body.description ?? "",
                dueDate: body.dueDate ?? "",
                expense: body.expectedExpense ?? null,
              },
              known,
            )
              ? 201
              : 400;
          }
          assert.equal(response.statusCode, expected, where);
          if (response.statusCode >= 400) {
            assertApiRefusal(response, where);
            assert.deepEqual(await snapshot(h.db), before, `a refused call wrote something: ${where}`);
          } else {
            assert.equal(response.json().title, oneLine((body as { title: string }).title));
            assert.equal(await countRows(h.db, "tasks"), tasks + 1);
          }
        }),
        { numRuns: RUNS * 2 },
      );
    });
  });
}

interface TaskBody {
  title: string;
  description?: string;
  group?: string | null;
  dueDate?: string | null;
  expectedExpense?: number | null;
}

/** Does the body pass the route's schema as written (no coercion, no extra property)? */
function fitsSchema(body: unknown): body is TaskBody {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  const allowed = ["title", "description", "group", "dueDate", "expectedExpense"];
  if (Object.keys(b).some((k) => !allowed.includes(k))) return false;
  const str = (v: unknown, max: number) => typeof v === "string" && length(v) <= max;
  if (!str(b.title, TASK_LIMITS.title)) return false;
  if ("description" in b && !str(b.description, TASK_LIMITS.description)) return false;
  if ("group" in b && b.group !== null && !str(b.group, 60)) return false;
  if (
    "dueDate" in b &&
    b.dueDate !== null &&
    !(typeof b.dueDate === "string" && /^\d{4}-\d{2}-\d{2}$/.test(b.dueDate))
  )
    return false;
  const e = b.expectedExpense;
  if (
    "expectedExpense" in b &&
    e !== null &&
    !(Number.isInteger(e) && (e as number) >= 1 && (e as number) <= 100_000_000_000)
  )
    return false;
  return true;
}
