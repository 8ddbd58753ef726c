import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MAX_AMOUNT } from "../../../core/ledger.ts";
import { type BankMapping, DONATION_PARSERS, DonationFileError, type DonationItem } from "./index.ts";

const BANK: BankMapping = {
  date: "Date",
  amount: "Montant",
  label: "Libellé",
  id: "Ref",
  dateFormat: "DD/MM/YYYY",
};

/** Headers that get a file past the column checks, so that rows are read too. */
const HEADERS = {
  helloasso:
    "Référence commande;Date de la commande;Statut de la commande;Nom payeur;Prénom payeur;Email payeur;Montant",
  liberapay: "pledge_date,patron_id,patron_username,patron_public_name,donation_currency,weekly_amount",
  bank: "Ref;Date;Libellé;Montant",
} as const;

const SOURCES = Object.keys(DONATION_PARSERS) as (keyof typeof DONATION_PARSERS)[];

function parse(source: keyof typeof DONATION_PARSERS, chunks: Uint8Array[]): AsyncIterable<DonationItem> {
  return DONATION_PARSERS[source].parse(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), BANK);
}

async function collectAll(items: AsyncIterable<DonationItem>): Promise<DonationItem[]> {
  const all: DonationItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Reads everything; only a DonationFileError may escape, and every record holds the contract. */
async function check(items: AsyncIterable<DonationItem>): Promise<void> {
  try {
    for await (const item of items) {
      assert.equal(typeof item.at, "string");
      const kinds = ["record", "skipped", "invalid"].filter((kind) => kind in item);
      assert.equal(kinds.length, 1);
      if ("record" in item) {
        const { record } = item;
        assert.ok(Number.isSafeInteger(record.amount) && record.amount > 0 && record.amount <= MAX_AMOUNT);
        assert.match(record.date, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(record.externalId.length > 0);
        assert.ok(!/[\r\n]/.test(record.label));
      } else {
        const message = "skipped" in item ? item.skipped : item.invalid;
        assert.match(message.key, /^ledger\.donations\./);
      }
    }
  } catch (error) {
    if (!(error instanceof DonationFileError)) throw error;
    assert.match(error.detail.key, /^ledger\.donations\./);
  }
}

const chunked = (bytes: fc.Arbitrary<Uint8Array>) =>
  fc.tuple(bytes, fc.array(fc.nat(), { maxLength: 5 })).map(([all, cuts]) => {
    const points = [...new Set(cuts.map((cut) => cut % (all.length + 1)))].sort((a, b) => a - b);
    return [0, ...points].map((start, i) => all.subarray(start, points[i] ?? all.length));
  });

const CELL = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("12,50", "-3,00", "1500", "4.80", "private", "EUR", "Validé", "Remboursé", "01/02/2026"),
  fc.constantFrom("2026-02-30", "31/12/2026 10:00", '"', '"a;b"', "\r\n", "~12", "\ufeff", "\u0000"),
);

describe("donation parsers", () => {
  it("registers each file source", () => {
    assert.deepEqual(SOURCES, ["helloasso", "liberapay", "bank"]);
    assert.equal(DONATION_PARSERS.bank.needsMapping, true);
    assert.equal(DONATION_PARSERS.helloasso.needsMapping, false);
  });

  it("random bytes only yield items or throw a DonationFileError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SOURCES),
        chunked(fc.uint8Array({ maxLength: 400 })),
        (source, chunks) => check(parse(source, chunks)),
      ),
      { numRuns: 300 },
    );
  });

  it("random rows under a valid header only yield items or throw a DonationFileError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SOURCES),
        fc.array(fc.array(CELL, { maxLength: 8 }), { maxLength: 12 }),
        fc.constantFrom(";", ","),
        fc.boolean(),
        (source, rows, delimiter, cp1252) => {
          const csv = [HEADERS[source], ...rows.map((row) => row.join(delimiter))].join("\r\n");
          const bytes = cp1252 ? Buffer.from(csv, "latin1") : Buffer.from(csv);
          return check(parse(source, [bytes]));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("rejects what is not a text file, an empty file and broken quoting", async () => {
    const detail = async (source: keyof typeof DONATION_PARSERS, bytes: Buffer) => {
      try {
        for await (const _ of parse(source, [bytes]));
      } catch (error) {
        assert.ok(error instanceof DonationFileError);
        return error.detail;
      }
      assert.fail("no error");
    };
    assert.deepEqual(await detail("bank", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13])), {
      key: "ledger.donations.notText",
    });
    assert.deepEqual(await detail("liberapay", Buffer.from("")), { key: "ledger.donations.empty" });
    assert.deepEqual(await detail("liberapay", Buffer.from("\ufeff\r\n\r\n")), {
      key: "ledger.donations.empty",
    });
    assert.deepEqual(await detail("bank", Buffer.from(`${HEADERS.bank}\n1;01/01/2026;"open;1,00\n`)), {
      key: "ledger.donations.csvBroken",
      params: { line: 2 },
    });
    const header = Buffer.from(`${HEADERS.bank}\n`);
    const latin1Row = Buffer.from("1;01/01/2026;caf\xe9;1,00\n", "latin1");
    const [item] = await collectAll(parse("bank", [Buffer.from(`${HEADERS.bank}\n`, "latin1"), latin1Row]));
    assert.ok(item && "record" in item);
    assert.equal(item.record.label, "café", "a file whose start is not UTF-8 is read as Windows-1252");
    const [late] = await collectAll(
      parse("liberapay", [
        Buffer.from(`${HEADERS.liberapay}\n`),
        Buffer.from("2026-01-01,1,jose,Jos\xe9,EUR,1.00\n", "latin1"),
      ]),
    );
    assert.ok(late && "record" in late);
    assert.deepEqual(late.record.donor, { name: "José", email: "" }, "a late first accent decides too");
    await assert.rejects(collectAll(parse("bank", [header, latin1Row])), (error) => {
      assert.ok(error instanceof DonationFileError);
      assert.deepEqual(error.detail, { key: "ledger.donations.encoding" });
      return true;
    });
  });
});
