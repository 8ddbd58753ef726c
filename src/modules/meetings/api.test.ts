// The meetings API as another tool uses it: a meeting planned with its place, read back with its
// agenda, attendees and minutes; the seed meeting's pad read as a draft (dryRun: nothing saved), then
// saved from an Etherpad export on 127.0.0.1 that the settings allow.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAssembly, buildMember, buildToken } from "../../../test/helpers/factories.ts";

const SEED = readFileSync(
  new URL("../../../test/fixtures/seed/000_84a1da536792cae5.txt", import.meta.url),
  "utf8",
);

const pads = http.createServer((request, response) => {
  if (request.url !== "/p/assemblee/export/txt") return response.writeHead(404).end();
  response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(SEED);
});
await new Promise<void>((resolve) => pads.listen(0, "127.0.0.1", resolve));
const host = `127.0.0.1:${(pads.address() as AddressInfo).port}`;
after(() => new Promise<void>((resolve) => pads.close(() => resolve())));

for (const dialect of testDialects()) {
  describe(`meetings API [${dialect.name}]`, () => {
    const h = useApp(dialect, { pad: { timeoutMs: 5000, maxBytes: 2 * 1024 * 1024, allowedHosts: [host] } });
    let slug: string;
    let token: string;
    let memberToken: string;

    before(async () => {
      const assembly = await buildAssembly(h.app);
      slug = assembly.slug;
      token = await buildToken(h.app, await buildMember(h.app, assembly, "facilitator"));
      memberToken = await buildToken(h.app, await buildMember(h.app, assembly, "member"));
    });

    const call = (method: "GET" | "POST", url: string, body?: unknown, bearer = token) =>
      h.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, payload: body as object });

    it("plans a meeting with its place, in Paris time or with an offset, and reads it back", async () => {
      const made = await call("POST", `/api/v1/spaces/${slug}/meetings`, {
        title: "Assemblée des communs",
        start: "2026-12-12T09:30",
        end: "2026-12-12T18:00:00+01:00",
        place: { street: "30 rue des Meuniers", postcode: "59000", commune: "Lille" },
        link: "https://visio.example/assemblee",
        rrule: "FREQ=MONTHLY;BYDAY=2TU",
      });
      assert.equal(made.statusCode, 201);
      const { id } = made.json() as { id: string };
      const read = await call("GET", `/api/v1/spaces/${slug}/meetings/${id}`);
      assert.equal(read.statusCode, 200);
      const meeting = read.json();
      assert.equal(meeting.start, "2026-12-12T08:30:00.000Z");
      assert.equal(meeting.end, "2026-12-12T17:00:00.000Z");
      assert.equal(meeting.address, "30 rue des Meuniers, 59000 Lille");
      assert.equal(meeting.rrule, "FREQ=MONTHLY;BYDAY=2TU");
      assert.deepEqual([meeting.agenda, meeting.attendees, meeting.entries, meeting.pad], [[], [], [], null]);
      const listed = (await call("GET", `/api/v1/spaces/${slug}/meetings`)).json();
      assert.ok(listed.upcoming.some((m: { id: string }) => m.id === id));
    });

    it("refuses bad input with a French message and field errors, never a 500", async () => {
      const refused = await call("POST", `/api/v1/spaces/${slug}/meetings`, {
        title: "x",
        start: "le 12 décembre",
        end: "2026-12-12T18:00",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().fields.start, /Donnez une date et une heure/);
      const schema = await call("POST", `/api/v1/spaces/${slug}/meetings`, { title: 3 });
      assert.equal(schema.statusCode, 400);
    });

    it("reads the seed meeting's pad as a draft without saving it (dryRun), then saves it from its Etherpad", async () => {
      const { id } = (
        await call("POST", `/api/v1/spaces/${slug}/meetings`, {
          title: "Construire dans l’action l’assemblée des communs 14",
          start: "2016-12-12T09:30",
          end: "2016-12-12T18:00",
        })
      ).json() as { id: string };
      const pad = `/api/v1/spaces/${slug}/meetings/${id}/pad`;
      const draft = await call("POST", `${pad}?dryRun=true`, { text: SEED });
      assert.equal(draft.statusCode, 200);
      const read = draft.json();
      assert.equal(read.attendees.length, 14);
      assert.deepEqual(read.attendees[0], {
        name: "Julien Lecaille",
        intro: "élu à Hellemmes, actif à l'assemblée des communs de Lille depuis un an",
      });
      assert.deepEqual(read.entries[0], {
        time: "10:36",
        text: "tour de présentation des personnes présentes",
      });
      assert.ok(read.workshops.some((w: { title: string }) => w.title === "Initiation"));
      assert.deepEqual(
        read.actions.find((a: { text: string }) => a.text.startsWith("Christian Mahieu est OK pour"))
          ?.volunteers,
        ["Christian Mahieu"],
      );
      assert.equal((await call("GET", `/api/v1/spaces/${slug}/meetings/${id}`)).json().attendees.length, 0);

      assert.equal(
        (await call("POST", pad, { url: `http://${host}/p/assemblee` }, memberToken)).statusCode,
        403,
      );
      const saved = await call("POST", pad, { url: `http://${host}/p/assemblee` });
      assert.equal(saved.statusCode, 200);
      const meeting = (await call("GET", `/api/v1/spaces/${slug}/meetings/${id}`)).json();
      assert.equal(meeting.pad.url, `http://${host}/p/assemblee`);
      assert.match(meeting.pad.sha256, /^[0-9a-f]{64}$/);
      assert.equal(meeting.attendees.length, 14);
      assert.deepEqual(meeting.entries, read.entries);
      assert.deepEqual(
        meeting.actions.map((a: { text: string; volunteers: string[]; taskId: string | null }) => a.taskId),
        read.actions.map(() => null),
      );
      const missing = await call("POST", pad, { url: `http://${host}/p/inconnu` });
      assert.equal(missing.statusCode, 502);
      assert.equal(missing.json().error, "PAD_FETCH_FAILED");
    });
  });
}
