import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import {
  applyTransfer,
  available,
  type Balance,
  chainHash,
  checkTransfer,
  firstChainBreak,
  GENESIS_HASH,
  sameTransfer,
  type TransferInput,
  type TransferStatus,
} from "../../core/ledger.ts";
import { type Actor, authorize, type Resource, type SignedInAction } from "../../core/policy.ts";
import { checkLine, oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database, LedgerAccountKind } from "../../db/schema.ts";
import { findMembership, findSpaceBySlug } from "../spaces/service.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

/**
 * A chamber's starting chart (ANC 2018-06), plus the budget pool: envelopes are funded from it and give
 * back to it, a memo layer beside the accounts that the FEC leaves out.
 */
export const DEFAULT_CHART: { code: string; label: string; kind: LedgerAccountKind }[] = [
  { code: "512", label: "Banque", kind: "asset" },
  { code: "530", label: "Caisse", kind: "asset" },
  { code: "4681", label: "Frais des bénévoles à rembourser", kind: "liability" },
  { code: "6132", label: "Locations immobilières", kind: "expense" },
  { code: "625", label: "Déplacements, missions et réceptions", kind: "expense" },
  { code: "110", label: "Report à nouveau", kind: "equity" },
  { code: "120", label: "Résultat de l’exercice", kind: "equity" },
  { code: "754", label: "Dons manuels", kind: "income" },
  { code: "7542", label: "Mécénat", kind: "income" },
  { code: "ENV", label: "Réserve des enveloppes", kind: "memo" },
];

const ACCOUNT_KINDS: readonly LedgerAccountKind[] = [
  "asset",
  "liability",
  "equity",
  "income",
  "expense",
  "envelope",
  "memo",
];

export interface BookingInput {
  idempotencyKey: string;
  /** Account codes of the space. */
  debit: string;
  credit: string;
  amount: number;
  date: string;
  label: string;
  journal: string;
  pieceRef?: string;
  status: "pending" | "posted";
  source?: { type: string; id: string };
  /** The posted transfer this one reverses (a correction). */
  reverses?: string;
}

/** A stored transfer as the hash and idempotency checks read it (accounts by id). */
function inputOf(row: store.TransferRow): TransferInput {
  return {
    idempotencyKey: row.idempotency_key,
    debitAccount: row.debit_account_id,
    creditAccount: row.credit_account_id,
    amount: Number(row.amount),
    date: row.date,
    label: row.label,
    journal: row.journal,
    pieceRef: row.piece_ref,
  };
}

interface MonthSums {
  debits: number;
  credits: number;
  transfers: number;
}

/** What `store.addToMonthly` adds, recomputed in memory by `verify`. */
function addToMonth(
  monthly: Map<string, MonthSums>,
  t: Pick<store.TransferRow, "debit_account_id" | "credit_account_id" | "date" | "amount">,
) {
  const month = t.date.slice(0, 7);
  const of = (account: string) => {
    const key = `${account} ${month}`;
    let sums = monthly.get(key);
    if (!sums) {
      sums = { debits: 0, credits: 0, transfers: 0 };
      monthly.set(key, sums);
    }
    return sums;
  };
  const debit = of(t.debit_account_id);
  debit.debits += Number(t.amount);
  debit.transfers += 1;
  of(t.credit_account_id).credits += Number(t.amount);
}

/**
 * The chamber ledger's use cases. Every booking runs in one transaction that first takes the space's
 * chain row (locked on PostgreSQL; SQLite runs one write transaction at a time), so entry numbers stay
 * continuous, the hash chain stays linear, and an envelope's availability is checked against what is
 * really there, whatever runs at the same time.
 */
