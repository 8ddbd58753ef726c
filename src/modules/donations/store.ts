import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

export function donationBySource(db: Db, spaceId: string, source: string, externalId: string) {
  return db
    .selectFrom("donations")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("source", "=", source)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
}

export async function insertDonation(db: Db, donation: Database["donations"]): Promise<void> {
  await db.insertInto("donations").values(donation).execute();
}

export interface DonationRow {
  id: string;
  date: string;
  amount: number;
  source: string;
  method: string;
  donorName: string;
  donorEmail: string;
  display: string;
  pseudonym: string;
  envelopeCode: string | null;
  envelopeLabel: string | null;
}

/** A page of a chamber's donations, newest first, and how many there are in all. */
export async function donationsPage(
  db: Db,
  spaceId: string,
  page: number,
  size: number,
): Promise<{ rows: DonationRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom("donations as d")
      .leftJoin("ledger_accounts as a", "a.id", "d.envelope_account_id")
      .select([
        "d.id",
        "d.date",
        "d.amount",
        "d.source",
        "d.method",
        "d.donor_name",
        "d.donor_email",
        "d.display",
        "d.pseudonym",
        "a.code as envelope_code",
        "a.label as envelope_label",
      ])
      .where("d.space_id", "=", spaceId)
      .orderBy("d.date", "desc")
      .orderBy("d.created_at", "desc")
      .orderBy("d.id", "desc")
      .limit(size)
      .offset((page - 1) * size)
      .execute(),
    db
      .selectFrom("donations")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("space_id", "=", spaceId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      date: r.date,
      amount: Number(r.amount),
      source: r.source,
      method: r.method,
      donorName: r.donor_name,
      donorEmail: r.donor_email,
      display: r.display,
      pseudonym: r.pseudonym,
      envelopeCode: r.envelope_code,
      envelopeLabel: r.envelope_label,
    })),
    total: Number(count.n),
  };
}

/** Keeps a notification as received, before anything in it is looked at. */
export async function insertNotification(
  db: Db,
  notification: Database["ledger_notifications"],
): Promise<void> {
  await db.insertInto("ledger_notifications").values(notification).execute();
}

/** What became of a notification: booked, known, ignored or failed, and why. */
export async function noteNotification(
  db: Db,
  id: string,
  outcome: { outcome: string; detail: string; donation_id: string | null },
): Promise<void> {
  await db.updateTable("ledger_notifications").set(outcome).where("id", "=", id).execute();
}

export function donationById(db: Db, spaceId: string, id: string) {
  return db
    .selectFrom("donations")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A correction's new values: the donation row points to its latest transfer. */
export async function updateDonation(
  db: Db,
  id: string,
  values: Pick<
    Database["donations"],
    "amount" | "date" | "donor_name" | "display" | "envelope_account_id" | "transfer_id"
  >,
): Promise<void> {
  await db.updateTable("donations").set(values).where("id", "=", id).execute();
}

/**
 * The envelope funding a donation booked and nobody reversed yet: a correction reverses it with the
 * donation's own transfer.
 */
export function envelopeFundingOf(db: Db, spaceId: string, externalId: string) {
  return db
    .selectFrom("ledger_transfers as t")
    .select("t.id")
    .where("t.space_id", "=", spaceId)
    .where("t.source_type", "=", "donation")
    .where("t.source_id", "=", externalId)
    .where("t.journal", "=", "ENV")
    .where("t.status", "=", "posted")
    .where("t.reverses_id", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("ledger_transfers as r").select("r.id").whereRef("r.reverses_id", "=", "t.id"))),
    )
    .orderBy("t.created_at", "desc")
    .executeTakeFirst();
}

export function correctionByKey(db: Db, spaceId: string, key: string) {
  return db
    .selectFrom("donation_corrections")
    .selectAll()
    .where("space_id", "=", spaceId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export async function insertCorrection(db: Db, row: Database["donation_corrections"]): Promise<void> {
  await db.insertInto("donation_corrections").values(row).execute();
}

/** A donation's corrections, oldest first, with who made them. */
export function correctionsOf(db: Db, donationId: string) {
  return db
    .selectFrom("donation_corrections as c")
    .leftJoin("persons as p", "p.id", "c.created_by")
    .select([
      "c.id",
      "c.reason",
      "c.original_transfer_id",
      "c.reversal_transfer_id",
      "c.corrected_transfer_id",
      "c.created_at",
      "p.display_name as by",
    ])
    .where("c.donation_id", "=", donationId)
    .orderBy("c.created_at")
    .orderBy("c.id")
    .execute();
}

export async function wasCorrected(db: Db, donationId: string): Promise<boolean> {
  const found = await db
    .selectFrom("donation_corrections")
    .select("id")
    .where("donation_id", "=", donationId)
    .executeTakeFirst();
  return found !== undefined;
}
