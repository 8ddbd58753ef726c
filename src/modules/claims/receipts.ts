import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { RECEIPT_HEAD_BYTES, receiptFileName, receiptMediaType } from "../../core/receipts.ts";
import type { Database, ExpenseReceiptTable, ReceiptMediaType } from "../../db/schema.ts";
import type { Upload } from "../../web/uploads.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

const MAX_RECEIPTS = 10;

/** What a file sent as a receipt is, read from its own bytes. */
async function inspect(upload: Upload): Promise<{ type: ReceiptMediaType; sha256: string }> {
  const handle = await open(upload.file, "r");
  const head = Buffer.alloc(RECEIPT_HEAD_BYTES);
  try {
    await handle.read(head, 0, RECEIPT_HEAD_BYTES, 0);
  } finally {
    await handle.close();
  }
  const type = receiptMediaType(head);
  if (!type) throw validationError({ receipt: "ledger.receiptType" });
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(upload.file)) hash.update(chunk as Buffer);
  return { type, sha256: hash.digest("hex") };
}

/** A browser sends an empty, nameless file when nothing was chosen. */
export function chosen(upload: Upload | undefined): Upload | undefined {
  return upload && (upload.size > 0 || upload.filename !== "") ? upload : undefined;
}

/**
 * Receipts of expense claims. The files live in the data folder's `receipts/`, named by their id,
 * never under a folder the web server serves: they are only read through `fileOf`, after the claim's
 * permissions were checked.
 */
export function createReceipts(ctx: Context) {
  const folder = path.join(ctx.config.dataDir, "receipts");
  const fileOf = (id: string) => path.join(folder, id);

  return {
    fileOf,

    /**
     * Checks an uploaded file and records it as a receipt of the claim inside the caller's
     * transaction; the file is moved into place last, so a refusal leaves nothing behind.
     */
    async attachIn(trx: Db, claimId: string, uploadedBy: string, upload: Upload) {
      if (upload.size === 0) throw validationError({ receipt: "ledger.receiptEmpty" });
      const { type, sha256 } = await inspect(upload);
      if ((await store.receiptCount(trx, claimId)) >= MAX_RECEIPTS) throw new DomainError("RECEIPT_LIMIT");
      const receipt: ExpenseReceiptTable = {
        id: newId(),
        claim_id: claimId,
        file_name: receiptFileName(upload.filename, type),
        media_type: type,
        size: upload.size,
        sha256,
        uploaded_by: uploadedBy,
        created_at: new Date().toISOString(),
      };
      await store.insertReceipt(trx, receipt);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await rename(upload.file, fileOf(receipt.id));
      return receipt;
    },

    /** Removes the file of a receipt whose record was rolled back. */
    async discard(id: string) {
      await rm(fileOf(id), { force: true });
    },
  };
}

export type Receipts = ReturnType<typeof createReceipts>;
