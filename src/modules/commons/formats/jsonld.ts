import type { LinkInput, PlaceInput } from "../../../core/commons.ts";
import { draftOf, itemOf, placeOf, summaryAndDescription } from "./fields.ts";
import { elementAt, jsonItems } from "./json.ts";
import type { Exporter, ExportRecord, Importer, ImportItem } from "./types.ts";
import { contactKind, contactText, isObject, linkOf, linksOf, listOf, textOf } from "./values.ts";

/**
 * schema.org JSON-LD: a `@graph` of `Organization`s. The summary is `disambiguatingDescription` (the
 * short text that tells one item from another) and the Markdown text is `description`; places are
 * `location` Places with a PostalAddress and GeoCoordinates; links are `url` (the website) and `sameAs`,
 * and each link with its type and label as a `subjectOf` WebPage. What schema.org has no term for (our
 * id, slug, origin, kind, status, coarse places, geocoding provenance) goes in `identifier` and
 * `additionalProperty` PropertyValues named `communs:…`.
 */

const FORMAT = "jsonld";
const NS = "communs:";

function property(id: string, value: unknown, extra: Record<string, unknown> = {}) {
  return { "@type": "PropertyValue", propertyID: `${NS}${id}`, ...extra, value };
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined;
}

function schemaPlace(place: PlaceInput) {
  const located = place.latitude !== null && place.longitude !== null;
  return {
    "@type": "Place",
    name: place.label || undefined,
    address: {
      "@type": "PostalAddress",
      streetAddress: place.street || undefined,
      postalCode: place.postcode || undefined,
      addressLocality: place.commune || undefined,
      addressCountry: place.country || undefined,
    },
    geo: located
      ? { "@type": "GeoCoordinates", latitude: place.latitude, longitude: place.longitude }
      : undefined,
    additionalProperty: nonEmpty(
      [
        property("coarse", place.coarse),
        place.inseeCode ? property("inseeCode", place.inseeCode) : null,
        place.geo ? property("geoSource", place.geo.source) : null,
        place.geo && place.geo.score !== null ? property("geoScore", place.geo.score) : null,
        place.geo ? property("geoAt", place.geo.at) : null,
      ].filter((p) => p !== null),
    ),
  };
}

function webPage(link: LinkInput) {
  return { "@type": "WebPage", url: link.url, name: link.label || undefined, genre: link.type };
}

function organizationOf(record: ExportRecord) {
  const website = record.links.find((link) => link.type === "website");
  const contact = contactKind(record.contact);
  return {
    "@type": "Organization",
    "@id": record.url,
    name: record.name,
    disambiguatingDescription: record.summary || undefined,
    description: record.description || undefined,
    keywords: nonEmpty(record.tags),
    url: website?.url,
    sameAs: nonEmpty(record.links.filter((link) => link !== website).map((link) => link.url)),
    subjectOf: nonEmpty(record.links.map(webPage)),
    email: record.contact && contact === "email" ? record.contact : undefined,
    telephone: record.contact && contact === "phone" ? record.contact : undefined,
    contactPoint:
      record.contact && contact === "text"
        ? { "@type": "ContactPoint", description: record.contact }
        : undefined,
    location: nonEmpty(record.places.map(schemaPlace)),
    identifier: [
      property("id", record.id),
      property("slug", record.slug),
      ...(record.origin
        ? [
            property("originSource", record.origin.source),
            property("originId", record.origin.id),
            ...(record.origin.revision ? [property("originRevision", record.origin.revision)] : []),
          ]
        : []),
    ],
    additionalProperty: [
      property("kind", record.kind, { name: "type", description: record.kindLabel }),
      property("status", record.status, { name: "statut" }),
    ],
  };
}

export const exportJsonld: Exporter = async function* (records) {
  yield '{"@context":"https://schema.org","@graph":[';
  let separator = "\n";
  for await (const record of records) {
    yield separator + JSON.stringify(organizationOf(record));
    separator = ",\n";
  }
  yield "\n]}\n";
};

// ---------------------------------------------------------------------------------------------- import

const ORGANIZATION_TYPES =
  /Organization$|^(NGO|LocalBusiness|Project|ResearchProject|Corporation|Consortium|Cooperative|Library|Store|SportsTeam|PerformingGroup|FundingScheme)$/;
const PLACE_TYPES =
  /^(Place|CivicStructure|Park|Landform|TouristAttraction|Accommodation|Residence|LandmarksOrHistoricalBuildings)$/;

function typesOf(node: Record<string, unknown>): string[] {
  return listOf(node["@type"])
    .map((type) => textOf(type).replace(/^(schema:|https?:\/\/schema\.org\/)/, ""))
    .filter((type) => type !== "");
}

