// Every exchange format, one way and back: records exported then imported are the same records once
// `checkCommons` has cleaned both, and no file, however broken, makes an importer throw anything but
// ImportFileError. (fast-check records have no prototype: they are spread into plain objects so that
// deepEqual compares them with what the importers build.)
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  type CommonsInput,
  checkCommons,
  DEFAULT_KINDS,
  GEO_SOURCES,
  LINK_TYPES,
  type PlaceInput,
} from "../../../core/commons.ts";
import { oneLine } from "../../../core/text.ts";
import { EXPORTERS, type ExportFormat, IMPORTERS } from "./index.ts";
import { type ExportMeta, type ExportRecord, ImportFileError, type ImportItem } from "./types.ts";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 50);
const KINDS = DEFAULT_KINDS.map((kind) => kind.slug);
const FORMATS: readonly ExportFormat[] = ["csv", "geojson", "jsonld", "gogocarto"];
const META: ExportMeta = {
  baseUrl: "https://communs.example",
  instanceName: "Communs",
  space: { slug: "lille", name: "Assemblée des communs de Lille" },
};

async function* each<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

async function exported(format: ExportFormat, records: readonly ExportRecord[]): Promise<string> {
  let text = "";
  for await (const chunk of EXPORTERS[format].exporter(each(records), META)) text += chunk;
  return text;
}

async function imported(format: ExportFormat, file: string | Uint8Array): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  const input = Readable.from([typeof file === "string" ? Buffer.from(file) : Buffer.from(file)]);
  for await (const item of IMPORTERS[format].importer(input, {})) items.push(item);
  return items;
}

/** What a record should come back as: cleaned, and pointing back to our record when it had no origin. */
function expected(record: ExportRecord): CommonsInput {
  const clean = checkCommons(record, KINDS);
  clean.origin ??= { source: "communs", id: record.id, revision: null };
  return clean;
}

function readBack(item: ImportItem | undefined): CommonsInput {
  assert.ok(item && "record" in item, `expected a record, got ${JSON.stringify(item)}`);
  return checkCommons(item.record, KINDS);
}

function place(values: Partial<PlaceInput>): ExportRecord["places"][number] {
  return {
    label: "",
    street: "",
    postcode: "",
    commune: "",
    inseeCode: "",
    country: "FR",
    latitude: null,
    longitude: null,
    coarse: false,
    geo: null,
    ...values,
  };
}

function record(values: Partial<ExportRecord> & { id: string; name: string }): ExportRecord {
  const slug = values.slug ?? `commun-${values.id.slice(-4)}`;
  return {
    slug,
    url: `${META.baseUrl}/lille/communs/${slug}`,
    kindLabel: "Jardin",
    createdAt: "2024-03-01T10:00:00.000Z",
    updatedAt: "2024-05-02T08:30:00.000Z",
    summary: "",
    description: "",
    kind: "jardin",
    status: "active",
    contact: "",
    tags: [],
    places: [],
    links: [],
    origin: null,
    ...values,
  };
}

