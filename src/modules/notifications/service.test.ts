import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildChamber, buildMember } from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";
import { CHANNELS, type Channel, kindsOf, type NotificationKind } from "./kinds.ts";
import { settingField } from "./service.ts";

const KINDS = kindsOf("chamber");

/** An event's mark, in every param its kind's text may show, so that each mail names its events. */
const mark = (i: number) => `#${i}#`;
const count = (text: string, i: number) => text.split(mark(i)).length - 1;

for (const dialect of testDialects()) {
  describe(`notifications: each person gets what their settings say, once [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let people: Person[] = [];
    let spaceId = "";

    before(async () => {
      const chamber = await buildChamber(h.app);
      spaceId = chamber.space.id;
      people = [];
      for (const name of ["Ada", "Bao", "Cléo"])
        people.push(await buildMember(h.app, chamber, "member", { name }));
    });

    async function reset(): Promise<void> {
      const ids = people.map((p) => p.id);
      await h.db.kysely.deleteFrom("notifications").where("person_id", "in", ids).execute();
      await h.db.kysely.deleteFrom("notification_settings").where("person_id", "in", ids).execute();
      await h.db.kysely
        .deleteFrom("outbox")
        .where(
          "to_address",
          "in",
          people.map((p) => p.email),
        )
        .execute();
    }

    it("for random settings and random events: mails now, in the digest, on the site, or nothing", async () => {
      const settings = fc.array(fc.constantFrom(...CHANNELS), {
        minLength: KINDS.length,
        maxLength: KINDS.length,
      });
      const event = fc.record({
        kind: fc.constantFrom(...KINDS),
        recipients: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 4 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(settings, settings, settings),
          fc.array(event, { maxLength: 8 }),
          async (chosen, events) => {
            await reset();
            const { notifications } = h.app.communs;
            for (const [p, person] of people.entries()) {
              const form = Object.fromEntries(
                KINDS.map((kind, k) => [settingField(spaceId, kind), chosen[p]?.[k]]),
              );
              await notifications.saveSettings(person, form);
            }
            const channelOf = (p: number, kind: NotificationKind): Channel =>
              chosen[p]?.[KINDS.indexOf(kind)] ?? "mail";
            for (const [i, e] of events.entries()) {
              await notifications.notify({
                kind: e.kind,
                spaceId,
                recipients: e.recipients.map((p) => people[p]?.id ?? ""),
                link: `/evenement/${i}`,
                params: { space: mark(i), title: mark(i), file: mark(i), amount: 100, role: "member" },
              });
            }
            await notifications.sendDigests(new Date(Date.now() + 1000));

            for (const [p, person] of people.entries()) {
              const mails = await h.db.kysely
                .selectFrom("outbox")
                .select(["subject", "body_text"])
                .where("to_address", "=", person.email)
                .execute();
              const digests = mails.filter((m) => m.subject.startsWith("Votre résumé du jour"));
              const single = mails.filter((m) => !m.subject.startsWith("Votre résumé du jour"));
              const site = (await notifications.list(person, 1, "fr")).items
                .map((item) => item.text)
                .join("\n");
              const told = events.map((e, i) => ({
                i,
                channel: channelOf(p, e.kind),
                to: e.recipients.includes(p),
              }));
              assert.ok(digests.length <= 1, "one digest at most");
              assert.equal(digests.length, told.some((t) => t.to && t.channel === "digest") ? 1 : 0);
              assert.equal(single.length, told.filter((t) => t.to && t.channel === "mail").length);
              for (const t of told) {
                const expect = (channel: Channel) => (t.to && t.channel === channel ? 1 : 0);
                assert.equal(
                  single.map((m) => count(m.body_text, t.i)).reduce((a, b) => a + b, 0),
                  expect("mail"),
                );
                assert.equal(count(digests[0]?.body_text ?? "", t.i), expect("digest"));
                assert.equal(count(site, t.i), t.to && t.channel !== "never" ? 1 : 0);
              }
            }
            // A second digest run sends nothing more.
            assert.equal(await notifications.sendDigests(new Date(Date.now() + 1000)), 0);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
