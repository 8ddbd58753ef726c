/**
 * Reading the directory: the list, a record's page, the map (and its embeddable copy), the map's points
 * and the exports. Forms are in pages-form.tsx, a record's actions in pages-record.tsx.
 */
import { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import { render } from "preact-render-to-string";
import type { Config } from "../../config.ts";
import { DomainError } from "../../core/errors.ts";
import { sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { sharedPart } from "../../web/shared.ts";
import { urls } from "../../web/urls.ts";
import { EXPORTERS } from "./formats/index.ts";
import { filterOf, type ListQuery, mapParams, parseListQuery, text } from "./query.ts";
import type { CommonsSort } from "./store-search.ts";
import { DetailView } from "./views-detail.tsx";
import { type DirectoryRef, ListView } from "./views-list.tsx";
import { EmbedDocument, type MapSettings, MapView } from "./views-map.tsx";

export type SpaceParams = { Params: { slug: string } };
export type RecordParams = { Params: { slug: string; commons: string } };

export async function commonsList(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { commons } = request.server.communs;
  const query = parseListQuery(request.query);
  const page = () =>
    commons.list(request.params.slug, filterOf(query), {
      sort: query.sort as CommonsSort,
      limit: query.size,
      offset: (query.page - 1) * query.size,
    });
  const { space } = await page();
  const may = await commons.permissions(request.person, space, ["commons.create", "commons.curate"]);
  const ctx = view(request, reply);
  const body = await sharedPart(
    commons.cached,
    ["commons.list", space.slug, query, may],
    ctx,
    async (shared) => {
      const { items, total, kinds, tags } = await page();
      return (
        <ListView
          ctx={shared}
          space={space}
          query={query}
          items={items}
          total={total}
          kinds={kinds}
          tags={tags}
          canCreate={may["commons.create"]}
          canCurate={may["commons.curate"]}
        />
      );
    },
  );
  return sendPage(reply, ctx, ctx.t("commons.directoryTitle", { name: space.name }), body);
}

export async function commonsDetail(request: FastifyRequest<RecordParams>, reply: FastifyReply) {
  const shown = await request.server.communs.commons.show(
    request.person,
    request.params.slug,
    request.params.commons,
  );
  const { config } = request.server.communs;
  const map = { tiles: config.mapTileUrl, attribution: config.mapTileAttribution };
  const ctx = view(request, reply);
  return sendPage(reply, ctx, shown.record.name, <DetailView ctx={ctx} {...shown} map={map} />);
}

export async function commonsExport(
  request: FastifyRequest<{ Params: { slug: string; format: string } }>,
  reply: FastifyReply,
) {
  const { commons, config } = request.server.communs;
  const format = EXPORTERS[request.params.format as keyof typeof EXPORTERS];
  if (!format) throw new DomainError("NOT_FOUND");
  const space = await commons.directory(request.params.slug);
  const filter = filterOf(parseListQuery(request.query));
  const chunks = format.exporter(commons.matching(space.slug, filter), {
    baseUrl: config.publicUrl,
    instanceName: config.instanceName,
    space: { slug: space.slug, name: space.name },
  });
  return reply
    .type(format.contentType)
    .header("content-disposition", `attachment; filename="communs-${space.slug}.${format.extension}"`)
    .header("access-control-allow-origin", "*")
    .send(Readable.from(chunks));
}

/**
 * The map's markers and clusters within the viewport (`bbox`: south, west, north, east) at a zoom
 * level (`zoom`, 0 to 22); without a zoom, every point on its own.
 */
export async function commonsMapData(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const query = request.query as Record<string, unknown>;
  const bbox = text(query.bbox)
    .split(",")
    .map(Number)
    .filter((n) => Number.isFinite(n));
  const zoom = Number(text(query.zoom, 2));
  const json = await request.server.communs.commons.mapData(
    request.params.slug,
    filterOf(parseListQuery(query)),
    {
      bbox: bbox.length === 4 ? (bbox as [number, number, number, number]) : undefined,
      zoom: text(query.zoom) !== "" && Number.isInteger(zoom) && zoom >= 0 ? zoom : undefined,
    },
  );
  return reply.header("access-control-allow-origin", "*").type("application/json; charset=utf-8").send(json);
}

function mapSettings(
  config: Config,
  space: DirectoryRef,
  query: ListQuery,
  t: PageContext["t"],
  kinds: { slug: string; label: string }[],
): MapSettings {
  return {
    pointsUrl: urls.commonsMapData(space.slug, mapParams(query)),
    tiles: config.mapTileUrl,
    attribution: config.mapTileAttribution,
    label: t("commons.mapLabel", { name: space.name }),
    recordsUrl: urls.commons(space.slug, ""),
    kinds: kinds.map(({ slug, label }) => ({ slug, label })),
    clusterLabel: t("commons.mapCluster", { count: "{count}" }),
  };
}

export async function commonsMap(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { commons, config } = request.server.communs;
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
      settings={mapSettings(config, space, query, ctx.t, kinds)}
      points={points}
      kinds={kinds}
      tags={tags}
      canCurate={canCurate}
    />,
  );
}

/** The map alone, for other sites to frame (`?espace=…` and the list's filters). */
export async function embedMap(request: FastifyRequest, reply: FastifyReply) {
  const { commons, config } = request.server.communs;
  const raw = (request.query ?? {}) as Record<string, unknown>;
  const space = await commons.directory(typeof raw.espace === "string" ? raw.espace.slice(0, 200) : "");
  const query = parseListQuery(raw);
  const { t, lang } = request;
  const kinds = await commons.kinds(space.slug);
  const settings = { ...mapSettings(config, space, query, t, kinds), linkTarget: "_top" };
  const title = `${t("commons.mapTitle", { name: space.name })} · ${config.instanceName}`;
  const directoryUrl = urls.commonsList(space.slug, mapParams(query));
  const html = render(
    <EmbedDocument lang={lang} t={t} title={title} settings={settings} directoryUrl={directoryUrl} />,
  );
  return reply.type("text/html; charset=utf-8").send(`<!doctype html>${html}`);
}
