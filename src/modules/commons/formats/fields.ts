import { type CommonsInput, fold, LIMITS, type OriginInput, type PlaceInput } from "../../../core/commons.ts";
import { oneLine } from "../../../core/text.ts";
import type { ImportItem } from "./types.ts";
import {
  coordinateOf,
  countryOf,
  flagOf,
  geoOf,
  isObject,
  kindOf,
  linksOf,
  statusOf,
  tagsOf,
  textOf,
} from "./values.ts";

/** A record as read from a file, before its origin is settled. */
export type Draft = Partial<CommonsInput>;

export type RecordField =
  | "id"
  | "slug"
  | "name"
  | "summary"
  | "description"
  | "kind"
  | "status"
  | "contact"
  | "tags"
  | "links"
  | "website"
  | "originSource"
  | "originId"
  | "originRevision";

export type PlaceField =
  | "label"
  | "street"
  | "postcode"
  | "commune"
  | "inseeCode"
  | "country"
  | "latitude"
  | "longitude"
  | "coarse"
  | "geoSource"
  | "geoScore"
  | "geoAt";

export type Field = RecordField | PlaceField;

export type Fields = Partial<Record<Field, unknown>>;

const PLACE_FIELDS: ReadonlySet<string> = new Set<PlaceField>([
  "label",
  "street",
  "postcode",
  "commune",
  "inseeCode",
  "country",
  "latitude",
  "longitude",
  "coarse",
  "geoSource",
  "geoScore",
  "geoAt",
]);

export function isPlaceField(field: Field): field is PlaceField {
  return PLACE_FIELDS.has(field);
}

/** Column headers and property names people use, as `normaliseKey` gives them. */
const ALIASES: Record<Field, readonly string[]> = {
  id: ["id", "identifiant", "identifier", "uuid", "ref", "reference"],
  slug: ["slug"],
  name: ["nom", "name", "titre", "title", "intitule", "nom du commun", "denomination"],
  summary: ["resume", "summary", "description courte", "short description", "accroche"],
  description: ["description", "presentation", "texte", "description longue", "long description"],
  kind: ["type", "kind", "type de commun"],
  status: ["statut", "status", "etat", "state"],
  contact: [
    "contact",
    "email",
    "e mail",
    "mail",
    "courriel",
    "adresse mail",
    "adresse email",
    "adresse e mail",
    "telephone",
    "tel",
    "phone",
  ],
  tags: [
    "tags",
    "tag",
    "themes",
    "theme",
    "thematiques",
    "thematique",
    "mots cles",
    "mot cle",
    "mots clefs",
    "etiquettes",
    "etiquette",
    "keywords",
    "categories",
  ],
  links: ["liens", "links"],
  website: ["site", "site web", "site internet", "url", "website", "web", "lien", "link"],
  originSource: ["origine source", "origin source"],
  originId: ["origine id", "origin id"],
  originRevision: ["origine revision", "origin revision"],
  label: ["nom du lieu", "lieu", "place"],
  street: ["adresse", "rue", "street", "address", "voie", "street address", "adresse postale"],
  postcode: ["code postal", "cp", "postcode", "postal code", "zip", "zipcode", "zip code"],
  commune: ["ville", "commune", "city", "localite", "town", "locality", "address locality", "municipality"],
  inseeCode: ["insee", "code insee", "code commune insee", "citycode", "insee code"],
  country: ["pays", "country", "address country", "code pays", "country code"],
  latitude: ["latitude", "lat"],
  longitude: ["longitude", "lon", "lng", "long"],
  coarse: ["grossier", "coarse"],
  geoSource: ["source geo", "geo source"],
  geoScore: ["score geo", "geo score"],
  geoAt: ["date geo", "geo at", "geo date"],
};

const FIELD_BY_ALIAS: ReadonlyMap<string, Field> = new Map(
  (Object.entries(ALIASES) as [Field, readonly string[]][]).flatMap(([field, names]) =>
    names.map((name) => [name, field] as const),
  ),
);

