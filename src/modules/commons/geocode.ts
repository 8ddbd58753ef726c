import type { GeoProvenance, GeoSource, PlaceInput } from "../../core/commons.ts";
import { type Geocoder, GeocodingError } from "../../core/geocoding.ts";

/** The geocoder that runs when a record is saved; null when geocoding is off. */
export type GeocodeOnSave = Geocoder | null;

type SavedPlace = PlaceInput & { geoFailed?: string | null };

function sameAddress(a: PlaceInput, b: PlaceInput): boolean {
  return (
    a.street === b.street && a.postcode === b.postcode && a.commune === b.commune && a.country === b.country
  );
}

function hasAddress(place: PlaceInput): boolean {
  return place.postcode !== "" || place.commune !== "";
}

/**
 * Gives each place its coordinates and their provenance. Coordinates typed or dragged by a person (or
 * brought by an import) override the geocoder and keep their own source; unchanged coordinates keep
 * the provenance they had, unless the address changed under a geocoded point; an address without
 * coordinates is geocoded, and a failure keeps the place, flagged with the reason.
 */
export async function placesWithProvenance(
  geocoder: GeocodeOnSave,
  places: PlaceInput[],
  before: PlaceInput[],
  givenSource: GeoSource,
): Promise<SavedPlace[]> {
  const now = new Date().toISOString();
  const result: SavedPlace[] = [];
  for (const [i, place] of places.entries()) {
    const old = before[i];
    const unchanged =
      old !== undefined && old.latitude === place.latitude && old.longitude === place.longitude && old.geo;
    if (place.latitude !== null && unchanged && (old.geo?.source === "manual" || sameAddress(old, place))) {
      result.push({ ...place, geo: old.geo ?? null });
    } else if (place.latitude !== null && !unchanged) {
      const geo: GeoProvenance = place.geo ?? { source: givenSource, score: null, at: now };
      result.push(hasAddress(place) ? { ...place, geo } : await addressOfPin(geocoder, { ...place, geo }));
    } else if (hasAddress(place)) {
      result.push(await geocodePlace(geocoder, { ...place, latitude: null, longitude: null, geo: null }));
    } else {
      result.push({ ...place, latitude: null, longitude: null, geo: null });
    }
  }
  return result;
}

/** A pin dropped without an address gets the nearest one's commune (and street, unless coarse). */
async function addressOfPin(geocoder: GeocodeOnSave, place: PlaceInput): Promise<SavedPlace> {
  if (!geocoder || place.latitude === null || place.longitude === null) return place;
  try {
    const found = await geocoder.reverse(place.latitude, place.longitude);
    if (!found) return place;
    return {
      ...place,
      street: place.street || (place.coarse ? "" : found.street),
      postcode: found.postcode,
      commune: found.commune,
      inseeCode: place.inseeCode || found.inseeCode,
    };
  } catch (error) {
    if (error instanceof GeocodingError) return place;
    throw error;
  }
}

export async function geocodePlace(geocoder: GeocodeOnSave, place: PlaceInput): Promise<SavedPlace> {
  if (!geocoder) return { ...place, geoFailed: null };
  try {
    const found = await geocoder.geocode({
      street: place.street,
      postcode: place.postcode,
      commune: place.commune,
      country: place.country,
    });
    if (!found) return { ...place, geoFailed: "geocode.notFound" };
    return {
      ...place,
      inseeCode: place.inseeCode || found.inseeCode,
      latitude: found.latitude,
      longitude: found.longitude,
      geo: { source: found.source, score: found.score, at: new Date().toISOString() },
      geoFailed: null,
    };
  } catch (error) {
    if (error instanceof GeocodingError) return { ...place, geoFailed: "geocode.unavailable" };
    throw error;
  }
}
