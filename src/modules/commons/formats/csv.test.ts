import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { checkCommons } from "../../../core/commons.ts";
import { DomainError } from "../../../core/errors.ts";
import { CSV_HEADER, exportCsv, importCsv } from "./csv.ts";
import {
  clean,
  exportAll,
  importAll,
  KINDS,
  recordOf,
  samplePlace,
  sampleRecord,
} from "./samples.test-helpers.ts";
import { ImportFileError, type ImportItem } from "./types.ts";

const read = (file: string | Buffer | Readable, filename?: string) =>
  importAll(importCsv, file, { filename });

async function rejectsWith(file: string | Buffer, key: string): Promise<ImportFileError> {
  let caught: unknown;
  try {
    await read(file);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ImportFileError, `expected ImportFileError ${key}, got ${String(caught)}`);
  assert.equal(caught.detail.key, key);
  return caught;
}

const RECORD = sampleRecord({
  id: "0190a5c4-0000-7000-8000-00000000000a",
  slug: "atelier",
  kindLabel: "Mobilité",
  createdAt: "2024-03-01T10:00:00.000Z",
  updatedAt: "2024-03-02T10:00:00.000Z",
  name: "=Atelier vélo",
  summary: "Réparer; ensemble",
  description: "Ligne 1\nLigne 2",
  kind: "mobilite",
  status: "dormant",
  tags: ["vélo", "potager | bio"],
  links: [{ type: "website", url: "https://velo.example/", label: "Site" }],
  places: [1, 2, 3, 4].map((n) =>
    samplePlace({
      label: `Lieu ${n}`,
      postcode: "59000",
      commune: "Lille",
      inseeCode: "59350",
      latitude: 50 + n / 10,
      longitude: 3,
      coarse: n === 2,
    }),
  ),
});