/** PropertyValues by their `propertyID`: the first value of each. */
function propertiesOf(value: unknown): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const node of listOf(value)) {
    if (!isObject(node)) continue;
    const id = textOf(node.propertyID);
    if (id !== "" && !found.has(id)) found.set(id, node.value);
  }
  return found;
}

function first(value: unknown): Record<string, unknown> {
  const node = listOf(value)[0];
  return isObject(node) ? node : {};
}

/** A Place, a PostalAddress or an address as text; `label` says whether the node's name is the place's. */
function placeFrom(node: unknown, label: boolean): PlaceInput | null {
  if (typeof node === "string") return node.trim() === "" ? null : placeOf({ street: node });
  if (!isObject(node)) return null;
  const postal = typesOf(node).includes("PostalAddress") ? node : listOf(node.address)[0];
  const address = isObject(postal) ? postal : {};
  const geo = first(node.geo);
  const extra = propertiesOf(node.additionalProperty);
  const place = placeOf({
    label: label && postal !== node ? node.name : undefined,
    street: typeof postal === "string" ? postal : address.streetAddress,
    postcode: address.postalCode,
    commune: address.addressLocality,
    country: address.addressCountry,
    inseeCode: extra.get(`${NS}inseeCode`),
    latitude: geo.latitude,
    longitude: geo.longitude,
    coarse: extra.get(`${NS}coarse`),
    geoSource: extra.get(`${NS}geoSource`),
    geoScore: extra.get(`${NS}geoScore`),
    geoAt: extra.get(`${NS}geoAt`),
  });
  const empty =
    place.latitude === null &&
    [place.label, place.street, place.postcode, place.commune].join("").trim() === "";
  return empty && place.country === "" ? null : place;
}

function placesOf(node: Record<string, unknown>): PlaceInput[] {
  const places = listOf(node.location).flatMap((location) => placeFrom(location, true) ?? []);
  if (places.length > 0 || (node.address === undefined && node.geo === undefined)) return places;
  const own = placeFrom(node, false);
  return own ? [own] : [];
}

function linksFrom(node: Record<string, unknown>): LinkInput[] {
  const pages = listOf(node.subjectOf).filter((page) => isObject(page) && textOf(page.url).trim() !== "");
  if (pages.length > 0)
    return pages.map((page) => {
      const { url, name, genre } = page as Record<string, unknown>;
      return linkOf(textOf(url), textOf(name), genre, "other");
    });
  return [...linksOf(listOf(node.url), "website"), ...linksOf(listOf(node.sameAs), "other")];
}

/** Our exports write the contact as it is; other files may say "mailto:…". */
function contactOf(node: Record<string, unknown>, own: boolean): string {
  const point = first(node.contactPoint);
  if (own) return textOf(point.description) || textOf(node.email) || textOf(node.telephone);
  return (
    textOf(point.description) ||
    contactText(node.email) ||
    contactText(node.telephone) ||
    contactText(point.email) ||
    contactText(point.telephone)
  );
}

function recordItem(node: Record<string, unknown>, at: string): ImportItem {
  const ids = propertiesOf(node.identifier);
  const extra = propertiesOf(node.additionalProperty);
  const short = textOf(node.disambiguatingDescription);
  const long = textOf(node.description);
  const own = ids.has(`${NS}id`);
  const texts = own ? { summary: short, description: long } : summaryAndDescription(short, long);
  const { draft } = draftOf(
    {
      slug: ids.get(`${NS}slug`),
      name: node.name,
      ...texts,
      kind: extra.get(`${NS}kind`),
      status: extra.get(`${NS}status`),
      contact: contactOf(node, own),
      tags: node.keywords,
      links: linksFrom(node),
    },
    placesOf(node),
  );
  const plainId = listOf(node.identifier).find((id) => typeof id === "string" || typeof id === "number");
  return itemOf(at, FORMAT, draft, {
    source: ids.get(`${NS}originSource`),
    id: ids.get(`${NS}originId`),
    revision: ids.get(`${NS}originRevision`),
    rowId: ids.get(`${NS}id`) ?? node["@id"] ?? plainId,
  });
}

function itemFrom(value: unknown, at: string): ImportItem {
  if (!isObject(value)) return { at, invalid: { key: "import.notAnObject" } };
  const types = typesOf(value);
  if (types.length > 0 && !types.some((type) => ORGANIZATION_TYPES.test(type) || PLACE_TYPES.test(type)))
    return { at, skipped: { key: "import.notACommons", params: { type: types.join(", ") } } };
  return recordItem(value, at);
}

/** Reads what `exportJsonld` writes, and a plain array or a single object of Organizations or Places. */
export const importJsonld: Importer = async function* (input) {
  for await (const { value, index } of jsonItems(input, ["@graph"])) yield itemFrom(value, elementAt(index));
};
