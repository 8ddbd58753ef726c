import {
  type AddressQuery,
  addressText,
  type GeocodeResult,
  type Geocoder,
  GeocodingError,
  isFrench,
} from "../../core/geocoding.ts";

export interface AddokOptions {
  /**
   * e.g. https://data.geopf.fr/geocodage or a self-hosted Addok; `/search` and `/reverse` are appended to
   * its path, as the Géoplateforme documents them and as Addok registers its routes.
   */
  baseUrl: string;
  timeoutMs: number;
  userAgent: string;
}

/** Addok refuses a `q` shorter than 3 characters. */
const QUERY_MIN = 3;

/**
 * The French address API (Addok: api-adresse, Géoplateforme): GeoCodeJSON FeatureCollections, best
 * feature first.
 */
export function createAddokGeocoder(options: AddokOptions): Geocoder {
  return {
    source: "ban",
    async geocode(query: AddressQuery) {
      const q = addressText(query);
      if (!isFrench(query) || q.length < QUERY_MIN) return null;
      const params: Record<string, string> = { q, limit: "1" };
      const postcode = query.postcode.trim();
      if (/^\d{5}$/.test(postcode)) params.postcode = postcode;
      return firstFeature(await getJson(endpoint(options.baseUrl, "search", params), options));
    },
    async reverse(latitude: number, longitude: number) {
      const params = { lon: String(longitude), lat: String(latitude), limit: "1" };
      return firstFeature(await getJson(endpoint(options.baseUrl, "reverse", params), options));
    },
  };
}

function endpoint(baseUrl: string, path: "search" | "reverse", params: Record<string, string>): URL {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${path}`;
  url.search = new URLSearchParams(params).toString();
  return url;
}

async function getJson(url: URL, options: AddokOptions): Promise<unknown> {
  const host = url.host;
  try {
    const response = await fetch(url, {
      headers: { accept: "application/json", "user-agent": options.userAgent },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new GeocodingError("geocoding.status", { host, status: response.status });
    }
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new GeocodingError("geocoding.bad_answer", { host }, { cause: error });
    }
  } catch (error) {
    if (error instanceof GeocodingError) throw error;
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new GeocodingError("geocoding.timeout", { host, ms: options.timeoutMs }, { cause: error });
    }
    throw new GeocodingError("geocoding.unreachable", { host }, { cause: error });
  }
}

interface AddokProperties {
  score: number;
  label: string;
  type?: string;
  name?: string;
  housenumber?: string;
  street?: string;
  postcode?: string;
  citycode?: string;
  city?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The first feature of a GeoCodeJSON answer; null when it has none; throws when it is not one. */
function firstFeature(body: unknown): GeocodeResult | null {
  if (!isRecord(body) || body.type !== "FeatureCollection" || !Array.isArray(body.features)) {
    throw new GeocodingError("geocoding.bad_answer");
  }
  const [feature] = body.features as unknown[];
  if (feature === undefined) return null;
  const point = coordinates(feature);
  const properties = isRecord(feature) ? feature.properties : undefined;
  if (!point || !isRecord(properties) || typeof properties.score !== "number") {
    throw new GeocodingError("geocoding.bad_answer");
  }
  return toResult(point, properties as unknown as AddokProperties);
}

function coordinates(feature: unknown): { longitude: number; latitude: number } | null {
  if (!isRecord(feature) || !isRecord(feature.geometry)) return null;
  const [longitude, latitude] = Array.isArray(feature.geometry.coordinates)
    ? (feature.geometry.coordinates as unknown[])
    : [];
  if (typeof longitude !== "number" || typeof latitude !== "number") return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { longitude, latitude };
}

function toResult(point: { longitude: number; latitude: number }, p: AddokProperties): GeocodeResult {
  // `name` is the street line ("8 Boulevard du Port") for a house number, the street or the lieu-dit
  // otherwise; a municipality has no street line.
  const streetLine =
    p.type === "municipality" ? "" : text(p.name) || [text(p.housenumber), text(p.street)].join(" ").trim();
  return {
    latitude: point.latitude,
    longitude: point.longitude,
    score: Math.min(1, Math.max(0, p.score)),
    source: "ban",
    label: text(p.label),
    street: streetLine,
    postcode: text(p.postcode),
    commune: text(p.city),
    inseeCode: text(p.citycode),
  };
}
