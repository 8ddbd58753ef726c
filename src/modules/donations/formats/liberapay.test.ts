import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { parseLiberapayCsv } from "./liberapay.ts";
import { DonationFileError, type DonationItem } from "./types.ts";

const FIXTURE = new URL("../../../../test/fixtures/donations/liberapay-patrons.csv", import.meta.url);

async function collect(items: AsyncIterable<DonationItem>): Promise<DonationItem[]> {
  const all: DonationItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const text = (csv: string) => parseLiberapayCsv(Readable.from([Buffer.from(csv)]));
const HEADER =
  "pledge_date,patron_id,patron_username,patron_public_name,donation_currency,weekly_amount,patron_avatar_url";

describe("Liberapay patrons export", () => {
  it("reads each pledge in euros; private amounts and other currencies are skipped", async () => {
    assert.deepEqual(await collect(parseLiberapayCsv(createReadStream(FIXTURE))), [
      {
        at: "ligne 2",
        record: {
          source: "liberapay",
          externalId: "1847734:2026-03-12",
          amount: 250,
          date: "2026-03-12",
          donor: { name: "Erika R.", email: "" },
          method: "liberapay",
          label: "Don Liberapay par semaine",
        },
      },
      {
        at: "ligne 3",
        record: {
          source: "liberapay",
          externalId: "1847917:2026-03-15",
          amount: 480,
          date: "2026-03-15",
          donor: null,
          method: "liberapay",
          label: "Don Liberapay par semaine",
        },
      },
      { at: "ligne 4", skipped: { key: "ledger.donations.amountPrivate" } },
      { at: "ligne 5", skipped: { key: "ledger.donations.currency", params: { currency: "CHF" } } },
      {
        at: "ligne 6",
        record: {
          source: "liberapay",
          externalId: "1847734:2026-05-20",
          amount: 300,
          date: "2026-05-20",
          donor: { name: "Erika R.", email: "" },
          method: "liberapay",
          label: "Don Liberapay par semaine",
        },
      },
      {
        at: "ligne 7",
        record: {
          source: "liberapay",
          externalId: "1849120:2026-06-01",
          amount: 25,
          date: "2026-06-01",
          donor: { name: "camille", email: "" },
          method: "liberapay",
          label: "Don Liberapay par semaine",
        },
      },
    ]);
  });

  it("gives the same external ids when the same export is read again", async () => {
    const ids = async () =>
      (await collect(parseLiberapayCsv(createReadStream(FIXTURE)))).flatMap((item) =>
        "record" in item ? [item.record.externalId] : [],
      );
    const first = await ids();
    assert.equal(new Set(first).size, 4);
    assert.deepEqual(await ids(), first);
  });

  it("reports broken rows and rejects a file that is not a patrons export", async () => {
    assert.deepEqual(
      await collect(
        text(`${HEADER}\n2026-13-01,1,a,,EUR,1.00,\n2026-01-01,,a,,EUR,1.00,\n2026-01-01,2,b,,EUR,1.005,\n`),
      ),
      [
        { at: "ligne 2", invalid: { key: "ledger.donations.dateInvalid" } },
        { at: "ligne 3", invalid: { key: "ledger.donations.idMissing" } },
        { at: "ligne 4", invalid: { key: "ledger.donations.amountInvalid" } },
      ],
    );
    await assert.rejects(collect(text("name,amount\na,1\n")), (error) => {
      assert.ok(error instanceof DonationFileError);
      assert.deepEqual(error.detail, {
        key: "ledger.donations.columnMissing",
        params: { column: "pledge_date" },
      });
      return true;
    });
  });

  it("streams a 50 000-row export", async () => {
    const ROWS = 50_000;
    async function* file() {
      let chunk = `${HEADER}\n`;
      for (let i = 0; i < ROWS; i++) {
        chunk += `2026-01-01,${i},p${i},,EUR,1.00,\n`;
        if (chunk.length > 16_000) {
          yield Buffer.from(chunk);
          chunk = "";
        }
      }
      yield Buffer.from(chunk);
    }
    let count = 0;
    for await (const item of parseLiberapayCsv(Readable.from(file()))) if ("record" in item) count++;
    assert.equal(count, ROWS);
  });
});
