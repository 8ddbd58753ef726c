import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

/** The chamber's SIREN, or "" when it has none yet (the FEC needs one). */
export async function chamberSiren(db: Db, spaceId: string): Promise<string> {
  const row = await db
    .selectFrom("ledger_settings")
    .select("siren")
    .where("space_id", "=", spaceId)
    .executeTakeFirst();
  return row?.siren ?? "";
}

export async function saveSiren(db: Db, spaceId: string, siren: string): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto("ledger_settings")
    .values({ space_id: spaceId, siren, updated_at: now })
    .onConflict((oc) => oc.column("space_id").doUpdateSet({ siren, updated_at: now }))
    .execute();
}

/** The chamber's closed years, newest first. */
export async function closedYears(db: Db, spaceId: string): Promise<number[]> {
  const rows = await db
    .selectFrom("ledger_closed_years")
    .select("year")
    .where("space_id", "=", spaceId)
    .execute();
  return rows.map((r) => Number(r.year)).sort((a, b) => b - a);
}

/** Which posted transfers the treasurer's list shows; `before` is the last row of the page above. */
export interface TransferFilter {
  from: string;
  to: string;
  account?: string;
  journal?: string;
  text?: string;
  before?: { date: string; id: string };
}

function transferRows(db: Db, spaceId: string) {
  return db
    .selectFrom("ledger_transfers as t")
    .innerJoin("ledger_accounts as d", "d.id", "t.debit_account_id")
    .innerJoin("ledger_accounts as c", "c.id", "t.credit_account_id")
    .leftJoin("ledger_transfers as r", "r.reverses_id", "t.id")
    .select([
      "t.id",
      "t.date",
      "t.label",
      "t.journal",
      "t.amount",
      "t.status",
      "t.piece_ref as pieceRef",
      "t.source_type as sourceType",
      "t.source_id as sourceId",
      "t.created_at as createdAt",
      "t.reverses_id as reversesId",
      "r.id as reversalId",
      "d.code as debitCode",
      "d.label as debitLabel",
      "c.code as creditCode",
      "c.label as creditLabel",
    ])
    .where("t.space_id", "=", spaceId);
}

type Row = Awaited<ReturnType<ReturnType<typeof transferRows>["execute"]>>[number];

function transferOf(r: Row) {
  return {
    id: r.id,
    date: r.date,
    label: r.label,
    journal: r.journal,
    amount: Number(r.amount),
    debitCode: r.debitCode,
    debitLabel: r.debitLabel,
    creditCode: r.creditCode,
    creditLabel: r.creditLabel,
    isReversal: r.reversesId !== null,
    reversed: r.reversalId !== null,
  };
}

/** `%`, `_` and `\` as themselves in a LIKE pattern. */
function likeText(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page of posted transfers, newest first, as the filter says: `limit` rows at most. */
export async function postedPage(db: Db, spaceId: string, filter: TransferFilter, limit: number) {
  let query = transferRows(db, spaceId)
    .where("t.status", "=", "posted")
    .where("t.date", ">=", filter.from)
    .where("t.date", "<=", filter.to);
  const { account, journal, text, before } = filter;
  if (account) query = query.where((eb) => eb.or([eb("d.code", "=", account), eb("c.code", "=", account)]));
  if (journal) query = query.where("t.journal", "=", journal);
  if (text)
    query = query.where(sql<string>`lower(t.label)`, "like", sql<string>`${likeText(text)} escape '\\'`);
  if (before)
    query = query.where((eb) =>
      eb.or([
        eb("t.date", "<", before.date),
        eb.and([eb("t.date", "=", before.date), eb("t.id", "<", before.id)]),
      ]),
    );
  const rows = await query.orderBy("t.date", "desc").orderBy("t.id", "desc").limit(limit).execute();
  return rows.map(transferOf);
}

/** One transfer of the chamber with what its own page shows, or undefined. */
export async function transferDetail(db: Db, spaceId: string, id: string) {
  const row = await transferRows(db, spaceId).where("t.id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  // A donation's transfers (booked, reversed, corrected) carry its external id: its page is by row id.
  const donation =
    row.sourceType === "donation" && row.sourceId
      ? await db
          .selectFrom("donations")
          .select("id")
          .where("space_id", "=", spaceId)
          .where("external_id", "=", row.sourceId)
          .executeTakeFirst()
      : undefined;
  return {
    donationId: donation?.id,
    ...transferOf(row),
    status: row.status,
    pieceRef: row.pieceRef,
    source: row.sourceType && row.sourceId ? { type: row.sourceType, id: row.sourceId } : undefined,
    createdAt: String(row.createdAt),
    reversesId: row.reversesId,
    reversalId: row.reversalId,
  };
}

/** Who booked a transfer: the first audited person acting on it or on what it books (a claim, a gift). */
export async function bookedBy(db: Db, subjects: string[]): Promise<string | undefined> {
  const row = await db
    .selectFrom("audit_events as e")
    .innerJoin("persons as p", "p.id", "e.actor_id")
    .select("p.display_name as name")
    .where("e.subject_id", "in", subjects)
    .orderBy("e.at")
    .orderBy("e.id")
    .executeTakeFirst();
  return row?.name;
}
