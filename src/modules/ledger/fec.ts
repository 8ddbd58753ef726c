import { once } from "node:events";
import type { Writable } from "node:stream";
import type { Kysely } from "kysely";
import { validationError } from "../../core/errors.ts";
import {
  FEC_COLUMNS,
  type FecLine,
  fecAmount,
  fecDate,
  fecFileName,
  fecRow,
  validSiren,
} from "../../core/ledger.ts";
import type { DialectName } from "../../db/connection.ts";
import type { Database, LedgerAccountKind } from "../../db/schema.ts";
import { accountByCode } from "./store.ts";
import * as store from "./store-fec.ts";

type Db = Kysely<Database>;

/**
 * The FEC (fichier des écritures comptables, LPF art. A47 A-1) of one space and one year, written as the
 * rows come out of the database: memory stays flat however many transfers the year holds.
 *
 * - Records end with CRLF: the text allows "retour chariot et/ou fin de ligne"; CRLF is what the
 *   auditors' Windows tools (Test Compta Demat, spreadsheets) read without a second thought.
 * - Text is encoded in ISO 8859-15, one of the three character sets A47 A-1 lists (UTF-8 is not one).
 * - The envelope layer (envelope and memo accounts, journal "ENV") is a budget memo, not bookkeeping:
 *   it is left out, from the lines and from the opening balances.
 */
export interface FecOptions {
  spaceId: string;
  year: number;
  siren: string;
}

export interface FecSummary {
  /** Records written, the header included. */
  lines: number;
  /** Entries (EcritureNum) written, the opening entry included. */
  entries: number;
  fileName: string;
}

const EOL = "\r\n";
const BATCH = 1000;
const BALANCE_SHEET_KINDS: LedgerAccountKind[] = ["asset", "liability", "equity"];
const CARRIED_FORWARD = { code: "110", label: "Report à nouveau" };

const JOURNALS: Record<string, string> = {
  BQ: "Banque",
  CA: "Caisse",
  OD: "Opérations diverses",
  AN: "À-nouveaux",
};

export function journalLabel(code: string): string {
  return JOURNALS[code] ?? code;
}

/** Checks the options; the file's name follows from them (closing date: 31 December). */
export function checkFecOptions(options: FecOptions): FecOptions & { fileName: string } {
  const errors: Record<string, string> = {};
  if (!validSiren(options.siren)) errors.siren = "ledger.sirenInvalid";
  if (!Number.isInteger(options.year) || options.year < 2000 || options.year > 2100)
    errors.year = "ledger.yearInvalid";
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { ...options, fileName: fecFileName(options.siren, `${options.year}-12-31`) };
}

/** Latin-9 bytes; the few characters it lacks become their plain look-alikes, or "?". */
const LOOK_ALIKES: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2026": "...",
  "\u00a0": " ",
  "\u202f": " ",
};
const LATIN9_ONLY: Record<string, number> = {
  "€": 0xa4,
  Š: 0xa6,
  š: 0xa8,
  Ž: 0xb4,
  ž: 0xb8,
  Œ: 0xbc,
  œ: 0xbd,
  Ÿ: 0xbe,
};

/** What Latin-1 does not write as Latin-9 would: text without any takes the short way. */
const NOT_LATIN1_ALIKE = /[\u00a4\u00a6\u00a8\u00b4\u00b8\u00bc-\u00be\u0100-\uffff]/;

/** A character Latin-9 has no byte for, or whose byte it gave to another character. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the class spells out Latin-9's byte range
const NOT_IN_LATIN9 = /[^\u0000-\u00a3\u00a5\u00a7\u00a9-\u00b3\u00b5-\u00b7\u00b9-\u00bb\u00bf-\u00ff]/gu;

export function latin9(text: string): Buffer {
  if (!NOT_LATIN1_ALIKE.test(text)) return Buffer.from(text, "latin1");
  // Each character becomes the Latin-1 character whose byte Latin-9 gives it, so that one latin1
  // encoding writes the whole text: no array of bytes, whatever its length.
  const mapped = text.normalize("NFC").replace(NOT_IN_LATIN9, (char) => {
    const byte = LATIN9_ONLY[char];
    return byte !== undefined ? String.fromCharCode(byte) : (LOOK_ALIKES[char] ?? "?");
  });
  return Buffer.from(mapped, "latin1");
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(latin9(text))) await once(out, "drain");
}

const EMPTY_LINE = Object.fromEntries(FEC_COLUMNS.map((c) => [c, ""])) as FecLine;

function line(fields: Partial<FecLine>): string {
  return fecRow({ ...EMPTY_LINE, ...fields }) + EOL;
}

/** Posted debits less credits per balance-sheet account, from every transfer before the year. */
async function openingBalances(db: Db, spaceId: string, year: number) {
  const accounts = new Map<string, { label: string; kind: LedgerAccountKind; net: number }>();
  for (const [rows, sign] of [
    [await store.openingSide(db, spaceId, year, "debit"), 1],
    [await store.openingSide(db, spaceId, year, "credit"), -1],
  ] as const)
    for (const row of rows) {
      const account = accounts.get(row.code) ?? { label: row.label, kind: row.kind, net: 0 };
      account.net += sign * Number(row.total);
      accounts.set(row.code, account);
    }
  return accounts;
}