const SAMPLES: readonly ExportRecord[] = [
  record({
    id: "0190a5c4-0000-7000-8000-000000000001",
    name: 'Jardin partagé « Les Épis » ; côté "cour"',
    summary: 'Un jardin; des "graines", des voisins',
    description: "- des bacs\r\n- un compost\n\n**Ouvert** le samedi ; entrée libre.\n=pas une formule",
    kind: "jardin",
    status: "dormant",
    contact: "epis@example.org",
    tags: ["compost", "potager | bio", "pain, vin", "a\\b", "-moins", "=égal"],
    links: [
      { type: "website", url: "https://epis.example.org/", label: "Le site | officiel" },
      { type: "communecter", url: "https://www.communecter.org/#@epis", label: "" },
      { type: "social", url: "https://mastodon.example/@epis", label: "Mastodon, le nôtre" },
      { type: "wiki", url: "https://wiki.example.org/wiki/Les_%C3%89pis", label: "Page du wiki" },
      { type: "other", url: "https://pad.example.org/p/epis?x=1,2", label: "" },
    ],
    places: [
      place({
        label: "Le jardin",
        street: "12 rue de l'Épeule",
        postcode: "59100",
        commune: "Roubaix",
        inseeCode: "59512",
        latitude: 50.6892,
        longitude: 3.1707,
        geo: { source: "ban", score: 0.93, at: "2024-03-01T10:00:00.000Z" },
      }),
      place({
        label: "Chez Zoé",
        street: "3 impasse des Lilas",
        commune: "Lille",
        postcode: "59000",
        latitude: 50.6311,
        longitude: 3.0571,
        coarse: true,
        geo: { source: "local-index", score: null, at: "2024-03-02T10:00:00.000Z" },
      }),
      place({ street: "Place du marché", commune: "Tourcoing", postcode: "59200" }),
      place({
        label: "La serre",
        commune: "Wattrelos",
        latitude: -33.8688,
        longitude: -151.2093,
        geo: { source: "manual", score: null, at: "2024-04-01T00:00:00.000Z" },
      }),
      place({ label: "Ailleurs", commune: "Bruxelles", country: "BE", latitude: 50.8467, longitude: 4.3525 }),
    ],
    origin: { source: "mediawiki:https://wiki.example.org/wiki", id: "Les Épis", revision: "4242" },
  }),
  record({
    id: "0190a5c4-0000-7000-8000-000000000002",
    name: '=HYPERLINK("https://evil.example")',
    summary: "+33 n'est pas une formule",
    description: "@ tous",
    kind: "logiciel",
    status: "gone",
    contact: "+33 3 20 00 00 00",
  }),
  record({
    id: "0190a5c4-0000-7000-8000-000000000003",
    name: "Boulangerie coopérative",
    kind: "alimentation",
    contact: "Demander à Zoé, le mardi",
    tags: ["pain, vin et fromage"],
    links: [{ type: "website", url: "https://pain.example/", label: "" }],
    places: [place({ commune: "Lille", latitude: 50.6292, longitude: 3.0573, coarse: true })],
    origin: { source: "gogocarto:https://carto.example", id: "42", revision: null },
  }),
];

describe("exchange formats: round trips", () => {
  for (const format of FORMATS) {
    it(`${format}: records come back as they went out`, async () => {
      const items = await imported(format, await exported(format, SAMPLES));
      assert.equal(items.length, SAMPLES.length);
      for (const [i, original] of SAMPLES.entries()) assert.deepEqual(readBack(items[i]), expected(original));
    });

    it(`${format}: an empty directory exports a file that imports to nothing`, async () => {
      assert.deepEqual(await imported(format, await exported(format, [])), []);
    });
  }
});

// --------------------------------------------------------------------------------------- properties

const TRICKY = fc.constantFrom(
  "a",
  "é",
  "Œ",
  ";",
  ",",
  '"',
  "'",
  "|",
  "\\",
  "=",
  "-",
  "+",
  "@",
  " ",
  "\n",
  "\r\n",
  "\r",
  "\t",
  "«",
  "😀",
  "\u0000",
  "\ud800",
  "\ufeff",
  "{",
  "[",
);
const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: "grapheme", maxLength }),
    fc.array(TRICKY, { maxLength }).map((parts) => parts.join("")),
  );
const line = (max: number) => text(max).filter((value) => [...oneLine(value)].length <= max);
const filledLine = (max: number) => line(max).filter((value) => oneLine(value) !== "");
const identifier = filledLine(40).map(oneLine);

const coordinate = (max: number) => fc.integer({ min: -max * 1e7, max: max * 1e7 }).map((n) => n / 1e7);
const geo = fc
  .record({
    source: fc.constantFrom(...GEO_SOURCES),
    score: fc.option(fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000)),
    at: fc
      .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString()),
  })
  .map((values) => ({ ...values }));
