/**
 * The one canonical record of a commons, as the API, the forms and every exchange format read and write
 * it. Formats convert to and from `CommonsInput`; the store keeps it in tables.
 */

import { type FieldErrors, validationError } from "../errors.ts";
import { checkLine, fold, isHttpUrl, multiline, oneLine } from "../text.ts";

export type CommonsStatus = "active" | "dormant" | "gone";
export const COMMONS_STATUSES: readonly CommonsStatus[] = ["active", "dormant", "gone"];

export type GeoSource = "ban" | "local-index" | "manual" | "import";
export const GEO_SOURCES: readonly GeoSource[] = ["ban", "local-index", "manual", "import"];

export type LinkType = "website" | "communecter" | "social" | "wiki" | "other";
export const LINK_TYPES: readonly LinkType[] = ["website", "communecter", "social", "wiki", "other"];

/** Kinds of resource every new assembly starts with; facilitators edit the list. */
export const DEFAULT_KINDS: readonly { slug: string; label: string }[] = [
  { slug: "lieu", label: "Lieu" },
  { slug: "jardin", label: "Jardin" },
  { slug: "logiciel", label: "Logiciel" },
  { slug: "savoirs", label: "Savoirs" },
  { slug: "mobilite", label: "Mobilité" },
  { slug: "alimentation", label: "Alimentation" },
  { slug: "autre", label: "Autre" },
];
export const DEFAULT_KIND = "autre";

export interface GeoProvenance {
  source: GeoSource;
  /** 0..1 for geocoders, null for a manual pin or an imported point without one. */
  score: number | null;
  /** ISO date-time the coordinates were set. */
  at: string;
}

export interface PlaceInput {
  label: string;
  street: string;
  postcode: string;
  commune: string;
  inseeCode: string;
  /** ISO 3166-1 alpha-2, "FR" by default. */
  country: string;
  latitude: number | null;
  longitude: number | null;
  /** Shown as the commune only (someone's home). */
  coarse: boolean;
  /** Where the coordinates come from; given when read, and by importers that know it. */
  geo?: GeoProvenance | null;
}

export interface LinkInput {
  type: LinkType;
  url: string;
  label: string;
}

export interface OriginInput {
  /** e.g. "mediawiki:https://wiki.example/wiki", "csv", "gogocarto:https://carto.example". */
  source: string;
  id: string;
  revision?: string | null;
}

export interface CommonsInput {
  name: string;
  /** Kept when given (imports, round trips); made from the name otherwise. */
  slug?: string;
  summary: string;
  /** Markdown. */
  description: string;
  kind: string;
  status: CommonsStatus;
  contact: string;
  tags: string[];
  places: PlaceInput[];
  links: LinkInput[];
  origin?: OriginInput | null;
}

export const LIMITS = {
  name: 160,
  summary: 400,
  description: 50_000,
  contact: 200,
  tag: 60,
  tags: 30,
  places: 20,
  links: 20,
  url: 2000,
  street: 200,
  postcode: 10,
  commune: 100,
  label: 120,
} as const;
export function emptyPlace(): PlaceInput {
  return {
    label: "",
    street: "",
    postcode: "",
    commune: "",
    inseeCode: "",
    country: "FR",
    latitude: null,
    longitude: null,
    coarse: false,
    geo: null,
  };
}

function coordinate(value: unknown, max: number): number | null | "invalid" {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(String(value).trim().replace(",", "."));
  return Number.isFinite(n) && Math.abs(n) <= max ? Math.round(n * 1e7) / 1e7 : "invalid";
}

