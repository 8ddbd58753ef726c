import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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

export interface AddokStub {
  /** The base URL to give as `COMMUNS_GEOCODER_URL`. */
  readonly url: string;
  /** Every `q` the stub was asked to search, in order. */
  readonly searches: string[];
  /** Stops listening: the geocoder then finds nothing there (as when the API is down). */
  close(): Promise<void>;
  /** Listens again, at the same address. */
  open(): Promise<void>;
  /** Holds every answer until the function it gives is called: to see a job while it runs. */
  pause(): () => void;
}

/**
 * A local Addok server for tests that go through HTTP (`COMMUNS_GEOCODER=auto` or `addok`): answers
 * `/search` and `/reverse` in GeoCodeJSON from the same entries as the fixture geocoder; an entry with
 * an `error` answers 503.
 */
export async function startAddokStub(entries: FixtureEntry[]): Promise<AddokStub> {
  const fixture = createFixtureGeocoder(entries.filter((entry) => !entry.error));
  const failing = new Set(entries.filter((entry) => entry.error).map(key));
  const searches: string[] = [];
  let gate: Promise<void> = Promise.resolve();
  const server = createServer(async (request, response) => {
    await gate;
    const url = new URL(request.url ?? "/", "http://stub");
    const q = url.searchParams.get("q") ?? "";
    if (url.pathname.endsWith("/search")) searches.push(q);
    if (url.pathname.endsWith("/search") && failing.has(fold(q))) {
      response.writeHead(503).end();
      return;
    }
    const found = url.pathname.endsWith("/search")
      ? await fixture.geocode({ street: q, postcode: "", commune: "", country: "" })
      : await fixture.reverse(Number(url.searchParams.get("lat")), Number(url.searchParams.get("lon")));
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ type: "FeatureCollection", features: found ? [feature(found)] : [] }));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/geocodage`,
    searches,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    open: () => listen(port),
    pause() {
      let release = () => {};
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return release;
    },
  };
}

function feature(found: GeocodeResult) {
  return {
    type: "Feature",
    geometry: { type: "Point", coordinates: [found.longitude, found.latitude] },
    properties: {
      label: found.label,
      score: found.score,
      type: "housenumber",
      name: found.street,
      postcode: found.postcode,
      citycode: found.inseeCode,
      city: found.commune,
    },
  };
}