/** "Code postal", "code_postal", "postalCode" and "CODE POSTAL" all become "code postal" / "postal code". */
export function normaliseKey(key: string): string {
  return fold(key.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2"));
}

/** The record field a column header or property name stands for, if any. */
export function fieldOf(key: string): Field | undefined {
  return FIELD_BY_ALIAS.get(normaliseKey(key));
}

function filled(value: unknown): boolean {
  return textOf(value).trim() !== "" || (Array.isArray(value) && value.length > 0);
}

/** Named values (columns, properties) gathered by field: the first filled value of each field wins. */
export function collectFields(entries: Iterable<readonly [string, unknown]>): Fields {
  const fields: Fields = {};
  for (const [key, value] of entries) {
    const field = fieldOf(key);
    if (field && fields[field] === undefined && filled(value)) fields[field] = value;
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------- origin

/** The origin source of records read back from one of our own exports. */
export const OWN_SOURCE = "communs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Is this one of our record ids (a UUID)? */
export function isOwnId(id: string): boolean {
  return UUID.test(id.trim());
}

/** What a file says about where a record comes from. */
export interface OriginClues {
  source?: unknown;
  id?: unknown;
  revision?: unknown;
  /** The record's id in the file (a column, a property): ours or the other system's. */
  rowId?: unknown;
}

/**
 * The origin rule every importer follows: an origin stated in the file wins; else an id of ours (from
 * one of our exports) points back to our record; else the format and the file's id for the row, or its
 * folded name when it has none.
 */
export function originOf(format: string, clues: OriginClues, name: string): OriginInput {
  const source = oneLine(textOf(clues.source));
  const id = oneLine(textOf(clues.id));
  if (source !== "" && id !== "") {
    const revision = oneLine(textOf(clues.revision));
    return { source, id, revision: revision === "" ? null : revision };
  }
  const rowId = oneLine(textOf(clues.rowId));
  if (isOwnId(rowId)) return { source: OWN_SOURCE, id: rowId.toLowerCase(), revision: null };
  return { source: format, id: rowId || fold(name) || oneLine(name), revision: null };
}

/** The item for a record read from a file: invalid when it has no name, else the record with its origin. */
export function itemOf(at: string, format: string, draft: Draft, clues: OriginClues): ImportItem {
  const name = textOf(draft.name);
  if (oneLine(name) === "") return { at, invalid: { key: "import.nameMissing" } };
  return { at, record: { ...draft, origin: originOf(format, clues, name) } };
}

export function placeOf(fields: Partial<Record<PlaceField, unknown>>): PlaceInput {
  return {
    label: textOf(fields.label),
    street: textOf(fields.street),
    postcode: textOf(fields.postcode),
    commune: textOf(fields.commune),
    inseeCode: textOf(fields.inseeCode),
    country: countryOf(fields.country),
    latitude: coordinateOf(fields.latitude),
    longitude: coordinateOf(fields.longitude),
    coarse: flagOf(fields.coarse),
    geo: geoOf(fields.geoSource, fields.geoScore, fields.geoAt),
  };
}

/** Does any of these values describe a place? */
export function hasPlace(fields: Partial<Record<PlaceField, unknown>>): boolean {
  return Object.values(fields).some(filled);
}

/** A place as our JSON exports write it (GeoJSON `places`, GoGoCarto `communs.places`, CSV `autres_lieux`). */
export function placeJson(place: PlaceInput) {
  return {
    label: place.label,
    street: place.street,
    postcode: place.postcode,
    commune: place.commune,
    inseeCode: place.inseeCode,
    country: place.country,
    latitude: place.latitude,
    longitude: place.longitude,
    coarse: place.coarse,
    geo: place.geo ?? null,
  };
}

/** A place read back from `placeJson`. */
export function placeFromJson(value: unknown): PlaceInput {
  const place = isObject(value) ? value : {};
  const geo = isObject(place.geo) ? place.geo : {};
  return placeOf({
    ...place,
    geoSource: geo.source,
    geoScore: geo.score,
    geoAt: geo.at,
  });
}

/**
 * Text that may be a summary, a description or both, from formats with a short and a long text: the
 * short one is the summary when it fits on one line of at most LIMITS.summary characters; a lone short
 * text is a summary too; anything longer goes to the description.
 */
export function summaryAndDescription(short: string, long: string): { summary: string; description: string } {
  const fits = (text: string) => !/[\r\n]/.test(text.trim()) && [...oneLine(text)].length <= LIMITS.summary;
  if (short.trim() === "" && fits(long)) return { summary: long, description: "" };
  if (fits(short)) return { summary: short, description: long };
  return { summary: "", description: [short, long].filter((text) => text.trim() !== "").join("\n\n") };
}

// --------------------------------------------------------------------------------------------- drafts

/**
 * A draft record from fields gathered by `collectFields` (a spreadsheet row, foreign properties). The
 * places are the given ones, or the one the place fields describe.
 */
export function draftOf(fields: Fields, places?: PlaceInput[]): { draft: Draft; clues: OriginClues } {
  const draft: Draft = {
    name: textOf(fields.name),
    summary: textOf(fields.summary),
    description: textOf(fields.description),
    contact: textOf(fields.contact),
    tags: tagsOf(fields.tags),
    links: [...linksOf(fields.links, "other"), ...linksOf(fields.website, "website")],
    places: places ?? (hasPlace(placeFields(fields)) ? [placeOf(placeFields(fields))] : []),
  };
  const slug = textOf(fields.slug).trim();
  if (slug !== "") draft.slug = slug;
  const kind = kindOf(fields.kind);
  if (kind !== undefined) draft.kind = kind;
  const status = statusOf(fields.status);
  if (status !== undefined) draft.status = status;
  const clues = {
    source: fields.originSource,
    id: fields.originId,
    revision: fields.originRevision,
    rowId: fields.id,
  };
  return { draft, clues };
}

export function placeFields(fields: Fields): Partial<Record<PlaceField, unknown>> {
  return Object.fromEntries(Object.entries(fields).filter(([field]) => PLACE_FIELDS.has(field)));
}