/**
 * The opening entry: each balance-sheet account's balance carried from the years before, and what
 * income less spending left over the years set against 110 Report à nouveau, so that it balances.
 */
async function openingLines(db: Db, spaceId: string, year: number): Promise<string[]> {
  const accounts = await openingBalances(db, spaceId, year);
  let carried = 0;
  const balances = new Map<string, { label: string; net: number }>();
  for (const [code, account] of accounts) {
    if (account.kind === "income" || account.kind === "expense") carried += account.net;
    else if (BALANCE_SHEET_KINDS.includes(account.kind)) balances.set(code, account);
  }
  if (carried !== 0) {
    const existing = balances.get(CARRIED_FORWARD.code);
    const own = await accountByCode(db, spaceId, CARRIED_FORWARD.code);
    balances.set(CARRIED_FORWARD.code, {
      label: own?.label ?? CARRIED_FORWARD.label,
      net: (existing?.net ?? 0) + carried,
    });
  }
  const date = fecDate(`${year}-01-01`);
  return [...balances]
    .filter(([, account]) => account.net !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, account]) =>
      line({
        JournalCode: "AN",
        JournalLib: journalLabel("AN"),
        EcritureNum: "1",
        EcritureDate: date,
        CompteNum: code,
        CompteLib: account.label,
        PieceRef: `AN${year}`,
        PieceDate: date,
        EcritureLib: `Reprise des soldes au 1er janvier ${year}`,
        Debit: fecAmount(Math.max(account.net, 0)),
        Credit: fecAmount(Math.max(-account.net, 0)),
        ValidDate: date,
      }),
    );
}

type Row = Awaited<ReturnType<typeof store.fecPage>>[number];

/** A transfer as two records: its debit, then its credit. */
function transferLines(row: Row, ecritureNum: number): string {
  const amount = fecAmount(Number(row.amount));
  const common = {
    JournalCode: row.journal,
    JournalLib: journalLabel(row.journal),
    EcritureNum: String(ecritureNum),
    EcritureDate: fecDate(row.date),
    // The books' own entry number when no piece is named: it leads the auditor back to the ledger.
    PieceRef: row.pieceRef || String(row.number),
    PieceDate: fecDate(row.date),
    EcritureLib: row.label,
    ValidDate: fecDate(row.entryDate),
  };
  return (
    line({ ...common, CompteNum: row.debitCode, CompteLib: row.debitLabel, Debit: amount, Credit: "0,00" }) +
    line({ ...common, CompteNum: row.creditCode, CompteLib: row.creditLabel, Debit: "0,00", Credit: amount })
  );
}

/**
 * Writes the FEC of a year to `out` (which it does not end), page by page on the entry number
 * (entries written after it starts, beyond the year's last one, are not read). The
 * books number every entry, pending and voided ones and envelope moves included; the FEC only holds
 * posted bookkeeping, so its EcritureNum is renumbered from 1 without gaps, in the books' order.
 */
export async function writeFec(
  db: Db,
  _dialect: DialectName,
  options: FecOptions,
  out: Writable,
): Promise<FecSummary> {
  const { spaceId, year, fileName } = checkFecOptions(options);
  await write(out, FEC_COLUMNS.join("\t") + EOL);
  let lines = 1;
  let entries = 0;
  const opening = await openingLines(db, spaceId, year);
  if (opening.length > 0) {
    await write(out, opening.join(""));
    lines += opening.length;
    entries = 1;
  }
  const range = await store.entryRange(db, spaceId, year);
  let lastNumber = -1;
  for (let from = range.first; from <= range.last; from += BATCH) {
    const rows = await store.fecPage(db, spaceId, year, from, Math.min(from + BATCH - 1, range.last));
    let chunk = "";
    for (const row of rows) {
      const number = Number(row.number);
      if (number !== lastNumber) entries += 1;
      lastNumber = number;
      chunk += transferLines(row, entries);
      lines += 2;
    }
    if (chunk) await write(out, chunk);
  }
  return { lines, entries, fileName };
}
