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
