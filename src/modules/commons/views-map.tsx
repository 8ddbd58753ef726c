import type { PageContext } from "../../web/page.ts";
import { SectionTabs } from "../../web/tabs.tsx";
import { urls } from "../../web/urls.ts";
import { type ListQuery, mapParams } from "./query.ts";
import type { Commons } from "./service.ts";
import { directoryTabs } from "./tabs.ts";
import { type DirectoryRef, FilterForm } from "./views-list.tsx";

type MapPoint = Awaited<ReturnType<Commons["mapPoints"]>>[number];

type Translate = PageContext["t"];

/** What the map script reads from the map's element. */
export interface MapSettings {
  pointsUrl: string;
  tiles: string;
  attribution: string;
  label: string;
  /** A record's page is this address followed by its slug. */
  recordsUrl: string;
  /** The directory's kinds in order: a marker's symbol is its kind's place in this list. */
  kinds: { slug: string; label: string }[];
  /** What a cluster says of itself, with `{count}` in it. */
  clusterLabel: string;
  /** Where the popups' links open: the whole page when the map is framed by another site. */
  linkTarget?: string;
}

/** How many symbols (a colour and a shape each) markers have; kinds past it share them again. */
const SYMBOLS = 8;

export function kindSymbol(position: number): string {
  return position < 0 ? "kind-other" : `kind-${position % SYMBOLS}`;
}

const STYLESHEETS = ["vendor/leaflet/leaflet.css", "map.css"].map(urls.asset);

// Deferred scripts run in this order, once the document is parsed. Clusters come from the server.
const SCRIPTS = ["vendor/leaflet/leaflet.js", "map.js"].map(urls.asset);

/** One entry per commons (a commons with several places is one link), in the order of the points. */
function placesByCommons(points: MapPoint[]) {
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
      data-records-url={settings.recordsUrl}
      data-kinds={JSON.stringify(settings.kinds)}
      data-cluster-label={settings.clusterLabel}
    />
  );
}

/** Which symbol stands for which kind; shown with or without JavaScript, next to the map. */
function Legend({ t, kinds }: { t: Translate; kinds: { slug: string; label: string }[] }) {
  return (
    <section class="map-legend" aria-labelledby="map-legend-title">
      <h2 id="map-legend-title">{t("commons.mapLegend")}</h2>
      <ul>
        {kinds.map((kind, i) => (
          <li key={kind.slug}>
            <span class={`map-symbol ${kindSymbol(i)}`} aria-hidden="true" />
            {kind.label}
          </li>
        ))}
      </ul>
    </section>
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
function PlaceList(props: { ctx: PageContext; points: MapPoint[]; kinds: Map<string, string> }) {
  const { t } = props.ctx;
  const entries = placesByCommons(props.points);
  return (
    <details id="lieux" class="map-places" open data-map-places>
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
      <SectionTabs {...directoryTabs(t, space, "map", props.canCurate, mapParams(query))} />
      {/* On a phone the map comes first: the title, the way to the list, then the map fills the screen. */}
      <div class="map-head">
        {/* The space's name is just above, in its header; the document's title carries both. */}
        <h1>{t("commons.mapHeading")}</h1>
        <a class="map-to-list" href="#lieux" data-map-to-list>
          {t("commons.mapShowList")}
        </a>
      </div>
      <MapElement settings={props.settings} class="map" />
      <p class="map-nojs" data-map-nojs>
        {t("commons.mapNeedsJs")}
      </p>
      <Legend t={t} kinds={props.kinds} />
      <FilterForm
        ctx={ctx}
        action={urls.commonsMap(space.slug)}
        query={query}
        kinds={props.kinds}
        tags={props.tags}
        withSort={false}
      />
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
