import { exportCsv, importCsv } from "./csv.ts";
import { exportGeojson, importGeojson } from "./geojson.ts";
import { exportGogocarto, importGogocarto } from "./gogocarto.ts";
import { exportJsonld, importJsonld } from "./jsonld.ts";
import { importMediawiki } from "./mediawiki.ts";
import type { Exporter, Importer } from "./types.ts";

export type ExportFormat = "geojson" | "csv" | "jsonld" | "gogocarto";

export const EXPORTERS: Record<ExportFormat, { exporter: Exporter; contentType: string; extension: string }> =
  {
    geojson: {
      exporter: exportGeojson,
      contentType: "application/geo+json; charset=utf-8",
      extension: "geojson",
    },
    csv: { exporter: exportCsv, contentType: "text/csv; charset=utf-8", extension: "csv" },
    jsonld: {
      exporter: exportJsonld,
      contentType: "application/ld+json; charset=utf-8",
      extension: "jsonld",
    },
    gogocarto: {
      exporter: exportGogocarto,
      contentType: "application/json; charset=utf-8",
      extension: "json",
    },
  };

/** What an import is told about the file besides its content. */
export interface ImportOptions {
  /** The uploaded file's name ("annuaire.csv"), when known. */
  filename?: string;
  /** MediaWiki: the infobox template whose pages become commons. */
  template?: string;
  /** MediaWiki: parameter → field mappings that override the French defaults. */
  fields?: Record<string, string>;
}

export type ImportFormat = "csv" | "geojson" | "gogocarto" | "jsonld" | "mediawiki";

export const IMPORTERS: Record<
  ImportFormat,
  { importer: Importer<ImportOptions>; extensions: readonly string[] }
> = {
  csv: { importer: importCsv, extensions: [".csv", ".tsv", ".txt"] },
  geojson: { importer: (input) => importGeojson(input, {}), extensions: [".geojson", ".json"] },
  gogocarto: { importer: (input) => importGogocarto(input, {}), extensions: [".json"] },
  jsonld: { importer: (input) => importJsonld(input, {}), extensions: [".jsonld", ".json"] },
  mediawiki: {
    importer: (input, o) => importMediawiki(input, { template: o.template ?? "", fields: o.fields }),
    extensions: [".xml", ".gz"],
  },
};