const placeArbitrary = fc
  .record({
    label: line(40),
    street: line(60),
    postcode: fc.oneof(fc.constant(""), fc.stringMatching(/^[0-9A-Z]{2,8}$/)),
    commune: line(40),
    inseeCode: fc.oneof(fc.constant(""), fc.stringMatching(/^[0-9][0-9AB][0-9]{3}$/)),
    country: fc.constantFrom("FR", "BE", "CH"),
    point: fc.option(fc.tuple(coordinate(90), coordinate(180))),
    coarse: fc.boolean(),
    geo: fc.option(geo),
  })
  .map(({ point, ...values }) =>
    place({ ...values, latitude: point?.[0] ?? null, longitude: point?.[1] ?? null }),
  );
const linkArbitrary = fc
  .record({
    type: fc.constantFrom(...LINK_TYPES),
    url: fc.webUrl({ withQueryParameters: true, withFragments: true }).filter((url) => url.length <= 300),
    label: line(40),
  })
  .map((values) => ({ ...values }));
const contact = fc.oneof(
  line(60),
  fc.emailAddress().filter((email) => email.length <= 200),
  fc.stringMatching(/^\+?[0-9 ]{6,20}$/),
);
const exportRecord = fc
  .record({
    id: fc.uuid(),
    slug: fc.stringMatching(/^[a-z0-9]{1,20}(-[a-z0-9]{1,10}){0,2}$/),
    name: filledLine(80),
    summary: line(80),
    description: text(300),
    kind: fc.constantFrom(...KINDS),
    status: fc.constantFrom("active" as const, "dormant" as const, "gone" as const),
    contact,
    tags: fc.array(filledLine(30), { maxLength: 6 }),
    places: fc.array(placeArbitrary, { maxLength: 5 }),
    links: fc.array(linkArbitrary, { maxLength: 4 }),
    origin: fc.option(fc.record({ source: identifier, id: identifier, revision: fc.option(identifier) })),
  })
  .map((values) => record(values));

describe("exchange formats: properties", () => {
  for (const format of FORMATS) {
    it(`${format}: random records round-trip`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(exportRecord, { minLength: 1, maxLength: 3, selector: (r) => r.id }),
          async (records) => {
            const items = await imported(format, await exported(format, records));
            assert.equal(items.length, records.length);
            for (const [i, original] of records.entries())
              assert.deepEqual(readBack(items[i]), expected(original));
          },
        ),
        { numRuns: RUNS },
      );
    });

    it(`${format}: any file either reads or throws ImportFileError`, async () => {
      const sample = await exported(format, SAMPLES);
      const files = fc.oneof(
        fc.string({ unit: "binary" }),
        fc.uint8Array({ maxLength: 2000 }),
        fc.json().map((json) => json),
        fc.integer({ min: 0, max: sample.length }).map((cut) => sample.slice(0, cut)),
        fc
          .tuple(fc.integer({ min: 0, max: sample.length }), fc.string({ unit: "binary", maxLength: 5 }))
          .map(([at, junk]) => sample.slice(0, at) + junk + sample.slice(at)),
      );
      await fc.assert(
        fc.asyncProperty(files, async (file) => {
          try {
            await imported(format, file);
          } catch (error) {
            assert.ok(error instanceof ImportFileError, `threw ${String(error)}`);
            assert.match(error.detail.key, /^import\./);
          }
        }),
        { numRuns: RUNS * 4 },
      );
    });
  }

  for (const format of ["geojson", "jsonld", "gogocarto"] as const) {
    it(`${format}: a truncated file throws ImportFileError`, async () => {
      const sample = await exported(format, SAMPLES);
      const end = sample.trimEnd().length;
      for (const cut of [1, Math.floor(end / 3), Math.floor(end / 2), end - 1]) {
        await assert.rejects(imported(format, sample.slice(0, cut)), ImportFileError, `cut at ${cut}`);
      }
    });
  }
});
