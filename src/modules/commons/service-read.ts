/**
 * Reading the directory: the list and its filters, exports, the map, a record as a viewer sees it, and
 * what facilitators look at (the address dashboard).
 */
import type { Context } from "../../context.ts";
import { addressProblems, emptyPlace, placingCounts, publicPlace } from "../../core/commons.ts";
import type { Actor } from "../../core/policy.ts";
import { urls } from "../../web/urls.ts";
import { geocoderStatus } from "../geocoding/service.ts";
import type { MapView, Marker } from "./map-index.ts";
import type { CommonsRecord, CommonsSummary, Records } from "./service-records.ts";
import * as store from "./store.ts";
import { coversOf, imagesOf } from "./store-images.ts";
import { listKinds } from "./store-kinds.ts";
import { commonsWithoutPlace, placesOfDirectory, unplacedBySpace } from "./store-places.ts";
import {
  chambersCuratedBy,
  chambersOf,
  commonersOf,
  commonsOfChamber,
  relatedOf,
} from "./store-relations.ts";
import {
  type CommonsFilter,
  type CommonsSort,
  listCommons,
  mapPoints,
  matchingIds,
  summariesOf,
} from "./store-search.ts";
import { tagsInUse } from "./store-tags.ts";

/** A point of the map as the public sees it: a coarse place only to about a kilometre. */
function publicPoint(p: { latitude: number | null; longitude: number | null; coarse: number }) {
  const place = publicPlace({
    ...emptyPlace(),
    latitude: p.latitude,
    longitude: p.longitude,
    coarse: p.coarse === 1,
  });
  // The points are read where latitude and longitude are not null.
  return { latitude: place.latitude ?? 0, longitude: place.longitude ?? 0 };
}

