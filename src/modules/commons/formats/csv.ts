import { pipeline, Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import type { PlaceInput } from "../../../core/commons.ts";
import { CsvTextError, openCsvText } from "../../../core/csv-text.ts";
import {
  draftOf,
  type Fields,
  fieldOf,
  isPlaceField,
  itemOf,
  normaliseKey,
  type PlaceField,
  placeFromJson,
  placeJson,
  placeOf,
  type RecordField,
} from "./fields.ts";
import { type Exporter, type Importer, ImportFileError, type ImportItem } from "./types.ts";
import { joinList, linkText, STATUS_LABELS } from "./values.ts";

/**
 * CSV as French spreadsheets open it: `;`, a UTF-8 BOM, CRLF, French headers, one row per commons. The
 * first three places have their own columns, further places go as JSON in `autres_lieux`. Tags and links
 * are lists in one cell (see `joinList`). Text cells that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a carriage return) are written with a leading `'`, which the import removes.
 */

const FORMAT = "csv";
const PLACES_IN_COLUMNS = 3;
/** Longest row read (bytes): far above any valid record, it keeps a stray quote from eating memory. */
const MAX_ROW_BYTES = 2 * 1024 * 1024;
/** How much of the file is read to find the header line and its delimiter. */

const PLACE_COLUMNS: readonly (readonly [string, PlaceField])[] = [
  ["nom", "label"],
  ["rue", "street"],
  ["code_postal", "postcode"],
  ["commune", "commune"],
  ["insee", "inseeCode"],
  ["pays", "country"],
  ["latitude", "latitude"],
  ["longitude", "longitude"],
  ["grossier", "coarse"],
  ["source_geo", "geoSource"],
  ["score_geo", "geoScore"],
  ["date_geo", "geoAt"],
];
const OTHER_PLACES = "autres_lieux";

export const CSV_HEADER: readonly string[] = [
  "id",
  "slug",
  "nom",
  "resume",
  "description",
  "type",
  "statut",
  "contact",
  "tags",
  "liens",
  ...Array.from({ length: PLACES_IN_COLUMNS }, (_, i) =>
    PLACE_COLUMNS.map(([suffix]) => `lieu${i + 1}_${suffix}`),
  ).flat(),
  OTHER_PLACES,
  "origine_source",
  "origine_id",
  "origine_revision",
  "url_fiche",
  "cree_le",
  "modifie_le",
];

// ---------------------------------------------------------------------------------------------- export

const FORMULA = /^(?='*[=+\-@\t\r])/;

/** A text cell a spreadsheet will not run as a formula. */
function text(value: string): string {
  return value.replace(FORMULA, "'");
}

function untext(cell: string): string {
  return cell.replace(/^'(?='*[=+\-@\t\r])/, "");
}

function placeCells(place: PlaceInput | undefined): (string | number)[] {
  if (!place) return PLACE_COLUMNS.map(() => "");
  return [
    text(place.label),
    text(place.street),
    text(place.postcode),
    text(place.commune),
    text(place.inseeCode),
    text(place.country),
    place.latitude ?? "",
    place.longitude ?? "",
    place.coarse ? "oui" : "non",
    place.geo?.source ?? "",
    place.geo?.score ?? "",
    text(place.geo?.at ?? ""),
  ];
}

function row(cells: readonly (string | number)[]): string {
  return stringify([cells as (string | number)[]], {
    delimiter: ";",
    record_delimiter: "windows",
    quote_record_delimiter: true,
  });
}

export const exportCsv: Exporter = async function* (records) {
  yield `\ufeff${row(CSV_HEADER)}`;
  for await (const record of records) {
    const others = record.places.slice(PLACES_IN_COLUMNS);
    yield row([
      record.id,
      text(record.slug),
      text(record.name),
      text(record.summary),
      text(record.description),
      text(record.kind),
      STATUS_LABELS[record.status] ?? text(record.status),
      text(record.contact),
      text(joinList(record.tags)),
      text(joinList(record.links.map(linkText))),
      ...Array.from({ length: PLACES_IN_COLUMNS }, (_, i) => placeCells(record.places[i])).flat(),
      others.length > 0 ? JSON.stringify(others.map(placeJson)) : "",
      text(record.origin?.source ?? ""),
      text(record.origin?.id ?? ""),
      text(record.origin?.revision ?? ""),
      record.url,
      record.createdAt,
      record.updatedAt,
    ]);
  }
};

// ---------------------------------------------------------------------------------------------- import

type Column = { field: RecordField } | { place: number; field: PlaceField } | { otherPlaces: true } | null;

const OWN_PLACE_FIELDS = new Map(PLACE_COLUMNS.map(([suffix, field]) => [normaliseKey(suffix), field]));

/** What a header names: one of our columns ("lieu2_code_postal") or a field as people call it. */
function columnOf(header: string): Column {
  const key = normaliseKey(header);
  if (key === normaliseKey(OTHER_PLACES)) return { otherPlaces: true };
  const own = /^lieu(\d{1,2}) (.+)$/.exec(key);
  const ownField = own ? OWN_PLACE_FIELDS.get(own[2] as string) : undefined;
  if (own && ownField && Number(own[1]) >= 1) return { place: Number(own[1]) - 1, field: ownField };
  const field = fieldOf(header);
  if (!field) return null;
  return isPlaceField(field) ? { place: 0, field } : { field };
}

function otherPlaces(cell: string): PlaceInput[] | null {
  try {
    const parsed: unknown = JSON.parse(cell);
    return Array.isArray(parsed) ? parsed.map(placeFromJson) : null;
  } catch {
    return null;
  }
}

function rowItem(
  columns: readonly Column[],
  headers: readonly string[],
  cells: string[],
  at: string,
): ImportItem {
  const fields: Fields = {};
  const groups: Fields[] = [];
  let others: PlaceInput[] = [];
  for (const [i, raw] of cells.entries()) {
    const column = columns[i];
    const value = untext(raw);
    if (!column || value.trim() === "") continue;
    if ("otherPlaces" in column) {
      const places = otherPlaces(value);
      if (!places)
        return { at, invalid: { key: "import.csvPlacesInvalid", params: { column: headers[i] ?? "" } } };
      others = places;
      continue;
    }
    if ("place" in column) groups[column.place] = { [column.field]: value, ...groups[column.place] };
    else fields[column.field] ??= value;
  }
  const places = [...groups.flatMap((group) => (group ? [placeOf(group)] : [])), ...others];
  const { draft, clues } = draftOf(fields, places);
  return itemOf(at, FORMAT, draft, clues);
}

/** The file as text (see openCsvText): a `.tsv` or `.tab` file prefers tabs when its header is unclear. */
async function openText(input: Readable, filename: string) {
  try {
    return await openCsvText(input, /\.(tsv|tab)$/i.test(filename) ? ["\t", ";", ","] : undefined);
  } catch (error) {
    throw textError(error);
  }
}

function textError(error: unknown): unknown {
  if (!(error instanceof CsvTextError)) return error;
  return new ImportFileError({
    key: error.reason === "notText" ? "import.csvNotText" : "import.csvEncoding",
  });
}

/**
 * Line numbers as a text editor shows them. csv-parse gives the line a record ends on, but counts a CRLF
 * inside a quoted cell as two lines: this undoes that, record after record.
 */
class Lines {
  private extra = 0;
  /** The line the last record read ends on. */
  last = 0;

  /** The line a record starts on, from the line csv-parse says it ends on. */
  start(endLine: number, cells: readonly string[]): number {
    const count = (pattern: RegExp) =>
      cells.reduce((sum, cell) => sum + (cell.match(pattern)?.length ?? 0), 0);
    const crlf = count(/\r\n/g);
    this.extra += crlf;
    this.last = this.actual(endLine);
    return this.last - (count(/[\r\n]/g) - crlf);
  }

  actual(line: number): number {
    return Math.max(1, line - this.extra);
  }
}

export const importCsv: Importer<{ filename?: string }> = async function* (input, options) {
  const { text, delimiter } = await openText(input, options.filename ?? "");
  const rows = parse({
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: MAX_ROW_BYTES,
  });
  pipeline(Readable.from(text, { objectMode: false }), rows, () => {});
  let headers: string[] | null = null;
  let columns: Column[] = [];
  const lines = new Lines();
  try {
    for await (const { record, info } of rows as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = lines.start(info.lines, record);
      if (!headers) {
        headers = record;
        columns = record.map(columnOf);
        if (!columns.some((c) => c !== null && "field" in c && c.field === "name"))
          throw new ImportFileError({ key: "import.csvNoName" });
        continue;
      }
      yield rowItem(columns, headers, record, `ligne ${line}`);
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw textError(error);
    // A quote left open or an endless row is reported where the parser gave up: name its first line.
    const unfinished = error.code === "CSV_QUOTE_NOT_CLOSED" || error.code === "CSV_MAX_RECORD_SIZE";
    const line = unfinished ? lines.last + 1 : lines.actual(Number(error.lines) || 1);
    throw new ImportFileError({ key: "import.csvMalformed", params: { line } });
  }
  if (!headers) throw new ImportFileError({ key: "import.fileEmpty" });
};
