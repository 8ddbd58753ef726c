import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { type BankMapping, parseBankCsv } from "./bank.ts";
import { DonationFileError, type DonationItem } from "./types.ts";

const FIXTURE = new URL("../../../../test/fixtures/donations/banque-releve.csv", import.meta.url);
/** La Banque Postale's columns; the file is in Windows-1252. */
const LBP: BankMapping = {
  date: "Date",
  amount: "Montant(EUROS)",
  label: "Libellé",
  dateFormat: "DD/MM/YYYY",
};

async function collect(items: AsyncIterable<DonationItem>): Promise<DonationItem[]> {
  const all: DonationItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const TIERS = new URL("../../../../test/fixtures/donations/banque-releve-tiers.csv", import.meta.url);
const fixture = (url: URL = FIXTURE) => createReadStream(url);
const sha256 = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");
const text = (csv: string, mapping: BankMapping) => parseBankCsv(Readable.from([Buffer.from(csv)]), mapping);

describe("bank statement", () => {
  it("reads credits as donations and skips debits, in a Windows-1252 file", async () => {
    const friends = "VIR SEPA RECU /DE ASSOCIATION LES AMIS /MOTIF SOUTIEN";
    const bankRecord = (externalId: string, amount: number, date: string, label: string) => ({
      source: "bank",
      externalId,
      amount,
      date,
      donor: null,
      method: "transfer",
      label,
    });
    assert.deepEqual(await collect(parseBankCsv(createReadStream(FIXTURE), LBP)), [
      {
        at: "ligne 2",
        record: bankRecord(
          sha256(["2026-11-02", 8000, "VIR SEPA RECU /DE MME CLAIRE MARTIN /MOTIF DON CHAMBRE", 1]),
          8000,
          "2026-11-02",
          "VIR SEPA RECU /DE MME CLAIRE MARTIN /MOTIF DON CHAMBRE",
        ),
      },
      { at: "ligne 3", skipped: { key: "ledger.donations.debit" } },
      {
        at: "ligne 4",
        record: bankRecord(
          sha256(["2026-11-05", 15000, "REMISE CHEQUE N° 0001234", 1]),
          15000,
          "2026-11-05",
          "REMISE CHEQUE N° 0001234",
        ),
      },
      {
        at: "ligne 5",
        record: bankRecord(sha256(["2026-11-07", 100000, friends, 1]), 100000, "2026-11-07", friends),
      },
      {
        at: "ligne 6",
        record: bankRecord(sha256(["2026-11-07", 100000, friends, 2]), 100000, "2026-11-07", friends),
      },
      { at: "ligne 7", skipped: { key: "ledger.donations.debit" } },
    ]);
  });

  it("gives the same external ids when the same statement is read again, distinct for twin rows", async () => {
    const ids = async () =>
      (await collect(parseBankCsv(createReadStream(FIXTURE), LBP))).flatMap((item) =>
        "record" in item ? [item.record.externalId] : [],
      );
    const first = await ids();
    assert.equal(new Set(first).size, 4);
    assert.deepEqual(await ids(), first);
  });

  it("uses the bank's operation id when the mapping names one, and ISO dates", async () => {
    const mapping: BankMapping = {
      date: "date_operation",
      amount: "montant",
      label: "libelle",
      id: "reference",
      dateFormat: "YYYY-MM-DD",
    };
    assert.deepEqual(
      await collect(
        text(
          "reference,date_operation,libelle,montant\nTRX-1,2026-01-05,Don de Jeanne,42.00\n" +
            "TRX-2,2026-01-06,Frais,-3.50\n,2026-01-07,Don sans référence,5\nTRX-4,05/01/2026,Don,5\nTRX-5,2026-01-08,Don,abc\n",
          mapping,
        ),
      ),
      [
        {
          at: "ligne 2",
          record: {
            source: "bank",
            externalId: "TRX-1",
            amount: 4200,
            date: "2026-01-05",
            donor: null,
            method: "transfer",
            label: "Don de Jeanne",
          },
        },
        { at: "ligne 3", skipped: { key: "ledger.donations.debit" } },
        {
          at: "ligne 4",
          record: {
            source: "bank",
            externalId: sha256(["2026-01-07", 500, "Don sans référence", 1]),
            amount: 500,
            date: "2026-01-07",
            donor: null,
            method: "transfer",
            label: "Don sans référence",
          },
        },
        { at: "ligne 5", invalid: { key: "ledger.donations.dateInvalid" } },
        { at: "ligne 6", invalid: { key: "ledger.donations.amountInvalid" } },
      ],
    );
  });

  it("takes the donor from the mapped column, else from a column it guesses, else nobody", async () => {
    const donors = async (mapping: BankMapping, csv = fixture(TIERS)) =>
      (await collect(parseBankCsv(csv, mapping))).map((item) => ("record" in item ? item.record.donor : "—"));
    const mapping: BankMapping = {
      date: "Date opération",
      amount: "Montant",
      label: "Libellé",
      dateFormat: "DD/MM/YYYY",
    };
    const expected = [
      { name: "MME CLAIRE MARTIN", email: "" },
      "—",
      { name: "ASSOCIATION LES AMIS", email: "" },
      null,
    ];
    assert.deepEqual(await donors({ ...mapping, donor: "tiers" }), expected, "named, whatever its case");
    assert.deepEqual(await donors(mapping), expected, "guessed: the statement has a « Tiers » column");
    const labels = await donors({ ...mapping, donor: "Libellé" });
    assert.deepEqual(labels[0], { name: "VIR SEPA RECU MOTIF DON CHAMBRE", email: "" }, "any column chosen");
    assert.deepEqual(await donors(LBP, fixture()), [null, "—", null, null, null, "—"], "no such column");
    await assert.rejects(collect(parseBankCsv(fixture(TIERS), { ...mapping, donor: "Payeur" })), (error) => {
      assert.ok(error instanceof DonationFileError);
      assert.deepEqual(error.detail, { key: "ledger.donations.columnMissing", params: { column: "Payeur" } });
      return true;
    });
  });

  it("rejects a statement without a mapped column", async () => {
    await assert.rejects(collect(text("Date;Libellé;Débit;Crédit\n01/01/2026;x;;1,00\n", LBP)), (error) => {
      assert.ok(error instanceof DonationFileError);
      assert.deepEqual(error.detail, {
        key: "ledger.donations.columnMissing",
        params: { column: "Montant(EUROS)" },
      });
      return true;
    });
  });

  it("streams a 50 000-row statement", async () => {
    const ROWS = 50_000;
    async function* file() {
      let chunk = "Date;Libellé;Montant(EUROS)\r\n";
      for (let i = 0; i < ROWS; i++) {
        chunk += `01/02/2026;VIR RECU ${i % 100};${i % 2 === 0 ? "" : "-"}10,00\r\n`;
        if (chunk.length > 16_000) {
          yield Buffer.from(chunk, "latin1");
          chunk = "";
        }
      }
      yield Buffer.from(chunk, "latin1");
    }
    let records = 0;
    let skipped = 0;
    const ids = new Set<string>();
    for await (const item of parseBankCsv(Readable.from(file()), LBP)) {
      if ("record" in item) {
        records++;
        ids.add(item.record.externalId);
      } else if ("skipped" in item) skipped++;
    }
    assert.equal(records, ROWS / 2);
    assert.equal(skipped, ROWS / 2);
    assert.equal(ids.size, ROWS / 2);
  });
});
