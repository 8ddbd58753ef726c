import type { Context } from "../../context.ts";
import type { Geocoder } from "../../core/geocoding.ts";
import { createAddokGeocoder } from "./addok.ts";
import { createLocalGeocoder } from "./local-index.ts";

/** Building the local index from a BAN file, and its size: the command line's `geocode index`. */
export { buildLocalIndex } from "./local-index.ts";
export { countLocalIndex } from "./store.ts";

/** The geocoder the settings choose (`COMMUNS_GEOCODER`); null when geocoding is off. */
export function createGeocoder(ctx: Pick<Context, "db" | "config">): Geocoder | null {
  switch (ctx.config.geocoder) {
    case "local":
      return createLocalGeocoder(ctx.db.kysely);
    case "addok":
      return createAddokGeocoder({
        baseUrl: ctx.config.geocoderUrl,
        timeoutMs: ctx.config.geocoderTimeoutMs,
        userAgent: `Communs (${ctx.config.publicUrl})`,
      });
    case "none":
      return null;
  }
}
