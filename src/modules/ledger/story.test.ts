// A chamber's year, told step by step as the seed's chamber lives it: donations come in by hand, from
// HelloAsso, Liberapay and the bank statement; the assembly funds the room envelope (a room at 120 € a
// day); members claim their expenses, which are approved and paid, rejected or waived; a donation typed
// twice is corrected by a reversal; the year is closed and 2027 begins. After every step `ledger verify`
// finds nothing; at the end the whole ledger is compared with a table computed by hand from the fixture
// files, and the FEC of both years is read back byte by byte.
import assert from "node:assert/strict";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { after, before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildChamber, buildMember } from "../../../test/helpers/factories.ts";
import { DomainError } from "../../core/errors.ts";
import type { Person } from "../accounts/service.ts";
import type { Claims } from "../claims/service.ts";
import {
  type BankMapping,
  parseBankCsv,
  parseHelloassoCsv,
  parseLiberapayCsv,
} from "../donations/formats/index.ts";
import type { DonationImportReport, DonationImports } from "../donations/imports.ts";
import type { Donations } from "../donations/service.ts";
import { checkFecOptions, writeFec } from "./fec.ts";
import { DEFAULT_CHART, type Ledger } from "./service.ts";

const SLUG = "chambre-des-tilleuls";
/** A fictional SIREN whose Luhn checksum holds. */
const SIREN = "123456782";
const FIXTURES = new URL("../../../test/fixtures/donations/", import.meta.url);
/** La Banque Postale's columns, as the treasurer maps them. */
const BANK_MAPPING: BankMapping = {
  date: "Date",
  amount: "Montant(EUROS)",
  label: "Libellé",
  dateFormat: "DD/MM/YYYY",
};

/** The 18 columns as RULES.md ("Ledger", FEC) lists them, typed here rather than imported. */
const RULES_FEC_HEADER =
  "JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum CompAuxLib PieceRef PieceDate EcritureLib Debit Credit EcritureLet DateLet ValidDate Montantdevise Idevise".split(
    " ",
  );

async function code(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.code;
  }
}

const fixture = (name: string) => createReadStream(new URL(name, FIXTURES));

/**
 * The whole ledger at the end of the story, per account code: [debits, credits, pending debits,
 * pending credits] in cents. Worked out by hand:
 * - 512: donations 200 + 60 + 60 (Le Goff, twice) + Liberapay 2,50 + 4,80 + 3 + 0,25 + HelloAsso 25 + 10
 *   + 1 234,56 + 120 + bank 80 + 150 + 1 000 + 1 000 + 50 in 2027 = 4 000,11 in; out: rooms 120 + 240, the
 *   meal 86,40, the reversal 60 = 506,40.
 * - 754: the same donations less cash, plus cash 40 and the waived train 45,50 = 4 035,61 in 2026 and 50
 *   in 2027; the reversal 60 and the year close 3 975,61 on the debit side.
 * - 120: the 2026 result, 3 975,61 − 360 (rooms) − 131,90 (train 45,50 + meal 86,40) = 3 483,71.
 * - ENV-SALLE: Thérèse's 200 and the assembly's 360 in; rooms 120 + 240 out; the 2027 room reserved.
 */
const EXPECTED_ACCOUNTS: Record<string, [number, number, number, number]> = {
  "110": [0, 0, 0, 0],
  "120": [49_190, 397_561, 0, 0],
  "4681": [0, 0, 0, 0],
  "512": [400_011, 50_640, 0, 0],
  "530": [4_000, 0, 0, 0],
  "604": [0, 0, 0, 0],
  "606": [0, 0, 0, 0],
  "6132": [36_000, 36_000, 0, 0],
  "618": [0, 0, 0, 0],
  "6226": [0, 0, 0, 0],
  "623": [0, 0, 0, 0],
  "625": [13_190, 13_190, 0, 0],
  "6257": [0, 0, 0, 0],
  "626": [0, 0, 0, 0],
  "627": [0, 0, 0, 0],
  "754": [403_561, 408_561, 0, 0],
  "7542": [0, 0, 0, 0],
  ENV: [56_000, 36_000, 0, 12_000],
  "ENV-SALLE": [36_000, 56_000, 12_000, 0],
};

/** What each import reports it left out of the fixture files, line by line. */
const LIBERAPAY_SKIPPED = [
  { at: "ligne 4", reason: { key: "ledger.donations.amountPrivate" } },
  { at: "ligne 5", reason: { key: "ledger.donations.currency", params: { currency: "CHF" } } },
];
const HELLOASSO_SKIPPED = [
  { at: "ligne 3", reason: { key: "ledger.donations.notPaid", params: { state: "Remboursé" } } },
  { at: "ligne 6", reason: { key: "ledger.donations.notPaid", params: { state: "Refusé" } } },
];
const BANK_SKIPPED = [
  { at: "ligne 3", reason: { key: "ledger.donations.debit" } },
  { at: "ligne 7", reason: { key: "ledger.donations.debit" } },
];

