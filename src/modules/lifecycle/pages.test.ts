import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { email, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildAssembly, buildPerson, signIn } from "../../../test/helpers/factories.ts";
import { useClockedApp } from "../../../test/helpers/lifecycle.ts";
import { startSmtp } from "../../../test/helpers/smtp.ts";

const smtp = await startSmtp();
after(() => smtp.close());

const BANNER =
  /<aside class="site-notice site-notice-(\w+)" aria-labelledby="avis-site"><h2 id="avis-site">([^<]+)<\/h2>/;

for (const dialect of testDialects()) {
  describe(`lifecycle pages [${dialect.name}]`, () => {
    // Noon in Paris on 14 June 2026.
    const h = useClockedApp(dialect, "2026-06-14T10:00:00Z", { smtpUrl: smtp.url });
    let slug = "";

    it("gives administrators a settings page that schedules a stage, in French, with the CLI's way", async () => {
      const admin = await buildAdmin(h.app);
      slug = (await buildAssembly(h.app, { by: admin })).slug;
      const visitor = await signIn(h, admin);
      const page = await visitor.get("/admin/cycle-de-vie");
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Cycle de vie de l’instance/);
      assert.match(page.body, /Aucune étape programmée/);
      assert.match(page.body, /npx communs lifecycle set/);
      assert.match(page.body, /href="\/admin\/cycle-de-vie"/, "linked from the administrators' menu");

      const bad = await visitor.submit("/admin/cycle-de-vie", "/admin/cycle-de-vie", {
        stage: "notice",
        startsOn: "2026-02-30",
        message: "",
        nextUrl: "ftp://ailleurs",
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Donnez une date réelle au format AAAA-MM-JJ/);
      assert.match(bad.body, /commençant par http:\/\/ ou https:\/\//);
      assert.match(bad.body, /value="ftp:\/\/ailleurs"/, "the values come back");

      for (const fields of [
        { stage: "readOnly", startsOn: "2026-09-01", message: "", nextUrl: "" },
        {
          stage: "notice",
          startsOn: "2026-06-01",
          message: "Le réseau part sur le wiki des communs.\nMerci à toutes et à tous.",
          nextUrl: "https://wiki.exemple.org/Accueil",
        },
      ]) {
        const saved = await visitor.submit("/admin/cycle-de-vie", "/admin/cycle-de-vie", fields);
        assert.equal(saved.statusCode, 303);
      }
      const after = await visitor.get("/admin/cycle-de-vie");
      assert.match(after.body, /Étape en vigueur aujourd’hui \(14\/06\/2026\)\s: Bandeau d’annonce/);
      assert.match(after.body, /Le calendrier du cycle de vie est enregistré/);
      const late = await visitor.submit("/admin/cycle-de-vie", "/admin/cycle-de-vie", {
        stage: "archived",
        startsOn: "2026-08-01",
      });
      assert.equal(late.statusCode, 400);
      assert.match(
        late.body,
        /L’archivage doit commencer au plus tôt le jour du bandeau et de la lecture seule/,
      );

      const journal = await visitor.get("/journal");
      assert.match(journal.body, /a programmé le bandeau d’annonce de fermeture à partir du 01\/06\/2026/);
      assert.match(journal.body, /a programmé la lecture seule à partir du 01\/09\/2026/);
    });

    it("keeps the settings page from anyone but administrators", async () => {
      const anonymous = await new Visitor(h).get("/admin/cycle-de-vie");
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/connexion/);
      const person = await signIn(h, await buildPerson(h.app));
      assert.equal((await person.get("/admin/cycle-de-vie")).statusCode, 403);
      const refused = await person.submit("/", "/admin/cycle-de-vie", { stage: "active" });
      assert.equal(refused.statusCode, 403);
      assert.equal((await h.app.communs.lifecycle.operatorShow()).steps.length, 2);
    });

    it("shows the banner on every page: home, a space, the login page, an error page", async () => {
      for (const url of ["/", `/espaces/${slug}`, "/connexion", "/nulle/part"]) {
        const page = await new Visitor(h).get(url);
        const banner = BANNER.exec(page.body);
        assert.ok(banner, `banner on ${url}`);
        assert.equal(banner[1], "notice");
        assert.equal(banner[2], "Ce site va fermer");
        assert.match(
          page.body,
          /<p>Le réseau part sur le wiki des communs\.<\/p><p>Merci à toutes et à tous\.<\/p>/,
        );
        assert.match(page.body, /Lecture seule à partir du 01\/09\/2026/);
        assert.match(page.body, /<a href="https:\/\/wiki\.exemple\.org\/Accueil">/);
        assert.doesNotMatch(page.body, /Les connexions sont fermées/);
      }
      const english = await new Visitor(h, { "accept-language": "en" }).get("/");
      assert.match(english.body, /This site is closing/);
    });

    it("opens every e-mail with the banner, as the SMTP server receives it", async () => {
      const address = email("avis");
      await buildPerson(h.app, { email: address });
      const asked = await new Visitor(h).submit("/mot-de-passe-oublie", "/mot-de-passe-oublie", {
        email: address,
      });
      assert.equal(asked.statusCode, 303);
      await h.app.communs.mailer.idle();
      const mail = smtp.received.find((m) => m.to.includes(address));
      assert.ok(mail, "the SMTP server received the mail");
      const body = mail.data.replace(/=\r?\n/g, "");
      assert.match(body, /Ce site va fermer/);
      assert.match(body, /https:\/\/wiki\.exemple\.org\/Accueil/);
      assert.ok(
        body.indexOf("Ce site va fermer") < body.indexOf("reinitialisation/"),
        "the banner comes first",
      );
    });

    it("turns read-only at its date without anyone acting: logins refused, the banner says so", async () => {
      const admin = await buildPerson(h.app, { admin: true });
      h.setNow("2026-08-31T21:59:00Z");
      const before = new Visitor(h);
      assert.equal(
        (await before.login(admin.email)).statusCode,
        303,
        "23:59 in Paris, the day before: notice",
      );

      h.setNow("2026-08-31T22:00:00Z");
      const login = await new Visitor(h).get("/connexion");
      assert.equal(BANNER.exec(login.body)?.[1], "readOnly");
      assert.match(login.body, /Les connexions sont fermées/);
      const sessions = async () =>
        Number(
          (
            await h.db.kysely
              .selectFrom("sessions")
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const count = await sessions();
      const refused = await new Visitor(h).login(admin.email);
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /<h1>Site en lecture seule<\/h1>/);
      assert.match(refused.body, /on ne peut plus s’y connecter ni rien y modifier/);
      assert.ok(BANNER.test(refused.body));
      assert.equal(await sessions(), count, "no session opened");
      // Already signed in: pages still read, the administrators' page tells how to change the stage.
      const page = await before.get("/admin/cycle-de-vie");
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Lecture seule/);
      assert.match(page.body, /npx communs lifecycle set/);

      h.setNow("2026-06-14T10:00:00Z");
    });
  });
}
