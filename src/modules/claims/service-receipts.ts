import type { Kysely } from "kysely";
import { DomainError, validationError } from "../../core/errors.ts";
import type { Actor, Resource, SignedInAction } from "../../core/policy.ts";
import type { Database, ExpenseClaimTable } from "../../db/schema.ts";
import type { Upload } from "../../web/uploads.ts";
import { recordEvent } from "../audit/service.ts";
import { chosen, type createReceipts } from "./receipts.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;
/** A claim still waiting for approval or payment. */
export const OPEN_STATUSES: readonly string[] = ["submitted", "approved"];

/** A claim's receipts: added while it is open, read by those who may see the claim. */
export function receiptActions(
  db: Db,
  load: (
    trx: Db,
    actor: Actor | undefined,
    id: string,
    action: SignedInAction,
  ) => Promise<{ claim: ExpenseClaimTable; resource: Resource; actor: Actor }>,
  receipts: ReturnType<typeof createReceipts>,
  withReceipts: <T>(work: (trx: Db, attached: string[]) => Promise<T>) => Promise<T>,
) {
  return {
    /** The author, or a treasurer, adds a receipt while the claim is still open. */
    async addReceipt(actor: Actor | undefined, id: string, upload: Upload | undefined) {
      const file = chosen(upload);
      if (!file) throw validationError({ receipt: "ledger.receiptMissing" });
      return withReceipts(async (trx, attached) => {
        const { claim, actor: by } = await load(trx, actor, id, "claim.read");
        if (!OPEN_STATUSES.includes(claim.status)) throw new DomainError("CLAIM_DECIDED");
        const receipt = await receipts.attachIn(trx, claim.id, by.id, file);
        attached.push(receipt.id);
        await recordEvent(trx, {
          actorId: by.id,
          spaceId: claim.space_id,
          action: "ledger.receiptAdded",
          subjectType: "expenseClaim",
          subjectId: claim.id,
          after: { file: receipt.file_name },
        });
        return receipt;
      });
    },

    /** A receipt's record and where its file is, for those who may see the claim. */
    async receipt(actor: Actor | undefined, claimId: string, receiptId: string) {
      const { claim } = await load(db, actor, claimId, "claim.read");
      const row = await store.receiptById(db, claim.id, receiptId);
      if (!row) throw new DomainError("RECEIPT_NOT_FOUND");
      return { ...row, file: receipts.fileOf(row.id) };
    },
  };
}