type TransferLine = [
  number, // entry number in the books
  string, // date
  string, // journal
  string, // debit account
  string, // credit account
  number, // amount in cents
  "pending" | "posted" | "voided",
  number | null, // the entry it reverses
  number | null, // the pending entry it settles
];

/** Every transfer of the story, in the books' order. */
const EXPECTED_TRANSFERS: TransferLine[] = [
  // 1. Thérèse's cheque, for the room envelope.
  [1, "2026-01-10", "BQ", "512", "754", 20_000, "posted", null, null],
  [2, "2026-01-10", "ENV", "ENV", "ENV-SALLE", 20_000, "posted", null, null],
  // 2. Cash in the box at the January assembly.
  [3, "2026-01-24", "CA", "530", "754", 4_000, "posted", null, null],
  // 3. The assembly's budget: three days of room at 120 €.
  [4, "2026-02-01", "ENV", "ENV", "ENV-SALLE", 36_000, "posted", null, null],
  // 4. Malo's room for the March plenary: reserved, paid, reservation posted.
  [5, "2026-03-14", "ENV", "ENV-SALLE", "ENV", 12_000, "pending", null, null],
  [6, "2026-03-20", "BQ", "6132", "512", 12_000, "posted", null, null],
  [7, "2026-03-14", "ENV", "ENV-SALLE", "ENV", 12_000, "posted", null, 5],
  // 5. Yann's transfer, typed twice, the second reversed.
  [8, "2026-03-25", "BQ", "512", "754", 6_000, "posted", null, null],
  [9, "2026-03-25", "BQ", "512", "754", 6_000, "posted", null, null],
  [10, "2026-03-31", "BQ", "754", "512", 6_000, "posted", 9, null],
  // 6. Inès's two days of workshop room.
  [11, "2026-05-03", "ENV", "ENV-SALLE", "ENV", 24_000, "pending", null, null],
  [12, "2026-05-10", "BQ", "6132", "512", 24_000, "posted", null, null],
  [13, "2026-05-03", "ENV", "ENV-SALLE", "ENV", 24_000, "posted", null, 11],
  // 7. The Liberapay patrons export (private amounts and francs left out).
  [14, "2026-03-12", "BQ", "512", "754", 250, "posted", null, null],
  [15, "2026-03-15", "BQ", "512", "754", 480, "posted", null, null],
  [16, "2026-05-20", "BQ", "512", "754", 300, "posted", null, null],
  [17, "2026-06-01", "BQ", "512", "754", 25, "posted", null, null],
  // 8. The June room, lent free by the town hall: the claim is rejected, its reservation voided.
  [18, "2026-06-20", "ENV", "ENV-SALLE", "ENV", 12_000, "pending", null, null],
  [19, "2026-06-20", "ENV", "ENV-SALLE", "ENV", 12_000, "voided", null, 18],
  // 9. Inès gives up her train ticket: an abandon de frais, booked as a donation.
  [20, "2026-09-12", "OD", "625", "754", 4_550, "posted", null, null],
  // 10. Malo's autumn assembly meal, with no envelope.
  [21, "2026-10-05", "BQ", "625", "512", 8_640, "posted", null, null],
  // 11. The HelloAsso export (refunded and refused payments left out).
  [22, "2026-10-09", "BQ", "512", "754", 2_500, "posted", null, null],
  [23, "2026-10-12", "BQ", "512", "754", 1_000, "posted", null, null],
  [24, "2026-10-15", "BQ", "512", "754", 123_456, "posted", null, null],
  [25, "2026-11-02", "BQ", "512", "754", 12_000, "posted", null, null],
  // 12. The bank statement's credits (its two debits left out).
  [26, "2026-11-02", "BQ", "512", "754", 8_000, "posted", null, null],
  [27, "2026-11-05", "BQ", "512", "754", 15_000, "posted", null, null],
  [28, "2026-11-07", "BQ", "512", "754", 100_000, "posted", null, null],
  [29, "2026-11-07", "BQ", "512", "754", 100_000, "posted", null, null],
  // 13. The year close: the result accounts into 120, in code order.
  [30, "2026-12-31", "CL", "120", "6132", 36_000, "posted", null, null],
  [31, "2026-12-31", "CL", "120", "625", 13_190, "posted", null, null],
  [32, "2026-12-31", "CL", "754", "120", 397_561, "posted", null, null],
  // 14. 2027: Gaspard's donation, and the January room reserved.
  [33, "2027-01-08", "BQ", "512", "754", 5_000, "posted", null, null],
  [34, "2027-01-16", "ENV", "ENV-SALLE", "ENV", 12_000, "pending", null, null],
];

type FecRecord = Record<string, string>;

