// The auditor: random sequences of everything that moves money in a chamber (bookings posted and
// pending, settlements, reversals, envelope funding and reservations, donations, expense claims, and
// replays of all of them), with the books audited after each operation, independently of the code
// under test: total debits = total credits (posted, and pending), each stored balance = the sum of the
// transfers read back from the database, no envelope below zero, entries numbered without gaps, and
// `ledger verify` finding nothing. A refused operation, a replay with the same key and a replay with
// the same key but other content change nothing at all.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildChamber, buildPerson } from "../../../test/helpers/factories.ts";
import { admit } from "../../../test/helpers/spaces.ts";
import { DomainError, type ErrorCode } from "../../core/errors.ts";
import type { Person } from "../accounts/service.ts";
import type { BookingInput } from "./service.ts";

const REAL = ["512", "530", "754", "6132", "625", "4681"] as const;
const ENVELOPES = ["ENV-A", "ENV-B"] as const;
const DATES = ["2026-01-15", "2026-04-01", "2026-07-14", "2026-12-31"] as const;

const amount = fc.integer({ min: 1, max: 40_000 });
const date = fc.constantFrom(...DATES);
const envelope = fc.constantFrom(...ENVELOPES);
const pick = fc.nat({ max: 1_000 });

const operation = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("book" as const),
      status: fc.constantFrom("posted" as const, "pending" as const),
      accounts: fc
        .tuple(fc.constantFrom(...REAL), fc.constantFrom(...REAL))
        .filter(([debit, credit]) => debit !== credit),
      amount,
      date,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("settle" as const),
      which: pick,
      outcome: fc.constantFrom("post" as const, "void" as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("reverse" as const), which: pick, date }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("fund" as const), envelope, amount, date }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("reserve" as const),
      envelope,
      amount: fc.integer({ min: 1, max: 15_000 }),
      date,
      status: fc.constantFrom("pending" as const, "posted" as const),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("replay" as const), which: pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("conflict" as const),
      which: pick,
      delta: fc.integer({ min: 1, max: 500 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("donate" as const),
      amount,
      date,
      envelope: fc.option(envelope, { nil: undefined }),
      method: fc.constantFrom("transfer", "cash", "cheque"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("submit" as const),
      amount,
      date,
      account: fc.constantFrom("6132", "625"),
      envelope: fc.option(envelope, { nil: null }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom("approve" as const, "pay" as const, "reject" as const, "waive" as const),
      which: pick,
      date,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("decideAgain" as const), which: pick }) },
);

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** Refusals an operation may meet, by kind; anything else (a 500 above all) fails the property. */
const MAY_REFUSE: Record<Operation["kind"], readonly ErrorCode[]> = {
  book: [],
  settle: ["TRANSFER_NOT_PENDING"],
  reverse: ["TRANSFER_NOT_REVERSIBLE", "ENVELOPE_INSUFFICIENT"],
  fund: [],
  reserve: ["ENVELOPE_INSUFFICIENT"],
  replay: [],
  conflict: [],
  donate: [],
  submit: [],
  approve: ["ENVELOPE_INSUFFICIENT", "CLAIM_DECIDED"],
  pay: ["CLAIM_NOT_APPROVED", "TRANSFER_NOT_PENDING"],
  reject: ["CLAIM_DECIDED", "TRANSFER_NOT_PENDING"],
  waive: ["CLAIM_DECIDED"],
  decideAgain: [],
};

/** An operation that went through: how to send it again, and how to send its key with other content. */
interface Done {
  transferId: string;
  /** The same operation again: answers with the transfer it first made. */
  again(): Promise<string>;
  /** The same key, other content: refused with `conflictCode`. */
  conflict(delta: number): Promise<unknown>;
  conflictCode: ErrorCode;
}

/** A claim decision that went through: the same decision again is refused with `code`. */
interface Decision {
  again(): Promise<unknown>;
  code: ErrorCode;
}

