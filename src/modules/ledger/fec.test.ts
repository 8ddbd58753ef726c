import assert from "node:assert/strict";
import { PassThrough, Writable } from "node:stream";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildChamber } from "../../../test/helpers/factories.ts";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { FEC_COLUMNS } from "../../core/ledger.ts";
import type { Database } from "../../db/schema.ts";
import { latin9, writeFec } from "./fec.ts";
import type { BookingInput, Ledger } from "./service.ts";

const SIREN = "443061841";
const CHART = [
  ["512", "Banque", "asset"],
  ["530", "Caisse", "asset"],
  ["4681", "Frais des bénévoles à rembourser", "liability"],
  ["6132", "Locations immobilières", "expense"],
  ["754", "Dons manuels", "income"],
  ["ENV", "Réserve des enveloppes", "memo"],
  ["ENV-SALLE", "Enveloppe salle", "envelope"],
] as const;

type Record18 = Record<(typeof FEC_COLUMNS)[number], string>;

/** Everything the writer sent, decoded from ISO 8859-15, and how many chunks it came in. */
async function fecOf(
  ledger: Ledger,
  h: { db: { kysely: unknown; dialect: "sqlite" | "postgres" } },
  slug: string,
  year = 2026,
) {
  const space = await ledger.chamber(slug);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const summary = await writeFec(
    h.db.kysely as Parameters<typeof writeFec>[0],
    h.db.dialect,
    { spaceId: space.id, year, siren: SIREN },
    out,
  );
  out.end();
  const text = new TextDecoder("iso-8859-15").decode(Buffer.concat(chunks));
  return { summary, text, chunks: chunks.length };
}

function records(text: string): { header: string[]; rows: Record18[] } {
  assert.ok(text.endsWith("\r\n"), "each record ends with CRLF");
  const lines = text.slice(0, -2).split("\r\n");
  for (const line of lines) assert.equal(line.split("\t").length, 18, line);
  const [header = "", ...rest] = lines;
  return {
    header: header.split("\t"),
    rows: rest.map((line) => {
      const fields = line.split("\t");
      return Object.fromEntries(FEC_COLUMNS.map((c, i) => [c, fields[i] ?? ""])) as Record18;
    }),
  };
}

const cents = (amount: string) => {
  assert.match(amount, /^\d+,\d{2}$/);
  const [euros = "0", rest = "0"] = amount.split(",");
  return Number(euros) * 100 + Number(rest);
};

/** The rules every FEC keeps, whatever the books: numbering, dates, amounts, balance per entry. */
function checkRules(rows: Record18[], year: number) {
  let previous = 0;
  const perEntry = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    const num = Number(row.EcritureNum);
    assert.ok(num === previous || num === previous + 1, `EcritureNum ${num} after ${previous}`);
    previous = num;
    for (const date of [row.EcritureDate, row.PieceDate, row.ValidDate])
      assert.match(date, new RegExp(`^${year}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])$`));
    const debit = cents(row.Debit);
    const credit = cents(row.Credit);
    assert.ok((debit === 0) !== (credit === 0), "one side per line");
    perEntry.set(row.EcritureNum, (perEntry.get(row.EcritureNum) ?? 0) + debit - credit);
    total += debit - credit;
    for (const empty of [
      "CompAuxNum",
      "CompAuxLib",
      "EcritureLet",
      "DateLet",
      "Montantdevise",
      "Idevise",
    ] as const)
      assert.equal(row[empty], "");
    assert.doesNotMatch(row.CompteNum, /^ENV/);
    assert.notEqual(row.JournalCode, "ENV");
  }
  for (const [num, balance] of perEntry) assert.equal(balance, 0, `entry ${num} is balanced`);
  assert.equal(total, 0);
  if (rows.length > 0) assert.equal(rows[0]?.EcritureNum, "1");
}

/** Debits less credits per account, as the FEC says. */
function netPerAccount(rows: Record18[]) {
  const net = new Map<string, number>();
  for (const row of rows)
    net.set(row.CompteNum, (net.get(row.CompteNum) ?? 0) + cents(row.Debit) - cents(row.Credit));
  return net;
}