describe("CSV export", () => {
  it("writes a BOM, French headers, `;`, CRLF and one row per commons", async () => {
    const text = await exportAll(exportCsv, [RECORD]);
    assert.ok(text.startsWith(`\ufeff${CSV_HEADER.join(";")}\r\n`));
    assert.ok(text.endsWith("\r\n"));
    assert.ok(CSV_HEADER.includes("lieu3_date_geo") && !CSV_HEADER.includes("lieu4_nom"));
    const row = text.slice(text.indexOf("\r\n") + 2);
    assert.match(
      row,
      /^0190a5c4-0000-7000-8000-00000000000a;atelier;'=Atelier vélo;"Réparer; ensemble";"Ligne 1\nLigne 2";mobilite;en sommeil;;vélo \| potager \\\| bio;website https:\/\/velo\.example\/ Site;Lieu 1;/,
    );
    assert.match(row, /;Lieu 2;;59000;Lille;59350;FR;50\.2;3;oui;;;;/);
    assert.match(row, /"\[\{""label"":""Lieu 4""/, "the fourth place goes to autres_lieux as JSON");
    const items = await read(text);
    assert.equal(items.length, 1);
    assert.equal(recordOf(items[0]).name, "=Atelier vélo");
    assert.deepEqual(
      clean(items[0]).places.map((p) => [p.label, p.latitude, p.coarse]),
      [
        ["Lieu 1", 50.1, false],
        ["Lieu 2", 50.2, true],
        ["Lieu 3", 50.3, false],
        ["Lieu 4", 50.4, false],
      ],
    );
  });
});

describe("CSV import", () => {
  it("reads a file with `,`, no BOM and LF line ends", async () => {
    const items = await read(
      'nom,resume,tags,latitude,longitude,id\n"Jardin, le vrai",Un résumé,a | b,50.63,3.06,17\n',
    );
    const record = clean(items[0]);
    assert.equal(record.name, "Jardin, le vrai");
    assert.equal(record.summary, "Un résumé");
    assert.deepEqual(record.tags, ["a", "b"]);
    assert.deepEqual([record.places[0]?.latitude, record.places[0]?.longitude], [50.63, 3.06]);
    assert.deepEqual(record.origin, { source: "csv", id: "17", revision: null });
  });

  it("reads a spreadsheet typed by hand with French headers", async () => {
    const file = [
      "Nom;Résumé;Thèmes;Adresse;Code postal;Ville;Latitude;Longitude;Site web;Statut;Type;Courriel",
      "La Ressourcerie;Réemploi et atelier vélo;réemploi, vélo;5 rue Pierre Mauroy;59000;Lille;50,6365;3,0635;https://ressourcerie.example;En sommeil;Mobilité;contact@ressourcerie.example",
      "Le Fournil;;pain;;;Roubaix;;;;actif;alimentation;",
      "",
    ].join("\r\n");
    const items = await read(file);
    assert.deepEqual(
      items.map((i) => i.at),
      ["ligne 2", "ligne 3"],
    );
    assert.deepEqual(clean(items[0]), {
      name: "La Ressourcerie",
      summary: "Réemploi et atelier vélo",
      description: "",
      kind: "mobilite",
      status: "dormant",
      contact: "contact@ressourcerie.example",
      tags: ["réemploi", "vélo"],
      places: [
        {
          label: "",
          street: "5 rue Pierre Mauroy",
          postcode: "59000",
          commune: "Lille",
          inseeCode: "",
          country: "FR",
          latitude: 50.6365,
          longitude: 3.0635,
          coarse: false,
          geo: null,
        },
      ],
      links: [{ type: "website", url: "https://ressourcerie.example", label: "" }],
      origin: { source: "csv", id: "la ressourcerie", revision: null },
    });
    const fournil = clean(items[1]);
    assert.equal(fournil.status, "active");
    assert.equal(fournil.kind, "alimentation");
    assert.equal(fournil.places[0]?.commune, "Roubaix");
  });

  it("reads Windows-1252 files as older spreadsheets save them", async () => {
    // "École œ;€" in Windows-1252: É = C9, œ = 9C, € = 80 (not valid UTF-8).
    const bytes = Buffer.concat([
      Buffer.from("Nom;Ville\r\n"),
      Buffer.from([0xc9, 0x63, 0x6f, 0x6c, 0x65, 0x20, 0x9c, 0x3b, 0x80]),
    ]);
    const [item] = await read(bytes);
    assert.equal(recordOf(item).name, "École œ");
    assert.equal(recordOf(item).places?.[0]?.commune, "€");
  });

  it("reads tab-separated files", async () => {
    const items = await read("nom\tville\nLe Local\tLille, centre\n", "annuaire.tsv");
    assert.equal(recordOf(items[0]).name, "Le Local");
    assert.equal(recordOf(items[0]).places?.[0]?.commune, "Lille, centre");
  });

  it("skips empty lines and gives the line each record starts on", async () => {
    const file = 'nom;description\r\nA;"un\r\ndeux"\r\n\r\n;;\r\nB;x\r\nC;"trois\nquatre\r\ncinq"\r\nD;y';
    const items = await read(file);
    assert.deepEqual(
      items.map((i) => [i.at, recordOf(i).name]),
      [
        ["ligne 2", "A"],
        ["ligne 6", "B"],
        ["ligne 7", "C"],
        ["ligne 10", "D"],
      ],
    );
  });

  it("passes unknown words and unreadable numbers on, for checkCommons to name them", async () => {
    const [item] = await read("nom;statut;latitude;longitude;type\nX;peut-être;abc;3;inconnu\n");
    const record = recordOf(item);
    assert.equal(record.status, "peut-être");
    assert.equal(record.places?.[0]?.latitude, "abc");
    assert.throws(
      () => checkCommons(record, KINDS),
      (error: unknown) =>
        error instanceof DomainError &&
        error.fields.status === "commons.statusUnknown" &&
        error.fields["places.0.latitude"] === "commons.latitudeInvalid" &&
        error.fields.kind === "commons.kindUnknown",
    );
  });

  it("follows the origin rule: origin columns, then our id, then the file's id or the name", async () => {
    const file = [
      "id;nom;origine_source;origine_id;origine_revision",
      "0190A5C4-0000-7000-8000-00000000000B;Ours;;;",
      "0190a5c4-0000-7000-8000-00000000000c;Imported;mediawiki:https://w;Page;7",
      "r-12;Theirs;;;",
      ";Sans Identifiant;;;",
    ].join("\n");
    const origins = (await read(file)).map((item) => recordOf(item).origin);
    assert.deepEqual(origins, [
      { source: "communs", id: "0190a5c4-0000-7000-8000-00000000000b", revision: null },
      { source: "mediawiki:https://w", id: "Page", revision: "7" },
      { source: "csv", id: "r-12", revision: null },
      { source: "csv", id: "sans identifiant", revision: null },
    ]);
  });

  it("reports a row without a name, or with unreadable extra places, as invalid", async () => {
    const items = await read("nom;resume;autres_lieux\n;orphelin;\nX;;[{oops\nY;;\n");
    assert.deepEqual(items[0], { at: "ligne 2", invalid: { key: "import.nameMissing" } });
    assert.deepEqual(items[1], {
      at: "ligne 3",
      invalid: { key: "import.csvPlacesInvalid", params: { column: "autres_lieux" } },
    });
    assert.equal(recordOf(items[2]).name, "Y");
  });

  it("yields the rows before a broken quoted row, then throws ImportFileError with its line", async () => {
    const items: ImportItem[] = [];
    let caught: unknown;
    try {
      for await (const item of importCsv(Readable.from(['nom;ville\nA;Lille\nB;"Roubaix\nC;Lens\n']), {}))
        items.push(item);
    } catch (error) {
      caught = error;
    }
    assert.deepEqual(
      items.map((i) => recordOf(i).name),
      ["A"],
    );
    assert.ok(caught instanceof ImportFileError);
    assert.deepEqual(caught.detail, { key: "import.csvMalformed", params: { line: 3 } });
  });

  it("refuses files it cannot read at all", async () => {
    await rejectsWith('"nom;ville\nA;Lille\n', "import.csvMalformed");
    await rejectsWith(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      "import.csvNotText",
    );
    await rejectsWith(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0]), "import.csvNotText");
    await rejectsWith("", "import.fileEmpty");
    await rejectsWith("\ufeff \r\n", "import.fileEmpty");
    await rejectsWith("ville;code postal\nLille;59000\n", "import.csvNoName");
    await rejectsWith(`nom\n"${"x".repeat(3 * 1024 * 1024)}`, "import.csvMalformed");
  });

  it("lets an error of the upload itself through unchanged", async () => {
    const failing = new Readable({
      read() {
        this.push("nom\nA\n");
        this.destroy(new Error("upload cut"));
      },
    });
    await assert.rejects(read(failing), /upload cut/);
  });

  it("streams a 50 000-row file from a generator", async () => {
    const ROWS = 50_000;
    async function* file() {
      yield "\ufeffid;nom;resume;tags;lieu1_commune;lieu1_latitude;lieu1_longitude\r\n";
      for (let i = 0; i < ROWS; i++) yield `r${i};Commun n°${i};Résumé ${i};a | b;Lille;50.${i};3.0\r\n`;
    }
    let count = 0;
    let last: ImportItem | undefined;
    for await (const item of importCsv(Readable.from(file()), {})) {
      count++;
      last = item;
    }
    assert.equal(count, ROWS);
    assert.equal(last?.at, `ligne ${ROWS + 1}`);
    assert.equal(recordOf(last).name, `Commun n°${ROWS - 1}`);
  });
});
