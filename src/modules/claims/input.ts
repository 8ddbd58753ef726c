/** An expense claim as typed, checked against the chamber's chart of accounts. */
import type { Kysely } from "kysely";
import { type FieldErrors, validationError } from "../../core/errors.ts";
import { MAX_AMOUNT, validDate } from "../../core/ledger.ts";
import { checkLine, oneLine } from "../../core/text.ts";
import type { Database } from "../../db/schema.ts";
import type { Ledger } from "../ledger/service.ts";
import type { createIbanSeal } from "./iban.ts";

type Db = Kysely<Database>;

export interface ClaimInput {
  title: string;
  amount: number;
  date: string;
  /** The expense account (6132, 625…). */
  account: string;
  envelope?: string | null;
  /** The author's IBAN for the reimbursement; empty leaves the one given before. */
  iban?: string;
}

export function claimChecker(ledger: Ledger, ibans: ReturnType<typeof createIbanSeal>) {
  return async function checked(trx: Db, spaceId: string, raw: ClaimInput) {
    const errors: FieldErrors = {};
    const title = oneLine(raw.title);
    checkLine(errors, "title", title, { required: true, max: 200 });
    if (!Number.isSafeInteger(raw.amount) || raw.amount <= 0 || raw.amount > MAX_AMOUNT)
      errors.amount = "ledger.amountInvalid";
    if (!validDate(raw.date ?? "")) errors.date = "ledger.dateInvalid";
    await ledger.ensureChart(trx, spaceId);
    const account = await ledger.account(trx, spaceId, oneLine(raw.account));
    // An archived category is no longer offered, nor taken when posted all the same.
    if (account?.kind !== "expense" || account.archived_at) errors.account = "ledger.expenseAccountUnknown";
    const envelopeCode = oneLine(raw.envelope) || null;
    if (envelopeCode) {
      const envelope = await ledger.account(trx, spaceId, envelopeCode);
      if (envelope?.kind !== "envelope") errors.envelope = "ledger.envelopeUnknown";
    }
    const iban = ibans.fields(errors, oneLine(raw.iban));
    if (Object.keys(errors).length > 0) throw validationError(errors);
    return {
      ...iban,
      title,
      amount: raw.amount,
      date: raw.date,
      account_code: oneLine(raw.account),
      envelope_code: envelopeCode,
    };
  };
}
