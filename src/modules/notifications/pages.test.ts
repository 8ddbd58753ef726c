import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { type Harness, useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { setRules } from "../../../test/helpers/decisions.ts";
import {
  buildAssembly,
  buildChamber,
  buildDonation,
  buildMember,
  buildPerson,
  signIn,
} from "../../../test/helpers/factories.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";
import type { Person } from "../accounts/service.ts";

/** The mails an address received, oldest first, with their headers. */
async function mailsTo(h: Harness, address: string) {
  const rows = await h.db.kysely
    .selectFrom("outbox")
    .select(["subject", "body_text", "headers"])
    .where("to_address", "=", address)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    ...r,
    headers: (r.headers ? JSON.parse(r.headers) : {}) as Record<string, string>,
  }));
}

/** The path of a mail's one-click unsubscribe link, from its List-Unsubscribe header. */
function unsubscribePath(headers: Record<string, string>): string {
  const match = /^<http:\/\/communs\.test(\/notifications\/desabonner\/[^>]+)>$/.exec(
    headers["List-Unsubscribe"] ?? "",
  );
  assert.ok(match?.[1], "a List-Unsubscribe header with the link");
  assert.equal(headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  return match[1];
}

/** What a mail client does for a one-click unsubscribe (RFC 8058): a bare POST, no cookie, no token. */
function oneClick(h: Harness, path: string) {
  return h.app.inject({
    method: "POST",
    url: path,
    payload: "List-Unsubscribe=One-Click",
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

const badge = (html: string) => /class="badge unread-count">(\d+)</.exec(html)?.[1];

for (const dialect of testDialects()) {
  describe(`notifications over HTTP [${dialect.name}]`, () => {
    const h = useApp(dialect, { dataDir: mkdtempSync(path.join(os.tmpdir(), "communs-notifications-")) });
    let chamber: Awaited<ReturnType<typeof buildChamber>>;
    let slug = "";
    let facilitator: Visitor;
    let admin: Person;

    before(async () => {
      chamber = await buildChamber(h.app, { name: "Chambre des outils" });
      slug = chamber.slug;
      // Its facilitator decides requests alone (co-optation rounds are told in the decisions' tests).
      await setRules(h.db, slug, { admission: "facilitators" });
      admin = chamber.admin as Person;
      facilitator = await signIn(h, admin);
    });

    async function askToJoin(name: string) {
      const person = await buildPerson(h.app, { name });
      const visitor = await signIn(h, person);
      const space = `/espaces/${slug}`;
      const response = await visitor.submit(space, `${space}/rejoindre`, {
        introduction: "Je répare des vélos.",
      });
      assert.equal(response.statusCode, 303);
      const { pending } = await h.app.communs.spaces.members(admin, slug);
      const membership = pending.find((m) => m.personId === person.id);
      assert.ok(membership);
      return { person, visitor, membershipId: membership.id };
    }

    it("mails a join request to the facilitator, with a one-click unsubscribe that needs no sign-in", async () => {
      await askToJoin("Jeanne Vélo");
      const [mail, ...more] = await mailsTo(h, admin.email);
      assert.equal(more.length, 0);
      assert.ok(mail);
      assert.equal(mail.subject, "Chambre des outils\u202f: demande d’adhésion de Jeanne Vélo");
      assert.match(mail.body_text, /Jeanne Vélo demande à rejoindre Chambre des outils\./);
      assert.match(mail.body_text, new RegExp(`http://communs\\.test/espaces/${slug}/membres`));
      const path = unsubscribePath(mail.headers);
      assert.ok(mail.body_text.includes(`http://communs.test${path}`), "the link is in the text too");

      const stranger = new Visitor(h);
      const page = await stranger.get(path);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Demandes d’adhésion — Chambre des outils/);
      assert.match(page.body, /Me désabonner/);
      const kept = await h.db.kysely.selectFrom("notification_settings").selectAll().execute();
      assert.equal(kept.length, 0, "reading the link changes nothing");

      const boundary = "----mailclient";
      const multipart = await h.app.inject({
        method: "POST",
        url: "/notifications/desabonner/inconnu",
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      });
      assert.equal(
        multipart.statusCode,
        404,
        "a multipart one-click POST reaches the link (RFC 8058's example)",
      );
      const done = await oneClick(h, path);
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /vous ne recevrez plus ces messages par courriel/);

      await askToJoin("Karim Scie");
      assert.equal((await mailsTo(h, admin.email)).length, 1, "no more mails of that kind");
      const list = await facilitator.get("/notifications");
      assert.match(list.body, /Karim Scie demande à rejoindre/);
      assert.match(list.body, /Jeanne Vélo demande à rejoindre/);
    });

    it("refuses an unknown unsubscribe link with a clear message", async () => {
      const page = await new Visitor(h).get("/notifications/desabonner/inconnu");
      assert.equal(page.statusCode, 404);
      assert.match(page.body, /Ce lien de désabonnement n’est pas valable/);
      assert.equal((await oneClick(h, "/notifications/desabonner/inconnu")).statusCode, 404);
    });

    it("counts unread notifications in the header; opening one marks it read and leads to its subject", async () => {
      await facilitator.get("/notifications");
      const before = Number(badge((await facilitator.get("/")).body));
      assert.ok(before >= 2);
      const list = await facilitator.get("/notifications");
      const open = /action="(\/notifications\/[^"]+\/ouvrir)"/.exec(list.body)?.[1];
      assert.ok(open);
      const opened = await facilitator.submit("/notifications", open, {});
      assert.equal(opened.statusCode, 303);
      assert.equal(opened.headers.location, `/espaces/${slug}/membres`);
      assert.equal(Number(badge((await facilitator.get("/")).body)), before - 1);
      const all = await facilitator.submit("/notifications", "/notifications/tout-lu", {});
      assert.equal(all.statusCode, 303);
      assert.equal(badge((await facilitator.get("/")).body), undefined);
      assert.doesNotMatch((await facilitator.get("/notifications")).body, /class="unread"/);
    });

    it("tells the person of their admission, refusal and new role (the role in the daily digest)", async () => {
      const accepted = await askToJoin("Léa Ponceuse");
      const url = (id: string, what: string) => `/espaces/${slug}/membres/${id}/${what}`;
      const members = `/espaces/${slug}/membres`;
      assert.equal(
        (await facilitator.submit(members, url(accepted.membershipId, "accepter"), {})).statusCode,
        303,
      );
      const [welcome] = await mailsTo(h, accepted.person.email);
      assert.equal(welcome?.subject, "Chambre des outils\u202f: votre demande est acceptée");

      const declined = await askToJoin("Noé Perceuse");
      assert.equal(
        (await facilitator.submit(members, url(declined.membershipId, "decliner"), {})).statusCode,
        303,
      );
      const [refusal] = await mailsTo(h, declined.person.email);
      assert.equal(refusal?.subject, "Chambre des outils\u202f: votre demande n’est pas retenue");

      const role = await facilitator.submit(members, url(accepted.membershipId, "role"), {
        role: "treasurer",
      });
      assert.equal(role.statusCode, 303);
      assert.equal((await mailsTo(h, accepted.person.email)).length, 1, "a role change waits for the digest");
      const jobs = await h.db.kysely
        .selectFrom("jobs")
        .select(["key", "due_at"])
        .where("kind", "=", "notifications.digest")
        .where("status", "=", "pending")
        .execute();
      assert.equal(jobs.length, 1, "one digest job per day");
      await h.app.communs.notifications.sendDigests(new Date(Date.now() + 1000));
      const digest = (await mailsTo(h, accepted.person.email)).at(-1);
      assert.equal(digest?.subject, "Votre résumé du jour\u202f: 1 nouvelle");
      assert.match(
        digest?.body_text ?? "",
        /Votre rôle dans Chambre des outils est désormais\s: trésorier·ère\./,
      );
      unsubscribePath(digest?.headers ?? {});
    });

    it("mails a new claim to the treasurers, its payment and rejection to its author", async () => {
      const treasurer = await buildMember(h.app, chamber, "treasurer", { name: "Tess Trésorière" });
      const author = await buildMember(h.app, chamber, "member", { name: "Malo" });
      const malo = await signIn(h, author);
      const tess = await signIn(h, treasurer);
      const base = `/espaces/${slug}/notes-de-frais`;
      async function submitClaim(title: string) {
        await malo.get(`${base}/nouvelle`);
        const body = multipartBody(
          { _csrf: malo.csrfToken(), title, amount: "120", date: "2026-04-09", account: "6132" },
          {},
        );
        const response = await malo.request({ method: "POST", url: `${base}/nouvelle`, ...body });
        assert.equal(response.statusCode, 303);
        return String(response.headers.location);
      }
      const first = await submitClaim("Salle du 9 avril");
      const submitted = (await mailsTo(h, treasurer.email)).find((m) => m.subject.includes("nouvelle note"));
      assert.equal(submitted?.subject, `Chambre des outils\u202f: nouvelle note de frais, Salle du 9 avril`);
      assert.match(
        submitted?.body_text ?? "",
        /Malo a déposé une note de frais de 120,00\u00a0€\s: Salle du 9 avril\./,
      );
      assert.ok(submitted?.body_text.includes(`http://communs.test${first}`));

      const before = (await mailsTo(h, author.email)).length;
      assert.equal((await tess.submit(first, `${first}/approuver`, {})).statusCode, 303);
      assert.equal((await tess.submit(first, `${first}/payer`, { paidOn: "2026-04-20" })).statusCode, 303);
      const paid = (await mailsTo(h, author.email)).slice(before);
      assert.deepEqual(
        paid.map((m) => m.subject),
        [
          "Chambre des outils\u202f: note de frais approuvée, Salle du 9 avril",
          "Chambre des outils\u202f: note de frais payée, Salle du 9 avril",
        ],
        "the approval and the payment are each mailed at once",
      );

      const second = await submitClaim("Imprimante");
      assert.equal(
        (await tess.submit(second, `${second}/rejeter`, { reason: "Hors budget" })).statusCode,
        303,
      );
      const rejected = (await mailsTo(h, author.email)).at(-1);
      assert.equal(rejected?.subject, "Chambre des outils\u202f: note de frais refusée, Imprimante");
      assert.match(rejected?.body_text ?? "", /est refusée\s: Hors budget\./);
    });

    it("thanks a donor who gave an address, until they unsubscribe", async () => {
      const donor = "donatrice@exemple.test";
      const donation = { donor: { name: "Une voisine", email: donor }, amount: 2_500 };
      await buildDonation(h.app, slug, admin, donation);
      await buildDonation(h.app, slug, admin, { donor: { name: "Sans adresse" } });
      const [thanks, ...more] = await mailsTo(h, donor);
      assert.equal(more.length, 0);
      assert.equal(thanks?.subject, "Chambre des outils vous remercie de votre don");
      assert.match(thanks?.body_text ?? "", /Merci pour votre don de 25,00\u00a0€ du 14\/03\/2026/);
      assert.equal((await oneClick(h, unsubscribePath(thanks?.headers ?? {}))).statusCode, 200);
      await buildDonation(h.app, slug, admin, donation);
      assert.equal((await mailsTo(h, donor)).length, 1);
    });

    it("tells who started an import, on the site, that it is finished, with a link to its report", async () => {
      const assembly = await buildAssembly(h.app, { by: admin });
      const page = `/espaces/${assembly.slug}/communs/import`;
      await facilitator.get(page);
      const file = {
        filename: "jardins.csv",
        type: "text/csv",
        content: "\ufeffnom;ville\nJardin des Lilas;Lilleville\n",
      };
      const body = multipartBody({ _csrf: facilitator.csrfToken(), format: "csv" }, { file });
      const preview = await facilitator.request({ method: "POST", url: page, ...body });
      const report = /action="(\/espaces\/[^"]+\/communs\/import\/[0-9a-f-]{36})"/.exec(preview.body)?.[1];
      assert.ok(report);
      assert.equal((await facilitator.submit(page, report, {})).statusCode, 303);
      for (let i = 0; i < 100 && (await facilitator.get(report)).headers.refresh; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const list = await facilitator.get("/notifications");
      assert.match(list.body, /L’import de jardins\.csv est terminé\./);
      const open = /action="(\/notifications\/[^"]+\/ouvrir)"/.exec(list.body)?.[1];
      assert.ok(open);
      assert.equal((await facilitator.submit("/notifications", open, {})).headers.location, report);
    });

    it("saves the settings form, and refuses a choice that is not offered without saving anything", async () => {
      const space = await h.app.communs.spaces.get(slug);
      const page = await facilitator.get("/notifications/reglages");
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        new RegExp(`<select id="${space.id}:claim.paid" name="${space.id}:claim.paid">`),
      );
      const bad = await facilitator.submit("/notifications/reglages", "/notifications/reglages", {
        [`${space.id}:claim.paid`]: "never",
        [`${space.id}:claim.submitted`]: "pigeon",
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Choisissez une des manières proposées/);
      const rows = () =>
        h.db.kysely
          .selectFrom("notification_settings")
          .select(["kind", "channel"])
          .where("person_id", "=", admin.id)
          .where("kind", "like", "claim.%")
          .execute();
      assert.deepEqual(await rows(), []);
      const good = await facilitator.submit("/notifications/reglages", "/notifications/reglages", {
        [`${space.id}:claim.paid`]: "never",
      });
      assert.equal(good.statusCode, 303);
      assert.deepEqual(await rows(), [{ kind: "claim.paid", channel: "never" }]);
      assert.match(
        (await facilitator.get("/notifications/reglages")).body,
        /<option value="never" selected>Jamais/,
      );
    });
  });
}
