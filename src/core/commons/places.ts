/** Places as the public sees them, and what is missing or doubtful in a directory's addresses. */

import { fold } from "../text.ts";
import type { PlaceInput } from "./record.ts";

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
  | "geocodeUnavailable"
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

/** How far the places of a directory are on the map: placed, not found, waiting for the geocoder, never tried. */
export function placingCounts(
  places: { postcode: string; commune: string; latitude: number | null; geoFailed: string | null }[],
) {
  const counts = { placed: 0, notFound: 0, unavailable: 0, neverTried: 0 };
  for (const p of places) {
    if (p.latitude !== null) counts.placed++;
    else if (p.geoFailed === "geocode.unavailable") counts.unavailable++;
    else if (p.geoFailed) counts.notFound++;
    else if (p.postcode !== "" || p.commune !== "") counts.neverTried++;
  }
  return counts;
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
      problems.push(
        p.geoFailed === "geocode.unavailable"
          ? "geocodeUnavailable"
          : p.geoFailed
            ? "geocodeFailed"
            : "noCoordinates",
      );
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

/** Two points closer than this are one place (a metre: the same pin read twice, or rounded). */
const SAME_POINT_KM = 0.001;

type Located = Pick<PlaceInput, "street" | "postcode" | "commune" | "latitude" | "longitude">;

function addressKey(place: Located): string {
  const key = [fold(place.street), place.postcode.replace(/\s+/g, ""), fold(place.commune)];
  return key.some(Boolean) ? key.join("|") : "";
}

function samePoint(a: Located, b: Located): boolean {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null)
    return false;
  return (
    distanceKm(a as { latitude: number; longitude: number }, b as { latitude: number; longitude: number }) <
    SAME_POINT_KM
  );
}

/**
 * Which of the `added` places repeat one already `kept` (or an earlier added one): the same address
 * once folded (case, accents, spacing) or the same point. A merge moves only the others.
 */
export function repeatedPlaces(kept: Located[], added: Located[]): boolean[] {
  const seen = [...kept];
  return added.map((place) => {
    const key = addressKey(place);
    const repeated = seen.some(
      (other) => (key !== "" && addressKey(other) === key) || samePoint(place, other),
    );
    if (!repeated) seen.push(place);
    return repeated;
  });
}