for (const dialect of testDialects()) {
  describe(`ledger auditor [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let admin: Person;
    let treasurer: Person;
    let member: Person;
    let run = 0;

    before(async () => {
      admin = await buildAdmin(h.app, "aurore");
      treasurer = await buildPerson(h.app, { name: "berenice" });
      member = await buildPerson(h.app, { name: "malo" });
    });

    /** A fresh chamber with its chart, two envelopes, a treasurer and a member. */
    async function chamber(): Promise<{ slug: string; spaceId: string }> {
      const { ledger } = h.app.communs;
      const slug = `chambre-auditee-${++run}`;
      const { space } = await buildChamber(h.app, { by: admin, slug, name: `Chambre auditée ${run}` });
      for (const person of [treasurer, member]) {
        await admit(h.app, admin, slug, person, person === treasurer ? "treasurer" : "member");
      }
      await h.db.kysely.transaction().execute((trx) => ledger.ensureChart(trx, space.id));
      for (const code of ENVELOPES)
        await ledger.createAccount(slug, { code, label: `Enveloppe ${code}`, kind: "envelope" });
      return { slug, spaceId: space.id };
    }

    /** The audit, after each operation: every invariant, from the database, not from the service. */
    async function audit(slug: string, spaceId: string): Promise<string> {
      const { ledger } = h.app.communs;
      // The stored balances, read from their table rather than through the service.
      const accounts = (
        await h.db.kysely
          .selectFrom("ledger_accounts as a")
          .innerJoin("ledger_balances as b", "b.account_id", "a.id")
          .select(["a.code", "a.kind", "b.debits", "b.credits", "b.pending_debits", "b.pending_credits"])
          .where("a.space_id", "=", spaceId)
          .orderBy("a.id")
          .execute()
      ).map((a) => ({
        code: a.code,
        kind: a.kind,
        debits: Number(a.debits),
        credits: Number(a.credits),
        pendingDebits: Number(a.pending_debits),
        pendingCredits: Number(a.pending_credits),
      }));
      assert.equal(accounts.length, 20, "the chart's eighteen accounts and two envelopes");
      const sum = (f: (a: (typeof accounts)[number]) => number) => accounts.reduce((s, a) => s + f(a), 0);
      assert.equal(
        sum((a) => a.debits),
        sum((a) => a.credits),
        "posted: total debits = total credits",
      );
      assert.equal(
        sum((a) => a.pendingDebits),
        sum((a) => a.pendingCredits),
        "pending: total debits = total credits",
      );

      const transfers = await h.db.kysely
        .selectFrom("ledger_transfers as t")
        .innerJoin("ledger_entries as e", "e.id", "t.entry_id")
        .innerJoin("ledger_accounts as d", "d.id", "t.debit_account_id")
        .innerJoin("ledger_accounts as c", "c.id", "t.credit_account_id")
        .select([
          "t.id",
          "e.number",
          "d.code as debit",
          "c.code as credit",
          "t.amount",
          "t.status",
          "t.pending_id",
        ])
        .where("t.space_id", "=", spaceId)
        .orderBy("e.number")
        .execute();
      const entries = await h.db.kysely
        .selectFrom("ledger_entries")
        .select("number")
        .where("space_id", "=", spaceId)
        .orderBy("number")
        .execute();
      assert.deepEqual(
        entries.map((e) => Number(e.number)),
        transfers.map((_, i) => i + 1),
        "one entry per transfer, numbered from 1 without gaps",
      );
      const settled = new Set(transfers.map((t) => t.pending_id).filter(Boolean));
      const expected = new Map<string, [number, number, number, number]>();
      const add = (code: string, index: number, value: number) => {
        const balance = expected.get(code) ?? [0, 0, 0, 0];
        balance[index] = (balance[index] ?? 0) + value;
        expected.set(code, balance);
      };
      for (const t of transfers) {
        const value = Number(t.amount);
        if (t.status === "posted") {
          add(t.debit, 0, value);
          add(t.credit, 1, value);
        } else if (t.status === "pending" && !settled.has(t.id)) {
          add(t.debit, 2, value);
          add(t.credit, 3, value);
        }
      }
      for (const a of accounts)
        assert.deepEqual(
          [a.debits, a.credits, a.pendingDebits, a.pendingCredits],
          expected.get(a.code) ?? [0, 0, 0, 0],
          `the balance of ${a.code} is the sum of its transfers`,
        );
      for (const a of accounts.filter((x) => x.kind === "envelope"))
        assert.ok(a.credits - a.debits - a.pendingDebits >= 0, `${a.code} below zero`);
      assert.deepEqual(await ledger.verify(slug), []);

      const claims = await h.db.kysely
        .selectFrom("expense_claims")
        .select(["id", "status"])
        .where("space_id", "=", spaceId)
        .orderBy("id")
        .execute();
      const donations = await h.db.kysely
        .selectFrom("donations")
        .select("id")
        .where("space_id", "=", spaceId)
        .orderBy("id")
        .execute();
      // Everything an operation may change, to compare before and after.
      return JSON.stringify({
        accounts,
        transfers: transfers.map((t) => t.id),
        claims,
        donations: donations.map((d) => d.id),
      });
    }

    it("keeps the books sound through random sequences of operations, replays included", async () => {
      const { ledger, donations, claims } = h.app.communs;
      let key = 0;
      const stats = { operations: 0, refused: 0, replays: 0, conflicts: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.array(operation, { minLength: 1, maxLength: 40, size: "max" }),
          async (operations) => {
            const { slug, spaceId } = await chamber();
            const done: Done[] = [];
            const decisions: Decision[] = [];
            const claimIds: string[] = [];
            let books = await audit(slug, spaceId);

            /** Books a transfer, and remembers how to replay it. */
            const book = async (input: BookingInput) => {
              const first = await ledger.book(slug, input);
              assert.equal(first.replayed, false);
              done.push({
                transferId: first.transfer.id,
                async again() {
                  const replay = await ledger.book(slug, input);
                  assert.equal(replay.replayed, true);
                  return replay.transfer.id;
                },
                conflict: (delta) => ledger.book(slug, { ...input, amount: input.amount + delta }),
                conflictCode: "IDEMPOTENCY_CONFLICT",
              });
            };
            /** The space's transfers of a status, as ids in a stable order. */
            const transfersWith = async (status: "pending" | "posted") =>
              (
                await h.db.kysely
                  .selectFrom("ledger_transfers")
                  .select("id")
                  .where("space_id", "=", spaceId)
                  .where("status", "=", status)
                  .orderBy("id")
                  .execute()
              ).map((t) => t.id);
            const claim = (which: number) => claimIds[which % claimIds.length] as string;

            async function play(op: Operation): Promise<void> {
              switch (op.kind) {
                case "book":
                  return book({
                    idempotencyKey: `op-${++key}`,
                    debit: op.accounts[0],
                    credit: op.accounts[1],
                    amount: op.amount,
                    date: op.date,
                    label: "Opération",
                    journal: "OD",
                    status: op.status,
                  });
                case "fund":
                  return book({
                    idempotencyKey: `op-${++key}`,
                    debit: "ENV",
                    credit: op.envelope,
                    amount: op.amount,
                    date: op.date,
                    label: "Budget",
                    journal: "ENV",
                    status: "posted",
                  });
                case "reserve":
                  return book({
                    idempotencyKey: `op-${++key}`,
                    debit: op.envelope,
                    credit: "ENV",
                    amount: op.amount,
                    date: op.date,
                    label: "Réservation",
                    journal: "ENV",
                    status: op.status,
                  });
                case "settle": {
                  const pending = await transfersWith("pending");
                  if (pending.length === 0) return;
                  const target = pending[op.which % pending.length] as string;
                  const settleKey = `op-${++key}`;
                  const settlement = await ledger.settle(slug, target, op.outcome, settleKey);
                  const other = op.outcome === "post" ? "void" : "post";
                  done.push({
                    transferId: settlement.id,
                    again: async () => (await ledger.settle(slug, target, op.outcome, settleKey)).id,
                    // Settled one way, it cannot be settled the other way, whatever the key.
                    conflict: () => ledger.settle(slug, target, other, settleKey),
                    conflictCode: "TRANSFER_NOT_PENDING",
                  });
                  return;
                }
                case "reverse": {
                  const posted = await transfersWith("posted");
                  if (posted.length === 0) return;
                  const target = posted[op.which % posted.length] as string;
                  const raw = { idempotencyKey: `op-${++key}`, date: op.date };
                  const first = await ledger.reverse(slug, target, raw);
                  assert.equal(first.replayed, false);
                  assert.equal(first.transfer.reverses_id, target);
                  const otherDate = DATES.find((d) => d !== op.date) as string;
                  done.push({
                    transferId: first.transfer.id,
                    async again() {
                      const replay = await ledger.reverse(slug, target, raw);
                      assert.equal(replay.replayed, true);
                      return replay.transfer.id;
                    },
                    conflict: () => ledger.reverse(slug, target, { ...raw, date: otherDate }),
                    conflictCode: "IDEMPOTENCY_CONFLICT",
                  });
                  return;
                }
                case "donate": {
                  const raw = {
                    amount: op.amount,
                    date: op.date,
                    method: op.method,
                    envelope: op.envelope,
                    donor: { name: "Donatrice", email: "" },
                  };
                  const donationKey = `op-${++key}`;
                  const first = await donations.record(treasurer, slug, raw, donationKey);
                  assert.equal(first.replayed, false);
                  done.push({
                    transferId: first.donation.transferId,
                    async again() {
                      const replay = await donations.record(treasurer, slug, raw, donationKey);
                      assert.equal(replay.replayed, true);
                      return replay.donation.transferId;
                    },
                    conflict: (delta) =>
                      donations.record(treasurer, slug, { ...raw, amount: raw.amount + delta }, donationKey),
                    conflictCode: "IDEMPOTENCY_CONFLICT",
                  });
                  return;
                }
                case "submit": {
                  const submitted = await claims.submit(member, slug, {
                    title: `Note ${claimIds.length + 1}`,
                    amount: op.amount,
                    date: op.date,
                    account: op.account,
                    envelope: op.envelope,
                  });
                  claimIds.push(submitted.id);
                  return;
                }
                case "approve":
                case "pay":
                case "reject":
                case "waive": {
                  if (claimIds.length === 0) return;
                  const id = claim(op.which);
                  const decide = {
                    approve: () => claims.approve(treasurer, id),
                    pay: () => claims.pay(treasurer, id, op.date),
                    reject: () => claims.reject(treasurer, id, "Hors budget"),
                    waive: () => claims.waive(member, id),
                  }[op.kind];
                  await decide();
                  decisions.push({
                    again: decide,
                    code: op.kind === "pay" ? "CLAIM_NOT_APPROVED" : "CLAIM_DECIDED",
                  });
                  return;
                }
                case "replay": {
                  if (done.length === 0) return;
                  const first = done[op.which % done.length] as Done;
                  assert.equal(await first.again(), first.transferId, "a replay answers the first transfer");
                  stats.replays++;
                  return;
                }
                case "conflict": {
                  if (done.length === 0) return;
                  const first = done[op.which % done.length] as Done;
                  await assert.rejects(
                    first.conflict(op.delta),
                    (error: unknown) => error instanceof DomainError && error.code === first.conflictCode,
                  );
                  stats.conflicts++;
                  return;
                }
                case "decideAgain": {
                  if (decisions.length === 0) return;
                  const first = decisions[op.which % decisions.length] as Decision;
                  await assert.rejects(
                    first.again(),
                    (error: unknown) => error instanceof DomainError && error.code === first.code,
                  );
                  return;
                }
              }
            }

            for (const op of operations) {
              stats.operations++;
              let refused: string | undefined;
              try {
                await play(op);
              } catch (error) {
                if (!(error instanceof DomainError) || !MAY_REFUSE[op.kind].includes(error.code)) throw error;
                refused = error.code;
                stats.refused++;
              }
              const after = await audit(slug, spaceId);
              if (refused || ["replay", "conflict", "decideAgain"].includes(op.kind))
                assert.equal(after, books, `${op.kind} ${refused ?? ""} changed nothing`);
              books = after;
            }
          },
        ),
        { numRuns: dialect.name === "postgres" ? 25 : 40 },
      );
      // The random sequences did reach every path: refusals, replays, conflicts.
      assert.ok(stats.refused > 0 && stats.replays > 0 && stats.conflicts > 0, JSON.stringify(stats));
    });
  });
}
