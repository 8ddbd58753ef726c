import { pipeline, Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { fold } from "../../../core/commons.ts";
import {
  delimiterOf,
  fromWindows1252,
  HEAD_BYTES,
  headerLine,
  NOT_TEXT,
  toBuffer,
} from "../../../core/csv-text.ts";
import { DonationFileError } from "./types.ts";

/**
 * Reading the CSV files that donation services and banks export: UTF-8 (with or without BOM), else
 * Windows-1252 as older spreadsheets and French banks write it; `;`, `,` or tab, whichever the header line
 * uses. Rows stream one by one so that a big file keeps memory flat.
 */

/** How much of the file is read to find the header line, its encoding and delimiter. */
/** Longest row read (bytes): a stray quote must not eat memory. */
const MAX_ROW_BYTES = 256 * 1024;

export interface CsvRow {
  /** Line of the file where the row starts, from 1 (the header). */
  line: number;
  cells: string[];
}

/** The whole file as text, decoded as its start shows, and the delimiter of its header line. */
async function openText(input: Readable): Promise<{ text: AsyncGenerator<string>; delimiter: string }> {
  const chunks = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < HEAD_BYTES && !head.at(-1)?.includes(10)) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(next.value);
    head.push(chunk);
    size += chunk.length;
  }
  const bytes = Buffer.concat(head);
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let start: string;
  let isUtf8 = true;
  try {
    start = utf8.decode(bytes, { stream: true });
  } catch {
    isUtf8 = false;
    start = fromWindows1252(bytes);
  }
  const header = headerLine(start.replace(/^\ufeff/, ""));
  if (bytes.includes(0) || NOT_TEXT.test(header))
    throw new DonationFileError({ key: "ledger.donations.notText" });
  if (header.trim() === "") throw new DonationFileError({ key: "ledger.donations.empty" });
  // Until a byte above 0x7f shows up, the text is the same in both encodings: a file whose first accent
  // comes late is still read as Windows-1252 if that accent is not UTF-8.
  let ascii = isUtf8 && !bytes.some((byte) => byte > 0x7f);
  function decode(chunk: Buffer): string {
    if (!isUtf8) return fromWindows1252(chunk);
    try {
      const decoded = utf8.decode(chunk, { stream: true });
      if (ascii && chunk.some((byte) => byte > 0x7f)) ascii = false;
      return decoded;
    } catch {
      if (!ascii) throw new DonationFileError({ key: "ledger.donations.encoding" });
      isUtf8 = false;
      return fromWindows1252(chunk);
    }
  }
  function flush(): string {
    try {
      return utf8.decode();
    } catch {
      throw new DonationFileError({ key: "ledger.donations.encoding" });
    }
  }
  async function* text(): AsyncGenerator<string> {
    try {
      yield start;
      while (!ended) {
        const next = await chunks.next();
        if (next.done) break;
        yield decode(toBuffer(next.value));
      }
      if (isUtf8) yield flush();
    } finally {
      await chunks.return?.();
    }
  }
  return { text: text(), delimiter: delimiterOf(header) };
}

function fileError(error: unknown): DonationFileError {
  if (error instanceof DonationFileError) return error;
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
