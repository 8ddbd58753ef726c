import { type FieldErrors, validationError } from "./errors.ts";
import { checkLine, oneLine, wellFormed } from "./text.ts";

/**
 * The one canonical record of a commons, as the API, the forms and every exchange format read and write
 * it. Formats convert to and from `CommonsInput`; the store keeps it in tables.
 */
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

/** Lower case, accents and other marks removed, punctuation to spaces: for search and matching. */
export function fold(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[œ]/g, "oe")
    .replace(/[æ]/g, "ae")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

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

function multiline(value: unknown): string {
  return typeof value === "string"
    ? wellFormed(value)
        .normalize("NFC")
        .replace(/\r\n?/g, "\n")
        .replace(/(?![\t\n])\p{Cc}/gu, "")
        .trim()
    : "";
}

function coordinate(value: unknown, max: number): number | null | "invalid" {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(String(value).trim().replace(",", "."));
  return Number.isFinite(n) && Math.abs(n) <= max ? Math.round(n * 1e7) / 1e7 : "invalid";
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
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

function trigrams(value: string): Set<string> {
  const padded = `  ${fold(value)} `;
  const grams = new Set<string>();
  for (let i = 0; i < padded.length - 2; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Trigram similarity of two names, 0..1, ignoring case, accents and punctuation. */
export function nameSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  const union = x.size + y.size - shared;
  return union === 0 ? 0 : shared / union;
}

interface PlaceKey {
  postcode: string;
  commune: string;
}

/**
 * Whether two records are likely the same commons: nearly the same name anywhere, or a similar name at
 * the same postcode or commune.
 */
export function likelyDuplicate(
  a: { name: string; places: PlaceKey[] },
  b: { name: string; places: PlaceKey[] },
): boolean {
  const similarity = nameSimilarity(a.name, b.name);
  if (similarity >= 0.8) return true;
  const samePlace = a.places.some((p) =>
    b.places.some(
      (q) =>
        (p.postcode !== "" && p.postcode === q.postcode) ||
        (p.commune !== "" && fold(p.commune) === fold(q.commune)),
    ),
  );
  return samePlace && similarity >= 0.45;
}

export type CommonsAction = "create" | "edit" | "curate";

/**
 * Who may do what in an assembly's directory: active members create; the creator, declared commoners
 * and facilitators edit; facilitators curate (delete, merge, tags, kinds, addresses dashboard, imports).
 * Instance administrators may do everything.
 */
export function allowCommons(
  actor: { id: string; isAdmin: boolean } | undefined,
  action: CommonsAction,
  context: {
    membership: { role: string; status: string } | undefined;
    createdBy?: string | null;
    isCommoner?: boolean;
  },
): boolean {
  if (!actor) return false;
  if (actor.isAdmin) return true;
  const active = context.membership?.status === "active";
  const facilitator = active && context.membership?.role === "facilitator";
  if (action === "create") return active;
  if (action === "edit") return facilitator || context.createdBy === actor.id || context.isCommoner === true;
  return facilitator;
}

/** Coarse places show the commune only: no street, and a point rounded to about a kilometre. */
export function publicPlace<P extends PlaceInput>(place: P): P {
  if (!place.coarse) return place;
  const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
  return {
    ...place,
    label: "",
    street: "",
    latitude: round(place.latitude),
    longitude: round(place.longitude),
  };
}

export const LOW_SCORE = 0.6;
/** Points farther than this from the middle of the directory are flagged as outside the territory. */
export const TERRITORY_RADIUS_KM = 30;

export type AddressProblem =
  | "noStreet"
  | "noPostcode"
  | "noCoordinates"
  | "lowScore"
  | "outside"
  | "geocodeFailed";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/**
 * What is missing or doubtful in each place's address. The territory's middle is the median of the
 * directory's points (robust to a few misplaced ones); a point far from it is probably misplaced.
 */
export function addressProblems(
  places: {
    street: string;
    postcode: string;
    latitude: number | null;
    longitude: number | null;
    geoScore: number | null;
    geoSource: string | null;
    geoFailed: string | null;
  }[],
): AddressProblem[][] {
  const points = places.filter((p) => p.latitude !== null && p.longitude !== null) as {
    latitude: number;
    longitude: number;
  }[];
  const middle =
    points.length >= 3
      ? { latitude: median(points.map((p) => p.latitude)), longitude: median(points.map((p) => p.longitude)) }
      : null;
  return places.map((p) => {
    const problems: AddressProblem[] = [];
    if (p.street === "") problems.push("noStreet");
    if (p.postcode === "") problems.push("noPostcode");
    if (p.latitude === null || p.longitude === null)
      problems.push(p.geoFailed ? "geocodeFailed" : "noCoordinates");
    else {
      if (p.geoSource !== "manual" && p.geoScore !== null && p.geoScore < LOW_SCORE)
        problems.push("lowScore");
      if (
        middle &&
        distanceKm(middle, { latitude: p.latitude, longitude: p.longitude }) > TERRITORY_RADIUS_KM
      )
        problems.push("outside");
    }
    return problems;
  });
}
