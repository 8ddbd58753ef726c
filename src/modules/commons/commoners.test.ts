// Commoners of a record: a member of the assembly declares themself one; no right comes with it until
// an editor of the record (its creator, a confirmed commoner, a facilitator) confirms it. Regression
// test of the High defect "anyone signed in takes edit rights on any commons", pages and API.
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type Kysely, Migrator, sql } from "kysely";
import sharp from "sharp";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import {
  buildAssembly,
  buildCommons,
  buildMember,
  buildPerson,
  buildToken,
  errorCode,
  signIn,
} from "../../../test/helpers/factories.ts";
import { snapshot } from "../../../test/helpers/fuzz.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";
import { foundation } from "../../db/migrations/0001_foundation.ts";
import { emailConfirmation } from "../../db/migrations/0002_email_confirmation.ts";
import { commons as commonsStep } from "../../db/migrations/0003_commons.ts";
import { ledger } from "../../db/migrations/0004_ledger.ts";
import { receipts } from "../../db/migrations/0005_ledger_receipts.ts";
import { migrate } from "../../db/migrations.ts";
import type { Person } from "../accounts/service.ts";

const dataDir = await mkdtemp(path.join(os.tmpdir(), "communs-commoners-"));

async function png(): Promise<Buffer> {
  return sharp({ create: { width: 20, height: 20, channels: 3, background: "#3a7" } })
    .png()
    .toBuffer();
}

