import type { PlaceInput } from "../../../core/commons.ts";
import {
  collectFields,
  type Draft,
  draftOf,
  hasPlace,
  itemOf,
  type OriginClues,
  placeFields,
  placeFromJson,
  placeJson,
  placeOf,
} from "./fields.ts";
import { elementAt, jsonItems } from "./json.ts";
import type { Exporter, ExportRecord, Importer, ImportItem } from "./types.ts";
import { ImportFileError } from "./types.ts";
import { coordinateOf, isObject, listOf } from "./values.ts";

/**
 * GeoJSON (RFC 7946): a FeatureCollection with one Point feature per place that has coordinates
 * (`[longitude, latitude]`), or one feature without geometry for a commons without any. Each feature's
 * properties carry the whole record, the index of the place it shows (`place`) and that place's address
 * flattened for GIS tools. Reading groups consecutive features of one record back into one record.
 */

const FORMAT = "geojson";

type Geometry = { type: "Point"; coordinates: [number, number] } | null;

function featureOf(record: ExportRecord, index: number | null) {
  const place: PlaceInput | undefined = index === null ? undefined : record.places[index];
  const geometry: Geometry =
    place && place.latitude !== null && place.longitude !== null
      ? { type: "Point", coordinates: [place.longitude, place.latitude] }
      : null;
  return {
    type: "Feature",
    geometry,
    properties: {
      id: record.id,
      slug: record.slug,
      url: record.url,
      name: record.name,
      summary: record.summary,
      description: record.description,
      kind: record.kind,
      kindLabel: record.kindLabel,
      status: record.status,
      contact: record.contact,
      tags: record.tags,
      links: record.links,
      places: record.places.map(placeJson),
      origin: record.origin ?? null,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      place: index,
      coarse: place?.coarse ?? false,
      street: place?.street ?? "",
      postcode: place?.postcode ?? "",
      commune: place?.commune ?? "",
      country: place?.country ?? "",
    },
  };
}

function featuresOf(record: ExportRecord) {
  const located = record.places.flatMap((place, index) =>
    place.latitude !== null && place.longitude !== null ? [index] : [],
  );
  if (located.length === 0) return [featureOf(record, record.places.length > 0 ? 0 : null)];
  return located.map((index) => featureOf(record, index));
}

export const exportGeojson: Exporter = async function* (records) {
  yield '{"type":"FeatureCollection","features":[';
  let separator = "\n";
  for await (const record of records) {
    for (const feature of featuresOf(record)) {
      yield separator + JSON.stringify(feature);
      separator = ",\n";
    }
  }
  yield "\n]}\n";
};

// ---------------------------------------------------------------------------------------------- import

/** One feature as read: its item, and what joins it to the features before it. */
interface FeatureRead {
  /** The record id features share; null when the feature has none. */
  group: string | null;
  item: ImportItem;
  /** Our own feature: the index of the place it shows and its point. */
  own: { place: number | null; point: unknown[] | null } | null;
  /** A foreign feature: its place. */
  place: PlaceInput | null;
}

function pointOf(geometry: unknown): unknown[] | null {
  if (!isObject(geometry) || geometry.type !== "Point" || !Array.isArray(geometry.coordinates)) return null;
  return geometry.coordinates;
}

/** QGIS and the like write nested values as JSON text: read them back. */
function jsonish(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A feature's point moves the place it shows (someone may have moved it in a GIS tool). */
function placePoint(places: PlaceInput[] | undefined, index: number | null, point: unknown[] | null): void {
  const place = index === null ? undefined : places?.[index];
  if (!place || !point) return;
  place.longitude = coordinateOf(point[0]);
  place.latitude = coordinateOf(point[1]);
}

function ownFeature(props: Record<string, unknown>, point: unknown[] | null, at: string): FeatureRead {
  const places = listOf(jsonish(props.places)).map(placeFromJson);
  const index = typeof props.place === "number" && Number.isInteger(props.place) ? props.place : null;
  placePoint(places, index, point);
  const origin = jsonish(props.origin);
  const { draft } = draftOf(
    {
      slug: props.slug,
      name: props.name,
      summary: props.summary,
      description: props.description,
      kind: props.kind,
      status: props.status,
      contact: props.contact,
      tags: jsonish(props.tags),
      links: jsonish(props.links),
    },
    places,
  );
  const clues: OriginClues = isObject(origin)
    ? { source: origin.source, id: origin.id, revision: origin.revision, rowId: props.id }
    : { rowId: props.id };
  const group = typeof props.id === "string" && props.id !== "" ? props.id : null;
  return { group, item: itemOf(at, FORMAT, draft, clues), own: { place: index, point }, place: null };
}

function foreignFeature(feature: Record<string, unknown>, point: unknown[] | null, at: string): FeatureRead {
  const props = isObject(feature.properties) ? feature.properties : {};
  const fields = collectFields(Object.entries(props));
  if (fields.id === undefined && feature.id !== undefined && feature.id !== null) fields.id = feature.id;
  const address = placeFields(fields);
  if (point) {
    address.longitude = point[0];
    address.latitude = point[1];
  }
  const place = hasPlace(address) ? placeOf(address) : null;
  const { draft, clues } = draftOf(fields, place ? [place] : []);
  const id = fields.id;
  const group = typeof id === "string" || typeof id === "number" ? String(id) : null;
  return { group, item: itemOf(at, FORMAT, draft, clues), own: null, place };
}

function readFeature(value: unknown, at: string): FeatureRead {
  if (!isObject(value) || value.type !== "Feature")
    return { group: null, item: { at, invalid: { key: "import.notAFeature" } }, own: null, place: null };
  const props = isObject(value.properties) ? value.properties : {};
  const point = pointOf(value.geometry);
  return Array.isArray(jsonish(props.places))
    ? ownFeature(props, point, at)
    : foreignFeature(value, point, at);
}

/** Adds a feature of the same record to the one read before it. */
function join(first: FeatureRead, next: FeatureRead): boolean {
  if (first.group === null || next.group !== first.group || !("record" in first.item)) return false;
  if (!("record" in next.item) || (first.own === null) !== (next.own === null)) return false;
  const record: Draft = first.item.record;
  if (next.own) placePoint(record.places, next.own.place, next.own.point);
  else if (next.place) record.places = [...(record.places ?? []), next.place];
  return true;
}

export const importGeojson: Importer = async function* (input) {
  let pending: FeatureRead | null = null;
  for await (const { value, index, root } of jsonItems(input, ["features"])) {
    if (root && !(isObject(value) && value.type === "Feature"))
      throw new ImportFileError({ key: "import.geojsonInvalid" });
    const read = readFeature(value, elementAt(index));
    if (pending && join(pending, read)) continue;
    if (pending) yield pending.item;
    pending = read;
  }
  if (pending) yield pending.item;
};
