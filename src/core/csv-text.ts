/**
 * What every CSV reader of the project needs before csv-parse can take over (`openCsvText`): the header
 * line, its delimiter, whether the bytes are text at all, and Windows-1252 (what older spreadsheets save)
 * as text.
 */

/** How much of a file is read to decide its encoding and delimiter. */
const HEAD_BYTES = 64 * 1024;

/** Control characters other than tab and line breaks: a binary file, not text. */
const NOT_TEXT = /(?![\t\n\r])\p{Cc}/u;

/** Windows-1252 where it differs from Latin-1. */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function fromWindows1252(bytes: Buffer): string {
  return bytes
    .toString("latin1")
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
}

/** The header line of the text: up to the first line break outside quotes. */
function headerLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) return text.slice(0, i);
  }
  return text;
}

/** `;`, `,` or tab: the one the header line uses most outside quotes; ties go to the first preferred. */
function delimiterOf(header: string, preferred: readonly string[] = [";", ",", "\t"]): string {
  const counts = new Map<string, number>([
    [";", 0],
    [",", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return preferred.reduce((best, candidate) =>
    (counts.get(candidate) ?? 0) > (counts.get(best) ?? 0) ? candidate : best,
  );
}

/** Why a file cannot be read as CSV text: binary (or UTF-16), or UTF-8 that turns into something else. */
export class CsvTextError extends Error {
  constructor(readonly reason: "notText" | "encoding") {
    super(reason);
  }
}

/** A file opened as text: the decoded text, its header line (without a BOM) and the header's delimiter. */
export interface CsvText {
  text: AsyncGenerator<string>;
  header: string;
  delimiter: string;
}

/**
 * Opens the bytes of a CSV file as text: UTF-8 (with or without BOM), else Windows-1252, as the start of
 * the file shows; a file whose first accent comes late and is not UTF-8 is still read as Windows-1252
 * (until a byte above 0x7f, both read the same). The delimiter is the one its header line uses most,
 * ties going to the first of `preferred`. Throws a CsvTextError.
 */
export async function openCsvText(
  input: AsyncIterable<unknown>,
  preferred?: readonly string[],
): Promise<CsvText> {
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
  let isUtf8 = true;
  let start: string;
  try {
    start = utf8.decode(bytes, { stream: true });
  } catch {
    isUtf8 = false;
    start = fromWindows1252(bytes);
  }
  const header = headerLine(start.replace(/^\ufeff/, ""));
  // A NUL near the start is a binary file or UTF-16; one further on is a cell's content.
  if (bytes.subarray(0, 512).includes(0) || NOT_TEXT.test(header)) {
    await chunks.return?.();
    throw new CsvTextError("notText");
  }
  let ascii = isUtf8 && !bytes.some((byte) => byte > 0x7f);
  function decode(chunk: Buffer): string {
    if (!isUtf8) return fromWindows1252(chunk);
    try {
      const decoded = utf8.decode(chunk, { stream: true });
      if (ascii && chunk.some((byte) => byte > 0x7f)) ascii = false;
      return decoded;
    } catch {
      if (!ascii) throw new CsvTextError("encoding");
      isUtf8 = false;
      return fromWindows1252(chunk);
    }
  }
  function flush(): string {
    try {
      return utf8.decode();
    } catch {
      throw new CsvTextError("encoding");
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
  return { text: text(), header, delimiter: delimiterOf(header, preferred) };
}
