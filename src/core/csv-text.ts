/**
 * What every CSV reader of the project needs before csv-parse can take over: the header line, its
 * delimiter, whether the bytes are text at all, and Windows-1252 (what older spreadsheets save) as text.
 */

/** How much of a file is read to decide its encoding and delimiter. */
export const HEAD_BYTES = 64 * 1024;

/** Control characters other than tab and line breaks: a binary file, not text. */
export const NOT_TEXT = /(?![\t\n\r])\p{Cc}/u;

/** Windows-1252 where it differs from Latin-1. */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

export function fromWindows1252(bytes: Buffer): string {
  return bytes
    .toString("latin1")
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

export function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
}

/** The header line of the text: up to the first line break outside quotes. */
export function headerLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) return text.slice(0, i);
  }
  return text;
}

/** `;`, `,` or tab: the one the header line uses most outside quotes; ties go to the first preferred. */
export function delimiterOf(header: string, preferred: readonly string[] = [";", ",", "\t"]): string {
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
