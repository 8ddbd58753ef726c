import type { Context } from "../../context.ts";
import { type Geocoder, GeocodingError } from "../../core/geocoding.ts";
import type { Db } from "../../db/connection.ts";
import { createAddokGeocoder } from "./addok.ts";
import { createLocalGeocoder } from "./local-index.ts";
import { hasLocalIndex, readGeocoderSettings, writeGeocoderSetting } from "./store.ts";

/** Building the local index from a BAN file, and its size: the command line's `geocode index`. */
export { buildLocalIndex } from "./local-index.ts";
export { countLocalIndex } from "./store.ts";

type Settings = Pick<Context, "db" | "config">;

/** Which geocoder answers now, when it last answered and its last failure: the addresses page's status. */
export interface GeocoderStatus {
  /** `local`: the BAN index built here; `api`: an Addok API (the national one by default). */
  kind: "local" | "api" | "none";
  /** The Addok API's host, e.g. data.geopf.fr. */
  host: string;
  indexBuiltAt: string | null;
  answeredAt: string | null;
  failure: { at: string; key: string; params: Record<string, string | number> } | null;
}

/**
 * The geocoder the settings choose (`COMMUNS_GEOCODER`), recording when it answers and fails; null when
 * geocoding is off. `auto` asks the local index once one is built, else the Addok API.
 */
export function createGeocoder(ctx: Settings): Geocoder | null {
  const { config } = ctx;
  if (config.geocoder === "none") return null;
  const db = ctx.db.kysely;
  const local = createLocalGeocoder(db);
  if (config.geocoder === "local") return recorded(local, ctx.db);
  const addok = createAddokGeocoder({
    baseUrl: config.geocoderUrl,
    timeoutMs: config.geocoderTimeoutMs,
    userAgent: `Communs (${config.publicUrl})`,
  });
  if (config.geocoder === "addok") return recorded(addok, ctx.db);
  const current = async () => ((await hasLocalIndex(db)) ? local : addok);
  return recorded(
    {
      source: "auto",
      geocode: async (query) => (await current()).geocode(query),
      reverse: async (latitude, longitude) => (await current()).reverse(latitude, longitude),
    },
    ctx.db,
  );
}

/** Wraps a geocoder so that each answer and each failure is kept for the status. */
function recorded(geocoder: Geocoder, db: Db): Geocoder {
  async function track<T>(call: () => Promise<T>): Promise<T> {
    const at = new Date().toISOString();
    try {
      const answer = await call();
      await writeGeocoderSetting(db.kysely, "geocoder.answered_at", at);
      return answer;
    } catch (error) {
      if (error instanceof GeocodingError) {
        const failure = JSON.stringify({ at, key: error.key, params: error.params });
        await writeGeocoderSetting(db.kysely, "geocoder.failure", failure);
      }
      throw error;
    }
  }
  return {
    source: geocoder.source,
    geocode: (query) => track(() => geocoder.geocode(query)),
    reverse: (latitude, longitude) => track(() => geocoder.reverse(latitude, longitude)),
  };
}

export async function geocoderStatus(ctx: Settings): Promise<GeocoderStatus> {
  const { config } = ctx;
  const db = ctx.db.kysely;
  const settings = await readGeocoderSettings(db);
  const local = config.geocoder === "local" || (config.geocoder === "auto" && (await hasLocalIndex(db)));
  const failure = settings["geocoder.failure"];
  return {
    kind: config.geocoder === "none" ? "none" : local ? "local" : "api",
    host: new URL(config.geocoderUrl).host,
    indexBuiltAt: settings["geocoder.index_built_at"] ?? null,
    answeredAt: settings["geocoder.answered_at"] ?? null,
    failure: failure ? JSON.parse(failure) : null,
  };
}

/** Notes when the local index was last built or brought up to date (`geocode index`). */
export function recordIndexBuilt(db: Db): Promise<void> {
  return writeGeocoderSetting(db.kysely, "geocoder.index_built_at", new Date().toISOString());
}
