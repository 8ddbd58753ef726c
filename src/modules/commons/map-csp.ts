import type { FastifyHelmetOptions } from "@fastify/helmet";
import type { Config } from "../../config.ts";
import type { RouteOptions } from "../../web/routes.ts";

/**
 * The origin a tile URL template loads from, as a CSP source: `https://{s}.tile.example.org/{z}/{x}/{y}.png`
 * gives `https://*.tile.example.org`. A placeholder may only stand in the first label of the host (CSP
 * wildcards go nowhere else); anything else gives undefined, and no origin is allowed.
 */
export function tileOrigin(template: string): string | undefined {
  const match = /^(https?:)\/\/([^/?#]+)/i.exec(template.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const [first = "", ...rest] = match[2].split(".");
  if (rest.some((label) => label.includes("{") || label.includes("}"))) return undefined;
  const wild = first.includes("{") || first.includes("}");
  if (wild && rest.length < 2) return undefined;
  const host = wild ? ["*", ...rest].join(".") : match[2];
  try {
    const url = new URL(`${match[1]}//${host.replace(/^\*/, "wildcard")}`);
    // Nothing but a plain host name may reach the header (";" would start another directive).
    if (url.username || url.password || !/^[a-z0-9.-]+$/.test(url.hostname)) return undefined;
    const port = url.port ? `:${url.port}` : "";
    return `${url.protocol}//${wild ? url.hostname.replace(/^wildcard/, "*") : url.hostname}${port}`;
  } catch {
    return undefined;
  }
}

type RouteHelmet = Omit<FastifyHelmetOptions, "global">;

/** CSP directives of the map pages, over helmet's defaults (as app.ts sets them, plus what maps need). */
function mapDirectives(config: Config, embed: boolean) {
  const origin = config.mapTileUrl ? tileOrigin(config.mapTileUrl) : undefined;
  const directives: Record<string, string[] | null> = { "upgrade-insecure-requests": null };
  if (origin) directives["img-src"] = ["'self'", "data:", origin];
  if (embed) directives["frame-ancestors"] = ["*"];
  return { directives, changed: Boolean(origin) || embed };
}

/** The map page: the tile server's origin joins img-src; otherwise app.ts's headers stand as they are. */
function mapPageHelmet(config: Config): RouteHelmet | undefined {
  const { directives, changed } = mapDirectives(config, false);
  return changed ? { contentSecurityPolicy: { directives } } : undefined;
}

/** The embed may be framed by any site: frame-ancestors *, and no X-Frame-Options. */
function embedHelmet(config: Config): RouteHelmet {
  return { contentSecurityPolicy: { directives: mapDirectives(config, true).directives }, frameguard: false };
}

/** Options of the pages that show a map (the map page, the record's form and its pin). */
export function mapPageOptions(config: Config): RouteOptions {
  const helmet = mapPageHelmet(config);
  return helmet ? { helmet } : {};
}

export function embedOptions(config: Config): RouteOptions {
  return { helmet: embedHelmet(config) };
}