/** Tags as typed: trimmed, one line, deduplicated by their folded form, in the order given. */
export function cleanTags(values: readonly unknown[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const value of values) {
    const tag = oneLine(value);
    const key = fold(tag);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

function checkPlace(errors: FieldErrors, i: number, raw: Partial<PlaceInput>): PlaceInput {
  const at = (field: string) => `places.${i}.${field}`;
  const place: PlaceInput = {
    label: oneLine(raw.label),
    street: oneLine(raw.street),
    postcode: oneLine(raw.postcode).replace(/\s+/g, ""),
    commune: oneLine(raw.commune),
    inseeCode: oneLine(raw.inseeCode).toUpperCase(),
    country: (oneLine(raw.country) || "FR").toUpperCase(),
    latitude: null,
    longitude: null,
    coarse: raw.coarse === true,
    geo: raw.geo ?? null,
  };
  checkLine(errors, at("label"), place.label, { required: false, max: LIMITS.label });
  checkLine(errors, at("street"), place.street, { required: false, max: LIMITS.street });
  checkLine(errors, at("commune"), place.commune, { required: false, max: LIMITS.commune });
  if (place.postcode !== "" && !/^[0-9A-Z-]{2,10}$/i.test(place.postcode))
    errors[at("postcode")] = "commons.postcodeInvalid";
  if (place.inseeCode !== "" && !/^[0-9][0-9AB][0-9]{3}$/.test(place.inseeCode))
    errors[at("inseeCode")] = "commons.inseeInvalid";
  if (!/^[A-Z]{2}$/.test(place.country)) errors[at("country")] = "commons.countryInvalid";
  const latitude = coordinate(raw.latitude, 90);
  const longitude = coordinate(raw.longitude, 180);
  if (latitude === "invalid") errors[at("latitude")] = "commons.latitudeInvalid";
  if (longitude === "invalid") errors[at("longitude")] = "commons.longitudeInvalid";
  if (latitude !== "invalid" && longitude !== "invalid") {
    if ((latitude === null) !== (longitude === null)) errors[at("longitude")] = "commons.coordinatesPair";
    place.latitude = latitude;
    place.longitude = longitude;
  }
  if (place.latitude === null) place.geo = null;
  return place;
}

function checkLink(errors: FieldErrors, i: number, raw: Partial<LinkInput>): LinkInput {
  const link: LinkInput = {
    type: LINK_TYPES.includes(raw.type as LinkType) ? (raw.type as LinkType) : "other",
    url: oneLine(raw.url),
    label: oneLine(raw.label),
  };
  if (!isHttpUrl(link.url) || link.url.length > LIMITS.url) errors[`links.${i}.url`] = "commons.urlInvalid";
  checkLine(errors, `links.${i}.label`, link.label, { required: false, max: LIMITS.label });
  return link;
}

/**
 * Cleans and checks a record from any source (form, API, importer). Throws a validation error naming
 * each bad field; returns the cleaned record otherwise. `kinds` is the assembly's list of kinds.
 */
export function checkCommons(input: Partial<CommonsInput>, kinds: readonly string[]): CommonsInput {
  const raw: Partial<CommonsInput> = input && typeof input === "object" ? input : {};
  const errors: FieldErrors = {};
  const record: CommonsInput = {
    name: oneLine(raw.name),
    summary: oneLine(raw.summary),
    description: multiline(raw.description),
    kind: oneLine(raw.kind) || DEFAULT_KIND,
    status: (raw.status ?? "active") as CommonsStatus,
    contact: oneLine(raw.contact),
    tags: cleanTags(Array.isArray(raw.tags) ? raw.tags : []),
    places: [],
    links: [],
    origin: raw.origin ? { ...raw.origin } : null,
  };
  if (raw.slug !== undefined) record.slug = oneLine(raw.slug);
  checkLine(errors, "name", record.name, { required: true, max: LIMITS.name });
  checkLine(errors, "summary", record.summary, { required: false, max: LIMITS.summary });
  checkLine(errors, "contact", record.contact, { required: false, max: LIMITS.contact });
  if ([...record.description].length > LIMITS.description)
    errors.description = `field.tooLong.${LIMITS.description}`;
  if (!kinds.includes(record.kind)) errors.kind = "commons.kindUnknown";
  if (!COMMONS_STATUSES.includes(record.status)) errors.status = "commons.statusUnknown";
  if (record.tags.length > LIMITS.tags) errors.tags = "commons.tooManyTags";
  if (record.tags.some((t) => [...t].length > LIMITS.tag)) errors.tags = `field.tooLong.${LIMITS.tag}`;
  const places = Array.isArray(raw.places) ? raw.places : [];
  const links = Array.isArray(raw.links) ? raw.links : [];
  if (places.length > LIMITS.places) errors.places = "commons.tooManyPlaces";
  if (links.length > LIMITS.links) errors.links = "commons.tooManyLinks";
  const object = <T>(value: T) => (value && typeof value === "object" ? value : {});
  record.places = places.slice(0, LIMITS.places).map((p, i) => checkPlace(errors, i, object(p)));
  record.links = links.slice(0, LIMITS.links).map((l, i) => checkLink(errors, i, object(l)));
  if (record.origin && (oneLine(record.origin.source) === "" || oneLine(record.origin.id) === ""))
    errors.origin = "commons.originInvalid";
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return record;
}
