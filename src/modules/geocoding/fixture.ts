import { fold } from "../../core/commons.ts";
import {
  type AddressQuery,
  addressText,
  type GeocodeResult,
  type Geocoder,
  GeocodingError,
  type GeocodingErrorKey,
} from "../../core/geocoding.ts";

/** One address the fixture knows: its point, or the error geocoding it raises. */
export interface FixtureEntry {
  street: string;
  postcode: string;
  commune: string;
  latitude: number;
  longitude: number;
  score?: number;
  inseeCode?: string;
  source?: GeocodeResult["source"];
  /** When given, geocoding this address throws `GeocodingError(error)` instead of answering. */
  error?: GeocodingErrorKey;
}

export interface FixtureGeocoder extends Geocoder {
  /** Every address asked for, in order: to check what a caller sent. */
  readonly calls: AddressQuery[];
}

function key(address: Pick<AddressQuery, "street" | "postcode" | "commune">): string {
  return fold(addressText(address));
}

function toResult(entry: FixtureEntry): GeocodeResult {
  return {
    latitude: entry.latitude,
    longitude: entry.longitude,
    score: entry.score ?? 1,
    source: entry.source ?? "ban",
    label: addressText(entry),
    street: entry.street,
    postcode: entry.postcode,
    commune: entry.commune,
    inseeCode: entry.inseeCode ?? "",
  };
}

/**
 * A geocoder for tests of other modules: answers from a list, matching the whole address folded (case,
 * accents and punctuation do not count); reverse gives the nearest entry.
 */
export function createFixtureGeocoder(entries: FixtureEntry[]): FixtureGeocoder {
  const byAddress = new Map(entries.map((entry) => [key(entry), entry]));
  const calls: AddressQuery[] = [];
  return {
    source: "fixture",
    calls,
    async geocode(query) {
      calls.push(query);
      const entry = byAddress.get(key(query));
      if (entry?.error) throw new GeocodingError(entry.error);
      return entry ? toResult(entry) : null;
    },
    async reverse(latitude, longitude) {
      const distance = (entry: FixtureEntry) =>
        Math.hypot(entry.latitude - latitude, entry.longitude - longitude);
      const [closest] = entries.filter((entry) => !entry.error).sort((a, b) => distance(a) - distance(b));
      return closest ? toResult(closest) : null;
    },
  };
}