for (const dialect of testDialects()) {
  describe(`FEC export [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let ledger: Ledger;
    let admin: { id: string; isAdmin: boolean };
    let n = 0;

    async function chamber(slug: string) {
      await buildChamber(h.app, { by: admin, slug, name: `Chambre ${slug}` });
      for (const [code, label, kind] of CHART) await ledger.createAccount(slug, { code, label, kind });
    }
    const book = (
      slug: string,
      input: Partial<BookingInput> & Pick<BookingInput, "debit" | "credit" | "amount" | "date">,
    ) =>
      ledger.book(slug, {
        idempotencyKey: `op-${++n}`,
        label: "Opération",
        journal: "BQ",
        status: "posted",
        ...input,
      });

    before(async () => {
      admin = await buildAdmin(h.app, "Trésorière");
      ledger = h.app.communs.ledger;
    });

    describe("a chamber's year", () => {
      const slug = "chambre-annee";
      let first: Awaited<ReturnType<typeof fecOf>>;

      before(async () => {
        await chamber(slug);
        // 2025: what the opening entry carries (bank 380 €, against 110 for the year's surplus).
        await book(slug, {
          debit: "512",
          credit: "754",
          amount: 50_000,
          date: "2025-11-03",
          label: "Don 2025",
        });
        await book(slug, {
          debit: "6132",
          credit: "512",
          amount: 12_000,
          date: "2025-12-10",
          label: "Salle 2025",
        });
        // 2026
        await book(slug, {
          debit: "512",
          credit: "754",
          amount: 30_000,
          date: "2026-02-14",
          label: "Don de Camille",
          pieceRef: "HA-1",
        });
        await book(slug, {
          debit: "530",
          credit: "754",
          amount: 5_050,
          date: "2026-03-01",
          label: "Don en espèces",
          journal: "CA",
        });
        await book(slug, {
          debit: "ENV",
          credit: "ENV-SALLE",
          amount: 20_000,
          date: "2026-03-02",
          journal: "ENV",
        });
        const reserve = await book(slug, {
          debit: "ENV-SALLE",
          credit: "ENV",
          amount: 12_000,
          date: "2026-04-10",
          journal: "ENV",
          status: "pending",
        });
        const claim = await book(slug, {
          debit: "6132",
          credit: "4681",
          amount: 12_000,
          date: "2026-04-10",
          label: "Salle du 10 avril",
          journal: "OD",
          status: "pending",
        });
        const rejected = await book(slug, {
          debit: "6132",
          credit: "4681",
          amount: 8_000,
          date: "2026-05-02",
          label: "Salle refusée",
          journal: "OD",
          status: "pending",
        });
        await ledger.settle(slug, reserve.transfer.id, "post", "post-reserve");
        await ledger.settle(slug, claim.transfer.id, "post", "post-claim");
        await ledger.settle(slug, rejected.transfer.id, "void", "void-rejected");
        await book(slug, {
          debit: "4681",
          credit: "512",
          amount: 12_000,
          date: "2026-06-01",
          label: "Remboursement salle",
        });
        first = await fecOf(ledger, h, slug);
      });

      it("names the file and counts what it wrote", () => {
        assert.equal(first.summary.fileName, "443061841FEC20261231.txt");
        // header + opening (512, 110) + 4 transfers of two lines
        assert.equal(first.summary.lines, 1 + 2 + 8);
        assert.equal(first.summary.entries, 5);
      });

      it("writes the 18 columns, the rules' dates and amounts, and balanced, continuous entries", () => {
        const { header, rows } = records(first.text);
        assert.deepEqual(header, [...FEC_COLUMNS]);
        assert.equal(header.join("\t"), FEC_COLUMNS.join("\t"));
        checkRules(rows, 2026);
        assert.deepEqual(
          rows.map((r) => [
            r.JournalCode,
            r.JournalLib,
            r.EcritureNum,
            r.EcritureDate,
            r.CompteNum,
            r.Debit,
            r.Credit,
          ]),
          [
            ["AN", "À-nouveaux", "1", "20260101", "110", "0,00", "380,00"],
            ["AN", "À-nouveaux", "1", "20260101", "512", "380,00", "0,00"],
            ["BQ", "Banque", "2", "20260214", "512", "300,00", "0,00"],
            ["BQ", "Banque", "2", "20260214", "754", "0,00", "300,00"],
            ["CA", "Caisse", "3", "20260301", "530", "50,50", "0,00"],
            ["CA", "Caisse", "3", "20260301", "754", "0,00", "50,50"],
            ["OD", "Opérations diverses", "4", "20260410", "6132", "120,00", "0,00"],
            ["OD", "Opérations diverses", "4", "20260410", "4681", "0,00", "120,00"],
            ["BQ", "Banque", "5", "20260601", "4681", "120,00", "0,00"],
            ["BQ", "Banque", "5", "20260601", "512", "0,00", "120,00"],
          ],
        );
        const don = rows[2] as Record18;
        assert.equal(don.CompteLib, "Banque");
        assert.equal(don.PieceRef, "HA-1");
        assert.equal(don.PieceDate, "20260214");
        assert.equal(don.EcritureLib, "Don de Camille");
        assert.equal(don.ValidDate, "20260214");
        assert.equal(rows[1]?.CompteLib, "Banque");
        assert.equal(rows[0]?.CompteLib, "Report à nouveau");
        // No piece named: the books' entry number stands for it.
        assert.match(rows[4]?.PieceRef ?? "", /^\d+$/);
        assert.equal(rows[6]?.CompteLib, "Locations immobilières");
      });

      it("leaves out pending, voided and envelope transfers", () => {
        const { rows } = records(first.text);
        assert.ok(!rows.some((r) => r.Debit === "80,00" || r.Credit === "80,00"), "the voided claim");
        assert.equal(rows.filter((r) => r.CompteNum === "6132").length, 1, "the claim once, as posted");
        assert.ok(!rows.some((r) => r.CompteNum.startsWith("ENV") || r.JournalCode === "ENV"));
        assert.ok(!first.text.includes("Enveloppe"));
      });

      it("adds up to the ledger's balances", async () => {
        const { rows } = records(first.text);
        const net = netPerAccount(rows);
        const balances = new Map((await ledger.accounts(slug)).map((a) => [a.code, a.debits - a.credits]));
        for (const code of ["512", "530", "4681"]) assert.equal(net.get(code) ?? 0, balances.get(code), code);
        // Income and spending: this year's only; the years before are in 110.
        assert.equal(net.get("754"), (balances.get("754") ?? 0) + 50_000);
        assert.equal(net.get("6132"), (balances.get("6132") ?? 0) - 12_000);
        assert.equal(net.get("110"), -(50_000 - 12_000));
      });

      it("leaves the next year out, and writes the same file again", async () => {
        await book(slug, {
          debit: "512",
          credit: "754",
          amount: 7_000,
          date: "2027-01-05",
          label: "Don 2027",
        });
        const again = await fecOf(ledger, h, slug);
        assert.equal(again.text, first.text);
        const next = records((await fecOf(ledger, h, slug, 2027)).text).rows;
        checkRules(next, 2027);
        const opening = netPerAccount(next.filter((r) => r.JournalCode === "AN"));
        assert.deepEqual(
          [...opening].sort(),
          [
            ["110", -(38_000 + 35_050 - 12_000)],
            ["512", 38_000 + 30_000 - 12_000],
            ["530", 5_050],
          ].sort(),
        );
      });

      it("refuses a bad SIREN or year", async () => {
        const space = await ledger.chamber(slug);
        for (const [options, field, key] of [
          [{ siren: "443061842", year: 2026 }, "siren", "ledger.sirenInvalid"],
          [{ siren: "44306184", year: 2026 }, "siren", "ledger.sirenInvalid"],
          [{ siren: SIREN, year: 1999 }, "year", "ledger.yearInvalid"],
          [{ siren: SIREN, year: 2026.5 }, "year", "ledger.yearInvalid"],
        ] as const) {
          await assert.rejects(
            writeFec(h.db.kysely, h.db.dialect, { spaceId: space.id, ...options }, new PassThrough()),
            (error: unknown) =>
              error instanceof DomainError &&
              error.code === "VALIDATION_FAILED" &&
              error.fields[field] === key,
          );
        }
      });
    });

    it("streams a year of 20 000 transfers page by page", async () => {
      const slug = "chambre-volume";
      await chamber(slug);
      const space = await ledger.chamber(slug);
      // Generated straight into the tables, 500 rows a statement: booking 20 000 transfers one by one
      // takes minutes on PostgreSQL, and the FEC only reads entries, transfers and accounts.
      const accounts = new Map(
        (
          await h.db.kysely
            .selectFrom("ledger_accounts")
            .select(["id", "code"])
            .where("space_id", "=", space.id)
            .execute()
        ).map((a) => [a.code, a.id]),
      );
      const now = new Date().toISOString();
      for (let start = 0; start < 20_000; start += 500) {
        const entries: Database["ledger_entries"][] = [];
        const transfers: Database["ledger_transfers"][] = [];
        for (let i = start; i < start + 500; i++) {
          const entryId = newId();
          const date = `2026-${String(1 + (i % 12)).padStart(2, "0")}-15`;
          entries.push({
            id: entryId,
            space_id: space.id,
            number: i + 1,
            date,
            journal: "BQ",
            label: "x",
            created_at: now,
          });
          transfers.push({
            id: newId(),
            space_id: space.id,
            entry_id: entryId,
            idempotency_key: `volume-${i}`,
            debit_account_id: accounts.get(i % 2 ? "512" : "6132") as string,
            credit_account_id: accounts.get(i % 2 ? "754" : "512") as string,
            amount: 100 + (i % 997),
            date,
            label: `Mouvement ${i}`,
            journal: "BQ",
            piece_ref: "",
            status: "posted",
            pending_id: null,
            reverses_id: null,
            source_type: null,
            source_id: null,
            hash: null,
            created_at: now,
          });
        }
        await h.db.kysely.insertInto("ledger_entries").values(entries).execute();
        await h.db.kysely.insertInto("ledger_transfers").values(transfers).execute();
      }
      let newlines = 0;
      let writes = 0;
      const counter = new Writable({
        highWaterMark: 1024,
        write(chunk: Buffer, _encoding, done) {
          writes += 1;
          for (const byte of chunk) if (byte === 0x0a) newlines += 1;
          setImmediate(done); // a slow reader: the writer must wait for it
        },
      });
      const summary = await writeFec(
        h.db.kysely,
        h.db.dialect,
        { spaceId: space.id, year: 2026, siren: SIREN },
        counter,
      );
      assert.equal(newlines, 1 + 40_000);
      assert.equal(summary.lines, 1 + 40_000);
      assert.equal(summary.entries, 20_000);
      assert.ok(writes >= 20, `written in pages, not at once (${writes} writes)`);
    });

    it("is balanced per entry and in total whatever the bookings (property)", async () => {
      const real = ["512", "530", "4681", "6132", "754"];
      const budget = ["ENV", "ENV-SALLE"];
      const pair = (codes: string[]) =>
        fc.tuple(fc.constantFrom(...codes), fc.constantFrom(...codes)).filter(([a, b]) => a !== b);
      const operation = fc.oneof(
        fc.record({
          kind: fc.constant("book" as const),
          accounts: fc.oneof({ weight: 4, arbitrary: pair(real) }, { weight: 1, arbitrary: pair(budget) }),
          amount: fc.integer({ min: 1, max: 1_000_000 }),
          date: fc.constantFrom("2025-06-30", "2025-12-31", "2026-01-01", "2026-07-14", "2026-12-31"),
          pending: fc.boolean(),
        }),
        fc.record({ kind: fc.constant("settle" as const), which: fc.nat(), post: fc.boolean() }),
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { maxLength: 25 }), async (operations) => {
          const slug = `chambre-prop-${++run}`;
          await chamber(slug);
          const pending: string[] = [];
          for (const op of operations) {
            try {
              if (op.kind === "book") {
                const { transfer } = await book(slug, {
                  debit: op.accounts[0],
                  credit: op.accounts[1],
                  amount: op.amount,
                  date: op.date,
                  journal: op.accounts[0].startsWith("ENV") ? "ENV" : "OD",
                  status: op.pending ? "pending" : "posted",
                });
                if (op.pending) pending.push(transfer.id);
              } else if (pending.length > 0) {
                const [id] = pending.splice(op.which % pending.length, 1);
                await ledger.settle(slug, id as string, op.post ? "post" : "void", `settle-${++n}`);
              }
            } catch (error) {
              if (!(error instanceof DomainError && error.code === "ENVELOPE_INSUFFICIENT")) throw error;
            }
          }
          const { summary, text } = await fecOf(ledger, h, slug);
          const { rows } = records(text);
          checkRules(rows, 2026);
          assert.equal(summary.lines, rows.length + 1);
          const net = netPerAccount(rows);
          const balances = await ledger.accounts(slug);
          for (const a of balances)
            if (["512", "530", "4681"].includes(a.code))
              assert.equal(net.get(a.code) ?? 0, a.debits - a.credits);
        }),
        { numRuns: 15 },
      );
    });
  });
}

describe("ISO 8859-15", () => {
  it("writes accents and € as Latin-9 bytes, and plain look-alikes for what it lacks", () => {
    assert.deepEqual([...latin9("é€œ")], [0xe9, 0xa4, 0xbd]);
    assert.equal(latin9("l’été – 3 € … ✓").toString("latin1"), "l'\u00e9t\u00e9 - 3 \u00a4 ... ?");
    assert.equal(latin9("e\u0301").length, 1, "decomposed accents are composed first");
  });

  it("gives back any Latin-9 text as it was, and one byte per character of any other text", () => {
    const decoder = new TextDecoder("iso-8859-15");
    const repertoire = [...decoder.decode(Uint8Array.from({ length: 256 }, (_, i) => i))];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...repertoire)), (chars) => {
        const text = chars.join("");
        assert.equal(decoder.decode(latin9(text)), text);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), (text) => {
        const bytes = latin9(text);
        const out = decoder.decode(bytes);
        assert.ok(!out.includes("\ufffd"));
        for (const char of text.normalize("NFC"))
          if (repertoire.includes(char)) assert.ok(out.includes(char), `${char} kept`);
      }),
    );
  });
});
