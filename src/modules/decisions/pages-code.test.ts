import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { expireRound } from "../../../test/helpers/decisions.ts";
import { buildChamber, buildMember, buildPerson, signIn } from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";

for (const dialect of testDialects()) {
  describe(`the social code's, rules' and fork pages [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let slug = "";
    let member: Person;
    let browser: Visitor;

    const proposals = async () =>
      Number(
        (
          await h.db.kysely
            .selectFrom("proposals")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      const chamber = await buildChamber(h.app, {
        name: "Chambre des pages",
        slug: "chambre-des-pages",
        doocracyCap: 5_000,
      });
      slug = chamber.slug;
      member = await buildMember(h.app, chamber, "member", { name: "Mia" });
      await buildMember(h.app, chamber);
      browser = await signIn(h, member);
    });

    it("shows the code in force to anyone, with its version, and refuses a version that is not there", async () => {
      const page = await h.app.inject({ url: `/espaces/${slug}/code-social` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Code social de Chambre des pages<\/h1>/);
      assert.match(page.body, /Version 1/);
      assert.match(page.body, /texte de départ/);
      for (const version of ["9", "abc"])
        assert.equal(
          (await h.app.inject({ url: `/espaces/${slug}/code-social?version=${version}` })).statusCode,
          404,
        );
    });

    it("proposes a new version from a form prefilled with the text in force; a refused one writes nothing", async () => {
      const form = `/espaces/${slug}/code-social/proposer`;
      const page = await browser.get(form);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<textarea[^>]*name="body"[^>]*># Code social de Chambre des pages/);
      const count = await proposals();
      const refused = await browser.submit(form, form, { title: "", body: "Un texte", deadline: "7" });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Ce champ est obligatoire/);
      assert.match(refused.body, />Un texte<\/textarea>/, "the text typed comes back");
      assert.equal(await proposals(), count);
      const current = await h.app.communs.decisions.socialCode.current(slug);
      const sent = await browser.submit(form, form, {
        title: "Une section sur l’entraide",
        body: `${current?.text}\n\n## Entraide\n\nNous nous prêtons nos outils.`,
        note: "Ajout",
        deadline: "14",
      });
      assert.equal(sent.statusCode, 303);
      const location = String(sent.headers.location);
      assert.match(location, new RegExp(`^/espaces/${slug}/decisions/\\d+$`));
      const number = Number(location.split("/").pop());
      const { decisions } = h.app.communs;
      const id = await decisions.byNumber(slug, number);
      for (const p of (
        await h.db.kysely
          .selectFrom("memberships")
          .select("person_id")
          .where("status", "=", "active")
          .execute()
      ).map((m) => m.person_id))
        if (p)
          await decisions
            .position({ id: p, isAdmin: false }, id, { position: "agree" })
            .catch(() => undefined);
      await expireRound(h.db, id);
      await decisions.settle(id);
      const code = await h.app.inject({ url: `/espaces/${slug}/code-social` });
      assert.match(code.body, /Version 2/);
      assert.ok(code.body.includes(`href="/espaces/${slug}/decisions/${number}"`), "links to its decision");
      const diff = await h.app.inject({ url: `/espaces/${slug}/code-social/diff?de=1&a=2` });
      assert.equal(diff.statusCode, 200);
      assert.match(diff.body, /<ins>.*Nous nous prêtons nos outils/s);
      const old = await h.app.inject({ url: `/espaces/${slug}/code-social?version=1` });
      assert.match(old.body, /Vous lisez une version ancienne/);
    });

    it("proposes new rules from a form prefilled with those in force, refusing what is not valid", async () => {
      const form = `/espaces/${slug}/regles/proposer`;
      const page = await browser.get(form);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /name="doocracyCap"[^>]*value="50,00"/);
      assert.match(page.body, /<option value="consensus" selected>/);
      const values = Object.fromEntries(
        [
          ...page.body.matchAll(
            /<select[^>]*name="([^"]+)"[^>]*>(?:(?!<\/select>).)*?<option value="([^"]*)" selected>/gs,
          ),
        ].map((m) => [m[1] ?? "", m[2] ?? ""]),
      );
      const base = {
        ...values,
        questionsDays: "3",
        reactionsDays: "4",
        objectionsDays: "7",
        extensionDays: "7",
        quorum: "0",
        threshold: "75",
        reviewMonths: "12",
        doocracyCap: "50",
        title: "Des tours plus courts",
        body: "Nous sommes peu nombreux.",
      };
      const count = await proposals();
      const refused = await browser.submit(form, form, { ...base, questionsDays: "99", doocracyCap: "trop" });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Un nombre entier de 0 à 60/);
      assert.match(refused.body, /Un montant en euros/);
      const same = await browser.submit(form, form, base);
      assert.equal(same.statusCode, 400);
      assert.match(same.body, /celles qui s’appliquent déjà/);
      assert.equal(await proposals(), count);
      const sent = await browser.submit(form, form, { ...base, questionsDays: "1" });
      assert.equal(sent.statusCode, 303);
      assert.match(String(sent.headers.location), new RegExp(`^/espaces/${slug}/decisions/\\d+$`));
    });

    it("shows the rules in French, the code and the lineage on « À propos »", async () => {
      const about = await browser.get(`/espaces/${slug}/a-propos`);
      assert.equal(about.statusCode, 200);
      assert.match(about.body, /Se décident par consentement/);
      assert.match(about.body, /Plafond de la do-ocratie/);
      assert.match(about.body, /Cette chambre n’est issue d’aucune bifurcation/);
      assert.ok(about.body.includes(`href="/espaces/${slug}/bifurquer"`), "a member may fork");
      assert.ok(about.body.includes(`href="/espaces/${slug}/regles/proposer"`));
      const anonymous = await h.app.inject({ url: `/espaces/${slug}/a-propos` });
      assert.ok(!anonymous.body.includes("/bifurquer"), "not offered to a visitor");
    });

    it("forks a chamber from its form, refusing a taken slug, and shows the lineage and the family", async () => {
      const form = `/espaces/${slug}/bifurquer`;
      const page = await browser.get(form);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Ce qui n’est pas copié/);
      const taken = await browser.submit(form, form, { name: "Doublon", slug });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /value="Doublon"/);
      const sent = await browser.submit(form, form, { name: "Chambre bifurquée", slug: "" });
      assert.equal(sent.statusCode, 303);
      assert.equal(sent.headers.location, "/espaces/chambre-bifurquee");
      const child = await browser.get("/espaces/chambre-bifurquee/a-propos");
      assert.match(child.body, /Bifurquée de la Chambre des pages à la version 2/);
      const parent = await browser.get(`/espaces/${slug}/a-propos`);
      assert.ok(parent.body.includes('href="/espaces/chambre-bifurquee"'));
      const family = await h.app.inject({ url: "/espaces/chambre-bifurquee/famille" });
      assert.equal(family.statusCode, 200);
      assert.match(family.body, /<strong aria-current="page">Chambre bifurquée/);
      assert.match(family.body, /bifurquée de la Chambre des pages à la version 2/);
      const stranger = await signIn(h, await buildPerson(h.app));
      assert.equal((await stranger.get(form)).statusCode, 403);
      assert.equal((await h.app.inject({ url: form })).statusCode, 303, "a visitor is sent to log in");
    });
  });
}