for (const dialect of testDialects()) {
  describe(`commoners of a commons [${dialect.name}]`, () => {
    const h = useApp(dialect, { dataDir });
    let space = "";
    let assembly: Awaited<ReturnType<typeof buildAssembly>>;
    let record = { id: "", slug: "" };
    let page = "";
    const people: Record<string, { person: Person; visitor: Visitor; token: string }> = {};

    async function someone(key: string, person: Person) {
      people[key] = { person, visitor: await signIn(h, person), token: await buildToken(h.app, person) };
      return people[key];
    }
    const who = (key: string) => people[key] as { person: Person; visitor: Visitor; token: string };

    const declaration = (personId: string) =>
      h.db.kysely
        .selectFrom("commons_commoners")
        .selectAll()
        .where("commons_id", "=", record.id)
        .where("person_id", "=", personId)
        .executeTakeFirst();

    const imageIds = async () =>
      (
        await h.db.kysely
          .selectFrom("commons_images")
          .select("id")
          .where("commons_id", "=", record.id)
          .orderBy("position")
          .execute()
      ).map((r) => r.id);

    /** What a person who may edit the record can do, each answered with its status. */
    async function editAttempts(key: string) {
      const { visitor, token } = who(key);
      const replaced = await h.app.inject({
        method: "PUT",
        url: `/api/v1/commons/${record.id}`,
        headers: { authorization: `Bearer ${token}` },
        payload: { name: "Jardin repris", summary: "Repris par quelqu'un d'autre" },
      });
      const related = await visitor.submit(page, `${page}/lies`, { other: "atelier-voisin" });
      await visitor.get(page);
      const upload = multipartBody(
        { _csrf: visitor.csrfToken(), alt: "Une photo" },
        { image: { filename: "photo.png", type: "image/png", content: await png() } },
      );
      const added = await visitor.request({ method: "POST", url: `${page}/images`, ...upload });
      const [first] = await imageIds();
      const deleted = await visitor.submit(page, `${page}/images/${first}/supprimer`, {});
      return [replaced.statusCode, related.statusCode, added.statusCode, deleted.statusCode];
    }

    before(async () => {
      assembly = await buildAssembly(h.app);
      space = assembly.slug;
      const creator = await buildMember(h.app, assembly, "member", { name: "Camille Créatrice" });
      await someone("creator", creator);
      await someone("member", await buildMember(h.app, assembly, "member", { name: "Mia Membre" }));
      await someone("other", await buildMember(h.app, assembly, "member", { name: "Noé Voisin" }));
      await someone("stranger", await buildPerson(h.app, { name: "Sacha Dehors" }));
      const made = await buildCommons(h.app, space, creator, { name: "Jardin des Lilas" });
      record = { id: made.id, slug: made.slug };
      await buildCommons(h.app, space, creator, { name: "Atelier voisin" });
      page = `/espaces/${space}/communs/${record.slug}`;
      const { visitor } = who("creator");
      await visitor.get(page);
      const upload = multipartBody(
        { _csrf: visitor.csrfToken(), alt: "Des tomates" },
        { image: { filename: "photo.png", type: "image/png", content: await png() } },
      );
      const added = await visitor.request({ method: "POST", url: `${page}/images`, ...upload });
      assert.equal(added.statusCode, 303, "the creator adds an image");
    });

    it("refuses a signed-in non-member's declaration (403), writing nothing", async () => {
      const before = await snapshot(h.db);
      const response = await who("stranger").visitor.submit(page, `${page}/commoners`, { role: "pirate" });
      assert.equal(response.statusCode, 403);
      assert.match(response.body, /Vous n’avez pas la permission de faire cela/);
      assert.deepEqual(await snapshot(h.db), before);
      const shown = await who("stranger").visitor.get(page);
      assert.doesNotMatch(shown.body, /action="[^"]*\/commoners"/, "no form to declare oneself");
      const { commons } = h.app.communs;
      assert.equal(
        await errorCode(() => commons.declareCommoner(who("stranger").person, record.id, "")),
        "FORBIDDEN",
      );
    });

    it("gives no right for a member's declaration until an editor confirms it", async () => {
      const declared = await who("member").visitor.submit(page, `${page}/commoners`, { role: "arrosage" });
      assert.equal(declared.statusCode, 303);
      const row = await declaration(who("member").person.id);
      assert.equal(row?.role, "arrosage");
      assert.equal(row?.confirmed_at, null);
      const shown = await who("member").visitor.get(page);
      assert.match(shown.body, /Votre déclaration attend la confirmation/);
      assert.doesNotMatch(shown.body, /\/modifier"/, "no edit button");
      const before = await snapshot(h.db);
      assert.deepEqual(await editAttempts("member"), [403, 403, 403, 403]);
      assert.deepEqual(await snapshot(h.db), before, "nothing written");
    });

    it("lets no one but an editor confirm or refuse a declaration", async () => {
      const member = who("member").person.id;
      const before = await snapshot(h.db);
      for (const key of ["other", "stranger", "member"]) {
        const { visitor } = who(key);
        for (const action of ["confirmer", "refuser"]) {
          const response = await visitor.submit(page, `${page}/commoners/${member}/${action}`, {});
          assert.equal(response.statusCode, 403, `${key} ${action}`);
        }
      }
      const anonymous = new Visitor(h);
      const refused = await anonymous.submit("/connexion", `${page}/commoners/${member}/confirmer`, {});
      assert.equal(refused.statusCode, 401);
      assert.deepEqual(await snapshot(h.db), before);
      const shown = await who("other").visitor.get(page);
      assert.doesNotMatch(shown.body, /\/confirmer"/, "only editors see the declarations to confirm");
    });

    it("shows editors the waiting declarations; once one confirms, the declarer may edit", async () => {
      const member = who("member").person;
      const shown = await who("creator").visitor.get(page);
      assert.match(shown.body, /Déclarations à confirmer/);
      assert.match(shown.body, new RegExp(`action="${page}/commoners/${member.id}/confirmer"`));
      const confirmed = await who("creator").visitor.submit(
        page,
        `${page}/commoners/${member.id}/confirmer`,
        {},
      );
      assert.equal(confirmed.statusCode, 303);
      assert.equal(confirmed.headers.location, page);
      const row = await declaration(member.id);
      assert.equal(row?.confirmed_by, who("creator").person.id);
      assert.ok(row?.confirmed_at);
      const again = await who("creator").visitor.submit(page, `${page}/commoners/${member.id}/confirmer`, {});
      assert.equal(again.statusCode, 404, "nothing left to confirm");
      assert.deepEqual(await editAttempts("member"), [200, 303, 303, 303]);
      const stored = await h.db.kysely
        .selectFrom("commons")
        .select("name")
        .where("id", "=", record.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.name, "Jardin repris");
      const history = await who("member").visitor.get(page);
      assert.match(history.body, /déclaration de contribution confirmée/);
    });

    it("lets an editor refuse a declaration, which is then gone", async () => {
      const other = who("other");
      const declared = await other.visitor.submit(page, `${page}/commoners`, { role: "" });
      assert.equal(declared.statusCode, 303);
      // A confirmed commoner is an editor: they decide too.
      const refused = await who("member").visitor.submit(
        page,
        `${page}/commoners/${other.person.id}/refuser`,
        {},
      );
      assert.equal(refused.statusCode, 303);
      assert.equal(await declaration(other.person.id), undefined);
      assert.deepEqual(await editAttempts("other"), [403, 403, 403, 403]);
    });

    it("confirms at once the declaration of someone who may already edit", async () => {
      const facilitator = await buildMember(h.app, assembly, "facilitator");
      assert.equal(await h.app.communs.commons.declareCommoner(facilitator, record.id, "animation"), true);
      assert.ok((await declaration(facilitator.id))?.confirmed_at);
    });
  });

  describe(`commoners before confirmation existed (migration 0006) [${dialect.name}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await dialect.create({ migrated: false });
    });
    after(() => t.drop());

    it("counts the creator's declarations as confirmed and leaves the others waiting", async () => {
      const steps = { foundation, emailConfirmation, commons: commonsStep, ledger, receipts };
      const names = [
        "0001_foundation",
        "0002_email_confirmation",
        "0003_commons",
        "0004_ledger",
        "0005_ledger_receipts",
      ];
      const landed = new Migrator({
        db: t.db.kysely,
        provider: {
          getMigrations: async () =>
            Object.fromEntries(
              Object.values(steps).map((step, i) => [
                names[i] as string,
                { up: (db: Kysely<unknown>) => step(db, t.db.dialect) },
              ]),
            ),
        },
      });
      const { error } = await landed.migrateToLatest();
      assert.ifError(error);
      // The rows are written as the schema of 0005 has them: today's services write later columns.
      const now = new Date().toISOString();
      const creator = { id: "p-creator" };
      const member = { id: "p-member" };
      for (const person of [creator, member])
        await sql`insert into persons (id, email, display_name, password_hash, created_at, updated_at)
          values (${person.id}, ${`${person.id}@exemple.test`}, ${person.id}, 'x', ${now}, ${now})`.execute(
          t.db.kysely,
        );
      await sql`insert into spaces (id, kind, slug, name, territory, territorial, decision_mode, functions,
        access, fork_policy, formalisation, created_at, updated_at)
        values ('s1', 'assembly', 'avant', 'Avant', 'Ici', 1, 'stigmergy', 'all', 'open', 'encouraged',
        'none', ${now}, ${now})`.execute(t.db.kysely);
      await sql`insert into commons (id, space_id, slug, name, summary, description, kind, status, contact,
        created_by, created_at, updated_at, search_name, search_text)
        values ('c1', 's1', 'jardin', 'Jardin', '', '', 'jardin', 'active', '', ${creator.id},
        ${now}, ${now}, 'jardin', '')`.execute(t.db.kysely);
      for (const person of [creator.id, member.id])
        await sql`insert into commons_commoners (commons_id, person_id, role, created_at)
          values ('c1', ${person}, '', ${now})`.execute(t.db.kysely);
      assert.ok((await migrate(t.db.kysely, t.db.dialect)).includes("0006_commoner_confirmation"));
      const rows = await t.db.kysely
        .selectFrom("commons_commoners")
        .select(["person_id", "confirmed_by", "confirmed_at"])
        .execute();
      const byPerson = new Map(rows.map((r) => [r.person_id, r]));
      assert.equal(byPerson.get(creator.id)?.confirmed_by, creator.id);
      assert.ok(byPerson.get(creator.id)?.confirmed_at);
      assert.equal(byPerson.get(member.id)?.confirmed_by, null);
      assert.equal(byPerson.get(member.id)?.confirmed_at, null);
    });
  });
}
