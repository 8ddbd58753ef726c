import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { setTimeout } from "node:timers/promises";
import fc from "fast-check";
import { type Kysely, sql } from "kysely";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildChamber } from "../../../test/helpers/factories.ts";
import { DomainError } from "../../core/errors.ts";
import { sumMonthlyFromTransfers } from "../../db/migrations.ts";
import type { Ledger } from "./service.ts";
import * as store from "./store.ts";

const CHAMBER = "chambre-argent";

async function code(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.code;
  }
}

describe("the ledger store only ever inserts transfers and entries", () => {
  it("has no update or delete of ledger_transfers or ledger_entries", () => {
    const source = readFileSync(new URL("./store.ts", import.meta.url), "utf8");
    for (const table of ["ledger_transfers", "ledger_entries"]) {
      assert.doesNotMatch(source, new RegExp(`updateTable\\("${table}"`));
      assert.doesNotMatch(source, new RegExp(`deleteFrom\\("${table}"`));
    }
  });
});

for (const dialect of testDialects()) {
  describe(`chamber ledger [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let ledger: Ledger;
    let day = 0;
    const booking = (overrides: Partial<Parameters<Ledger["book"]>[1]> = {}) => ({
      idempotencyKey: `op-${++day}`,
      debit: "512",
      credit: "754",
      amount: 10_000,
      date: "2026-03-14",
      label: "Don",
      journal: "BQ",
      status: "posted" as const,
      ...overrides,
    });

    before(async () => {
      await buildChamber(h.app, { slug: CHAMBER, name: "Chambre argent" });
      ledger = h.app.communs.ledger;
      for (const [c, label, kind] of [
        ["512", "Banque", "asset"],
        ["754", "Dons manuels", "income"],
        ["6132", "Locations", "expense"],
        ["ENV-SALLE", "Enveloppe salle", "envelope"],
      ] as const)
        await ledger.createAccount(CHAMBER, { code: c, label, kind });
    });

    it("books a donation, and the same key again returns the first transfer", async () => {
      const input = booking({ idempotencyKey: "don-camille" });
      const first = await ledger.book(CHAMBER, input);
      const again = await ledger.book(CHAMBER, input);
      assert.equal(again.replayed, true);
      assert.equal(again.transfer.id, first.transfer.id);
      assert.equal(
        await code(() => ledger.book(CHAMBER, { ...input, amount: 10_001 })),
        "IDEMPOTENCY_CONFLICT",
      );
      const accounts = await ledger.accounts(CHAMBER);
      assert.equal(accounts.find((a) => a.code === "754")?.balance, 10_000);
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("refuses bad transfers with a message per field", async () => {
      assert.equal(await code(() => ledger.book(CHAMBER, booking({ amount: -5 }))), "VALIDATION_FAILED");
      assert.equal(await code(() => ledger.book(CHAMBER, booking({ credit: "999" }))), "VALIDATION_FAILED");
      assert.equal(
        await code(() => ledger.book(CHAMBER, booking({ date: "2026-13-01" }))),
        "VALIDATION_FAILED",
      );
    });

    it("reserves from an envelope, then posts or voids, never below zero", async () => {
      await ledger.book(CHAMBER, booking({ debit: "754", credit: "ENV-SALLE", amount: 24_000 }));
      const room = await ledger.book(
        CHAMBER,
        booking({ debit: "ENV-SALLE", credit: "6132", amount: 12_000, status: "pending" }),
      );
      const second = await ledger.book(
        CHAMBER,
        booking({ debit: "ENV-SALLE", credit: "6132", amount: 12_000, status: "pending" }),
      );
      assert.equal(
        await code(() =>
          ledger.book(CHAMBER, booking({ debit: "ENV-SALLE", credit: "6132", amount: 1, status: "pending" })),
        ),
        "ENVELOPE_INSUFFICIENT",
      );
      await ledger.settle(CHAMBER, room.transfer.id, "post", "pay-room");
      await ledger.settle(CHAMBER, second.transfer.id, "void", "reject-room");
      assert.equal(
        await code(() => ledger.settle(CHAMBER, room.transfer.id, "void", "x")),
        "TRANSFER_NOT_PENDING",
      );
      const envelope = (await ledger.accounts(CHAMBER)).find((a) => a.code === "ENV-SALLE");
      assert.deepEqual([envelope?.credits, envelope?.debits, envelope?.pendingDebits], [24_000, 12_000, 0]);
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("lets 20 parallel reservations through only as far as the envelope goes", async () => {
      await ledger.createAccount(CHAMBER, { code: "ENV-RACE", label: "Course", kind: "envelope" });
      await ledger.book(CHAMBER, booking({ debit: "754", credit: "ENV-RACE", amount: 50_000 }));
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          ledger.book(
            CHAMBER,
            booking({ debit: "ENV-RACE", credit: "6132", amount: 7_000, status: "pending" }),
          ),
        ),
      );
      const through = results.filter((r) => r.status === "fulfilled").length;
      assert.equal(through, 7, "50 000 holds seven reservations of 7 000");
      for (const r of results)
        if (r.status === "rejected") assert.equal((r.reason as DomainError).code, "ENVELOPE_INSUFFICIENT");
      const envelope = (await ledger.accounts(CHAMBER)).find((a) => a.code === "ENV-RACE");
      assert.equal(envelope?.pendingDebits, 49_000);
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("answers a booking that waited for the chain with what its holder wrote: the key taken, the year closed", async () => {
      const space = await ledger.chamber(CHAMBER);
      const first = booking({ date: "2019-06-01" });
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const holder = h.db.kysely.transaction().execute(async (trx) => {
        const booked = await ledger.bookIn(trx, space.id, first);
        await held;
        await store.closeYear(trx, space.id, 2019);
        return booked.transfer;
      });
      // On PostgreSQL both wait on the chain row's lock; SQLite runs them after the holder.
      const same = ledger.book(CHAMBER, first);
      // Its refusal is caught from the start: it may come before the awaits below.
      const later = code(() => ledger.book(CHAMBER, booking({ date: "2019-07-01" })));
      await setTimeout(200);
      release();
      const written = await holder;
      const replay = await same;
      assert.deepEqual([replay.replayed, replay.transfer.id], [true, written.id]);
      assert.equal(await later, "YEAR_CLOSED");
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("keeps debits equal to credits and balances equal to their transfers through random operations", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              debit: fc.constantFrom("512", "754", "6132", "ENV-SALLE"),
              credit: fc.constantFrom("512", "754", "6132", "ENV-SALLE"),
              amount: fc.integer({ min: 1, max: 20_000 }),
              status: fc.constantFrom("pending" as const, "posted" as const),
              replay: fc.boolean(),
            }),
            { maxLength: 8 },
          ),
          async (operations) => {
            for (const op of operations) {
              const input = booking({
                debit: op.debit,
                credit: op.credit,
                amount: op.amount,
                status: op.status,
              });
              await ledger.book(CHAMBER, input).catch((error) => {
                assert.ok(error instanceof DomainError && error.status < 500, String(error));
              });
              if (op.replay) await ledger.book(CHAMBER, input).catch(() => undefined);
            }
            const accounts = await ledger.accounts(CHAMBER);
            assert.equal(
              accounts.reduce((sum, a) => sum + a.debits, 0),
              accounts.reduce((sum, a) => sum + a.credits, 0),
            );
            for (const a of accounts.filter((x) => x.kind === "envelope"))
              assert.ok(a.credits - a.debits - a.pendingDebits >= 0, `${a.code} below zero`);
            assert.deepEqual(await ledger.verify(CHAMBER), []);
          },
        ),
        { numRuns: 15 },
      );
    });

    it("corrects a posted transfer by a reversal pointing to it, once", async () => {
      const bank = async () => (await ledger.accounts(CHAMBER)).find((a) => a.code === "512");
      const before = await bank();
      const wrong = await ledger.book(CHAMBER, booking({ idempotencyKey: "don-en-double", amount: 4_200 }));
      const fix = { idempotencyKey: "annule-don-en-double", date: "2026-03-20" };
      const reversal = await ledger.reverse(CHAMBER, wrong.transfer.id, fix);
      assert.equal(reversal.transfer.reverses_id, wrong.transfer.id);
      assert.equal(reversal.transfer.debit_account_id, wrong.transfer.credit_account_id);
      assert.equal(reversal.transfer.credit_account_id, wrong.transfer.debit_account_id);
      assert.equal(reversal.transfer.label, "Annulation : Don");
      assert.equal((await bank())?.balance, before?.balance);
      const replay = await ledger.reverse(CHAMBER, wrong.transfer.id, fix);
      assert.equal(replay.replayed, true);
      assert.equal(replay.transfer.id, reversal.transfer.id);
      const again = { idempotencyKey: "annule-encore", date: "2026-03-21" };
      assert.equal(
        await code(() => ledger.reverse(CHAMBER, wrong.transfer.id, again)),
        "TRANSFER_NOT_REVERSIBLE",
      );
      assert.equal(
        await code(() => ledger.reverse(CHAMBER, reversal.transfer.id, again)),
        "TRANSFER_NOT_REVERSIBLE",
      );
      const pending = await ledger.book(
        CHAMBER,
        booking({ status: "pending", debit: "6132", credit: "512" }),
      );
      assert.equal(
        await code(() => ledger.reverse(CHAMBER, pending.transfer.id, again)),
        "TRANSFER_NOT_REVERSIBLE",
      );
      assert.equal(await code(() => ledger.reverse(CHAMBER, "inconnu", again)), "TRANSFER_NOT_FOUND");
      await ledger.settle(CHAMBER, pending.transfer.id, "void", "");
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("closes a year only once its bookkeeping is settled; budget reservations settle after", async () => {
      const space = await ledger.chamber(CHAMBER);
      await h.db.kysely.transaction().execute((trx) => ledger.ensureChart(trx, space.id));
      const day = (d: string, extra: Partial<Parameters<Ledger["book"]>[1]>) =>
        ledger.book(CHAMBER, booking({ date: `2024-${d}`, ...extra }));
      const gift = booking({ idempotencyKey: "don-2024", date: "2024-02-01" });
      await ledger.book(CHAMBER, gift);
      await day("02-02", { debit: "ENV", credit: "ENV-SALLE", journal: "ENV" });
      const unpaid = await day("03-01", { status: "pending", debit: "6132", credit: "512", amount: 3_000 });
      const reserved = await day("03-02", {
        status: "pending",
        debit: "ENV-SALLE",
        credit: "ENV",
        journal: "ENV",
      });
      assert.equal(await code(() => ledger.closeYear(CHAMBER, 2024)), "YEAR_HAS_PENDING");
      await ledger.settle(CHAMBER, unpaid.transfer.id, "void", "annule-facture-2024");
      assert.equal(
        await code(() => ledger.settle(CHAMBER, reserved.transfer.id, "post", "annule-facture-2024")),
        "IDEMPOTENCY_CONFLICT",
        "a settle key already used is a conflict, not a database error",
      );
      await ledger.closeYear(CHAMBER, 2024);
      const posted = await ledger.settle(CHAMBER, reserved.transfer.id, "post", "reserve-2024-payee");
      assert.equal(posted.status, "posted");
      const replay = await ledger.book(CHAMBER, gift);
      assert.equal(replay.replayed, true, "a replay dated in a closed year returns the first transfer");
      assert.equal(
        await code(() => ledger.book(CHAMBER, { ...gift, idempotencyKey: "don-2024-bis" })),
        "YEAR_CLOSED",
      );
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("closes a year: results moved to 120, nothing more dated in it, the books still sound", async () => {
      const result = async () => (await ledger.accounts(CHAMBER)).find((a) => a.code === "120")?.balance ?? 0;
      const earlier = await result();
      await ledger.book(CHAMBER, booking({ date: "2025-06-01", amount: 50_000 }));
      await ledger.book(
        CHAMBER,
        booking({ date: "2025-07-01", debit: "6132", credit: "512", amount: 12_000 }),
      );
      const { entries } = await ledger.closeYear(CHAMBER, 2025);
      assert.equal(entries, 2);
      assert.equal((await result()) - earlier, 50_000 - 12_000, "the 2025 result");
      assert.equal(await code(() => ledger.book(CHAMBER, booking({ date: "2025-12-30" }))), "YEAR_CLOSED");
      assert.equal(await code(() => ledger.closeYear(CHAMBER, 2025)), "YEAR_CLOSED");
      await ledger.book(CHAMBER, booking({ date: "2026-01-02" }));
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("sums the months from the transfers as booking did (what migration 0005 runs on older books)", async () => {
      await h.db.kysely.deleteFrom("ledger_monthly").execute();
      assert.ok((await ledger.verify(CHAMBER)).some((p) => p.endsWith("missing")));
      await sumMonthlyFromTransfers(h.db.kysely as Kysely<unknown>);
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("finds a transfer changed behind its back, and a drifted balance", async () => {
      const { transfer } = await ledger.book(CHAMBER, booking({ amount: 3_000 }));
      const posted = await h.db.kysely
        .selectFrom("ledger_transfers")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("status", "=", "posted")
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        await ledger.verify(CHAMBER, { pageSize: 3 }),
        [],
        "sound when read 3 entries at a time",
      );
      await sql`update ledger_transfers set amount = 3001 where id = ${transfer.id}`.execute(h.db.kysely);
      for (const pageSize of [3, 5000]) {
        const problems = await ledger.verify(CHAMBER, { pageSize });
        assert.ok(
          problems.includes(`hash chain broken at posted transfer ${Number(posted.n)}`),
          problems.join("; "),
        );
      }
      const problems = await ledger.verify(CHAMBER);
      assert.ok(
        problems.some((p) => p.includes("drifted")),
        problems.join("; "),
      );
    });
  });
}