/** A FEC file read back: its raw bytes, its text decoded as ISO 8859-15, its records. */
function parseFec(bytes: Buffer) {
  const text = new TextDecoder("iso-8859-15").decode(bytes);
  assert.ok(text.endsWith("\r\n"), "the last record ends with CRLF");
  assert.doesNotMatch(text, /[^\r]\n/, "every line break is CRLF");
  assert.doesNotMatch(text, /\r(?!\n)/, "no lone carriage return");
  const lines = text.slice(0, -2).split("\r\n");
  for (const line of lines) assert.equal(line.split("\t").length, 18, `18 columns: ${line}`);
  const [header = "", ...rest] = lines;
  const names = header.split("\t");
  return {
    text,
    names,
    rows: rest.map((line) => {
      const fields = line.split("\t");
      return Object.fromEntries(names.map((name, i) => [name, fields[i] ?? ""])) as FecRecord;
    }),
  };
}

const cents = (amount: string) => {
  assert.match(amount, /^\d+,\d{2}$/, "a decimal comma, no thousands separator");
  const [euros = "", rest = ""] = amount.split(",");
  return Number(euros) * 100 + Number(rest);
};

/** The rules every FEC keeps (RULES.md), whatever its content. */
function checkFecRules(rows: FecRecord[], year: number, chart: Set<string>) {
  const perEntry = new Map<string, number>();
  let previous = 0;
  for (const row of rows) {
    const num = Number(row.EcritureNum);
    assert.ok(num === previous || num === previous + 1, `EcritureNum ${num} follows ${previous}`);
    previous = num;
    for (const column of ["EcritureDate", "PieceDate", "ValidDate"])
      assert.match(
        row[column] ?? "",
        new RegExp(`^${year}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])$`),
        `${column} as AAAAMMJJ`,
      );
    const debit = cents(row.Debit ?? "");
    const credit = cents(row.Credit ?? "");
    assert.ok((debit === 0) !== (credit === 0), "each line on one side");
    perEntry.set(row.EcritureNum ?? "", (perEntry.get(row.EcritureNum ?? "") ?? 0) + debit - credit);
    assert.ok(chart.has(row.CompteNum ?? ""), `CompteNum ${row.CompteNum} is in the chart`);
    assert.doesNotMatch(row.CompteNum ?? "", /^ENV/, "budget accounts left out");
    assert.ok(["AN", "BQ", "CA", "OD"].includes(row.JournalCode ?? ""), `journal ${row.JournalCode}`);
    for (const empty of ["CompAuxNum", "CompAuxLib", "EcritureLet", "DateLet", "Montantdevise", "Idevise"])
      assert.equal(row[empty], "", `${empty} is empty`);
  }
  assert.equal(rows[0]?.EcritureNum, "1", "entries numbered from 1");
  for (const [num, net] of perEntry) assert.equal(net, 0, `entry ${num}: sum Debit = sum Credit`);
}

/**
 * The records, each as its 18 fields joined by "|" (fields may not hold one), a bank row's id (a sha256
 * of its date, amount, label and rank in the file, 60 hex digits kept) shown as "<hash>".
 */
function fecLines(rows: FecRecord[]): string[] {
  return rows.map((row) =>
    RULES_FEC_HEADER.map((column) => row[column])
      .join("|")
      .replace(/\|[0-9a-f]{60}\|/, "|<hash>|"),
  );
}

