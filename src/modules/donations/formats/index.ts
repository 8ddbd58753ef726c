import type { Readable } from "node:stream";
import { type BankMapping, parseBankCsv } from "./bank.ts";
import { parseHelloassoCsv } from "./helloasso.ts";
import { parseLiberapayCsv } from "./liberapay.ts";
import type { DonationItem } from "./types.ts";

export type { BankMapping } from "./bank.ts";
export { parseBankCsv } from "./bank.ts";
export { parseHelloassoCsv } from "./helloasso.ts";
export { parseLiberapayCsv } from "./liberapay.ts";
export * from "./types.ts";

/**
 * The donation files one can import, by source. A bank statement needs a column mapping; the services'
 * exports have fixed columns.
 */
export const DONATION_PARSERS = {
  helloasso: { needsMapping: false, parse: (input: Readable) => parseHelloassoCsv(input) },
  liberapay: { needsMapping: false, parse: (input: Readable) => parseLiberapayCsv(input) },
  bank: {
    needsMapping: true,
    parse: (input: Readable, mapping: BankMapping) => parseBankCsv(input, mapping),
  },
} as const satisfies Record<
  string,
  { needsMapping: boolean; parse: (input: Readable, mapping: BankMapping) => AsyncIterable<DonationItem> }
>;

export type DonationFileSource = keyof typeof DONATION_PARSERS;
