import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildChamberWithTreasurer,
  buildDonation,
  buildPerson,
  PASSWORD,
  signIn,
  suffix,
} from "../../../test/helpers/factories.ts";
import { admit } from "../../../test/helpers/spaces.ts";

const NARROW = "\u202f";

async function deletion(visitor: Visitor, fields: Record<string, string>) {
  return visitor.submit("/profil/supprimer", "/profil/supprimer", fields);
}

for (const dialect of testDialects()) {
  describe(`my data and my account (RGPD) [${dialect.name}]`, () => {
    const h = useApp(dialect);

    /** A member of a chamber with a paid claim and a donation, and their own page. */
    async function withHistory(name: string) {
      const chamber = await buildChamberWithTreasurer(h.app);
      const person = await buildPerson(h.app, { name });
      await admit(h.app, chamber.admin, chamber.slug, person, "member");
      const { claims } = h.app.communs;
      const claim = await claims.submit(person, chamber.slug, {
        title: `Salle ${suffix()}`,
        amount: 12_000,
        date: "2026-03-14",
        account: "6132",
      });
      await claims.approve(chamber.treasurer, claim.id);
      await claims.pay(chamber.treasurer, claim.id, "2026-03-20");
      await buildDonation(h.app, chamber.slug, chamber.treasurer, {
        donor: { name, email: person.email },
        amount: 2_500,
      });
      const { meetings, tasks } = h.app.communs;
      const meeting = await meetings.create(chamber.admin, chamber.slug, {
        title: "Plénière",
        start: "2027-01-09T10:00",
        end: "2027-01-09T12:00",
      });
      await meetings.answer(person, chamber.slug, meeting.id, {
        answer: "yes",
        intro: `${name}, jardinière`,
      });
      await meetings.proposeTheme(person, chamber.slug, meeting.id, { title: "Le budget" });
      await tasks.create(person, chamber.slug, { title: "Réserver la salle" }, { take: true });
      return { chamber, person, claim, visitor: await signIn(h, person) };
    }

    it("links both from the profile page", async () => {
      const visitor = await signIn(h, await buildPerson(h.app));
      const page = await visitor.get("/profil");
      assert.match(page.body, /href="\/profil\/donnees"[^>]*>Télécharger mes données \(JSON\)/);
      assert.match(page.body, /href="\/profil\/supprimer">Supprimer mon compte/);
    });

    it("downloads my own data as JSON, and nobody else's", async () => {
      const { person, chamber, visitor } = await withHistory("Inès Export");
      const other = await buildPerson(h.app, { name: "Autre Personne" });
      const response = await visitor.get("/profil/donnees");
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /^application\/json/);
      assert.match(String(response.headers["content-disposition"]), /^attachment; filename=".+\.json"$/);
      assert.equal(response.headers["cache-control"], "no-store");
      const data = response.json();
      assert.equal(data.profile.email, person.email);
      assert.equal(data.profile.displayName, "Inès Export");
      assert.deepEqual(
        data.memberships.map((m: { slug: string; role: string }) => [m.slug, m.role]),
        [[chamber.slug, "member"]],
      );
      assert.equal(data.claims.length, 1);
      assert.equal(data.claims[0].status, "paid");
      assert.deepEqual(
        data.donations.map((d: { amount: number }) => d.amount),
        [2_500],
      );
      assert.ok(data.events.some((e: { action: string }) => e.action === "session.opened"));
      assert.ok(
        data.notifications.received.some((n: { kind: string }) => n.kind === "claim.paid"),
        "what the person was told",
      );
      assert.ok(Array.isArray(data.notifications.settings));
      assert.deepEqual(
        data.attendances.map((a: { meeting: string; intro: string }) => [a.meeting, a.intro]),
        [["Plénière", "Inès Export, jardinière"]],
      );
      assert.deepEqual(
        data.themesProposed.map((t: { title: string }) => t.title),
        ["Le budget"],
      );
      assert.deepEqual(
        data.tasks.map((t: { title: string; state: string }) => [t.title, t.state]),
        [["Réserver la salle", "taken"]],
      );
      const text = response.body;
      assert.ok(!text.includes(other.email) && !text.includes("Autre Personne"), "another person's data");
      assert.ok(!/password_hash|token_hash|argon2/.test(text), "no secret");
      const anonymous = await h.app.inject({ method: "GET", url: "/profil/donnees" });
      assert.equal(anonymous.statusCode, 303, "to the login page");
    });

    it("says what goes and what stays before asking for the password", async () => {
      const visitor = await signIn(h, await buildPerson(h.app, { name: "Yves Prudent" }));
      const page = await visitor.get("/profil/supprimer");
      assert.equal(page.statusCode, 200);
      for (const text of [
        "Ce qui disparaît",
        "votre adresse e-mail et votre mot de passe",
        "Ce qui reste",
        `ou «${NARROW}anonyme${NARROW}»`,
        "conservés pendant la durée légale",
        `Mon nom affiché${NARROW}: «${NARROW}Yves Prudent${NARROW}»`,
        'name="_csrf"',
        'name="current" type="password"',
      ])
        assert.ok(page.body.includes(text), text);
      assert.ok(!page.body.includes('name="successor"'), "only the last administrator names a successor");
    });

    it("refuses a wrong password and deletes nothing", async () => {
      const person = await buildPerson(h.app);
      const visitor = await signIn(h, person);
      const refused = await deletion(visitor, { current: "pas le mot de passe" });
      assert.equal(refused.statusCode, 400);
      assert.ok(refused.body.includes("Ce n’est pas votre mot de passe actuel."));
      assert.equal((await visitor.get("/profil")).statusCode, 200, "still signed in");
      assert.equal((await h.app.communs.accounts.findByEmail(person.email))?.id, person.id);
    });

    it("refuses without the CSRF token", async () => {
      const visitor = await signIn(h, await buildPerson(h.app));
      const response = await visitor.request({
        method: "POST",
        url: "/profil/supprimer",
        payload: new URLSearchParams({ current: PASSWORD }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(response.statusCode, 403);
    });

    it("anonymises the account: sign-in fails, the books stay sound, the chosen name stays on them", async () => {
      const { person, chamber, claim, visitor } = await withHistory("Léa Partante");
      const done = await deletion(visitor, { current: PASSWORD, shownAs: "name" });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, "/");
      assert.equal((await visitor.get("/profil")).statusCode, 303, "the session is ended");
      assert.equal((await visitor.login(person.email, PASSWORD)).statusCode, 400);
      assert.equal(await h.app.communs.accounts.findByEmail(person.email), undefined);
      assert.deepEqual(await h.app.communs.ledger.verify(chamber.slug), []);

      const kysely = h.db.kysely;
      const row = await kysely
        .selectFrom("persons")
        .selectAll()
        .where("id", "=", person.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.display_name, "Léa Partante");
      assert.equal(row.password_hash, "");
      assert.ok(!row.email.includes("exemple.test"));
      const memberships = await kysely
        .selectFrom("memberships")
        .select("id")
        .where("person_id", "=", person.id)
        .execute();
      assert.equal(memberships.length, 0);
      const donation = await kysely
        .selectFrom("donations")
        .selectAll()
        .where("donor_name", "=", "Léa Partante")
        .executeTakeFirstOrThrow();
      assert.equal(donation.donor_email, "");
      const treasurer = await signIn(h, chamber.treasurer);
      const claimPage = await treasurer.get(`/espaces/${chamber.slug}/notes-de-frais/${claim.id}`);
      assert.equal(claimPage.statusCode, 200);
      assert.ok(claimPage.body.includes("Léa Partante"), "the claim keeps the chosen name");
      const event = await kysely
        .selectFrom("audit_events")
        .selectAll()
        .where("action", "=", "person.deleted")
        .where("subject_id", "=", person.id)
        .executeTakeFirstOrThrow();
      assert.equal(event.actor_id, person.id);
    });

    it("leaves « anonyme » on what stays unless the name is chosen", async () => {
      const { person, chamber, claim, visitor } = await withHistory("Noé Discret");
      assert.equal((await deletion(visitor, { current: PASSWORD })).statusCode, 303);
      const treasurer = await signIn(h, chamber.treasurer);
      const claimPage = await treasurer.get(`/espaces/${chamber.slug}/notes-de-frais/${claim.id}`);
      assert.ok(claimPage.body.includes("anonyme"));
      assert.ok(!claimPage.body.includes("Noé Discret"));
      const kept = await h.db.kysely
        .selectFrom("donations")
        .select("donor_name")
        .where("donor_name", "=", "Noé Discret")
        .execute();
      assert.equal(kept.length, 0);
      const meetingPages = await h.db.kysely
        .selectFrom("meeting_attendees")
        .select(["name", "intro"])
        .where("person_id", "=", person.id)
        .execute();
      assert.deepEqual(
        meetingPages,
        [{ name: "anonyme", intro: "" }],
        "the round of presentations forgets them",
      );
      const volunteers = await h.db.kysely
        .selectFrom("task_volunteers")
        .select("name")
        .where("person_id", "=", person.id)
        .execute();
      assert.deepEqual(volunteers, [{ name: "anonyme" }]);
      const themes = await h.db.kysely
        .selectFrom("meeting_agenda_items")
        .select("proposer_name")
        .where("proposed_by", "=", person.id)
        .execute();
      assert.deepEqual(themes, [{ proposer_name: "anonyme" }]);
      assert.deepEqual(await h.app.communs.ledger.verify(chamber.slug), []);
      assert.equal(await h.app.communs.accounts.findByEmail(person.email), undefined);
    });

    it("lets the last administrator go only after naming another", async () => {
      const admin = await buildAdmin(h.app, "Dernière Admin");
      // Every other administrator of this test database steps down first.
      await h.db.kysely.updateTable("persons").set({ is_admin: 0 }).where("id", "!=", admin.id).execute();
      const heir = await buildPerson(h.app, { name: "Héritière" });
      const visitor = await signIn(h, admin);
      const page = await visitor.get("/profil/supprimer");
      assert.ok(page.body.includes('name="successor"'));
      const refused = await deletion(visitor, { current: PASSWORD, successor: "" });
      assert.equal(refused.statusCode, 400);
      assert.ok(refused.body.includes("Vous êtes la dernière personne à administrer cette instance"));
      const unknown = await deletion(visitor, { current: PASSWORD, successor: "personne@exemple.test" });
      assert.equal(unknown.statusCode, 400);
      assert.ok(unknown.body.includes("Aucun autre compte confirmé n’a cette adresse."));
      assert.equal((await h.app.communs.accounts.findByEmail(admin.email))?.isAdmin, true);

      const done = await deletion(visitor, { current: PASSWORD, successor: heir.email });
      assert.equal(done.statusCode, 303);
      assert.equal((await h.app.communs.accounts.findByEmail(heir.email))?.isAdmin, true);
      assert.equal(await h.app.communs.accounts.findByEmail(admin.email), undefined);
    });
  });
}
