import type { FastifyHelmetOptions } from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import { render } from "preact-render-to-string";
import type { Config } from "../../config.ts";
import { sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { filterOf, parseListQuery } from "./routes.tsx";
import type { Commons } from "./service.ts";
import { DirectoryNav, type DirectoryRef, FilterForm, type ListQuery } from "./views.tsx";

export type MapPoint = Awaited<ReturnType<Commons["mapPoints"]>>[number];

type Translate = PageContext["t"];

/** What the map script reads from the map's element. */
interface MapSettings {
  pointsUrl: string;
  tiles: string;
  attribution: string;
  label: string;
  /** Where the popups' links open: the whole page when the map is framed by another site. */
  linkTarget?: string;
}

const STYLESHEETS = [
  "/assets/vendor/leaflet/leaflet.css",
  "/assets/vendor/markercluster/MarkerCluster.css",
  "/assets/vendor/markercluster/MarkerCluster.Default.css",
  "/assets/map.css",
];
// Deferred scripts run in this order, once the document is parsed.
const SCRIPTS = [
  "/assets/vendor/leaflet/leaflet.js",
  "/assets/vendor/markercluster/leaflet.markercluster.js",
  "/assets/map.js",
];

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
export function mapPageHelmet(config: Config): RouteHelmet | undefined {
  const { directives, changed } = mapDirectives(config, false);
  return changed ? { contentSecurityPolicy: { directives } } : undefined;
}

/** The embed may be framed by any site: frame-ancestors *, and no X-Frame-Options. */
export function embedHelmet(config: Config): RouteHelmet {
  return { contentSecurityPolicy: { directives: mapDirectives(config, true).directives }, frameguard: false };
}

/** The filters of a query string (no sort nor page: the map shows every match). */
export function filterQuery(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const key of ["q", "tag", "kind", "commune", "status"] as const) {
    if (query[key]) params.set(key, query[key]);
  }
  return params.toString();
}

function withQuery(path: string, search: string): string {
  return search ? `${path}?${search}` : path;
}

function settingsOf(config: Config, space: DirectoryRef, query: ListQuery, t: Translate): MapSettings {
  return {
    pointsUrl: withQuery(`/espaces/${space.slug}/communs/carte.json`, filterQuery(query)),
    tiles: config.mapTileUrl,
    attribution: config.mapTileAttribution,
    label: t("commons.mapLabel", { name: space.name }),
  };
}

/** One entry per commons (a commons with several places is one link), in the order of the points. */
export function placesByCommons(points: MapPoint[]) {
  const byId = new Map<string, MapPoint & { communes: string[] }>();
  for (const point of points) {
    const seen = byId.get(point.id);
    if (!seen) byId.set(point.id, { ...point, communes: point.commune ? [point.commune] : [] });
    else if (point.commune && !seen.communes.includes(point.commune)) seen.communes.push(point.commune);
  }
  return [...byId.values()];
}

/** The map's element: empty and hidden until map.js draws in it (no blank box without JavaScript). */
function MapElement({ settings, class: className }: { settings: MapSettings; class: string }) {
  return (
    <section
      id="map"
      class={className}
      aria-label={settings.label}
      hidden
      data-points-url={settings.pointsUrl}
      data-tiles={settings.tiles}
      data-attribution={settings.attribution}
      data-link-target={settings.linkTarget}
    />
  );
}

function Assets() {
  return (
    <>
      {STYLESHEETS.map((href) => (
        <link key={href} rel="stylesheet" href={href} />
      ))}
      {SCRIPTS.map((src) => (
        <script key={src} src={src} defer />
      ))}
    </>
  );
}

