import type { PlaceInput } from "../../core/commons.ts";
import { formatDateTime, numberFormat } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { CommonsRecord } from "./service-records.ts";

/** The tile server the record's small map draws on (none: a plain background). */
export interface PlaceMap {
  tiles: string;
  attribution: string;
}

export function PlaceText({ ctx, place }: { ctx: PageContext; place: PlaceInput }) {
  const line = [place.street, [place.postcode, place.commune].filter(Boolean).join(" ")].filter(Boolean);
  return (
    <>
      {place.label && <strong>{place.label} · </strong>}
      {line.join(", ") || ctx.t("commons.noAddress")}
      {place.coarse && ` (${ctx.t("commons.coarseShown")})`}
    </>
  );
}

function Coordinates({ ctx, place }: { ctx: PageContext; place: PlaceInput }) {
  if (place.latitude === null || place.longitude === null) return null;
  const digits = place.coarse ? 2 : 5;
  const { format } = numberFormat(ctx.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (
    <span class="coordinates-text">
      {" "}
      ·{" "}
      {ctx.t("commons.coordinatesText", {
        latitude: format(place.latitude),
        longitude: format(place.longitude),
      })}
    </span>
  );
}

/**
 * The record's places as text (address and coordinates: all there is without JavaScript), then a small
 * map of those placed, which record-map.js draws; a coarse place is a circle about its commune, never a pin.
 * Where a position comes from is shown to the record's editors only.
 */
export function RecordPlaces(props: {
  ctx: PageContext;
  record: CommonsRecord;
  canEdit: boolean;
  map: PlaceMap;
}) {
  const { ctx, record } = props;
  const { t } = ctx;
  const placed = record.places.flatMap((p) =>
    p.latitude === null || p.longitude === null
      ? []
      : [
          {
            latitude: p.latitude,
            longitude: p.longitude,
            coarse: p.coarse,
            label: p.label || p.commune || record.name,
          },
        ],
  );
  return (
    <>
      <h2>{t("commons.places")}</h2>
      {record.places.length === 0 ? (
        <p class="empty">{t("commons.noPlace")}</p>
      ) : (
        <ul class="places">
          {record.places.map((place, i) => (
            <li key={record.placeIds[i]}>
              <PlaceText ctx={ctx} place={place} />
              <Coordinates ctx={ctx} place={place} />
              {props.canEdit && place.latitude !== null && place.geo && (
                <span class="hint">
                  {" "}
                  {t("commons.provenance", {
                    source: t(`commons.geo.${place.geo.source}`),
                    date: formatDateTime(ctx.lang, place.geo.at),
                  })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {placed.length > 0 && (
        <>
          <section
            class="record-map"
            hidden
            aria-label={t("commons.recordMap", { name: record.name })}
            data-record-map
            data-places={JSON.stringify(placed)}
            data-tiles={props.map.tiles}
            data-attribution={props.map.attribution}
          />
          <link rel="stylesheet" href={urls.asset("vendor/leaflet/leaflet.css")} />
          <script src={urls.asset("vendor/leaflet/leaflet.js")} defer />
          <script src={urls.asset("record-map.js")} defer />
        </>
      )}
    </>
  );
}
