import type { Kysely } from "kysely";
import type { Database, OutboxTable } from "../../db/schema.ts";

type Db = Kysely<Database>;

export async function insertMail(db: Db, mail: OutboxTable): Promise<void> {
  await db.insertInto("outbox").values(mail).execute();
}

export function findMail(db: Db, id: string) {
  return db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function markSent(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable("outbox").set({ sent_at: at }).where("id", "=", id).execute();
}

/** The newest mails first. */
export function listOutbox(db: Db, limit: number) {
  return db
    .selectFrom("outbox")
    .select(["id", "to_address", "subject", "body_text", "created_at", "sent_at"])
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
