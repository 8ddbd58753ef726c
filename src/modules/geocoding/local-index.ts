import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { CsvError, parse } from "csv-parse";
import type { Kysely } from "kysely";
import { fold } from "../../core/commons.ts";
import {
  type AddressQuery,
  type GeocodeResult,
  type Geocoder,
  GeocodingError,
  isFrench,
  type StreetParts,
  splitStreet,
} from "../../core/geocoding.ts";
import type { Database, GeoAddressTable } from "../../db/schema.ts";
import { nearestInBox, streetRows, upsertAddresses } from "./store.ts";

/** Rows per transaction (each written in statements of a few hundred rows, see the store). */
const TRANSACTION_ROWS = 5000;

/** The columns of adresse.data.gouv.fr's `adresses-XX.csv` that the index reads, by name. */
const COLUMNS = ["id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune", "lon", "lat"];

type BanRecord = Record<string, string>;

/**
 * Indexes a BAN département CSV (`adresses-59.csv`, gzipped or not) into `geo_addresses`, upserting by
 * the BAN id so that indexing the same file again changes nothing. Rows without a number or a position
 * are skipped and counted. `onProgress` receives the number of rows indexed so far after each batch.
 */
export async function buildLocalIndex(
  db: Kysely<Database>,
  input: Readable,
  onProgress?: (rows: number) => void,
): Promise<{ rows: number; skipped: number }> {
  const { source, gzip } = await sniff(input);
  const parser = parse({
    delimiter: ";",
    bom: true,
    columns: checkHeader,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  const done = gzip ? pipeline(source, createGunzip(), parser) : pipeline(source, parser);
  done.catch(() => {}); // the same error reaches the loop below through the parser
  let rows = 0;
  let skipped = 0;
  let batch = new Map<string, GeoAddressTable>();
  try {
    for await (const record of parser as AsyncIterable<BanRecord>) {
      const row = toRow(record);
      if (!row) {
        skipped++;
        continue;
      }
      batch.set(row.id, row);
      rows++;
      if (batch.size >= TRANSACTION_ROWS) {
        await upsertAddresses(db, [...batch.values()]);
        batch = new Map();
        onProgress?.(rows);
      }
    }
    await done;
    if (!headerSeen(parser)) throw new GeocodingError("geocoding.index.empty_file");
    await upsertAddresses(db, [...batch.values()]);
    onProgress?.(rows);
    return { rows, skipped };
  } catch (error) {
    throw indexError(error);
  } finally {
    if (!input.readableEnded) input.destroy();
  }
}

/** Reads the first bytes to tell a gzip file (magic 1f 8b) from plain text, then gives back the whole. */
async function sniff(input: Readable): Promise<{ source: Readable; gzip: boolean }> {
  const chunks: AsyncIterator<Buffer | string> = input[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await chunks.next();
    if (next.done) break;
    head = Buffer.concat([head, Buffer.from(next.value)]);
  }
  async function* whole(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      yield Buffer.from(next.value);
  }
  return {
    source: Readable.from(whole(), { objectMode: false }),
    gzip: head[0] === 0x1f && head[1] === 0x8b,
  };
}

function checkHeader(header: string[]): string[] {
  const missing = COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0)
    throw new GeocodingError("geocoding.index.not_ban", { missing: missing.join(", ") });
  return header;
}

function headerSeen(parser: { options: { columns: unknown } }): boolean {
  return Array.isArray(parser.options.columns);
}

function indexError(error: unknown): unknown {
  if (error instanceof GeocodingError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines ?? 0;
    return new GeocodingError("geocoding.index.bad_line", { line }, { cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("Z_")) {
    return new GeocodingError("geocoding.index.bad_file", {}, { cause: error });
  }
  return error;
}

/** "12" and "bis" are kept as "12 bis": the number as written, then the folded repetition index. */
function storedNumber(numero: number, rep: string): string {
  const index = fold(rep);
  return index ? `${numero} ${index}` : String(numero);
}

function readNumber(stored: string): { number: number; rep: string } {
  const [digits = "", rep = ""] = stored.split(" ");
  return { number: Number(digits), rep };
}

function coordinate(raw: string | undefined, max: number): number | null {
  const value = raw?.trim() ? Number(raw) : Number.NaN;
  return Number.isFinite(value) && Math.abs(value) <= max ? value : null;
}

function toRow(record: BanRecord): GeoAddressTable | null {
  const id = record.id?.trim() ?? "";
  const numero = record.numero?.trim() ?? "";
  const latitude = coordinate(record.lat, 90);
  const longitude = coordinate(record.lon, 180);
  if (!id || !/^\d+$/.test(numero) || latitude === null || longitude === null) return null;
  const street = record.nom_voie?.trim() ?? "";
  const commune = record.nom_commune?.trim() ?? "";
  return {
    id,
    number: storedNumber(Number(numero), record.rep ?? ""),
    street,
    street_folded: fold(street),
    postcode: record.code_postal?.trim() ?? "",
    insee_code: record.code_insee?.trim() ?? "",
    commune,
    commune_folded: fold(commune),
    latitude,
    longitude,
  };
}

/** Same number and index; same number, another index; the street alone. */
const SCORE = { exact: 1, otherRep: 0.9, street: 0.6 } as const;

/** Geocodes from the BAN rows indexed in `geo_addresses`: exact folded street names only. */
export function createLocalGeocoder(db: Kysely<Database>): Geocoder {
  return {
    source: "local-index",
    async geocode(query: AddressQuery) {
      if (!isFrench(query)) return null;
      const wanted = splitStreet(query.street);
      if (!wanted.name) return null;
      const rows = await streetRows(db, wanted.name, query.postcode.trim(), fold(query.commune));
      const found = pick(rows, wanted);
      return found && toResult(found.row, found.score, found.withNumber);
    },
    reverse: (latitude, longitude) => nearest(db, latitude, longitude),
  };
}

function byNumber(a: GeoAddressTable, b: GeoAddressTable): number {
  const x = readNumber(a.number);
  const y = readNumber(b.number);
  return x.number - y.number || x.rep.localeCompare(y.rep);
}

function pick(
  rows: GeoAddressTable[],
  wanted: StreetParts,
): { row: GeoAddressTable; score: number; withNumber: boolean } | null {
  if (rows.length === 0) return null;
  const sorted = [...rows].sort(byNumber);
  if (wanted.number !== null) {
    const sameNumber = sorted.filter((row) => readNumber(row.number).number === wanted.number);
    const exact = sameNumber.find((row) => readNumber(row.number).rep === wanted.rep);
    if (exact) return { row: exact, score: SCORE.exact, withNumber: true };
    // sorted puts the plain number before its "bis", "ter"…
    const [other] = sameNumber;
    if (other) return { row: other, score: SCORE.otherRep, withNumber: true };
  }
  const median = sorted[Math.floor(sorted.length / 2)] as GeoAddressTable;
  return { row: median, score: SCORE.street, withNumber: false };
}

function toResult(row: GeoAddressTable, score: number, withNumber: boolean): GeocodeResult {
  const street = withNumber ? `${row.number} ${row.street}` : row.street;
  return {
    latitude: row.latitude,
    longitude: row.longitude,
    score,
    source: "local-index",
    label: [street, row.postcode, row.commune].filter(Boolean).join(" "),
    street,
    postcode: row.postcode,
    commune: row.commune,
    inseeCode: row.insee_code,
  };
}

/** Search boxes around a point, in degrees of latitude: about 220 m, then ×4 up to about 14 km. */
const REVERSE_FIRST_BOX = 0.002;
const REVERSE_LAST_BOX = 0.128;
const METRES_PER_DEGREE = 111_195;
/** A reverse answer's score falls from 1 on the point to 0 at this distance. */
const REVERSE_SCORE_METRES = 1000;

async function nearest(
  db: Kysely<Database>,
  latitude: number,
  longitude: number,
): Promise<GeocodeResult | null> {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  const scale = Math.cos((latitude * Math.PI) / 180);
  const distance = (row: GeoAddressTable) =>
    Math.hypot(row.latitude - latitude, (row.longitude - longitude) * scale);
  for (let box = REVERSE_FIRST_BOX; box <= REVERSE_LAST_BOX; box *= 4) {
    let row = await nearestInBox(db, latitude, longitude, scale, box);
    if (!row) continue;
    // A point found in a box's corner may be farther than one just outside it: look again that far.
    if (distance(row) > box) row = (await nearestInBox(db, latitude, longitude, scale, distance(row))) ?? row;
    const metres = distance(row) * METRES_PER_DEGREE;
    const score = Math.round(Math.max(0, 1 - metres / REVERSE_SCORE_METRES) * 100) / 100;
    return toResult(row, score, true);
  }
  return null;
}