export function createLedger(ctx: Context) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;

  /** A chamber by its slug: any other space has no ledger (404), as the policy says. */
  async function chamber(slug: string) {
    const space = await findSpaceBySlug(db, slug);
    if (!space) throw new DomainError("SPACE_NOT_FOUND");
    authorize(undefined, "ledger.read", { space });
    return space;
  }

  /** The chamber and the actor's membership in it, once the policy allows the action there. */
  async function authorized(
    actor: Actor | undefined,
    action: SignedInAction,
    slug: string,
    more: Omit<Resource, "space" | "membership"> = {},
  ) {
    const space = await chamber(slug);
    const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
    authorize(actor, action, { space, membership, ...more });
    return { space, membership, actor };
  }

  async function account(trx: Db, spaceId: string, code: string, field: string) {
    const found = await store.accountByCode(trx, spaceId, code);
    if (!found) throw validationError({ [field]: "ledger.accountUnknown" });
    return found;
  }

  /** Writes one entry holding one transfer; the caller holds the chain row (`chain`, as it read it). */
  async function write(
    trx: Db,
    spaceId: string,
    transfer: TransferInput,
    status: TransferStatus,
    links: { pendingId?: string; reversesId?: string; source?: { type: string; id: string } },
    chain: { last_hash: string; entries: number },
  ) {
    const hash = status === "posted" ? chainHash(chain.last_hash, transfer) : null;
    const now = new Date().toISOString();
    const entryId = newId();
    const row: store.TransferRow = {
      id: newId(),
      space_id: spaceId,
      entry_id: entryId,
      idempotency_key: transfer.idempotencyKey,
      debit_account_id: transfer.debitAccount,
      credit_account_id: transfer.creditAccount,
      amount: transfer.amount,
      date: transfer.date,
      label: transfer.label,
      journal: transfer.journal,
      piece_ref: transfer.pieceRef,
      status,
      pending_id: links.pendingId ?? null,
      reverses_id: links.reversesId ?? null,
      source_type: links.source?.type ?? null,
      source_id: links.source?.id ?? null,
      hash,
      created_at: now,
    };
    await store.insertEntryAndTransfer(
      trx,
      {
        id: entryId,
        space_id: spaceId,
        number: chain.entries + 1,
        date: transfer.date,
        journal: transfer.journal,
        label: transfer.label,
        created_at: now,
      },
      row,
    );
    await store.advanceChain(trx, spaceId, hash ?? chain.last_hash, chain.entries + 1);
    if (status === "posted") await store.addToMonthly(trx, spaceId, row);
    return row;
  }

  /** An envelope never gives more than it holds, reservations included. */
  async function ensureAvailable(trx: Db, accountId: string, kind: LedgerAccountKind, amount: number) {
    if (kind !== "envelope") return;
    const balance = await store.balanceOf(trx, dialect, accountId);
    const left = available({
      debits: Number(balance.debits),
      credits: Number(balance.credits),
      pendingDebits: Number(balance.pending_debits),
    });
    if (left < amount) throw new DomainError("ENVELOPE_INSUFFICIENT");
  }

  /**
   * Books a transfer inside the caller's transaction. The same idempotency key again returns the first
   * transfer when the content is the same, and is refused (409) when it differs.
   */
  async function bookIn(
    trx: Db,
    spaceId: string,
    input: BookingInput,
  ): Promise<{ transfer: store.TransferRow; replayed: boolean }> {
    const transfer = checkTransfer({
      idempotencyKey: input.idempotencyKey,
      debitAccount: input.debit,
      creditAccount: input.credit,
      amount: input.amount,
      date: input.date,
      label: input.label,
      journal: input.journal,
      pieceRef: input.pieceRef ?? "",
    });
    if (input.status !== "pending" && input.status !== "posted")
      throw validationError({ status: "ledger.statusInvalid" });
    const chain = await store.lockChain(trx, dialect, spaceId, GENESIS_HASH);
    const debit = await account(trx, spaceId, transfer.debitAccount, "debit");
    const credit = await account(trx, spaceId, transfer.creditAccount, "credit");
    const byIds = { ...transfer, debitAccount: debit.id, creditAccount: credit.id };
    const existing = await store.transferByKey(trx, spaceId, transfer.idempotencyKey);
    if (!existing && (await store.yearClosed(trx, spaceId, Number(transfer.date.slice(0, 4)))))
      throw new DomainError("YEAR_CLOSED");
    if (existing) {
      const same =
        existing.status === input.status &&
        existing.reverses_id === (input.reverses ?? null) &&
        sameTransfer(inputOf(existing), byIds);
      if (!same) throw new DomainError("IDEMPOTENCY_CONFLICT");
      return { transfer: existing, replayed: true };
    }
    await ensureAvailable(trx, debit.id, debit.kind, transfer.amount);
    const links = { source: input.source, reversesId: input.reverses };
    const row = await write(trx, spaceId, byIds, input.status, links, chain);
    if (input.status === "posted") {
      await store.addToBalance(trx, debit.id, { debits: transfer.amount });
      await store.addToBalance(trx, credit.id, { credits: transfer.amount });
    } else {
      await store.addToBalance(trx, debit.id, { pending_debits: transfer.amount });
      await store.addToBalance(trx, credit.id, { pending_credits: transfer.amount });
    }
    return { transfer: row, replayed: false };
  }

  /** Posts or voids a pending transfer inside the caller's transaction, by a new transfer pointing to it. */
  async function settleIn(
    trx: Db,
    spaceId: string,
    pendingId: string,
    outcome: "post" | "void",
    idempotencyKey: string,
  ): Promise<store.TransferRow> {
    const chain = await store.lockChain(trx, dialect, spaceId, GENESIS_HASH);
    const pending = await store.transferById(trx, pendingId);
    if (!pending || pending.space_id !== spaceId) throw new DomainError("TRANSFER_NOT_FOUND");
    const settled = await store.settlementOf(trx, pendingId);
    if (settled) {
      const same = settled.status === (outcome === "post" ? "posted" : "voided");
      if (!same) throw new DomainError("TRANSFER_NOT_PENDING");
      return (await store.transferById(trx, settled.id)) as store.TransferRow;
    }
    if (pending.status !== "pending") throw new DomainError("TRANSFER_NOT_PENDING");
    const key = oneLine(idempotencyKey) || `${outcome}:${pending.id}`;
    if (await store.transferByKey(trx, spaceId, key)) throw new DomainError("IDEMPOTENCY_CONFLICT");
    // A reservation on the budget layer is no bookkeeping: it may settle after its year is closed.
    const budgetOnly = await store.budgetOnly(trx, pending);
    if (!budgetOnly && (await store.yearClosed(trx, spaceId, Number(pending.date.slice(0, 4)))))
      throw new DomainError("YEAR_CLOSED");
    const amount = Number(pending.amount);
    const transfer: TransferInput = { ...inputOf(pending), idempotencyKey: key };
    const status: TransferStatus = outcome === "post" ? "posted" : "voided";
    const row = await write(trx, spaceId, transfer, status, { pendingId: pending.id }, chain);
    await store.addToBalance(trx, pending.debit_account_id, {
      pending_debits: -amount,
      ...(status === "posted" ? { debits: amount } : {}),
    });
    await store.addToBalance(trx, pending.credit_account_id, {
      pending_credits: -amount,
      ...(status === "posted" ? { credits: amount } : {}),
    });
    return row;
  }

  /**
   * Corrects a posted transfer by booking its mirror (accounts swapped) that points to it: nothing is
   * changed or deleted, and the mistake stays readable. A transfer is reversed once, and a reversal is
   * not itself reversed (book the right transfer instead).
   */
  async function reverseIn(
    trx: Db,
    spaceId: string,
    transferId: string,
    raw: { idempotencyKey: string; date: string; label?: string },
  ) {
    await store.lockChain(trx, dialect, spaceId, GENESIS_HASH);
    const original = await store.transferById(trx, transferId);
    if (!original || original.space_id !== spaceId) throw new DomainError("TRANSFER_NOT_FOUND");
    const key = oneLine(raw.idempotencyKey) || `reverse:${original.id}`;
    const replay = await store.transferByKey(trx, spaceId, key);
    const reversal = await store.reversalOf(trx, original.id);
    if (original.status !== "posted" || original.reverses_id || (reversal && reversal.id !== replay?.id))
      throw new DomainError("TRANSFER_NOT_REVERSIBLE");
    const debit = await store.accountById(trx, original.credit_account_id);
    const credit = await store.accountById(trx, original.debit_account_id);
    return bookIn(trx, spaceId, {
      idempotencyKey: key,
      debit: debit.code,
      credit: credit.code,
      amount: Number(original.amount),
      date: raw.date,
      label: oneLine(raw.label) || `Annulation : ${original.label}`,
      journal: original.journal,
      pieceRef: original.piece_ref,
      status: "posted",
      source:
        original.source_type && original.source_id
          ? { type: original.source_type, id: original.source_id }
          : undefined,
      reverses: original.id,
    });
  }

  /** The accounts every chamber starts with (plan comptable associatif), created the first time. */
  async function ensureChart(trx: Db, spaceId: string) {
    const codes = DEFAULT_CHART.map((a) => a.code);
    const present = new Set(await store.existingCodes(trx, spaceId, codes));
    if (present.size === codes.length) return;
    for (const account of DEFAULT_CHART)
      if (!present.has(account.code))
        await store.insertAccount(trx, {
          id: newId(),
          space_id: spaceId,
          ...account,
          commons_id: null,
          created_at: new Date().toISOString(),
        });
  }

  return {
    async createAccount(
      spaceSlug: string,
      raw: { code: string; label: string; kind: string; commonsId?: string | null },
    ) {
      const space = await chamber(spaceSlug);
      const errors: Record<string, string> = {};
      const code = oneLine(raw.code);
      const label = oneLine(raw.label);
      checkLine(errors, "code", code, { required: true, max: 40 });
      checkLine(errors, "label", label, { required: true, max: 120 });
      if (!ACCOUNT_KINDS.includes(raw.kind as LedgerAccountKind)) errors.kind = "ledger.kindUnknown";
      if (Object.keys(errors).length > 0) throw validationError(errors);
      await guardConstraints(
        () =>
          db.transaction().execute((trx) =>
            store.insertAccount(trx, {
              id: newId(),
              space_id: space.id,
              code,
              label,
              kind: raw.kind as LedgerAccountKind,
              commons_id: raw.commonsId ?? null,
              created_at: new Date().toISOString(),
            }),
          ),
        "CONFLICT",
      );
    },

    async accounts(spaceSlug: string) {
      const space = await chamber(spaceSlug);
      return (await store.accountsOf(db, space.id)).map((a) => ({
        code: a.code,
        label: a.label,
        kind: a.kind,
        debits: Number(a.debits),
        credits: Number(a.credits),
        pendingDebits: Number(a.pending_debits),
        pendingCredits: Number(a.pending_credits),
        /** Credits less debits: what an income or envelope account holds. */
        balance: Number(a.credits) - Number(a.debits),
      }));
    },

    /**
     * Books a transfer. The same idempotency key again returns the first transfer when the content is
     * the same, and is refused (409) when it differs.
     */
    async book(
      spaceSlug: string,
      input: BookingInput,
    ): Promise<{ transfer: store.TransferRow; replayed: boolean }> {
      const space = await chamber(spaceSlug);
      return guardConstraints(() => db.transaction().execute((trx) => bookIn(trx, space.id, input)));
    },

    bookIn,
    ensureChart,
    chamber,
    authorized,

    /** Posts or voids a pending transfer, by a new transfer that points to it (nothing is updated). */
    async settle(spaceSlug: string, pendingId: string, outcome: "post" | "void", idempotencyKey: string) {
      const space = await chamber(spaceSlug);
      return guardConstraints(() =>
        db.transaction().execute((trx) => settleIn(trx, space.id, pendingId, outcome, idempotencyKey)),
      );
    },

    settleIn,

    /** Corrects a posted transfer by its reversal (see reverseIn). */
    async reverse(
      spaceSlug: string,
      transferId: string,
      raw: { idempotencyKey: string; date: string; label?: string },
    ) {
      const space = await chamber(spaceSlug);
      return guardConstraints(() =>
        db.transaction().execute((trx) => reverseIn(trx, space.id, transferId, raw)),
      );
    },

    reverseIn,

    /**
     * Closes a year: the result accounts' balances of the year move to 120 (résultat de l'exercice) in
     * closing entries dated 31 December, then no transfer may be dated in the year. The next year's FEC
     * opens with the balance-sheet accounts, 120 included, carried forward.
     */
    async closeYear(spaceSlug: string, year: number) {
      const space = await chamber(spaceSlug);
      if (!Number.isInteger(year) || year < 2000 || year > 2100)
        throw validationError({ year: "ledger.yearInvalid" });
      return db.transaction().execute(async (trx) => {
        await store.lockChain(trx, dialect, space.id, GENESIS_HASH);
        if (await store.yearClosed(trx, space.id, year)) throw new DomainError("YEAR_CLOSED");
        if (await store.pendingBookkeeping(trx, space.id, year)) throw new DomainError("YEAR_HAS_PENDING");
        await ensureChart(trx, space.id);
        const [debits, credits] = await store.resultTotals(trx, space.id, year);
        const net = new Map<string, number>();
        for (const d of debits) net.set(d.code, (net.get(d.code) ?? 0) - Number(d.total));
        for (const c of credits) net.set(c.code, (net.get(c.code) ?? 0) + Number(c.total));
        let entries = 0;
        for (const [code, amount] of [...net].sort(([a], [b]) => a.localeCompare(b))) {
          if (amount === 0) continue;
          await bookIn(trx, space.id, {
            idempotencyKey: `close:${year}:${code}`,
            debit: amount > 0 ? code : "120",
            credit: amount > 0 ? "120" : code,
            amount: Math.abs(amount),
            date: `${year}-12-31`,
            label: `Clôture ${year} : solde du compte ${code}`,
            journal: store.CLOSING_JOURNAL,
            status: "posted",
          });
          entries++;
        }
        await store.closeYear(trx, space.id, year);
        return { entries };
      });
    },

    /**
     * Recomputes every balance from the transfers and checks the hash chain: what `communs ledger
     * verify` prints. An empty list of problems means the ledger is sound.
     */
    async verify(spaceSlug: string, options: { pageSize?: number } = {}): Promise<string[]> {
      const space = await chamber(spaceSlug);
      const chain = await store.chainOf(db, space.id);
      const problems: string[] = [];
      const balances = new Map<string, Balance>();
      const monthly = new Map<string, MonthSums>();
      let last = GENESIS_HASH;
      let posted = 0;
      let broken: number | undefined;
      const entries = await store.lastEntryNumber(db, space.id);
      if ((chain?.entries ?? 0) !== entries) problems.push("chain entry count does not match the entries");
      for await (const page of store.transfersInOrder(db, space.id, entries, options.pageSize)) {
        const postedOfPage: (TransferInput & { hash: string })[] = [];
        for (const t of page) {
          const move = {
            debitAccount: t.debit_account_id,
            creditAccount: t.credit_account_id,
            amount: Number(t.amount),
          };
          applyTransfer(balances, move, t.status, t.pending_id !== null);
          if (t.status !== "posted") continue;
          postedOfPage.push({ ...inputOf(t), hash: t.hash ?? "" });
          if (t.journal !== store.CLOSING_JOURNAL) addToMonth(monthly, t);
        }
        const at = broken === undefined ? firstChainBreak(postedOfPage, last) : undefined;
        if (at !== undefined) broken = posted + at;
        posted += postedOfPage.length;
        last = postedOfPage.at(-1)?.hash ?? last;
      }
      for (const stored of await store.balancesOf(db, space.id)) {
        const expected = balances.get(stored.id);
        const drifted =
          Number(stored.debits) !== (expected?.debits ?? 0) ||
          Number(stored.credits) !== (expected?.credits ?? 0) ||
          Number(stored.pending_debits) !== (expected?.pendingDebits ?? 0) ||
          Number(stored.pending_credits) !== (expected?.pendingCredits ?? 0);
        if (drifted) problems.push(`balance of ${stored.code} drifted`);
      }
      for (const stored of await store.monthlyOf(db, space.id)) {
        const key = `${stored.account_id} ${stored.month}`;
        const expected = monthly.get(key);
        monthly.delete(key);
        const drifted =
          Number(stored.debits) !== (expected?.debits ?? 0) ||
          Number(stored.credits) !== (expected?.credits ?? 0) ||
          Number(stored.transfers) !== (expected?.transfers ?? 0);
        if (drifted) problems.push(`monthly sums of ${stored.month} drifted`);
      }
      for (const key of monthly.keys()) problems.push(`monthly sums of ${key.split(" ")[1]} missing`);
      if (broken !== undefined) problems.push(`hash chain broken at posted transfer ${broken + 1}`);
      if (chain && chain.last_hash !== last)
        problems.push("chain head does not match the last posted transfer");
      return problems;
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;
