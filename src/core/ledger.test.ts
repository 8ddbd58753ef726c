import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "./errors.ts";
import {
  applyTransfer,
  available,
  type Balance,
  chainHash,
  checkTransfer,
  FEC_COLUMNS,
  fecAmount,
  fecDate,
  fecFileName,
  fecRow,
  firstChainBreak,
  formatAmount,
  GENESIS_HASH,
  parseAmount,
  sameTransfer,
  type TransferInput,
  type TransferStatus,
  validSiren,
} from "./ledger.ts";

const TRANSFER: TransferInput = {
  idempotencyKey: "don-42",
  debitAccount: "512",
  creditAccount: "754",
  amount: 12_050,
  date: "2026-03-14",
  label: "Don de Camille",
  journal: "BQ",
  pieceRef: "HA-42",
};

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return Object.keys(error.fields).sort();
  }
}

describe("ledger rules", () => {
  it("reads and writes amounts as French readers do, in integer cents", () => {
    assert.equal(parseAmount("12,50"), 1250);
    assert.equal(parseAmount("1 234,5 €"), 123_450);
    assert.equal(parseAmount("120"), 12_000);
    assert.equal(parseAmount("0,00"), undefined);
    assert.equal(parseAmount("-3"), undefined);
    assert.equal(parseAmount("12,345"), undefined);
    assert.equal(formatAmount(123_456), "1\u202f234,56");
    assert.equal(formatAmount(-5), "-0,05");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000_000 }), (cents) => {
        assert.equal(parseAmount(formatAmount(cents)), cents);
      }),
    );
  });

  it("checks a transfer: positive cents, two different accounts, a real date, a key", () => {
    assert.deepEqual(checkTransfer(TRANSFER), TRANSFER);
    assert.deepEqual(
      fieldsOf(() =>
        checkTransfer({
          ...TRANSFER,
          idempotencyKey: "",
          creditAccount: "512",
          amount: 12.5,
          date: "2026-02-30",
        }),
      ),
      ["amount", "creditAccount", "date", "idempotencyKey"],
    );
    assert.deepEqual(
      fieldsOf(() => checkTransfer({ ...TRANSFER, amount: 0 })),
      ["amount"],
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.anything()), (raw) => {
        try {
          checkTransfer(raw);
        } catch (error) {
          assert.ok(error instanceof DomainError && error.code === "VALIDATION_FAILED");
        }
      }),
    );
  });

  it("tells a replay from a different transfer under the same key", () => {
    assert.ok(sameTransfer(TRANSFER, { ...TRANSFER }));
    assert.ok(!sameTransfer(TRANSFER, { ...TRANSFER, amount: 12_051 }));
    assert.ok(!sameTransfer(TRANSFER, { ...TRANSFER, label: "Don de Camille." }));
  });

  it("chains posted transfers so that any change to any of them is found", () => {
    const transfers: (TransferInput & { hash: string })[] = [];
    let previous = GENESIS_HASH;
    for (let i = 0; i < 5; i++) {
      const transfer = { ...TRANSFER, idempotencyKey: `k${i}`, amount: 100 * (i + 1) };
      previous = chainHash(previous, transfer);
      transfers.push({ ...transfer, hash: previous });
    }
    assert.equal(firstChainBreak(transfers), undefined);
    assert.equal(firstChainBreak(transfers.slice(2), transfers[1]?.hash), undefined, "page by page");
    assert.equal(firstChainBreak(transfers.slice(2)), 0, "a page does not start from the genesis");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 1000 }), (i, delta) => {
        const tampered = transfers.map((t, j) => (j === i ? { ...t, amount: t.amount + delta } : t));
        assert.equal(firstChainBreak(tampered), i);
      }),
    );
  });

  it("keeps total debits equal to total credits, and envelopes from going below zero, whatever happens", () => {
    const accounts = ["512", "754", "6132", "envelope-salle"];
    const operation = fc.record({
      debit: fc.constantFrom(...accounts),
      credit: fc.constantFrom(...accounts),
      amount: fc.integer({ min: 1, max: 50_000 }),
      status: fc.constantFrom<TransferStatus>("pending", "posted", "voided"),
    });
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const balances = new Map<string, Balance>();
        for (const op of operations) {
          if (op.debit === op.credit) continue;
          const transfer = { debitAccount: op.debit, creditAccount: op.credit, amount: op.amount };
          // Money leaves the envelope only when it is there, reservations included.
          const envelope = balances.get("envelope-salle");
          if (
            op.debit === "envelope-salle" &&
            op.status !== "voided" &&
            (!envelope || available(envelope) < op.amount)
          )
            continue;
          applyTransfer(balances, transfer, op.status);
          const all = [...balances.values()];
          assert.equal(
            all.reduce((sum, b) => sum + b.debits, 0),
            all.reduce((sum, b) => sum + b.credits, 0),
          );
          const after = balances.get("envelope-salle");
          if (after) assert.ok(available(after) >= 0);
        }
      }),
    );
  });

  it("writes FEC lines: 18 tab-separated columns, AAAAMMJJ dates, decimal commas", () => {
    const line = Object.fromEntries(FEC_COLUMNS.map((c) => [c, ""])) as Record<
      (typeof FEC_COLUMNS)[number],
      string
    >;
    const row = fecRow({
      ...line,
      JournalCode: "BQ",
      EcritureDate: fecDate("2026-03-14"),
      EcritureLib: "Don\tde\nCamille",
      Debit: fecAmount(12_050),
      Credit: fecAmount(0),
    });
    const cells = row.split("\t");
    assert.equal(cells.length, 18);
    assert.deepEqual(
      [cells[0], cells[3], cells[10], cells[11], cells[12]],
      ["BQ", "20260314", "Don de Camille", "120,50", "0,00"],
    );
    assert.equal(fecFileName("123456782", "2026-12-31"), "123456782FEC20261231.txt");
  });

  it("knows a SIREN by its nine digits and its Luhn checksum", () => {
    assert.ok(validSiren("123456782"));
    assert.ok(!validSiren("123456789"));
    assert.ok(!validSiren("12345678"));
  });
});
