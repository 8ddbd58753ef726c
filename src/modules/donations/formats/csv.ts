import { pipeline, Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { fold } from "../../../core/commons.ts";
import { type CsvText, CsvTextError, openCsvText } from "../../../core/csv-text.ts";
import { DonationFileError } from "./types.ts";

/**
 * Reading the CSV files that donation services and banks export: UTF-8 (with or without BOM), else
 * Windows-1252 as older spreadsheets and French banks write it; `;`, `,` or tab, whichever the header line
 * uses. Rows stream one by one so that a big file keeps memory flat.
 */

/** Longest row read (bytes): a stray quote must not eat memory. */
const MAX_ROW_BYTES = 256 * 1024;

export interface CsvRow {
  /** Line of the file where the row starts, from 1 (the header). */
  line: number;
  cells: string[];
}

/** The whole file as text (see openCsvText); a file without a header line is refused. */
async function openText(input: Readable): Promise<CsvText> {
  const opened = await openCsvText(input);
  if (opened.header.trim() === "") {
    await opened.text.return(undefined);
    throw new DonationFileError({ key: "ledger.donations.empty" });
  }
  return opened;
}

function fileError(error: unknown): DonationFileError {
  if (error instanceof DonationFileError) return error;
  if (error instanceof CsvTextError)
    return new DonationFileError({ key: `ledger.donations.${error.reason}` });
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    return new DonationFileError({ key: "ledger.donations.csvBroken", params: { line: line ?? 0 } });
  }
  return new DonationFileError({ key: "ledger.donations.unreadable" });
}

/** The rows of a CSV file, its header first; a file that cannot be read throws a DonationFileError. */
export async function* csvRows(input: Readable): AsyncGenerator<CsvRow> {
  let opened: Awaited<ReturnType<typeof openText>>;
  try {
    opened = await openText(input);
  } catch (error) {
    input.destroy();
    throw fileError(error);
  }
  const parser = parse({
    delimiter: opened.delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: MAX_ROW_BYTES,
    info: true,
  });
  pipeline(Readable.from(opened.text, { objectMode: false }), parser, () => {});
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>)
      yield { line: info.lines, cells: record };
  } catch (error) {
    throw fileError(error);
  } finally {
    parser.destroy();
  }
}

/** A header as people write it: no accents, case, punctuation nor camelCase humps ("payer.firstName"). */
export function headerKey(header: string): string {
  return fold(header.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2"))
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The index of the first header that matches one of the names, or -1. */
export function columnOf(headers: readonly string[], names: readonly string[]): number {
  const keys = headers.map(headerKey);
  for (const name of names) {
    const index = keys.indexOf(headerKey(name));
    if (index >= 0) return index;
  }
  return -1;
}

export function cell(cells: readonly string[], index: number): string {
  return index >= 0 ? (cells[index] ?? "").trim() : "";
}

export const at = (line: number) => `ligne ${line}`;
