import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CsvTextError, openCsvText } from "./csv-text.ts";

async function* chunks(...parts: Buffer[]) {
  yield* parts;
}

async function read(...parts: Buffer[]) {
  const opened = await openCsvText(chunks(...parts));
  let text = "";
  for await (const piece of opened.text) text += piece;
  return { ...opened, text };
}

const reason = async (run: () => Promise<unknown>) =>
  run().then(
    () => undefined,
    (error: unknown) => (error instanceof CsvTextError ? error.reason : `other: ${error}`),
  );

describe("openCsvText: the one way a CSV file is opened as text", () => {
  it("reads UTF-8, its BOM dropped, with its header line and the delimiter it uses", async () => {
    const opened = await read(Buffer.from("\ufeffnom;ville\nJardin;Lille\n"));
    assert.equal(opened.header, "nom;ville");
    assert.equal(opened.delimiter, ";");
    assert.equal(opened.text, "nom;ville\nJardin;Lille\n");
  });

  it("reads Windows-1252, even when its first accent comes after the start", async () => {
    const start = Buffer.from("nom,ville\nJardin,Lille\n");
    const late = Buffer.from("Verger,Hellemmes \x80 \xe9t\xe9\n", "latin1");
    assert.equal((await read(start, late)).text, "nom,ville\nJardin,Lille\nVerger,Hellemmes € été\n");
  });

  it("refuses a binary or UTF-16 file, and UTF-8 that turns into something else", async () => {
    assert.equal(await reason(() => read(Buffer.from("nom;ville\n", "utf16le"))), "notText");
    assert.equal(await reason(() => read(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]))), "notText");
    const utf8 = Buffer.from("nom;ville\nÉcole;Lille\n");
    assert.equal(await reason(() => read(utf8, Buffer.from("Verger;\xe9\n", "latin1"))), "encoding");
  });

  it("prefers the caller's delimiter when the header line leaves it open", async () => {
    const opened = await openCsvText(chunks(Buffer.from("nom\n")), ["\t", ";", ","]);
    assert.equal(opened.delimiter, "\t");
  });

  it("either gives the whole text back or refuses with a CsvTextError, whatever the bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), async (parts) => {
        const outcome = await reason(() => read(...parts.map((p) => Buffer.from(p))));
        assert.ok(outcome === undefined || outcome === "notText" || outcome === "encoding", outcome);
      }),
    );
  });
});