/** The points as a list: what shows without JavaScript, and an accessible alternative to the map. */
export function PlaceList(props: { ctx: PageContext; points: MapPoint[]; kinds: Map<string, string> }) {
  const { t } = props.ctx;
  const entries = placesByCommons(props.points);
  return (
    <details class="map-places" open data-map-places>
      <summary>{t("commons.mapCount", { count: entries.length })}</summary>
      {entries.length === 0 ? (
        <p class="empty">{t("commons.mapNone")}</p>
      ) : (
        <ul class="map-list">
          {entries.map((entry) => (
            <li key={entry.id}>
              <a href={entry.url}>{entry.name}</a>
              <span class="meta">
                {" · "}
                {props.kinds.get(entry.kind) ?? entry.kind}
                {entry.status !== "active" && ` · ${t(`commons.status.${entry.status}`)}`}
                {entry.communes.length > 0 && ` · ${entry.communes.join(", ")}`}
              </span>
              {entry.summary && <p>{entry.summary}</p>}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

export function MapView(props: {
  ctx: PageContext;
  space: DirectoryRef;
  query: ListQuery;
  settings: MapSettings;
  points: MapPoint[];
  kinds: { slug: string; label: string }[];
  tags: { slug: string; label: string }[];
  canCurate: boolean;
}) {
  const { ctx, space, query } = props;
  const { t } = ctx;
  return (
    <>
      <DirectoryNav
        ctx={ctx}
        space={space}
        current="map"
        canCurate={props.canCurate}
        query={filterQuery(query)}
      />
      <h1>{t("commons.mapTitle", { name: space.name })}</h1>
      <FilterForm
        ctx={ctx}
        action={`/espaces/${space.slug}/carte`}
        query={query}
        kinds={props.kinds}
        tags={props.tags}
        withSort={false}
      />
      <MapElement settings={props.settings} class="map" />
      <p class="map-nojs" data-map-nojs>
        {t("commons.mapNeedsJs")}
      </p>
      <PlaceList ctx={ctx} points={props.points} kinds={new Map(props.kinds.map((k) => [k.slug, k.label]))} />
      <Assets />
    </>
  );
}

/** The whole document of the embeddable map: no header, footer nor navigation, only the map. */
export function EmbedDocument(props: {
  lang: string;
  t: Translate;
  title: string;
  settings: MapSettings;
  directoryUrl: string;
}) {
  const { t } = props;
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <Assets />
      </head>
      <body class="map-embed">
        <MapElement settings={props.settings} class="map map-fill" />
        <p class="map-nojs" data-map-nojs>
          {t("commons.mapNeedsJs")}
        </p>
        <a class="map-directory-link" href={props.directoryUrl} target="_blank" rel="noopener">
          {t("commons.openDirectory")}
        </a>
      </body>
    </html>
  );
}

export async function mapRoutes(app: FastifyInstance): Promise<void> {
  const { commons, config } = app.communs;
  const pageHelmet = mapPageHelmet(config);

  app.get<{ Params: { slug: string } }>(
    "/espaces/:slug/carte",
    pageHelmet ? { helmet: pageHelmet } : {},
    async (request, reply) => {
      const query = parseListQuery(request.query);
      const space = await commons.directory(request.params.slug);
      const [points, kinds, tags, canCurate] = await Promise.all([
        commons.mapPoints(space.slug, filterOf(query)),
        commons.kinds(space.slug),
        commons.tagChoices(space.slug),
        commons.allowed(request.person, space, "commons.curate"),
      ]);
      const ctx = view(request, reply);
      return sendPage(
        reply,
        ctx,
        ctx.t("commons.mapTitle", { name: space.name }),
        <MapView
          ctx={ctx}
          space={space}
          query={query}
          settings={settingsOf(config, space, query, ctx.t)}
          points={points}
          kinds={kinds}
          tags={tags}
          canCurate={canCurate}
        />,
      );
    },
  );

  app.get("/embed/map", { helmet: embedHelmet(config) }, async (request, reply) => {
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const space = await commons.directory(typeof raw.espace === "string" ? raw.espace.slice(0, 200) : "");
    const query = parseListQuery(raw);
    const { t, lang } = request;
    const settings = { ...settingsOf(config, space, query, t), linkTarget: "_top" };
    const title = `${t("commons.mapTitle", { name: space.name })} · ${config.instanceName}`;
    const directoryUrl = withQuery(`/espaces/${space.slug}/communs`, filterQuery(query));
    const html = render(
      <EmbedDocument lang={lang} t={t} title={title} settings={settings} directoryUrl={directoryUrl} />,
    );
    return reply.type("text/html; charset=utf-8").send(`<!doctype html>${html}`);
  });
}