for (const dialect of testDialects()) {
  describe(`a chamber's year 2026, step by step [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let ledger: Ledger;
    let donations: Donations;
    let claims: Claims;
    let imports: DonationImports;
    let treasurer: Person;
    let malo: Person;
    let ines: Person;
    let fecDir: string;
    const ids = new Map<number, string>(); // entry number → transfer id

    const verified = async () => assert.deepEqual(await ledger.verify(SLUG), []);
    const account = async (c: string) => {
      const found = (await ledger.accounts(SLUG)).find((a) => a.code === c);
      assert.ok(found, c);
      return found;
    };
    const entryCount = async () => {
      const space = await ledger.chamber(SLUG);
      const row = await h.db.kysely
        .selectFrom("ledger_entries")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("space_id", "=", space.id)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    /** Every transfer as a TransferLine, in the books' order; remembers their ids by entry number. */
    const transfers = async (): Promise<TransferLine[]> => {
      const space = await ledger.chamber(SLUG);
      const rows = await h.db.kysely
        .selectFrom("ledger_transfers as t")
        .innerJoin("ledger_entries as e", "e.id", "t.entry_id")
        .innerJoin("ledger_accounts as d", "d.id", "t.debit_account_id")
        .innerJoin("ledger_accounts as c", "c.id", "t.credit_account_id")
        .select([
          "t.id",
          "e.number",
          "t.date",
          "t.journal",
          "d.code as debit",
          "c.code as credit",
          "t.amount",
          "t.status",
          "t.reverses_id",
          "t.pending_id",
        ])
        .where("t.space_id", "=", space.id)
        .orderBy("e.number")
        .execute();
      const numberOf = new Map(rows.map((r) => [r.id, Number(r.number)]));
      for (const r of rows) ids.set(Number(r.number), r.id);
      return rows.map((r) => [
        Number(r.number),
        r.date,
        r.journal,
        r.debit,
        r.credit,
        Number(r.amount),
        r.status,
        r.reverses_id ? (numberOf.get(r.reverses_id) ?? -1) : null,
        r.pending_id ? (numberOf.get(r.pending_id) ?? -1) : null,
      ]);
    };
    /** The transfers so far match the expected table's first lines. */
    const booksSoFar = async (through: number) => {
      assert.deepEqual(await transfers(), EXPECTED_TRANSFERS.slice(0, through));
    };
    /** A report's counts and problems; the rows it lists are checked in the donations' own tests. */
    const counts = ({ rows: _, ...report }: DonationImportReport) => report;
    const importReport = (report: Partial<DonationImportReport>): Omit<DonationImportReport, "rows"> => ({
      dryRun: false,
      read: 0,
      booked: 0,
      known: 0,
      skipped: 0,
      invalid: 0,
      problems: [],
      failure: null,
      ...report,
    });

    before(async () => {
      ({ ledger, donations, claims, donationImports: imports } = h.app.communs);
      const aurore = await buildAdmin(h.app, "Aurore Vasseur");
      const chamber = await buildChamber(h.app, { by: aurore, slug: SLUG, name: "Chambre des Tilleuls" });
      treasurer = await buildMember(h.app, chamber, "treasurer", { name: "Bérénice Roussel" });
      malo = await buildMember(h.app, chamber, "member", { name: "Malo Kervella" });
      ines = await buildMember(h.app, chamber, "member", { name: "Inès Ferrand" });
      await ledger.createAccount(SLUG, {
        code: "ENV-SALLE",
        label: "Enveloppe location de salles",
        kind: "envelope",
      });
      fecDir = await mkdtemp(path.join(tmpdir(), "communs-fec-"));
    });

    after(async () => {
      if (fecDir) await rm(fecDir, { recursive: true, force: true });
    });

    it("1–2. records a named cheque for the room envelope and anonymous cash by hand", async () => {
      const therese = await donations.record(
        treasurer,
        SLUG,
        {
          amount: 20_000,
          date: "2026-01-10",
          donor: { name: "Thérèse Œillet", email: "therese@exemple.test" },
          display: "name",
          method: "cheque",
          envelope: "ENV-SALLE",
        },
        "don-therese-2026",
      );
      assert.equal(therese.donation.shownAs, "Thérèse Œillet");
      await verified();
      const cash = await donations.record(
        treasurer,
        SLUG,
        { amount: 4_000, date: "2026-01-24", method: "cash" },
        "don-especes-janvier",
      );
      assert.equal(cash.donation.shownAs, null, "an anonymous donor is not shown");
      await verified();
      await booksSoFar(3);
    });

    it("3. funds the room envelope: three days at 120 €", async () => {
      await ledger.book(SLUG, {
        idempotencyKey: "budget-salle-2026",
        debit: "ENV",
        credit: "ENV-SALLE",
        amount: 3 * 12_000,
        date: "2026-02-01",
        label: "Budget voté : trois jours de salle à 120 €",
        journal: "ENV",
        status: "posted",
      });
      const envelope = await account("ENV-SALLE");
      assert.equal(envelope.credits - envelope.debits - envelope.pendingDebits, 56_000);
      await verified();
      await booksSoFar(4);
    });

    it("4. approves and pays Malo's room for the March plenary", async () => {
      const claim = await claims.submit(malo, SLUG, {
        title: "Salle de la plénière du 14 mars",
        amount: 12_000,
        date: "2026-03-14",
        account: "6132",
        envelope: "ENV-SALLE",
      });
      await verified();
      await claims.approve(treasurer, claim.id);
      assert.equal((await account("ENV-SALLE")).pendingDebits, 12_000);
      await verified();
      await claims.pay(treasurer, claim.id, "2026-03-20");
      assert.equal((await claims.get(claim.id)).status, "paid");
      await verified();
      await booksSoFar(7);
    });

    it("5. corrects Yann's transfer typed twice by reversing the second", async () => {
      const yann = {
        amount: 6_000,
        date: "2026-03-25",
        donor: { name: "Yann Le Goff", email: "" },
        method: "transfer",
      };
      await donations.record(treasurer, SLUG, yann, "don-le-goff");
      await verified();
      const twice = await donations.record(treasurer, SLUG, yann, "don-le-goff-bis");
      await verified();
      const fix = {
        idempotencyKey: "annulation-doublon-le-goff",
        date: "2026-03-31",
        label: "Annulation : don de Yann Le Goff saisi deux fois",
      };
      const reversal = await ledger.reverse(SLUG, twice.donation.transferId, fix);
      assert.equal(reversal.transfer.reverses_id, twice.donation.transferId);
      const replay = await ledger.reverse(SLUG, twice.donation.transferId, fix);
      assert.deepEqual([replay.replayed, replay.transfer.id], [true, reversal.transfer.id]);
      await verified();
      await booksSoFar(10);
    });

    it("6. approves and pays Inès's two days of workshop room", async () => {
      const claim = await claims.submit(ines, SLUG, {
        title: "Salle de l’atelier des 2 et 3 mai",
        amount: 2 * 12_000,
        date: "2026-05-03",
        account: "6132",
        envelope: "ENV-SALLE",
      });
      await claims.approve(treasurer, claim.id);
      await verified();
      await claims.pay(treasurer, claim.id, "2026-05-10");
      await verified();
      await booksSoFar(13);
    });

    it("7. previews, then imports the Liberapay patrons export", async () => {
      const items = () => parseLiberapayCsv(fixture("liberapay-patrons.csv"));
      const before = await entryCount();
      const preview = await imports.run(treasurer, SLUG, items, { dryRun: true });
      assert.deepEqual(
        counts(preview),
        importReport({ dryRun: true, read: 6, booked: 4, skipped: 2, problems: LIBERAPAY_SKIPPED }),
      );
      assert.equal(await entryCount(), before, "a preview writes nothing");
      await verified();
      const report = await imports.run(treasurer, SLUG, items, { dryRun: false });
      assert.deepEqual(
        counts(report),
        importReport({ read: 6, booked: 4, skipped: 2, problems: LIBERAPAY_SKIPPED }),
      );
      await verified();
      await booksSoFar(17);
    });

    it("8. rejects the June room with a reason, voiding its reservation", async () => {
      const claim = await claims.submit(malo, SLUG, {
        title: "Salle du 20 juin",
        amount: 12_000,
        date: "2026-06-20",
        account: "6132",
        envelope: "ENV-SALLE",
      });
      await claims.approve(treasurer, claim.id);
      await verified();
      await claims.reject(treasurer, claim.id, "Salle prêtée gracieusement par la mairie");
      const rejected = await claims.get(claim.id);
      assert.deepEqual(
        [rejected.status, rejected.reason, rejected.decided_by],
        ["rejected", "Salle prêtée gracieusement par la mairie", treasurer.id],
      );
      assert.equal((await account("ENV-SALLE")).pendingDebits, 0);
      await verified();
      await booksSoFar(19);
    });

    it("9. books Inès's waived train ticket as a donation (abandon de frais)", async () => {
      const claim = await claims.submit(ines, SLUG, {
        title: "Train Lyon – Grenoble",
        amount: 4_550,
        date: "2026-09-12",
        account: "625",
      });
      await claims.waive(ines, claim.id);
      assert.equal((await claims.get(claim.id)).status, "waived");
      await verified();
      await booksSoFar(20);
    });

    it("10. pays Malo's autumn assembly meal, which no envelope holds", async () => {
      const claim = await claims.submit(malo, SLUG, {
        title: "Repas de l’assemblée d’automne",
        amount: 8_640,
        date: "2026-10-03",
        account: "625",
      });
      await claims.approve(treasurer, claim.id);
      assert.equal((await claims.get(claim.id)).reservation_id, null);
      await verified();
      await claims.pay(treasurer, claim.id, "2026-10-05");
      await verified();
      await booksSoFar(21);
    });

    it("11. imports the HelloAsso export, and a second import books nothing", async () => {
      const items = () => parseHelloassoCsv(fixture("helloasso-paiements.csv"));
      const report = await imports.run(treasurer, SLUG, items, { dryRun: false });
      assert.deepEqual(
        counts(report),
        importReport({ read: 6, booked: 4, skipped: 2, problems: HELLOASSO_SKIPPED }),
      );
      await verified();
      const again = await imports.run(treasurer, SLUG, items, { dryRun: false });
      assert.deepEqual(
        counts(again),
        importReport({ read: 6, known: 4, skipped: 2, problems: HELLOASSO_SKIPPED }),
      );
      await verified();
      await booksSoFar(25);
    });

    it("12. imports the bank statement's credits with the treasurer's column mapping", async () => {
      const items = () => parseBankCsv(fixture("banque-releve.csv"), BANK_MAPPING);
      const report = await imports.run(treasurer, SLUG, items, { dryRun: false });
      assert.deepEqual(
        counts(report),
        importReport({ read: 6, booked: 4, skipped: 2, problems: BANK_SKIPPED }),
      );
      await verified();
      const again = await imports.run(treasurer, SLUG, items, { dryRun: false });
      assert.deepEqual(
        counts(again),
        importReport({ read: 6, known: 4, skipped: 2, problems: BANK_SKIPPED }),
      );
      await verified();
      await booksSoFar(29);
      const space = await ledger.chamber(SLUG);
      const sources = await h.db.kysely
        .selectFrom("donations")
        .select(["source", (eb) => eb.fn.countAll<number | string>().as("n")])
        .where("space_id", "=", space.id)
        .groupBy("source")
        .execute();
      assert.deepEqual(Object.fromEntries(sources.map((s) => [s.source, Number(s.n)])), {
        manual: 4,
        liberapay: 4,
        helloasso: 4,
        bank: 4,
      });
    });

    it("13. closes 2026: the result accounts into 120, then nothing more dated in 2026", async () => {
      assert.deepEqual(await ledger.closeYear(SLUG, 2026), { entries: 3 });
      await verified();
      await booksSoFar(32);
      const before = await entryCount();
      assert.equal(await code(() => ledger.closeYear(SLUG, 2026)), "YEAR_CLOSED");
      assert.equal(
        await code(() =>
          ledger.book(SLUG, {
            idempotencyKey: "trop-tard",
            debit: "512",
            credit: "754",
            amount: 1_000,
            date: "2026-12-30",
            label: "Don oublié",
            journal: "BQ",
            status: "posted",
          }),
        ),
        "YEAR_CLOSED",
      );
      assert.equal(
        await code(() =>
          donations.record(treasurer, SLUG, { amount: 1_000, date: "2026-12-31" }, "don-saint-sylvestre"),
        ),
        "YEAR_CLOSED",
      );
      const late = await claims.submit(malo, SLUG, {
        title: "Ticket de bus oublié",
        amount: 180,
        date: "2026-12-15",
        account: "625",
      });
      assert.equal(await code(() => claims.waive(malo, late.id)), "YEAR_CLOSED");
      assert.equal((await claims.get(late.id)).status, "submitted", "nothing half done");
      // The same donation sent again still answers with the first one.
      const replay = await donations.record(
        treasurer,
        SLUG,
        {
          amount: 20_000,
          date: "2026-01-10",
          donor: { name: "Thérèse Œillet", email: "therese@exemple.test" },
          display: "name",
          method: "cheque",
          envelope: "ENV-SALLE",
        },
        "don-therese-2026",
      );
      assert.deepEqual([replay.replayed, replay.donation.transferId], [true, ids.get(1)]);
      assert.equal(await entryCount(), before, "nothing written into a closed year");
      await verified();
    });

    it("14. opens 2027: a donation, and the January room reserved", async () => {
      await donations.record(
        treasurer,
        SLUG,
        {
          amount: 5_000,
          date: "2027-01-08",
          donor: { name: "Gaspard Lefèvre", email: "" },
          method: "transfer",
        },
        "don-gaspard-2027",
      );
      await verified();
      const claim = await claims.submit(malo, SLUG, {
        title: "Salle de la plénière du 16 janvier",
        amount: 12_000,
        date: "2027-01-16",
        account: "6132",
        envelope: "ENV-SALLE",
      });
      await claims.approve(treasurer, claim.id);
      await verified();
      const space = await ledger.chamber(SLUG);
      const closed = await h.db.kysely
        .selectFrom("ledger_closed_years")
        .select("year")
        .where("space_id", "=", space.id)
        .execute();
      assert.deepEqual(
        closed.map((c) => String(c.year)),
        ["2026"],
        "2027 is open",
      );
    });

    it("ends with the ledger of the expected table", async () => {
      assert.deepEqual(await transfers(), EXPECTED_TRANSFERS);
      const accounts = await ledger.accounts(SLUG);
      assert.deepEqual(
        Object.fromEntries(
          accounts.map((a) => [a.code, [a.debits, a.credits, a.pendingDebits, a.pendingCredits]]),
        ),
        EXPECTED_ACCOUNTS,
      );
      assert.equal((await account("120")).balance, 348_371, "the 2026 result: 3 483,71 €");
      const envelope = await account("ENV-SALLE");
      assert.equal(envelope.credits - envelope.debits - envelope.pendingDebits, 8_000);
      await verified();
    });

    describe("the FEC of the story", () => {
      const files = new Map<number, { bytes: Buffer; fileName: string; lines: number; entries: number }>();
      /** The chamber's chart of accounts, less the budget memo. */
      const chart = new Set(DEFAULT_CHART.filter((a) => a.kind !== "memo").map((a) => a.code));

      before(async () => {
        const space = await ledger.chamber(SLUG);
        for (const year of [2026, 2027]) {
          const options = checkFecOptions({ spaceId: space.id, year, siren: SIREN });
          const target = path.join(fecDir, options.fileName);
          const out = createWriteStream(target);
          const written = await writeFec(h.db.kysely, h.db.dialect, options, out);
          out.end();
          await finished(out);
          files.set(year, { ...written, bytes: await readFile(target) });
        }
      });

      it("is named <SIREN>FEC<AAAAMMJJ of closing>.txt", async () => {
        assert.deepEqual((await readdir(fecDir)).sort(), [
          "123456782FEC20261231.txt",
          "123456782FEC20271231.txt",
        ]);
        assert.equal(files.get(2026)?.fileName, "123456782FEC20261231.txt");
        assert.equal(files.get(2027)?.fileName, "123456782FEC20271231.txt");
      });

      it("2026: 18 tab-separated columns named as the rules say, CRLF, ISO 8859-15", () => {
        const file = files.get(2026);
        assert.ok(file);
        const { names } = parseFec(file.bytes);
        assert.deepEqual(names, RULES_FEC_HEADER);
        const header = `${RULES_FEC_HEADER.join("\t")}\r\n`;
        assert.equal(file.bytes.subarray(0, header.length).toString("latin1"), header);
        // Thérèse Œillet in Latin-9: é è as in Latin-1, Œ at 0xBC (where Latin-1 has ¼).
        const therese = Buffer.from([
          0x54, 0x68, 0xe9, 0x72, 0xe8, 0x73, 0x65, 0x20, 0xbc, 0x69, 0x6c, 0x6c, 0x65, 0x74,
        ]);
        assert.ok(file.bytes.includes(therese), "the donor's name as ISO 8859-15 bytes");
        assert.ok(file.bytes.includes(Buffer.from("Déplacements, missions et réceptions", "latin1")));
        assert.ok(!file.bytes.includes(Buffer.from("é", "utf8")), "no UTF-8 left");
        assert.ok(!file.bytes.includes(Buffer.from("Œ", "utf8")), "no UTF-8 left");
        // What Latin-9 lacks becomes its plain look-alike: the apostrophe and the en dash.
        assert.ok(file.bytes.includes(Buffer.from("Salle de l'atelier des 2 et 3 mai", "latin1")));
        assert.ok(file.bytes.includes(Buffer.from("Train Lyon - Grenoble", "latin1")));
        assert.deepEqual([file.lines, file.entries], [1 + 2 * 21, 21]);
      });

      it("2026: the story's posted bookkeeping, numbered from 1, balanced, budget and closing left out", () => {
        const file = files.get(2026);
        assert.ok(file);
        const { rows, text } = parseFec(file.bytes);
        checkFecRules(rows, 2026, chart);
        assert.ok(!rows.some((r) => r.JournalCode === "ENV" || r.JournalCode === "CL"));
        assert.ok(!text.includes("Clôture"), "the year close's entries are not in the FEC");
        assert.ok(!text.includes("Enveloppe"));
        assert.deepEqual(fecLines(rows), [
          "BQ|Banque|1|20260110|512|Banque|||don-therese-2026|20260110|Don de Thérèse Œillet|200,00|0,00|||20260110||",
          "BQ|Banque|1|20260110|754|Dons manuels|||don-therese-2026|20260110|Don de Thérèse Œillet|0,00|200,00|||20260110||",
          "CA|Caisse|2|20260124|530|Caisse|||don-especes-janvier|20260124|Don|40,00|0,00|||20260124||",
          "CA|Caisse|2|20260124|754|Dons manuels|||don-especes-janvier|20260124|Don|0,00|40,00|||20260124||",
          // No piece named: the books' entry number (6) stands for it.
          "BQ|Banque|3|20260320|6132|Locations immobilières|||6|20260320|Remboursement : Salle de la plénière du 14 mars|120,00|0,00|||20260320||",
          "BQ|Banque|3|20260320|512|Banque|||6|20260320|Remboursement : Salle de la plénière du 14 mars|0,00|120,00|||20260320||",
          "BQ|Banque|4|20260325|512|Banque|||don-le-goff|20260325|Don de Yann Le Goff|60,00|0,00|||20260325||",
          "BQ|Banque|4|20260325|754|Dons manuels|||don-le-goff|20260325|Don de Yann Le Goff|0,00|60,00|||20260325||",
          "BQ|Banque|5|20260325|512|Banque|||don-le-goff-bis|20260325|Don de Yann Le Goff|60,00|0,00|||20260325||",
          "BQ|Banque|5|20260325|754|Dons manuels|||don-le-goff-bis|20260325|Don de Yann Le Goff|0,00|60,00|||20260325||",
          "BQ|Banque|6|20260331|754|Dons manuels|||don-le-goff-bis|20260331|Annulation : don de Yann Le Goff saisi deux fois|60,00|0,00|||20260331||",
          "BQ|Banque|6|20260331|512|Banque|||don-le-goff-bis|20260331|Annulation : don de Yann Le Goff saisi deux fois|0,00|60,00|||20260331||",
          "BQ|Banque|7|20260510|6132|Locations immobilières|||12|20260510|Remboursement : Salle de l'atelier des 2 et 3 mai|240,00|0,00|||20260510||",
          "BQ|Banque|7|20260510|512|Banque|||12|20260510|Remboursement : Salle de l'atelier des 2 et 3 mai|0,00|240,00|||20260510||",
          "BQ|Banque|8|20260312|512|Banque|||1847734:2026-03-12|20260312|Don|2,50|0,00|||20260312||",
          "BQ|Banque|8|20260312|754|Dons manuels|||1847734:2026-03-12|20260312|Don|0,00|2,50|||20260312||",
          "BQ|Banque|9|20260315|512|Banque|||1847917:2026-03-15|20260315|Don|4,80|0,00|||20260315||",
          "BQ|Banque|9|20260315|754|Dons manuels|||1847917:2026-03-15|20260315|Don|0,00|4,80|||20260315||",
          "BQ|Banque|10|20260520|512|Banque|||1847734:2026-05-20|20260520|Don|3,00|0,00|||20260520||",
          "BQ|Banque|10|20260520|754|Dons manuels|||1847734:2026-05-20|20260520|Don|0,00|3,00|||20260520||",
          "BQ|Banque|11|20260601|512|Banque|||1849120:2026-06-01|20260601|Don|0,25|0,00|||20260601||",
          "BQ|Banque|11|20260601|754|Dons manuels|||1849120:2026-06-01|20260601|Don|0,00|0,25|||20260601||",
          "OD|Opérations diverses|12|20260912|625|Déplacements, missions et réceptions|||20|20260912|Abandon de frais : Train Lyon - Grenoble|45,50|0,00|||20260912||",
          "OD|Opérations diverses|12|20260912|754|Dons manuels|||20|20260912|Abandon de frais : Train Lyon - Grenoble|0,00|45,50|||20260912||",
          "BQ|Banque|13|20261005|625|Déplacements, missions et réceptions|||21|20261005|Remboursement : Repas de l'assemblée d'automne|86,40|0,00|||20261005||",
          "BQ|Banque|13|20261005|512|Banque|||21|20261005|Remboursement : Repas de l'assemblée d'automne|0,00|86,40|||20261005||",
          "BQ|Banque|14|20261009|512|Banque|||152801622|20261009|Don|25,00|0,00|||20261009||",
          "BQ|Banque|14|20261009|754|Dons manuels|||152801622|20261009|Don|0,00|25,00|||20261009||",
          "BQ|Banque|15|20261012|512|Banque|||152802340|20261012|Don|10,00|0,00|||20261012||",
          "BQ|Banque|15|20261012|754|Dons manuels|||152802340|20261012|Don|0,00|10,00|||20261012||",
          "BQ|Banque|16|20261015|512|Banque|||152803001|20261015|Don|1234,56|0,00|||20261015||",
          "BQ|Banque|16|20261015|754|Dons manuels|||152803001|20261015|Don|0,00|1234,56|||20261015||",
          "BQ|Banque|17|20261102|512|Banque|||152804100|20261102|Don|120,00|0,00|||20261102||",
          "BQ|Banque|17|20261102|754|Dons manuels|||152804100|20261102|Don|0,00|120,00|||20261102||",
          "BQ|Banque|18|20261102|512|Banque|||<hash>|20261102|Don|80,00|0,00|||20261102||",
          "BQ|Banque|18|20261102|754|Dons manuels|||<hash>|20261102|Don|0,00|80,00|||20261102||",
          "BQ|Banque|19|20261105|512|Banque|||<hash>|20261105|Don|150,00|0,00|||20261105||",
          "BQ|Banque|19|20261105|754|Dons manuels|||<hash>|20261105|Don|0,00|150,00|||20261105||",
          "BQ|Banque|20|20261107|512|Banque|||<hash>|20261107|Don|1000,00|0,00|||20261107||",
          "BQ|Banque|20|20261107|754|Dons manuels|||<hash>|20261107|Don|0,00|1000,00|||20261107||",
          "BQ|Banque|21|20261107|512|Banque|||<hash>|20261107|Don|1000,00|0,00|||20261107||",
          "BQ|Banque|21|20261107|754|Dons manuels|||<hash>|20261107|Don|0,00|1000,00|||20261107||",
        ]);
        const [first, second] = [rows.at(-4), rows.at(-2)];
        assert.notEqual(first?.PieceRef, second?.PieceRef, "the two identical bank credits stay two pieces");
      });

      it("2027: opens with the balance sheet carried from the closed 2026, 120 included", () => {
        const file = files.get(2027);
        assert.ok(file);
        const { names, rows } = parseFec(file.bytes);
        assert.deepEqual(names, RULES_FEC_HEADER);
        checkFecRules(rows, 2027, chart);
        assert.deepEqual([file.lines, file.entries], [1 + 3 + 2, 2]);
        assert.deepEqual(fecLines(rows), [
          "AN|À-nouveaux|1|20270101|120|Résultat de l'exercice|||AN2027|20270101|Reprise des soldes au 1er janvier 2027|0,00|3483,71|||20270101||",
          "AN|À-nouveaux|1|20270101|512|Banque|||AN2027|20270101|Reprise des soldes au 1er janvier 2027|3443,71|0,00|||20270101||",
          "AN|À-nouveaux|1|20270101|530|Caisse|||AN2027|20270101|Reprise des soldes au 1er janvier 2027|40,00|0,00|||20270101||",
          "BQ|Banque|2|20270108|512|Banque|||don-gaspard-2027|20270108|Don de Gaspard Lefèvre|50,00|0,00|||20270108||",
          "BQ|Banque|2|20270108|754|Dons manuels|||don-gaspard-2027|20270108|Don de Gaspard Lefèvre|0,00|50,00|||20270108||",
        ]);
        // À-nouveaux and Résultat in Latin-9 bytes; the pending January room is not in the FEC.
        assert.ok(file.bytes.includes(Buffer.from([0x09, 0xc0, 0x2d, 0x6e, 0x6f, 0x75])));
        assert.ok(file.bytes.includes(Buffer.from("Résultat de l'exercice", "latin1")));
        assert.ok(!rows.some((r) => r.Debit === "120,00" || r.Credit === "120,00"));
      });
    });
  });
}
