/**
 * The map's points, clustered per zoom level (supercluster) and kept in memory: built once per change
 * of the directory, then every viewport at every zoom is answered from it without reading the
 * database, its JSON kept for the next person who asks the same. Nothing in it depends on who asks:
 * places are already public (coarse ones coarsened) before they are clustered.
 */
import Supercluster from "supercluster";
import type { Memo } from "../../core/memo.ts";

/** What a marker needs, and nothing else. */
export interface Marker {
  id: string;
  slug: string;
  name: string;
  kind: string;
  latitude: number;
  longitude: number;
}

/** A viewport (south, west, north, east) at a zoom level; without a zoom, every point on its own. */
export interface MapView {
  bbox?: [number, number, number, number] | undefined;
  zoom?: number | undefined;
}

/** Clusters up to this zoom; closer, every point is drawn alone. */
export const CLUSTER_MAX_ZOOM = 16;
const MAX_ANSWERS = 2_000;
const WORLD: [number, number, number, number] = [-90, -180, 90, 180];

interface Index {
  clusters: Supercluster<Marker>;
  /** south, west, north, east of every point, for the map's first view; null when there is none. */
  bounds: [number, number, number, number] | null;
  answers: Map<string, string>;
}

function build(markers: Marker[]): Index {
  const clusters = new Supercluster<Marker>({ maxZoom: CLUSTER_MAX_ZOOM, radius: 50 });
  clusters.load(
    markers.map((m) => ({
      type: "Feature" as const,
      geometry: { type: "Point" as const, coordinates: [m.longitude, m.latitude] },
      properties: m,
    })),
  );
  const lats = markers.map((m) => m.latitude);
  const lons = markers.map((m) => m.longitude);
  const bounds: Index["bounds"] =
    markers.length === 0
      ? null
      : [Math.min(...lats), Math.min(...lons), Math.max(...lats), Math.max(...lons)];
  return { clusters, bounds, answers: new Map() };
}

function answer(index: Index, view: MapView): string {
  const [south, west, north, east] = view.bbox ?? WORLD;
  const zoom = view.zoom ?? CLUSTER_MAX_ZOOM + 1;
  const points: Marker[] = [];
  const clusters: { latitude: number; longitude: number; count: number; zoom: number }[] = [];
  for (const feature of index.clusters.getClusters([west, south, east, north], zoom)) {
    const [longitude, latitude] = feature.geometry.coordinates as [number, number];
    const props = feature.properties;
    if ("cluster" in props && props.cluster)
      clusters.push({
        latitude,
        longitude,
        count: props.point_count,
        zoom: index.clusters.getClusterExpansionZoom(props.cluster_id),
      });
    else points.push(props as Marker);
  }
  return JSON.stringify({ bounds: index.bounds, points, clusters });
}

/** The map's indexes live in the directory's cache: they go when the directory changes. */
export function createMapIndex(cache: Memo) {
  return {
    /** The JSON of a viewport: clusters with their count and the zoom that opens them, and markers. */
    async answer(key: string, load: () => Promise<Marker[]>, view: MapView): Promise<string> {
      const index = await cache.remember(`map ${key}`, () => load().then(build));
      const viewKey = `${view.zoom ?? ""}|${view.bbox?.join(",") ?? ""}`;
      const known = index.answers.get(viewKey);
      if (known !== undefined) return known;
      const json = answer(index, view);
      if (index.answers.size >= MAX_ANSWERS) index.answers.clear();
      index.answers.set(viewKey, json);
      return json;
    },
  };
}

export type MapIndex = ReturnType<typeof createMapIndex>;