export function createReading(ctx: Context, base: Records) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;
  const { directory, allowed, authorise, records, record } = base;

  async function list(
    spaceSlug: string,
    filter: CommonsFilter,
    page: { sort: CommonsSort; limit: number; offset: number },
  ) {
    const space = await directory(spaceSlug);
    const { rows, total } = await listCommons(db, dialect, space.id, filter, page);
    const ids = rows.map((r) => r.id);
    const [summaries, covers, kinds, tags] = await Promise.all([
      summariesOf(db, ids),
      coversOf(db, ids),
      listKinds(db, space.id),
      tagsInUse(db, space.id),
    ]);
    const items: CommonsSummary[] = rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      summary: r.summary,
      kind: r.kind,
      status: r.status,
      tags: summaries.tags.get(r.id) ?? [],
      communes: summaries.communes.get(r.id) ?? [],
      image: covers.get(r.id) ?? null,
    }));
    return { space, items, total, rows, kinds, tags };
  }

  async function markers(spaceSlug: string, filter: CommonsFilter): Promise<Marker[]> {
    const space = await directory(spaceSlug);
    return (await mapPoints(db, dialect, space.id, filter)).map((p) => {
      const { latitude, longitude } = publicPoint(p);
      return { id: p.id, slug: p.slug, name: p.name, kind: p.kind, latitude, longitude };
    });
  }

  return {
    /** A page of the list, the same for everyone: kept until the directory changes. */
    list(
      spaceSlug: string,
      filter: CommonsFilter,
      page: { sort: CommonsSort; limit: number; offset: number },
    ) {
      const { text, tag, kind, commune, status } = filter;
      const key = JSON.stringify(["list", spaceSlug, text, tag, kind, commune, status, page]);
      return base.cache.remember(key, () => list(spaceSlug, filter, page));
    },

    /** Full records matching a filter, in batches, for exports (memory flat in the number of records). */
    async *matching(spaceSlug: string, filter: CommonsFilter): AsyncIterable<CommonsRecord> {
      const space = await directory(spaceSlug);
      const ids = (await matchingIds(db, dialect, space.id, filter)).map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500) {
        const batch = ids.slice(i, i + 500);
        const rows = await store.rowsByIds(db, batch);
        const order = new Map(batch.map((id, n) => [id, n]));
        rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
        yield* await records(space, rows);
      }
    },

    async mapPoints(spaceSlug: string, filter: CommonsFilter) {
      const space = await directory(spaceSlug);
      const points = await mapPoints(db, dialect, space.id, filter);
      return points.map((p) => {
        const place = publicPoint(p);
        return {
          id: p.id,
          name: p.name,
          summary: p.summary,
          kind: p.kind,
          status: p.status,
          commune: p.commune,
          latitude: place.latitude,
          longitude: place.longitude,
          url: urls.commons(space.slug, p.slug),
        };
      });
    },

    /**
     * The map's data for a viewport and a zoom, as JSON: the same for everyone (public points only),
     * answered from the directory's clustered index, built on the first request after a change.
     */
    mapData(spaceSlug: string, filter: CommonsFilter, view: MapView): Promise<string> {
      const { text, tag, kind, commune, status } = filter;
      const key = JSON.stringify([spaceSlug, text, tag, kind, commune, status]);
      return base.mapIndex.answer(key, () => markers(spaceSlug, { text, tag, kind, commune, status }), view);
    },

    /**
     * One record as a viewer sees it, with what they may do. Its commoners are those an editor
     * confirmed; editors also see the declarations waiting for them, and a declarer where theirs stands.
     */
    async show(actor: Actor | undefined, spaceSlug: string, slug: string) {
      // What every viewer (every editor) sees alike is kept until the directory changes.
      const { cache } = base;
      const { space, row } = await cache.remember(JSON.stringify(["row", spaceSlug, slug]), () =>
        base.recordBySlug(spaceSlug, slug),
      );
      // The record's commoners tell whether the viewer is a confirmed one (what lets them edit it).
      const declared = await cache.remember(JSON.stringify(["commoners", row.id]), () =>
        commonersOf(db, row.id),
      );
      const mine = actor ? declared.find((c) => c.personId === actor.id) : undefined;
      const [may, linkable] = await Promise.all([
        base.permissions(
          actor,
          space,
          ["commons.edit", "commons.curate", "commons.declareCommoner"],
          row,
          mine !== undefined && mine.confirmedAt !== null,
        ),
        actor
          ? cache.remember(JSON.stringify(["curated", actor.id, actor.isAdmin]), () =>
              chambersCuratedBy(db, actor),
            )
          : [],
      ]);
      const canEdit = may["commons.edit"];
      const [shown, images, related, chambers, history] = await cache.remember(
        JSON.stringify(["record", row.id, canEdit]),
        () =>
          Promise.all([
            record(space, row, canEdit),
            imagesOf(db, row.id),
            relatedOf(db, row.id),
            chambersOf(db, row.id),
            store.historyOf(db, row.id),
          ]),
      );
      return {
        space,
        record: shown,
        images,
        related,
        commoners: declared.filter((c) => c.confirmedAt !== null),
        pending: canEdit ? declared.filter((c) => c.confirmedAt === null) : [],
        chambers,
        /** Chambers this person facilitates, which may link the commons (or unlink it). */
        linkableChambers: linkable,
        history,
        canEdit,
        canCurate: may["commons.curate"],
        canDeclare: may["commons.declareCommoner"],
        /** Where the viewer's own declaration stands, if they made one. */
        declaration: mine
          ? mine.confirmedAt !== null
            ? ("confirmed" as const)
            : ("pending" as const)
          : null,
      };
    },

    /** A record's id from its address: pages name a record by its slug, the use cases by its id. */
    async locate(spaceSlug: string, slug: string) {
      const { row } = await base.recordBySlug(spaceSlug, slug);
      return { id: row.id, slug: row.slug, name: row.name };
    },

    async get(actor: Actor | undefined, id: string): Promise<CommonsRecord> {
      const { row, space } = await base.recordRow(id);
      return record(space, row, await allowed(actor, space, "commons.edit", row));
    },

    /** For the edit form: the stored record, exact places included, once the actor may edit it. */
    async forEdit(actor: Actor | undefined, spaceSlug: string, slug: string) {
      const { space, row } = await base.recordBySlug(spaceSlug, slug);
      await authorise(actor, space, "commons.edit", row);
      return { space, record: await record(space, row), kinds: await listKinds(db, space.id) };
    },

    /** The directory, once the actor may add a record to it (for the creation form). */
    async creating(actor: Actor | undefined, spaceSlug: string) {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.create");
      return space;
    },

    /** The address completeness dashboard: every place with a problem, and records with no place. */
    async addressDashboard(actor: Actor | undefined, spaceSlug: string) {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.curate");
      const places = await placesOfDirectory(db, space.id);
      const problems = addressProblems(places);
      return {
        space,
        rows: places
          .map((place, i) => ({ ...place, problems: problems[i] ?? [] }))
          .filter((row) => row.problems.length > 0),
        withoutPlace: await commonsWithoutPlace(db, space.id),
        totalPlaces: places.length,
        counts: placingCounts(places),
        geocoder: await geocoderStatus(ctx),
      };
    },

    /** For "à traiter": places without coordinates, counted per directory. */
    unplaced: (spaceIds: string[]) =>
      spaceIds.length === 0 ? Promise.resolve([]) : unplacedBySpace(db, spaceIds),

    /** The commons a chamber is linked to, with their pages' addresses. */
    async linkedTo(chamberId: string) {
      const rows = await commonsOfChamber(db, chamberId);
      return rows.map((r) => ({ url: urls.commons(r.spaceSlug, r.slug), name: r.name, summary: r.summary }));
    },

    /** The first image of each of these records, for their cards (pages of other modules list them too). */
    covers: (commonsIds: string[]) => coversOf(db, commonsIds),

    /** Tags carried by at least one record, for filters and suggestions. */
    async tagChoices(spaceSlug: string) {
      const space = await directory(spaceSlug);
      return tagsInUse(db, space.id);
    },

    async kinds(spaceSlug: string) {
      const space = await directory(spaceSlug);
      return listKinds(db, space.id);
    },
  };
}
