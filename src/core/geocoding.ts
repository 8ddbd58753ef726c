import { fold } from "./text.ts";

/**
 * Geocoding: a postal address to a point and back. Adapters (modules/geocoding) speak to the French
 * address API (Addok), to a local index built from a BAN CSV, or answer from a fixture in tests.
 */
export interface AddressQuery {
  /** The street line as typed: "12 bis rue de la Paix". */
  street: string;
  postcode: string;
  commune: string;
  /** ISO 3166-1 alpha-2; the BAN covers France only. */
  country: string;
}

export interface GeocodeResult {
  latitude: number;
  longitude: number;
  /** 0..1: how sure the geocoder is that this is the address asked for. */
  score: number;
  source: "ban" | "local-index";
  /** The full address found: "12 Rue de l'Épeule 59100 Roubaix". */
  label: string;
  /** The street line found, with its number when the point is a house number. */
  street: string;
  postcode: string;
  commune: string;
  inseeCode: string;
}

export interface Geocoder {
  readonly source: "ban" | "local-index" | "fixture" | "auto";
  /** The best point for the address, or null when none is known. Throws `GeocodingError`. */
  geocode(query: AddressQuery): Promise<GeocodeResult | null>;
  /** The address nearest to the point, or null when none is near. Throws `GeocodingError`. */
  reverse(latitude: number, longitude: number): Promise<GeocodeResult | null>;
}

export type GeocodingErrorKey =
  | "geocoding.unreachable"
  | "geocoding.timeout"
  | "geocoding.status"
  | "geocoding.bad_answer"
  | "geocoding.index.empty_file"
  | "geocoding.index.not_ban"
  | "geocoding.index.bad_line"
  | "geocoding.index.bad_file";

/** Why a geocoder could not answer: a message key (see web/i18n) and its parameters. */
export class GeocodingError extends Error {
  constructor(
    readonly key: GeocodingErrorKey,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(key, options);
    this.name = "GeocodingError";
  }
}

export interface StreetParts {
  /** The house number, or null when the line has none. */
  number: number | null;
  /** The repetition index, folded ("bis", "ter", "b"), or "" when there is none. */
  rep: string;
  /** The street name, folded (lower case, no accents, punctuation as spaces). */
  name: string;
}

/**
 * A leading number, an optional range end ("12-14") and an optional repetition index: a Latin
 * multiplier (spaced or not: "12 bis", "12bis") or a single letter stuck to the number ("12B"). A spaced
 * single letter is left to the name, since "12 r de la Paix" abbreviates "rue".
 */
const NUMBER_PREFIX =
  /^(\d{1,5})(?!\d)(?:\s*-\s*\d{1,5})?(?:\s*(bis|ter|quater|quinquies|sexies)(?![\p{L}\p{N}])|([a-z])(?![\p{L}\p{N}]))?[\s,.]*(.*)$/isu;

/** "12 bis rue de la Paix" → {number: 12, rep: "bis", name: "rue de la paix"}. */
export function splitStreet(street: string): StreetParts {
  const line = street.normalize("NFC").trim();
  const match = NUMBER_PREFIX.exec(line);
  if (!match) return { number: null, rep: "", name: fold(line) };
  const [, digits = "", word, letter, rest = ""] = match;
  return { number: Number(digits), rep: fold(word ?? letter ?? ""), name: fold(rest) };
}

/** Addok caps `q` at 200 characters. */
const QUERY_MAX = 200;

/** The free-text query a geocoder reads: "12 bis rue de la Paix 59100 Roubaix". */
export function addressText(query: Pick<AddressQuery, "street" | "postcode" | "commune">): string {
  return [query.street, query.postcode, query.commune]
    .map((part) => part.replace(/\s+/g, " ").trim())
    .filter((part) => part !== "")
    .join(" ")
    .slice(0, QUERY_MAX)
    .trim();
}

/** Only French addresses can be geocoded (an empty country means France). */
export function isFrench(query: Pick<AddressQuery, "country">): boolean {
  const country = query.country.trim().toUpperCase();
  return country === "" || country === "FR";
}
