// The treasurer's bookkeeping page and the FEC download, through HTTP as a browser and an API client
// use them: who may see and do what, each form's effect on the books (and nothing when it refuses),
// and the FEC file's bytes.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildChamber, buildMember, signIn } from "../../../test/helpers/factories.ts";
import { FEC_COLUMNS } from "../../core/ledger.ts";
import { latin9 } from "../ledger/fec.ts";

const CHAMBER = "chambre-des-comptes";
const PAGE = `/espaces/${CHAMBER}/comptabilite`;
const SIREN = "732829320";
const YEAR = new Date().getUTCFullYear();
const LAST_YEAR = YEAR - 1;
const TODAY = new Date().toISOString().slice(0, 10);
const FORM = { "content-type": "application/x-www-form-urlencoded" };

const hiddenKey = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] ?? "";

for (const dialect of testDialects()) {
  describe(`treasurer's bookkeeping pages and the FEC [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let tess: Visitor;
    let malo: Visitor;
    let spaceId = "";

    const kysely = () => h.db.kysely;
    const transferCount = async () =>
      Number(
        (
          await kysely()
            .selectFrom("ledger_transfers")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("space_id", "=", spaceId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const account = async (code: string) =>
      (await h.app.communs.ledger.accounts(CHAMBER)).find((a) => a.code === code);
    const siren = async () =>
      (
        await kysely()
          .selectFrom("ledger_settings")
          .select("siren")
          .where("space_id", "=", spaceId)
          .executeTakeFirst()
      )?.siren ?? "";
    const post = (who: Visitor, path: string, fields: Record<string, string>) =>
      who.submit(PAGE, `${PAGE}/${path}`, fields);
    /** Posts a funding form with the key the page gave. */
    async function fund(fields: Record<string, string>) {
      await tess.get(PAGE);
      const key = hiddenKey(tess.lastHtml);
      assert.match(key, /^[0-9a-f-]{36}$/, "the form carries its idempotency key");
      return post(tess, "dotations", {
        fundEnvelope: "ENV-FETE",
        fundAmount: "10",
        fundDate: TODAY,
        idempotencyKey: key,
        ...fields,
      });
    }

    before(async () => {
      const { ledger, donations } = h.app.communs;
      const chamber = await buildChamber(h.app, { slug: CHAMBER, name: "Chambre des comptes" });
      const { admin } = chamber;
      spaceId = (await ledger.chamber(CHAMBER)).id;
      tess = await signIn(h, await buildMember(h.app, chamber, "treasurer", { name: "Tess" }));
      malo = await signIn(h, await buildMember(h.app, chamber, "member", { name: "Malo" }));
      // Income of both years, one with letters only ISO 8859-15 has (Œ) besides Latin-1 ones (é).
      await donations.record(
        admin,
        CHAMBER,
        { amount: 50_000, date: `${YEAR}-01-15`, donor: { name: "Hélène Œuvrard" }, display: "name" },
        "don-helene",
      );
      await donations.record(
        admin,
        CHAMBER,
        { amount: 20_000, date: `${LAST_YEAR}-06-01`, donor: { name: "Ancien" }, display: "name" },
        "don-ancien",
      );
    });

    it("sends anonymous visitors to the login page, refuses members (403) the page and every form", async () => {
      const anonymous = await new Visitor(h).get(PAGE);
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/connexion\?suite=/);

      assert.equal((await malo.get(PAGE)).statusCode, 403);
      const before = { transfers: await transferCount(), siren: await siren() };
      const id = (
        await kysely()
          .selectFrom("ledger_transfers")
          .select("id")
          .where("space_id", "=", spaceId)
          .executeTakeFirstOrThrow()
      ).id;
      for (const [path, fields] of [
        ["enveloppes", { envelopeCode: "ENV-MALO", envelopeLabel: "Malo" }],
        ["dotations", { fundEnvelope: "ENV", fundAmount: "10", fundDate: TODAY, idempotencyKey: "k" }],
        ["siren", { siren: SIREN }],
        ["cloture", { closeYear: String(LAST_YEAR), closeConfirm: "1" }],
        [`mouvements/${id}/contre-passer`, { reverseDate: TODAY }],
      ] as const) {
        const response = await post(malo, path, fields);
        assert.equal(response.statusCode, 403, path);
      }
      assert.equal(await account("ENV-MALO"), undefined);
      assert.deepEqual({ transfers: await transferCount(), siren: await siren() }, before);
      const closed = await kysely().selectFrom("ledger_closed_years").selectAll().execute();
      assert.deepEqual(closed, []);

      const page = await tess.get(PAGE);
      assert.equal(page.statusCode, 200);
      const article = /<article class="treasury">[\s\S]*<\/article>/.exec(page.body)?.[0] ?? "";
      assert.ok(article, "the page has its content");
      assert.ok(!article.includes("<script"), "no JavaScript needed");
      for (const form of article.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [])
        assert.match(form, /name="_csrf" value="[^"]+"/, "every form carries its CSRF token");
      assert.ok(article.includes('data-account="754"'));
      assert.ok(article.includes("500,00"), "the donation's amount in French euros");
    });

    it("shows the Comptabilité tab to the treasurer only", async () => {
      const tab = `href="${PAGE}"`;
      assert.ok((await tess.get(`/espaces/${CHAMBER}`)).body.includes(tab));
      assert.ok(!(await malo.get(`/espaces/${CHAMBER}`)).body.includes(tab));
      assert.ok(!(await new Visitor(h).get(`/espaces/${CHAMBER}`)).body.includes(tab));
    });

    it("creates an envelope and funds it from the pool: balances move and verify stays clean", async () => {
      const created = await post(tess, "enveloppes", {
        envelopeCode: "ENV-FETE",
        envelopeLabel: "Fête de quartier",
      });
      assert.equal(created.statusCode, 303, created.body);
      assert.equal((await account("ENV-FETE"))?.kind, "envelope");
      const again = await post(tess, "enveloppes", { envelopeCode: "ENV-FETE", envelopeLabel: "Autre" });
      assert.equal(again.statusCode, 400);
      assert.ok(again.body.includes("Ce code est déjà celui d’un compte de la chambre."));
      assert.ok(again.body.includes('href="#envelopeCode"'), "the summary links to the field");

      const funded = await fund({ fundAmount: "120,50" });
      assert.equal(funded.statusCode, 303, funded.body);
      assert.equal((await account("ENV-FETE"))?.credits, 12_050);
      assert.equal((await account("ENV"))?.debits, 12_050);
      const page = await tess.get(PAGE);
      assert.ok(
        page.body.includes("Dotation de 120,50\u00a0€ enregistrée."),
        "the flash says what was booked",
      );
      assert.match(page.body, /data-envelope="ENV-FETE">[\s\S]*?120,50\u00a0€/);
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("refuses an amount that is not one (400, in French) and books nothing", async () => {
      const before = await transferCount();
      await tess.get(PAGE);
      const key = hiddenKey(tess.lastHtml);
      const response = await post(tess, "dotations", {
        fundEnvelope: "ENV-FETE",
        fundAmount: "abc",
        fundDate: TODAY,
        idempotencyKey: key,
      });
      assert.equal(response.statusCode, 400);
      assert.ok(response.body.includes("Indiquez un montant en euros supérieur à zéro"));
      assert.ok(response.body.includes('href="#fundAmount"'));
      assert.ok(response.body.includes('aria-invalid="true"'));
      assert.equal(hiddenKey(response.body), key, "the form keeps its key for the next try");
      assert.equal(await transferCount(), before);
    });

    it("books a replayed funding form once", async () => {
      const before = await transferCount();
      await tess.get(PAGE);
      const fields = {
        fundEnvelope: "ENV-FETE",
        fundAmount: "7",
        fundDate: TODAY,
        idempotencyKey: hiddenKey(tess.lastHtml),
      };
      assert.equal((await post(tess, "dotations", fields)).statusCode, 303);
      assert.equal((await post(tess, "dotations", fields)).statusCode, 303);
      assert.ok((await tess.get(PAGE)).body.includes("était déjà enregistrée"));
      assert.equal(await transferCount(), before + 1);
      assert.equal((await account("ENV-FETE"))?.credits, 12_050 + 700);
      const conflict = await post(tess, "dotations", { ...fields, fundAmount: "8" });
      assert.equal(conflict.statusCode, 409, "the same key for another amount is refused");
      assert.equal(await transferCount(), before + 1);
    });

    it("has no FEC without a SIREN: a 404 page saying why, the API alike, no link on the open page", async () => {
      const anonymous = await new Visitor(h).get(`${PAGE}/fec?annee=${YEAR}`);
      assert.equal(anonymous.statusCode, 404);
      assert.ok(anonymous.body.includes("la chambre n’a pas encore renseigné son numéro SIREN"));
      assert.ok(!anonymous.body.includes(`${PAGE}#form-siren`));
      const treasurer = await tess.get(`${PAGE}/fec?annee=${YEAR}`);
      assert.equal(treasurer.statusCode, 404);
      assert.ok(
        treasurer.body.includes(`href="${PAGE}#form-siren"`),
        "the treasurer is shown where to set it",
      );
      const api = await h.app.inject({
        method: "GET",
        url: `/api/v1/spaces/${CHAMBER}/ledger/fec?year=${YEAR}`,
      });
      assert.equal(api.statusCode, 404);
      assert.equal(api.json().error, "SIREN_MISSING");
      const open = await new Visitor(h).get(`/espaces/${CHAMBER}/transparence?annee=${YEAR}`);
      assert.ok(!open.body.includes("/comptabilite/fec"));
    });

    it("refuses an invalid SIREN (400) and keeps a valid one, typed with spaces, with an audit event", async () => {
      const bad = await post(tess, "siren", { siren: "123456789" });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes("Le SIREN doit compter neuf chiffres valides"));
      assert.equal(await siren(), "");
      const good = await post(tess, "siren", { siren: "732 829 320" });
      assert.equal(good.statusCode, 303);
      assert.equal(await siren(), SIREN);
      const event = await kysely()
        .selectFrom("audit_events")
        .selectAll()
        .where("action", "=", "ledger.sirenSet")
        .executeTakeFirstOrThrow();
      assert.equal(event.space_id, spaceId);
      const open = await new Visitor(h).get(`/espaces/${CHAMBER}/transparence?annee=${YEAR}`);
      assert.ok(open.body.includes(`href="${PAGE}/fec?annee=${YEAR}"`), "the open page offers the FEC now");
    });

    it("streams the FEC to anyone once the SIREN is set: its name, ISO 8859-15, CRLF, the 18 columns", async () => {
      const response = await new Visitor(h).get(`${PAGE}/fec?annee=${YEAR}`);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers["content-type"], "text/plain; charset=iso-8859-15");
      assert.equal(
        response.headers["content-disposition"],
        `attachment; filename="${SIREN}FEC${YEAR}1231.txt"`,
      );
      const bytes = response.rawPayload;
      assert.ok(bytes.includes(latin9("Don d’Hélène Œuvrard")), "the label in ISO 8859-15");
      assert.ok(bytes.includes(Buffer.from([0xe9])) && bytes.includes(Buffer.from([0xbc])));
      assert.ok(!bytes.includes(Buffer.from("é", "utf8")), "no UTF-8 in the file");
      const text = bytes.toString("latin1");
      assert.equal(text.split("\n").length, text.split("\r\n").length, "every line ends with CRLF");
      assert.ok(text.endsWith("\r\n"));
      const lines = text.split("\r\n").slice(0, -1);
      assert.equal(lines[0], FEC_COLUMNS.join("\t"));
      for (const line of lines) assert.equal(line.split("\t").length, 18);
      assert.ok(!text.includes("Dotation"), "envelope moves stay out of the FEC");

      const api = await h.app.inject({
        method: "GET",
        url: `/api/v1/spaces/${CHAMBER}/ledger/fec?year=${YEAR}`,
      });
      assert.equal(api.statusCode, 200);
      assert.equal(api.headers["content-disposition"], response.headers["content-disposition"]);
      assert.deepEqual(api.rawPayload, bytes);
      const badYear = await h.app.inject({
        method: "GET",
        url: `/api/v1/spaces/${CHAMBER}/ledger/fec?year=abc`,
      });
      assert.equal(badYear.statusCode, 400);
      assert.equal((await new Visitor(h).get(`${PAGE}/fec?annee=1999`)).statusCode, 400);
      assert.equal((await new Visitor(h).get(`${PAGE}/fec?annee=deux`)).statusCode, 400);
      const doc = (await h.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
      assert.ok(doc.paths["/api/v1/spaces/{slug}/ledger/fec"]?.get, "the route is in the OpenAPI document");
    });

    it("closes a past year through the form after an explicit confirmation, which locks it", async () => {
      const unconfirmed = await post(tess, "cloture", { closeYear: String(LAST_YEAR) });
      assert.equal(unconfirmed.statusCode, 400);
      assert.ok(unconfirmed.body.includes("Cochez la case pour confirmer la clôture."));
      assert.ok(unconfirmed.body.includes('href="#closeConfirm"'));
      const current = await post(tess, "cloture", { closeYear: String(YEAR), closeConfirm: "1" });
      assert.equal(current.statusCode, 400);
      assert.ok(current.body.includes("Choisissez un exercice passé"));
      assert.deepEqual(await kysely().selectFrom("ledger_closed_years").selectAll().execute(), []);

      const closed = await post(tess, "cloture", { closeYear: String(LAST_YEAR), closeConfirm: "1" });
      assert.equal(closed.statusCode, 303, closed.body);
      assert.ok((await tess.get(PAGE)).body.includes(`L’exercice ${LAST_YEAR} est clos.`), "the flash");
      const rows = await kysely().selectFrom("ledger_closed_years").select("year").execute();
      assert.deepEqual(
        rows.map((r) => r.year),
        [String(LAST_YEAR)],
      );
      await assert.rejects(
        h.app.communs.ledger.book(CHAMBER, {
          idempotencyKey: "trop-tard",
          debit: "512",
          credit: "754",
          amount: 100,
          date: `${LAST_YEAR}-07-01`,
          label: "Trop tard",
          journal: "BQ",
          status: "posted",
        }),
        { code: "YEAR_CLOSED" },
      );
      const again = await post(tess, "cloture", { closeYear: String(LAST_YEAR), closeConfirm: "1" });
      assert.equal(again.statusCode, 409, "a year is closed once");
      assert.ok(again.body.includes("Cet exercice est clos"));
      const page = await tess.get(PAGE);
      assert.ok(page.body.includes(`Exercices clos\u202f: ${LAST_YEAR}.`));
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("corrects a posted transfer by its reversal through the form, and shows the refusals", async () => {
      const original = await kysely()
        .selectFrom("ledger_transfers")
        .selectAll()
        .where("space_id", "=", spaceId)
        .where("idempotency_key", "=", "don-helene")
        .executeTakeFirstOrThrow();
      const action = `mouvements/${original.id}/contre-passer`;
      const own = `${PAGE}/mouvements/${original.id}`;
      const list = (await tess.get(PAGE)).body;
      assert.ok(list.includes(`href="${own}"`), "each row links to the transfer's page");
      assert.ok(!list.includes("/contre-passer"), "no reversal form on the list's rows");
      const ownPage = (await tess.get(own)).body;
      assert.ok(
        ownPage.includes(`action="${PAGE}/${action}"`),
        "the reversal form is on the transfer's page",
      );
      assert.ok(ownPage.includes("512 Banque") && ownPage.includes("754 Dons manuels"), "its two lines");
      assert.equal((await malo.get(own)).statusCode, 403);
      const before754 = {
        debits: (await account("754"))?.debits ?? 0,
        credits: (await account("754"))?.credits,
      };

      const badDate = await post(tess, action, { reverseDate: "2026-02-31", annee: String(YEAR) });
      assert.equal(badDate.statusCode, 400);
      assert.ok(badDate.body.includes('href="#reverseDate"'));
      assert.ok(badDate.body.includes("Hélène Œuvrard"), "the transfer's page again");
      assert.ok(badDate.body.includes("Une date s’écrit AAAA-MM-JJ et doit exister."));

      const done = await post(tess, action, { reverseDate: TODAY, annee: String(YEAR) });
      assert.equal(done.statusCode, 303, done.body);
      assert.equal(done.headers.location, own);
      const reversal = await kysely()
        .selectFrom("ledger_transfers")
        .selectAll()
        .where("reverses_id", "=", original.id)
        .executeTakeFirstOrThrow();
      assert.equal(reversal.status, "posted");
      assert.equal(reversal.date, TODAY);
      assert.equal((await account("754"))?.debits, before754.debits + Number(original.amount));
      assert.equal((await account("754"))?.credits, before754.credits);
      const page = (await tess.get(own)).body;
      assert.ok(page.includes("Le mouvement est contre-passé."));
      assert.ok(!page.includes(`action="${PAGE}/${action}"`), "no second correction offered");
      assert.ok(page.includes("Corrigé par une contre-passation."));
      assert.ok(page.includes(`href="${PAGE}/mouvements/${reversal.id}"`), "the reversal is linked");
      const reversalPage = (await tess.get(`${PAGE}/mouvements/${reversal.id}`)).body;
      assert.ok(reversalPage.includes(`href="${own}"`), "and the reversal links back");
      assert.ok(reversalPage.includes("Contre-passation d’un autre mouvement."));
      assert.ok(!reversalPage.includes("/contre-passer"));
      assert.equal((await tess.get(`${PAGE}/mouvements/inconnu`)).statusCode, 404);

      const count = await transferCount();
      const resent = await post(tess, action, { reverseDate: TODAY, annee: String(YEAR) });
      assert.equal(resent.statusCode, 303, "the same form again books nothing more");
      assert.equal(await transferCount(), count);
      const twice = await post(tess, action, { reverseDate: `${YEAR}-01-20`, annee: String(YEAR) });
      assert.equal(twice.statusCode, 409);
      assert.ok(twice.body.includes("Ce mouvement ne peut pas être annulé"));
      assert.equal(await transferCount(), count);
      const ofReversal = await post(tess, `mouvements/${reversal.id}/contre-passer`, { reverseDate: TODAY });
      assert.equal(ofReversal.statusCode, 409);

      const old = await kysely()
        .selectFrom("ledger_transfers")
        .select("id")
        .where("idempotency_key", "=", "don-ancien")
        .executeTakeFirstOrThrow();
      const intoClosed = await post(tess, `mouvements/${old.id}/contre-passer`, {
        reverseDate: `${LAST_YEAR}-12-01`,
        annee: String(LAST_YEAR),
      });
      assert.equal(intoClosed.statusCode, 409);
      assert.ok(intoClosed.body.includes("Cet exercice est clos"));
      assert.ok(intoClosed.body.includes("Exercice clos\u202f: ce mouvement ne peut plus être corrigé ici."));
      assert.equal(
        (await post(tess, "mouvements/inconnu/contre-passer", { reverseDate: TODAY })).statusCode,
        404,
      );
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("lists the latest 50 transfers, pages to older ones without JavaScript, and filters them", async () => {
      const { ledger } = h.app.communs;
      const month = (i: number) => String((i % 9) + 1).padStart(2, "0");
      for (let i = 1; i <= 65; i++)
        await ledger.book(CHAMBER, {
          idempotencyKey: `liste-${i}`,
          debit: i % 5 === 0 ? "530" : "512",
          credit: "754",
          amount: 100 + i,
          date: `${LAST_YEAR - 1}-${month(i)}-${String((i % 27) + 1).padStart(2, "0")}`,
          label: i % 10 === 0 ? `Vente de gâteaux ${i}` : `Don en liste ${i}`,
          journal: i % 5 === 0 ? "CA" : "BQ",
          status: "posted",
        });
      const list = `${PAGE}?annee=${LAST_YEAR - 1}`;
      const rows = (html: string) =>
        [...html.matchAll(/<tr class="transfer" data-transfer="([^"]+)"/g)].map((m) => m[1]);
      const first = (await tess.get(list)).body;
      assert.equal(rows(first).length, 50);
      const older = /<a href="([^"]+)" rel="next">Plus anciens<\/a>/
        .exec(first)?.[1]
        ?.replaceAll("&amp;", "&");
      assert.ok(older, "a link to the older transfers");
      const second = (await tess.get(older)).body;
      assert.equal(rows(second).length, 15);
      assert.ok(!second.includes('rel="next"'), "the last page has no older link");
      assert.equal(new Set([...rows(first), ...rows(second)]).size, 65, "no transfer twice, none skipped");
      const dates = [...first.matchAll(/<tr class="transfer"[^>]*><td><time datetime="([^"]+)"/g)].map(
        (m) => m[1],
      );
      assert.deepEqual(dates, [...dates].sort().reverse(), "newest first");

      const filtered = async (query: string) => rows((await tess.get(`${list}&${query}`)).body).length;
      assert.equal(await filtered("q=g%C3%A2teaux"), 6);
      assert.equal(await filtered("compte=530"), 13);
      assert.equal(await filtered("journal=CA"), 13);
      assert.equal(await filtered("journal=CA&q=g%C3%A2teaux"), 6);
      assert.equal(await filtered(`du=${LAST_YEAR - 1}-01-01&au=${LAST_YEAR - 1}-01-31`), 7);
      assert.equal(await filtered("q=%25"), 0, "% is a character, not a wildcard");
      for (const bad of ["du=demain", "avant=nimporte", "journal=XX"])
        assert.equal((await tess.get(`${list}&${bad}`)).statusCode, 400, bad);
    });

    it("refuses a form without its CSRF token (403), booking nothing", async () => {
      const before = await transferCount();
      await tess.get(PAGE);
      const response = await tess.request({
        method: "POST",
        url: `${PAGE}/dotations`,
        payload: new URLSearchParams({
          fundEnvelope: "ENV-FETE",
          fundAmount: "5",
          fundDate: TODAY,
          idempotencyKey: hiddenKey(tess.lastHtml),
        }).toString(),
        headers: FORM,
      });
      assert.equal(response.statusCode, 403);
      assert.equal(await transferCount(), before);
    });

    it("never answers 5xx to random funding forms, and books nothing when it refuses", async () => {
      await tess.get(PAGE);
      const token = tess.csrfToken();
      const text = fc.string({ maxLength: 30 });
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            fundEnvelope: fc.oneof(fc.constantFrom("ENV-FETE", "ENV", "754", ""), text),
            fundAmount: fc.oneof(
              fc.integer({ min: -5, max: 100_000_000 }).map((n) => String(n)),
              fc.constantFrom("12,50", "0", "1 234,5", "1e3", "9999999999999", ",5"),
              text,
            ),
            fundDate: fc.oneof(fc.constantFrom(TODAY, `${LAST_YEAR}-03-01`, "2026-02-30", ""), text),
            idempotencyKey: fc.oneof(fc.uuid(), text, fc.string({ minLength: 150, maxLength: 300 })),
          }),
          async (fields) => {
            const before = await transferCount();
            const response = await tess.request({
              method: "POST",
              url: `${PAGE}/dotations`,
              payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
              headers: FORM,
            });
            assert.ok(response.statusCode < 500, `${response.statusCode} for ${JSON.stringify(fields)}`);
            const after = await transferCount();
            if (response.statusCode >= 400) assert.equal(after, before, JSON.stringify(fields));
            else assert.ok(after - before <= 1);
          },
        ),
        { numRuns: 40 },
      );
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });
  });
}
