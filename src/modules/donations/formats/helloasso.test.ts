import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { parseHelloassoCsv } from "./helloasso.ts";
import { DonationFileError, type DonationItem } from "./types.ts";

const FIXTURES = new URL("../../../../test/fixtures/donations/", import.meta.url);

async function collect(items: AsyncIterable<DonationItem>): Promise<DonationItem[]> {
  const all: DonationItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const fixture = (name: string) => parseHelloassoCsv(createReadStream(new URL(name, FIXTURES)));
const text = (csv: string) => parseHelloassoCsv(Readable.from([Buffer.from(csv)]));

const FR_HEADER =
  "Référence commande;Date de la commande;Statut de la commande;Nom payeur;Prénom payeur;Email payeur;Moyen de paiement;Montant";

describe("HelloAsso payments export", () => {
  it("reads the back office export: euros with a comma, only paid payments, anonymous payers null", async () => {
    assert.deepEqual(await collect(fixture("helloasso-paiements.csv")), [
      {
        at: "ligne 2",
        record: {
          source: "helloasso",
          externalId: "152801622",
          amount: 2500,
          date: "2026-10-09",
          donor: { name: "Claire Martin", email: "claire.martin@example.org" },
          method: "card",
          label: "Don HelloAsso Soutenir la chambre n° 152801622",
        },
      },
      { at: "ligne 3", skipped: { key: "ledger.donations.notPaid", params: { state: "Remboursé" } } },
      {
        at: "ligne 4",
        record: {
          source: "helloasso",
          externalId: "152802340",
          amount: 1000,
          date: "2026-10-12",
          donor: null,
          method: "card",
          label: "Don HelloAsso Soutenir la chambre n° 152802340",
        },
      },
      {
        at: "ligne 5",
        record: {
          source: "helloasso",
          externalId: "152803001",
          amount: 123456,
          date: "2026-10-15",
          donor: { name: "Boulangerie du Coin", email: "compta@boulangerie-du-coin.example" },
          method: "sepa",
          label: "Don HelloAsso Soutenir la chambre n° 152803001",
        },
      },
      { at: "ligne 6", skipped: { key: "ledger.donations.notPaid", params: { state: "Refusé" } } },
      {
        at: "ligne 7",
        record: {
          source: "helloasso",
          externalId: "152804100",
          amount: 12000,
          date: "2026-11-02",
          donor: { name: "Thảo Nguyễn", email: "thao.nguyen@example.org" },
          method: "card",
          label: "Don HelloAsso Chambre; salle du mois n° 152804100",
        },
      },
    ]);
  });

  it("reads payments written from the API: amounts in cents, API states", async () => {
    assert.deepEqual(await collect(fixture("helloasso-api-payments.csv")), [
      {
        at: "ligne 2",
        record: {
          source: "helloasso",
          externalId: "9307923",
          amount: 1500,
          date: "2026-11-14",
          donor: { name: "Robert Petit", email: "robert.petit@example.org" },
          method: "card",
          label: "Don HelloAsso soutenir-la-chambre n° 9307923",
        },
      },
      { at: "ligne 3", skipped: { key: "ledger.donations.notPaid", params: { state: "Refunded" } } },
      { at: "ligne 4", skipped: { key: "ledger.donations.notPaid", params: { state: "Pending" } } },
      {
        at: "ligne 5",
        record: {
          source: "helloasso",
          externalId: "9307926",
          amount: 1000,
          date: "2026-11-17",
          donor: null,
          method: "sepa",
          label: "Don HelloAsso soutenir-la-chambre n° 9307926",
        },
      },
      { at: "ligne 6", skipped: { key: "ledger.donations.notPaid", params: { state: "Refused" } } },
    ]);
  });

  it("gives the same external ids when the same export is read again", async () => {
    const ids = async () =>
      (await collect(fixture("helloasso-paiements.csv"))).flatMap((item) =>
        "record" in item ? [item.record.externalId] : [],
      );
    const first = await ids();
    assert.equal(first.length, 4);
    assert.deepEqual(await ids(), first);
  });

  it("reports broken rows as invalid with a reason, and goes on", async () => {
    const items = await collect(
      text(
        `${FR_HEADER}\n1;01/02/2026;Validé;A;B;a@b.example;Carte bancaire;douze\n` +
          "2;31/02/2026;Validé;A;B;a@b.example;Carte bancaire;12,00\n" +
          ";01/02/2026;Validé;A;B;a@b.example;Carte bancaire;12,00\n" +
          "4;01/02/2026;Validé;A;B;a@b.example;Carte bancaire;0,00\n" +
          "5;01/02/2026;Validé;A;B\n",
      ),
    );
    assert.deepEqual(items, [
      { at: "ligne 2", invalid: { key: "ledger.donations.amountInvalid" } },
      { at: "ligne 3", invalid: { key: "ledger.donations.dateInvalid" } },
      { at: "ligne 4", invalid: { key: "ledger.donations.idMissing" } },
      { at: "ligne 5", invalid: { key: "ledger.donations.amountInvalid" } },
      { at: "ligne 6", invalid: { key: "ledger.donations.amountInvalid" } },
    ]);
  });

  it("rejects a file without the columns it needs", async () => {
    await assert.rejects(collect(text("Nom;Prénom\nA;B\n")), (error) => {
      assert.ok(error instanceof DonationFileError);
      assert.deepEqual(error.detail, {
        key: "ledger.donations.columnMissing",
        params: { column: "Référence commande" },
      });
      return true;
    });
    await assert.rejects(collect(text("")), DonationFileError);
    await assert.rejects(collect(text(`${FR_HEADER}\n1;"01/02/2026;Validé\n`)), (error) => {
      assert.ok(error instanceof DonationFileError);
      assert.equal(error.detail.key, "ledger.donations.csvBroken");
      return true;
    });
  });

  it("streams a 50 000-row export", async () => {
    const ROWS = 50_000;
    async function* file() {
      yield Buffer.from(`\ufeff${FR_HEADER}\r\n`);
      for (let i = 0; i < ROWS; i++)
        yield Buffer.from(
          `${i + 1};01/03/2026 10:00;Validé;Nom${i};Prénom;p${i}@example.org;Carte bancaire;12,50\r\n`,
        );
    }
    let records = 0;
    let cents = 0;
    for await (const item of parseHelloassoCsv(Readable.from(file()))) {
      assert.ok("record" in item);
      records++;
      cents += item.record.amount;
    }
    assert.equal(records, ROWS);
    assert.equal(cents, ROWS * 1250);
  });
});
