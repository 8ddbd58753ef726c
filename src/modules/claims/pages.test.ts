// Expense claims through their pages, as a member and a treasurer use them: a claim with its receipt,
// who may see the receipt, the decisions, and every refusal leaving nothing behind.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildChamber,
  buildDonation,
  buildMember,
  buildPerson,
  signIn,
} from "../../../test/helpers/factories.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";
import { translate } from "../../web/i18n.ts";

const CHAMBER = "chambre-des-salles";
const BASE = `/espaces/${CHAMBER}/notes-de-frais`;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const RECEIPT_MAX = 64 * 1024;

for (const dialect of testDialects()) {
  describe(`expense claim pages [${dialect.name}]`, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "communs-receipts-"));
    const h = useApp(dialect, { dataDir, receiptMaxBytes: RECEIPT_MAX });
    const member = () => new Visitor(h);
    let malo: Visitor;
    let tess: Visitor;
    let olga: Visitor;

    const claimCount = async () =>
      Number(
        (
          await h.db.kysely
            .selectFrom("expense_claims")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const leftovers = async () => [
      ...(existsSync(path.join(dataDir, "uploads")) ? await readdir(path.join(dataDir, "uploads")) : []),
    ];

    /** Sends the new-claim form as a browser would: the token of the form page, the file last. */
    async function submitClaim(
      who: Visitor,
      fields: Record<string, string>,
      receipt?: { filename: string; type: string; content: Buffer | string },
      token = true,
    ) {
      await who.get(`${BASE}/nouvelle`);
      const body = multipartBody(
        {
          ...(token ? { _csrf: who.csrfToken() } : {}),
          title: "Salle du 9 avril",
          amount: "120",
          date: "2026-04-09",
          account: "6132",
          envelope: "ENV-SALLE",
          ...fields,
        },
        receipt ? { receipt } : {},
      );
      return who.request({ method: "POST", url: `${BASE}/nouvelle`, ...body });
    }

    const claimIdOf = (location: unknown) => /notes-de-frais\/([0-9a-f-]{36})$/.exec(String(location))?.[1];

    before(async () => {
      const chamber = await buildChamber(h.app, {
        slug: CHAMBER,
        name: "Chambre des salles",
        theme: "salles",
      });
      malo = await signIn(h, await buildMember(h.app, chamber, "member", { name: "Malo" }));
      tess = await signIn(h, await buildMember(h.app, chamber, "treasurer", { name: "Tess" }));
      olga = await signIn(h, await buildPerson(h.app, { name: "Olga" }));
      await h.app.communs.ledger.createAccount(CHAMBER, {
        code: "ENV-SALLE",
        label: "Location de salles",
        kind: "envelope",
      });
      await buildDonation(h.app, CHAMBER, chamber.admin, {
        amount: 30_000,
        date: "2026-03-01",
        donor: null,
        display: "hidden",
        envelope: "ENV-SALLE",
      });
    });

    it("takes a claim with its receipt, which only its author and the treasurer can open", async () => {
      const response = await submitClaim(
        malo,
        {},
        { filename: "facture salle.pdf", type: "application/pdf", content: PDF },
      );
      assert.equal(response.statusCode, 303, response.body);
      const id = claimIdOf(response.headers.location);
      assert.ok(id);
      const page = await malo.get(`${BASE}/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Note de frais déposée\./);
      assert.match(page.body, /120,00/);
      const link = new RegExp(`href="(${BASE}/${id}/justificatifs/[0-9a-f-]{36})">facture salle\\.pdf<`).exec(
        page.body,
      )?.[1];
      assert.ok(link, "the receipt is listed");
      const own = await malo.get(link);
      assert.equal(own.statusCode, 200);
      assert.equal(own.headers["content-type"], "application/pdf");
      assert.deepEqual(own.rawPayload, PDF);
      assert.match(String(own.headers["content-disposition"]), /^attachment;.*facture%20salle\.pdf/);
      assert.equal(own.headers["cache-control"], "private, no-store");
      assert.equal((await tess.get(link)).statusCode, 200);
      assert.equal((await olga.get(link)).statusCode, 403, "a non-member cannot fetch a receipt");
      assert.equal((await olga.get(`${BASE}/${id}`)).statusCode, 403);
      const anonymous = await member().get(link);
      assert.ok([302, 303].includes(anonymous.statusCode), String(anonymous.statusCode));
      assert.match(String(anonymous.headers.location), /^\/connexion/);
      const stored = await h.db.kysely.selectFrom("expense_receipts").selectAll().executeTakeFirstOrThrow();
      assert.ok(existsSync(path.join(dataDir, "receipts", stored.id)), "the file is in the data folder");
      assert.deepEqual(await leftovers(), [], "nothing is left among the uploads");
    });

    it("refuses a receipt that is not a PDF, JPEG or PNG, too big, or sent without a token, and keeps nothing", async () => {
      const before = await claimCount();
      const html = await submitClaim(
        malo,
        {},
        {
          filename: "facture.pdf",
          type: "application/pdf",
          content: "<html><script>alert(1)</script></html>",
        },
      );
      assert.equal(html.statusCode, 400);
      assert.ok(html.body.includes(translate("fr", "msg.ledger.receiptType")));
      assert.match(html.body, /value="Salle du 9 avril"/, "the form keeps what was typed");
      const big = await submitClaim(
        malo,
        {},
        {
          filename: "scan.png",
          type: "image/png",
          content: Buffer.concat([
            Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
            Buffer.alloc(RECEIPT_MAX),
          ]),
        },
      );
      assert.equal(big.statusCode, 413);
      const forged = await submitClaim(
        malo,
        {},
        { filename: "a.pdf", type: "application/pdf", content: PDF },
        false,
      );
      assert.equal(forged.statusCode, 403);
      const amount = await submitClaim(malo, { amount: "cent vingt" });
      assert.equal(amount.statusCode, 400);
      assert.ok(amount.body.includes(translate("fr", "msg.ledger.amountText")));
      const date = await submitClaim(malo, { date: "2026-02-31" });
      assert.equal(date.statusCode, 400);
      assert.equal(await claimCount(), before);
      assert.deepEqual(await leftovers(), []);
      const outsider = await submitClaim(
        olga,
        {},
        { filename: "a.pdf", type: "application/pdf", content: PDF },
      );
      assert.equal(outsider.statusCode, 403);
      assert.equal(await claimCount(), before);
    });

    it("lets the treasurer approve and pay, never the author, and shows who did what", async () => {
      const response = await submitClaim(malo, { title: "Salle du 16 avril", amount: "120,00" });
      const id = claimIdOf(response.headers.location);
      assert.ok(id);
      const url = `${BASE}/${id}`;
      const own = await malo.submit(url, `${url}/approuver`, {});
      assert.equal(own.statusCode, 403, "nobody approves their own claim");
      const receipt = await (async () => {
        await malo.get(url);
        const body = multipartBody(
          { _csrf: malo.csrfToken() },
          {
            receipt: {
              filename: "ticket.jpg",
              type: "image/jpeg",
              content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]),
            },
          },
        );
        return malo.request({ method: "POST", url: `${url}/justificatifs`, ...body });
      })();
      assert.equal(receipt.statusCode, 303);
      assert.equal((await tess.submit(url, `${url}/approuver`, {})).statusCode, 303);
      const envelope = (await h.app.communs.ledger.accounts(CHAMBER)).find((a) => a.code === "ENV-SALLE");
      assert.equal(envelope?.pendingDebits, 12_000);
      assert.equal((await malo.submit(url, `${url}/modifier`, { title: "Trop tard" })).statusCode, 409);
      assert.equal((await tess.submit(url, `${url}/payer`, { paidOn: "2026-04-20" })).statusCode, 303);
      const page = await malo.get(url);
      assert.match(page.body, /Payée/);
      for (const [action, who] of [
        ["note de frais déposée", "Malo"],
        ["justificatif ajouté", "Malo"],
        ["note de frais approuvée", "Tess"],
        ["note de frais payée", "Tess"],
      ])
        assert.match(page.body, new RegExp(`${action} — ${who}`));
      const bank = (await h.app.communs.ledger.accounts(CHAMBER)).find((a) => a.code === "512");
      assert.equal(bank?.credits, 12_000);
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("keeps the claimant's IBAN sealed, in full for the treasurer only, and the payment's reference", async () => {
      const IBAN = "FR7630006000011234567890189";
      const before = await claimCount();
      const bad = await submitClaim(malo, {
        title: "Mauvais IBAN",
        iban: "FR76 3000 6000 0112 3456 7890 188",
      });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes("Cet IBAN n’est pas valide"), "a French message on the field");
      assert.equal(await claimCount(), before, "nothing written");

      const response = await submitClaim(malo, {
        title: "Salle du 23 avril",
        iban: "fr76 3000 6000 0112 3456 7890 189",
      });
      const id = claimIdOf(response.headers.location);
      assert.ok(id, response.body);
      const row = await h.db.kysely
        .selectFrom("expense_claims")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      assert.match(String(row.iban_sealed), /^v1:/);
      assert.ok(
        !JSON.stringify(row).includes(IBAN) && !JSON.stringify(row).includes("1234567890"),
        "never in clear",
      );
      assert.equal(row.iban_hint, "FR76 •••• 0189");

      const url = `${BASE}/${id}`;
      const readable = "FR76 3000 6000 0112 3456 7890 189";
      assert.ok((await tess.get(url)).body.includes(readable), "the treasurer reads it in full");
      const authorPage = (await malo.get(url)).body;
      assert.ok(
        authorPage.includes("FR76 •••• 0189") && !authorPage.includes(readable),
        "masked for its author",
      );
      assert.equal((await olga.get(url)).statusCode, 403);

      const edited = await malo.submit(`${url}/modifier`, `${url}/modifier`, {
        title: "Salle du 23 avril",
        amount: "120",
        date: "2026-04-23",
        account: "6132",
        envelope: "ENV-SALLE",
        iban: "",
      });
      assert.equal(edited.statusCode, 303, "an empty IBAN keeps the one given");
      assert.ok((await tess.get(url)).body.includes(readable));

      assert.equal((await tess.submit(url, `${url}/approuver`, {})).statusCode, 303);
      const paid = await tess.submit(url, `${url}/payer`, {
        paidOn: "2026-04-25",
        paymentReference: "VIR-2026-0425",
      });
      assert.equal(paid.statusCode, 303);
      assert.ok((await malo.get(url)).body.includes("VIR-2026-0425"), "the reference shows on the claim");
      const payment = await h.db.kysely
        .selectFrom("ledger_transfers")
        .select("piece_ref")
        .where("idempotency_key", "=", `claim:${id}:payment`)
        .executeTakeFirstOrThrow();
      assert.equal(payment.piece_ref, "VIR-2026-0425");
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("edits while pending, rejects with a reason, and takes a waiver as a donation", async () => {
      const first = claimIdOf(
        (await submitClaim(malo, { title: "Train", account: "625", envelope: "" })).headers.location,
      );
      const second = claimIdOf(
        (await submitClaim(malo, { title: "Café", amount: "8,40", account: "625", envelope: "" })).headers
          .location,
      );
      assert.ok(first && second);
      const edit = await malo.submit(`${BASE}/${first}/modifier`, `${BASE}/${first}/modifier`, {
        title: "Train Lille–Roubaix",
        amount: "12,60",
        date: "2026-05-02",
        account: "625",
        envelope: "",
      });
      assert.equal(edit.statusCode, 303);
      const edited = await h.app.communs.claims.get(first);
      assert.equal(edited.title, "Train Lille–Roubaix");
      assert.equal(Number(edited.amount), 1_260);
      const noReason = await tess.submit(`${BASE}/${first}`, `${BASE}/${first}/rejeter`, { reason: " " });
      assert.equal(noReason.statusCode, 400);
      const rejected = await tess.submit(`${BASE}/${first}`, `${BASE}/${first}/rejeter`, {
        reason: "Hors budget",
      });
      assert.equal(rejected.statusCode, 303);
      assert.match((await malo.get(`${BASE}/${first}`)).body, /Refusée<\/strong> — Hors budget/);
      assert.equal(
        (await malo.submit(`${BASE}/${second}`, `${BASE}/${second}/abandonner`, {})).statusCode,
        303,
      );
      const gifts = (await h.app.communs.ledger.accounts(CHAMBER)).find((a) => a.code === "754");
      assert.equal(gifts?.credits, 30_000 + 840);
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("lists one's own claims to a member and every claim to the treasurer", async () => {
      const all = await tess.get(BASE);
      const mine = await malo.get(BASE);
      assert.equal(all.statusCode, 200);
      assert.equal(mine.statusCode, 200);
      const total = await claimCount();
      assert.ok(all.body.includes(translate("fr", "claims.count", { count: total })));
      assert.match(mine.body, /Mes notes de frais/);
      const paid = await tess.get(`${BASE}?statut=paid`);
      // Two paid: one in "approve and pay", one with its IBAN.
      assert.ok(paid.body.includes(translate("fr", "claims.count", { count: 2 })));
      assert.equal((await olga.get(BASE)).statusCode, 403);
    });
  });
}
