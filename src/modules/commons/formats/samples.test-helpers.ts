// What the tests of the exchange formats share: the instance they export from, sample records, and
// reading or writing a whole file. (Not named *.test.ts: the test runner does not run it on its own.)
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { type CommonsInput, checkCommons, DEFAULT_KINDS, emptyPlace } from "../../../core/commons.ts";
import type { Exporter, ExportMeta, ExportRecord, Importer, ImportItem } from "./types.ts";

export const KINDS = DEFAULT_KINDS.map((kind) => kind.slug);

export const META: ExportMeta = {
  baseUrl: "https://communs.example",
  instanceName: "Communs",
  space: { slug: "lille", name: "Lille" },
};

type Place = ExportRecord["places"][number];

/** A place in France with nothing else known but `values`. */
export function samplePlace(values: Partial<Place>): Place {
  return { ...emptyPlace(), geo: null, ...values };
}

/** An active "lieu" of the Lille space, with no text, tag, link or place but those in `values`. */
export function sampleRecord({
  slug,
  name,
  ...values
}: Partial<ExportRecord> & Pick<ExportRecord, "slug" | "name">): ExportRecord {
  return {
    id: "0190a5c4-0000-7000-8000-000000000001",
    slug,
    url: `${META.baseUrl}/${META.space.slug}/communs/${slug}`,
    kindLabel: "Lieu",
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
    name,
    summary: "",
    description: "",
    kind: "lieu",
    status: "active",
    contact: "",
    tags: [],
    links: [],
    places: [],
    origin: null,
    ...values,
  };
}

/** A file as an importer receives it: a stream as it is, text or bytes in one chunk, else as JSON. */
function fileStream(file: unknown): Readable {
  if (file instanceof Readable) return file;
  const bytes = typeof file === "string" || file instanceof Uint8Array ? file : JSON.stringify(file);
  return Readable.from([Buffer.from(bytes)]);
}

/** Every item an importer reads from a file. */
export async function importAll<Options>(
  importer: Importer<Options>,
  file: unknown,
  options: Options,
): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of importer(fileStream(file), options)) items.push(item);
  return items;
}

async function* each<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

/** The whole file an exporter writes for these records. */
export async function exportAll(exporter: Exporter, records: readonly ExportRecord[]): Promise<string> {
  let text = "";
  for await (const chunk of exporter(each(records), META)) text += chunk;
  return text;
}

export function recordOf(item: ImportItem | undefined) {
  assert.ok(item && "record" in item, `expected a record, got ${JSON.stringify(item)}`);
  return item.record;
}

/** An imported record as the directory would store it. */
export function clean(item: ImportItem | undefined): CommonsInput {
  return checkCommons(recordOf(item), KINDS);
}
