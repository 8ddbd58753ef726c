import type { Readable } from "node:stream";
import type { CommonsInput, GeoProvenance, PlaceInput } from "../../../core/commons.ts";
import type { ImportMessage, ImportItem as LoopItem } from "../../../core/import-loop.ts";

/** A record as exports write it: the canonical record plus what only the directory knows. */
export interface ExportRecord extends CommonsInput {
  id: string;
  slug: string;
  /** Absolute URL of the record's page. */
  url: string;
  kindLabel: string;
  createdAt: string;
  updatedAt: string;
  places: (PlaceInput & { geo: GeoProvenance | null })[];
}

export interface ExportMeta {
  /** Absolute base URL of the instance, without a trailing slash. */
  baseUrl: string;
  instanceName: string;
  space: { slug: string; name: string };
}

/** Writes records one by one, so that memory stays flat in the number of records. */
export type Exporter = (records: AsyncIterable<ExportRecord>, meta: ExportMeta) => AsyncIterable<string>;

export type { ImportMessage };

/**
 * One item read from an import file: a record to validate and upsert by its origin, or a reason the item
 * is skipped (not a commons, a redirect…) or invalid (broken data). `at` says where it is in the file
 * ("ligne 12", "élément 3", a page title) for the report.
 */
export type ImportItem = LoopItem<Partial<CommonsInput> & { origin: NonNullable<CommonsInput["origin"]> }>;

/**
 * Reads a file as a stream and yields its items. A file that cannot be read at all (not JSON, not a
 * MediaWiki export…) throws `ImportFileError`; a broken item inside a readable file is yielded as invalid.
 */
export type Importer<Options = Record<string, never>> = (
  input: Readable,
  options: Options,
) => AsyncIterable<ImportItem>;

export class ImportFileError extends Error {
  constructor(readonly detail: ImportMessage) {
    super(detail.key);
  }
}
