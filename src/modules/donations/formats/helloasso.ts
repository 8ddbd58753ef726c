import type { Readable } from "node:stream";
import { fold } from "../../../core/commons.ts";
import { parseAmount } from "../../../core/ledger.ts";
import { at, cell, columnOf, csvRows } from "./csv.ts";
import {
  DonationFileError,
  type DonationItem,
  type DonationRecord,
  dayOf,
  ledgerLabel,
  validAmount,
} from "./types.ts";

/**
 * HelloAsso payments. Two exports reach a treasurer: the back office's export (UTF-8 with BOM, `;`,
 * French headers "Référence commande;Date de la commande;Statut de la commande;Nom payeur;Prénom payeur;
 * Email payeur;Raison sociale;Moyen de paiement;…", dates "09/10/2025 21:59", euros with a decimal comma,
 * states "Validé"…) and files written from the API v5 payments (`id`, `date`, `amount` in cents, `state`
 * "Authorized"/"Refunded"…, `paymentMeans`, `formSlug`, `payer.firstName`…). Which amount column is
 * present says whether it holds euros or cents.
 */

const COLUMNS = {
  id: ["Référence commande", "Référence du paiement", "Numéro", "id"],
  euros: ["Montant", "Montant du don", "Montant tarif", "Montant adhésion", "Montant total"],
  cents: ["amount"],
  date: ["Date de la commande", "Date du paiement", "Date", "date"],
  state: ["Statut de la commande", "Statut du paiement", "Statut", "state"],
  firstName: ["Prénom payeur", "payer.firstName", "Prénom"],
  lastName: ["Nom payeur", "payer.lastName", "Nom"],
  company: ["Raison sociale", "payer.company"],
  email: ["Email payeur", "payer.email", "Email"],
  form: ["Formulaire", "Campagne", "formSlug"],
  means: ["Moyen de paiement", "paymentMeans"],
} as const;

/** States (API names and back-office labels, folded) of a payment whose money was received. */
const PAID = new Set(["authorized", "autorise", "valide", "paye", "effectue"]);

const METHODS: Record<string, string> = {
  card: "card",
  "carte bancaire": "card",
  cb: "card",
  sepa: "sepa",
  prelevement: "sepa",
  check: "check",
  cheque: "check",
  cash: "cash",
  especes: "cash",
  "bank transfer": "transfer",
  banktransfer: "transfer",
  virement: "transfer",
};

type Columns = Record<keyof typeof COLUMNS, number>;

function columnsOf(headers: string[]): Columns {
  const columns = Object.fromEntries(
    Object.entries(COLUMNS).map(([field, names]) => [field, columnOf(headers, names)]),
  ) as Columns;
  for (const field of ["id", "date", "state"] as const)
    if (columns[field] < 0)
      throw new DonationFileError({
        key: "ledger.donations.columnMissing",
        params: { column: COLUMNS[field][0] },
      });
  if (columns.euros < 0 && columns.cents < 0)
    throw new DonationFileError({
      key: "ledger.donations.columnMissing",
      params: { column: COLUMNS.euros[0] },
    });
  return columns;
}

function amountOf(cells: string[], columns: Columns): number | undefined {
  if (columns.cents >= 0) {
    const text = cell(cells, columns.cents);
    return /^\d{1,15}$/.test(text) && validAmount(Number(text)) ? Number(text) : undefined;
  }
  return parseAmount(cell(cells, columns.euros));
}

function donorOf(cells: string[], columns: Columns): DonationRecord["donor"] {
  const person = [cell(cells, columns.firstName), cell(cells, columns.lastName)].filter(Boolean).join(" ");
  const name = person || cell(cells, columns.company);
  const email = cell(cells, columns.email);
  return name || email ? { name: ledgerLabel(name), email: ledgerLabel(email) } : null;
}

function rowItem(line: number, cells: string[], columns: Columns): DonationItem {
  const where = at(line);
  const externalId = cell(cells, columns.id);
  if (!externalId) return { at: where, invalid: { key: "ledger.donations.idMissing" } };
  const state = cell(cells, columns.state);
  if (!PAID.has(fold(state)))
    return { at: where, skipped: { key: "ledger.donations.notPaid", params: { state: state || "?" } } };
  const amount = amountOf(cells, columns);
  if (amount === undefined) return { at: where, invalid: { key: "ledger.donations.amountInvalid" } };
  const date = dayOf(cell(cells, columns.date));
  if (!date) return { at: where, invalid: { key: "ledger.donations.dateInvalid" } };
  const means = fold(cell(cells, columns.means));
  const form = cell(cells, columns.form);
  return {
    at: where,
    record: {
      source: "helloasso",
      externalId: ledgerLabel(externalId),
      amount,
      date,
      donor: donorOf(cells, columns),
      method: METHODS[means] ?? ledgerLabel(means || "card"),
      label: ledgerLabel(`Don HelloAsso ${form ? `${form} ` : ""}n° ${externalId}`),
    },
  };
}

/** The payments of a HelloAsso export; only authorized payments become records. */
export async function* parseHelloassoCsv(input: Readable): AsyncGenerator<DonationItem> {
  let columns: Columns | undefined;
  for await (const { line, cells } of csvRows(input)) {
    if (!columns) columns = columnsOf(cells);
    else yield rowItem(line, cells, columns);
  }
  if (!columns) throw new DonationFileError({ key: "ledger.donations.empty" });
}
