/**
 * The entry of the worker thread that parses import files (see web/import-worker.ts): the parsers of
 * every module that imports files, by name.
 */
import type { Readable } from "node:stream";
import { IMPORTERS, type ImportFormat, type ImportOptions } from "./modules/commons/formats/index.ts";
import {
  type BankMapping,
  DONATION_PARSERS,
  type DonationFileSource,
} from "./modules/donations/formats/index.ts";
import { serveParsers } from "./web/import-worker.ts";

await serveParsers({
  commons: (input: Readable, options: ImportOptions & { format: ImportFormat }) =>
    IMPORTERS[options.format].importer(input, options),
  donations: (input: Readable, options: { source: DonationFileSource; mapping: BankMapping }) =>
    DONATION_PARSERS[options.source].parse(input, options.mapping),
});
