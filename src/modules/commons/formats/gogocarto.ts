import {
  collectFields,
  draftOf,
  type Fields,
  itemOf,
  placeFromJson,
  placeJson,
  summaryAndDescription,
} from "./fields.ts";
import { elementAt, jsonItems } from "./json.ts";
import type { Exporter, ExportMeta, ExportRecord, Importer, ImportItem } from "./types.ts";
import { contactKind, isObject, listOf, tagsOf, textOf } from "./values.ts";

/**
 * GoGoCarto element JSON, as GoGoCarto's import and its API (`{"data": […]}`) write and read it: `name`,
 * `geo {latitude, longitude}`, `address {streetAddress, postalCode, addressLocality, addressCountry}`,
 * `categories` (names), `description` (short) and `descriptionMore`, `website`, `email`, `telephone`,
 * `openHours` (left out: we do not know them), `source`/`sourceKey`. GoGoCarto's own `status` is its
 * moderation state (an integer), so ours is not written there: the whole record rides along in a
 * `communs` object, which GoGoCarto keeps as custom data and our import reads back exactly.
 */

const FORMAT = "gogocarto";

function elementOf(record: ExportRecord, meta: ExportMeta) {
  const located = record.places.find((place) => place.latitude !== null && place.longitude !== null);
  const place = located ?? record.places[0];
  const website = record.links.find((link) => link.type === "website");
  const contact = contactKind(record.contact);
  return {
    id: record.id,
    name: record.name,
    geo: located ? { latitude: located.latitude, longitude: located.longitude } : undefined,
    address: place
      ? {
          streetAddress: place.street,
          postalCode: place.postcode,
          addressLocality: place.commune,
          addressCountry: place.country,
        }
      : undefined,
    categories: [record.kindLabel, ...record.tags].filter((name) => name !== ""),
    description: record.summary,
    descriptionMore: record.description,
    website: website?.url,
    email: record.contact && contact === "email" ? record.contact : undefined,
    telephone: record.contact && contact === "phone" ? record.contact : undefined,
    source: meta.space.name,
    sourceKey: meta.space.name,
    communs: {
      id: record.id,
      slug: record.slug,
      url: record.url,
      kind: record.kind,
      status: record.status,
      contact: record.contact,
      tags: record.tags,
      links: record.links,
      places: record.places.map(placeJson),
      origin: record.origin ?? null,
    },
  };
}

export const exportGogocarto: Exporter = async function* (records, meta) {
  yield "[";
  let separator = "\n";
  for await (const record of records) {
    yield separator + JSON.stringify(elementOf(record, meta));
    separator = ",\n";
  }
  yield "\n]\n";
};

// ---------------------------------------------------------------------------------------------- import

/** GoGoCarto statuses (ElementStatus) of elements that are not on its map: deleted, refused, duplicates… */
const UNPUBLISHED_BELOW = -1;

function ownItem(element: Record<string, unknown>, ours: Record<string, unknown>, at: string): ImportItem {
  const { draft } = draftOf(
    {
      slug: ours.slug,
      name: element.name,
      summary: element.description,
      description: element.descriptionMore,
      kind: ours.kind,
      status: ours.status,
      contact: ours.contact,
      tags: ours.tags,
      links: ours.links,
    },
    listOf(ours.places).map(placeFromJson),
  );
  const origin = isObject(ours.origin) ? ours.origin : {};
  return itemOf(at, FORMAT, draft, {
    source: origin.source,
    id: origin.id,
    revision: origin.revision,
    rowId: ours.id,
  });
}

/** Category names: GoGoCarto's API gives ids in `categories` and the names in `categoriesFull`. */
function categoriesOf(element: Record<string, unknown>): string[] {
  const full = listOf(element.categoriesFull);
  const categories = full.length > 0 ? full : (element.categories ?? element.taxonomy);
  const names =
    typeof categories === "string"
      ? tagsOf(categories)
      : listOf(categories).flatMap((category) => {
          if (isObject(category)) return [textOf(category.name)];
          return typeof category === "string" && !/^\s*\d+\s*$/.test(category) ? [category] : [];
        });
  return [...names, ...tagsOf(element.tags)].filter((name) => name.trim() !== "");
}

/** The element's values by name, its address and point included; hidden e-mails left out. */
function entriesOf(element: Record<string, unknown>): (readonly [string, unknown])[] {
  const address = isObject(element.address) ? element.address : {};
  const street = [textOf(address.streetNumber), textOf(address.streetAddress)].join(" ").trim();
  return [
    ["streetAddress", street] as const,
    ...Object.entries(element),
    ...Object.entries(address).filter(([key]) => key !== "streetAddress"),
    ...Object.entries(isObject(element.geo) ? element.geo : {}),
  ].filter(([key, value]) => !(/mail/i.test(key) && /^(hidden|private)$/i.test(textOf(value))));
}

function foreignItem(element: Record<string, unknown>, at: string): ImportItem {
  if (typeof element.status === "number" && element.status < UNPUBLISHED_BELOW)
    return { at, skipped: { key: "import.gogocartoUnpublished", params: { status: element.status } } };
  const fields: Fields = {
    ...collectFields(entriesOf(element)),
    ...summaryAndDescription(textOf(element.description), textOf(element.descriptionMore)),
    tags: categoriesOf(element),
    status: typeof element.status === "string" ? element.status : undefined,
  };
  if (Array.isArray(element.urls)) fields.links = element.urls;
  const { draft, clues } = draftOf(fields);
  return itemOf(at, FORMAT, draft, clues);
}

function elementItem(value: unknown, at: string): ImportItem {
  if (!isObject(value)) return { at, invalid: { key: "import.notAnObject" } };
  const ours = value.communs;
  if (isObject(ours) && typeof ours.id === "string") return ownItem(value, ours, at);
  return foreignItem(value, at);
}

/** A top-level array of elements, or GoGoCarto's API answer `{"data": […]}`, read one element at a time. */
export const importGogocarto: Importer = async function* (input) {
  for await (const { value, index } of jsonItems(input, ["data", "elements"]))
    yield elementItem(value, elementAt(index));
};
