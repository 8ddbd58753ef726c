import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import {
  addressProblems,
  type CommonsInput,
  checkCommons,
  emptyPlace,
  likelyDuplicate,
  type PlaceInput,
  publicPlace,
} from "../../core/commons.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { type Action, type Actor, authorize, can, type Resource } from "../../core/policy.ts";
import { oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database } from "../../db/schema.ts";
import { recordEvent } from "../audit/service.ts";
import { findMembership, findSpaceBySlug, type SpaceRow } from "../spaces/service.ts";
import type { ExportRecord } from "./formats/types.ts";
import { type GeocodeOnSave, geocodePlace, placesWithProvenance } from "./geocode.ts";
import * as store from "./store.ts";

export interface CommonsSummary {
  id: string;
  slug: string;
  name: string;
  summary: string;
  kind: string;
  status: CommonsInput["status"];
  tags: { slug: string; label: string }[];
  communes: string[];
}

export interface CommonsRecord extends ExportRecord {
  space: { slug: string; name: string };
  tagRefs: { slug: string; label: string; governed: boolean }[];
  origins: { source: string; id: string; revision: string | null }[];
  placeIds: string[];
  geoFailed: (string | null)[];
  createdBy: string | null;
}

export interface Duplicate {
  id: string;
  slug: string;
  name: string;
}

type Db = Kysely<Database>;

export function createCommons(ctx: Context, geocodeOnSave: GeocodeOnSave) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;
  const baseUrl = ctx.config.publicUrl;

  /** The assembly whose directory this is; chambers have none of their own. */
  async function directory(slug: string): Promise<SpaceRow> {
    const space = await findSpaceBySlug(db, slug);
    if (space?.kind !== "assembly") throw new DomainError("SPACE_NOT_FOUND");
    return space;
  }

  async function kindSlugs(spaceId: string) {
    return (await store.listKinds(db, spaceId)).map((k) => k.slug);
  }

  /** What the policy looks at for an action in this space, on this record if there is one. */
  async function resource(
    actor: Actor | undefined,
    space: SpaceRow,
    record?: store.CommonsRow,
  ): Promise<Resource> {
    const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
    const confirmedCommoner = actor && record ? await store.isCommoner(db, record.id, actor.id) : false;
    return { space, membership, commons: record && { createdBy: record.created_by, confirmedCommoner } };
  }

  async function allowed(
    actor: Actor | undefined,
    space: SpaceRow,
    action: Action,
    record?: store.CommonsRow,
  ) {
    return can(actor, action, await resource(actor, space, record));
  }

  async function authorise(
    actor: Actor | undefined,
    space: SpaceRow,
    action:
      | "commons.create"
      | "commons.edit"
      | "commons.curate"
      | "commons.declareCommoner"
      | "chamber.linkCommons",
    record?: store.CommonsRow,
  ): Promise<Actor> {
    authorize(actor, action, await resource(actor, space, record));
    return actor;
  }

  function urlOf(space: { slug: string }, slug: string) {
    return `${baseUrl}/espaces/${space.slug}/communs/${slug}`;
  }

  /** Full records for the given rows, in their order; coarse places hidden unless `exact`. */
  async function records(space: SpaceRow, rows: store.CommonsRow[], exact = false): Promise<CommonsRecord[]> {
    const children = await store.childrenOf(
      db,
      rows.map((r) => r.id),
    );
    const kinds = new Map((await store.listKinds(db, space.id)).map((k) => [k.slug, k.label]));
    return rows.map((row) => {
      const c = children.get(row.id) ?? { places: [], links: [], tags: [], origins: [] };
      const places = c.places.map(({ id: _id, geoFailed: _f, ...p }) => (exact ? p : publicPlace(p)));
      return {
        id: row.id,
        slug: row.slug,
        url: urlOf(space, row.slug),
        name: row.name,
        summary: row.summary,
        description: row.description,
        kind: row.kind,
        kindLabel: kinds.get(row.kind) ?? row.kind,
        status: row.status,
        contact: row.contact,
        tags: c.tags.map((t) => t.label),
        tagRefs: c.tags,
        places,
        placeIds: c.places.map((p) => p.id),
        geoFailed: c.places.map((p) => p.geoFailed),
        links: c.links,
        origin: c.origins[0] ?? null,
        origins: c.origins,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        createdBy: row.created_by,
        space: { slug: space.slug, name: space.name },
      };
    });
  }

  async function recordRow(id: string) {
    const row = await store.findCommonsById(db, id);
    if (!row) throw new DomainError("COMMONS_NOT_FOUND");
    const space = await store.spaceOf(db, row.space_id);
    return { row, space };
  }

  async function duplicatesOf(
    space: SpaceRow,
    record: CommonsInput,
    exceptId?: string,
  ): Promise<Duplicate[]> {
    const candidates = await store.duplicateCandidates(db, dialect, space.id, record, exceptId);
    return candidates
      .filter((c) => likelyDuplicate(record, c))
      .map(({ id, slug, name }) => ({ id, slug, name }));
  }

  /** Writes a checked record (new when `existing` is undefined) and everything hanging off it. */
  async function write(
    trx: Db,
    space: SpaceRow,
    record: CommonsInput,
    places: (PlaceInput & { geoFailed?: string | null })[],
    existing: store.CommonsRow | undefined,
    actorId: string | null,
    tagCache?: Map<string, string>,
  ): Promise<store.CommonsRow> {
    const wantedSlug = record.slug || existing?.slug || record.name;
    const slug =
      existing && existing.slug === wantedSlug
        ? existing.slug
        : await store.freeSlug(trx, space.id, wantedSlug, existing?.id);
    const row = rowOf(space, record, slug, actorId, existing);
    const tagIds = await store.resolveTags(trx, space.id, record.tags, tagCache);
    if (!existing) {
      await store.insertRecords(trx, [
        { row, places, links: record.links, tagIds, origin: record.origin ?? null },
      ]);
      return row;
    }
    await store.updateCommons(trx, row.id, row);
    await store.replaceChildren(trx, row.id, places, record.links, tagIds);
    if (record.origin) await store.addOrigin(trx, space.id, row.id, record.origin);
    return row;
  }

  /** The stored row of a checked record, new or replacing `existing`. */
  function rowOf(
    space: SpaceRow,
    record: CommonsInput,
    slug: string,
    actorId: string | null,
    existing?: store.CommonsRow,
  ): store.CommonsRow {
    const now = new Date().toISOString();
    return {
      id: existing?.id ?? newId(),
      space_id: space.id,
      slug,
      name: record.name,
      summary: record.summary,
      description: record.description,
      kind: record.kind,
      status: record.status,
      contact: record.contact,
      created_by: existing ? existing.created_by : actorId,
      created_at: existing?.created_at ?? now,
      updated_at: now,
      ...store.searchColumns(record),
    };
  }

  /** Appends one event about a record to the audit log, which is also the record's history. */
  function commonsEvent(
    trx: Db,
    actorId: string | null,
    spaceId: string,
    commonsId: string,
    action: string,
    change: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null },
  ) {
    return recordEvent(trx, {
      actorId,
      spaceId,
      action,
      subjectType: "commons",
      subjectId: commonsId,
      ...change,
    });
  }

  function snapshot(record: CommonsInput) {
    return {
      name: record.name,
      summary: record.summary,
      kind: record.kind,
      status: record.status,
      tags: record.tags,
      places: record.places.map((p) => [p.street, p.postcode, p.commune].filter(Boolean).join(", ")),
    };
  }

  return {
    directory,
    records,
    duplicatesOf,
    write,
    rowOf,
    snapshot,
    urlOf,
    allowed,
    authorise,

    /**
     * Geocodes every place of the directory that has an address but no coordinates, one at a time
     * (geocoders ask for a gentle pace); a failure is stored on the place, the others go on.
     */
    async geocodeMissing(
      spaceSlug: string,
      options: { retryFailed: boolean; onProgress?: (done: number, total: number) => void },
    ) {
      const space = await directory(spaceSlug);
      const places = await store.placesToGeocode(db, space.id, options.retryFailed);
      let found = 0;
      for (const [i, place] of places.entries()) {
        const result = await geocodePlace(geocodeOnSave, {
          ...emptyPlace(),
          street: place.street,
          postcode: place.postcode,
          commune: place.commune,
          country: place.country,
        });
        if (result.latitude !== null && result.longitude !== null && result.geo) {
          found++;
          await store.setPlaceGeo(db, place.id, {
            latitude: result.latitude,
            longitude: result.longitude,
            source: result.geo.source,
            score: result.geo.score,
            inseeCode: result.inseeCode,
          });
        } else await store.setPlaceGeo(db, place.id, { failed: result.geoFailed ?? "geocode.notFound" });
        options.onProgress?.(i + 1, places.length);
      }
      await recordEvent(db, {
        actorId: null,
        spaceId: space.id,
        action: "commons.geocoded",
        subjectType: "space",
        subjectId: space.id,
        after: { total: places.length, found },
      });
      return { total: places.length, found, failed: places.length - found };
    },

    /** The address completeness dashboard: every place with a problem, and records with no place. */
    async addressDashboard(actor: Actor | undefined, spaceSlug: string) {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.curate");
      const places = await store.placesOfDirectory(db, space.id);
      const problems = addressProblems(places);
      return {
        space,
        rows: places
          .map((place, i) => ({ ...place, problems: problems[i] ?? [] }))
          .filter((row) => row.problems.length > 0),
        withoutPlace: await store.commonsWithoutPlace(db, space.id),
        totalPlaces: places.length,
      };
    },

    /** The commons a chamber is linked to, with their pages' addresses. */
    async linkedTo(chamberId: string) {
      const rows = await store.commonsOfChamber(db, chamberId);
      return rows.map((r) => ({
        url: `/espaces/${r.spaceSlug}/communs/${r.slug}`,
        name: r.name,
        summary: r.summary,
      }));
    },

    /** Tags carried by at least one record, for filters and suggestions. */
    async tagChoices(spaceSlug: string) {
      const space = await directory(spaceSlug);
      return store.tagsInUse(db, space.id);
    },

    async kinds(spaceSlug: string) {
      const space = await directory(spaceSlug);
      return store.listKinds(db, space.id);
    },

    async saveKinds(actor: Actor | undefined, spaceSlug: string, raw: { slug: string; label: string }[]) {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.curate");
      const kinds = raw
        .map((k) => ({ slug: oneLine(k.slug), label: oneLine(k.label) }))
        .filter((k) => k.label !== "");
      if (kinds.length === 0) throw validationError({ kinds: "commons.kindsRequired" });
      const used = await store.usedKinds(db, space.id);
      const missing = used.filter((u) => !kinds.some((k) => k.slug === u));
      if (missing.length > 0) throw validationError({ kinds: "commons.kindInUse" });
      await db.transaction().execute(async (trx) => {
        await store.saveKinds(trx, space.id, kinds);
        await recordEvent(trx, {
          actorId: actor?.id ?? null,
          spaceId: space.id,
          action: "commons.kindsChanged",
          subjectType: "space",
          subjectId: space.id,
          after: { kinds: kinds.map((k) => k.label) },
        });
      });
    },

    async list(
      spaceSlug: string,
      filter: store.CommonsFilter,
      page: { sort: store.CommonsSort; limit: number; offset: number },
    ) {
      const space = await directory(spaceSlug);
      const { rows, total } = await store.listCommons(db, dialect, space.id, filter, page);
      const [summaries, kinds, tags] = await Promise.all([
        store.summariesOf(
          db,
          rows.map((r) => r.id),
        ),
        store.listKinds(db, space.id),
        store.tagsInUse(db, space.id),
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
      }));
      return { space, items, total, rows, kinds, tags };
    },

    /** Full records matching a filter, in batches, for exports (memory flat in the number of records). */
    async *matching(spaceSlug: string, filter: store.CommonsFilter): AsyncIterable<CommonsRecord> {
      const space = await directory(spaceSlug);
      const ids = (await store.matchingIds(db, dialect, space.id, filter)).map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500) {
        const batch = ids.slice(i, i + 500);
        const rows = await store.rowsByIds(db, batch);
        const order = new Map(batch.map((id, n) => [id, n]));
        rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
        yield* await records(space, rows);
      }
    },

    async mapPoints(spaceSlug: string, filter: store.CommonsFilter) {
      const space = await directory(spaceSlug);
      const points = await store.mapPoints(db, dialect, space.id, filter);
      return points.map((p) => {
        const place = publicPlace({
          label: "",
          street: "",
          postcode: "",
          commune: p.commune,
          inseeCode: "",
          country: "",
          latitude: p.latitude,
          longitude: p.longitude,
          coarse: p.coarse === 1,
        });
        return {
          id: p.id,
          name: p.name,
          summary: p.summary,
          kind: p.kind,
          status: p.status,
          commune: p.commune,
          latitude: place.latitude,
          longitude: place.longitude,
          url: `/espaces/${space.slug}/communs/${p.slug}`,
        };
      });
    },

    /** One record as a viewer sees it, with what they may do. */
    async show(actor: Actor | undefined, spaceSlug: string, slug: string) {
      const space = await directory(spaceSlug);
      const row = await store.findCommonsBySlug(db, space.id, slug);
      if (!row) throw new DomainError("COMMONS_NOT_FOUND");
      const canEdit = await allowed(actor, space, "commons.edit", row);
      const [record] = await records(space, [row], canEdit);
      if (!record) throw new DomainError("COMMONS_NOT_FOUND");
      const [images, related, commoners, chambers, history, linkable] = await Promise.all([
        store.imagesOf(db, row.id),
        store.relatedOf(db, row.id),
        store.commonersOf(db, row.id),
        store.chambersOf(db, row.id),
        store.historyOf(db, row.id),
        actor ? store.chambersCuratedBy(db, actor) : Promise.resolve([]),
      ]);
      return {
        space,
        record,
        images,
        related,
        commoners,
        chambers,
        /** Chambers this person facilitates, which may link the commons (or unlink it). */
        linkableChambers: linkable,
        history,
        canEdit,
        canCurate: await allowed(actor, space, "commons.curate"),
        isCommoner: actor ? commoners.some((c) => c.personId === actor.id) : false,
      };
    },

    async get(actor: Actor | undefined, id: string): Promise<CommonsRecord> {
      const { row, space } = await recordRow(id);
      const [record] = await records(space, [row], await allowed(actor, space, "commons.edit", row));
      if (!record) throw new DomainError("COMMONS_NOT_FOUND");
      return record;
    },

    /** For the edit form: the stored record, exact places included, once the actor may edit it. */
    async forEdit(actor: Actor | undefined, spaceSlug: string, slug: string) {
      const space = await directory(spaceSlug);
      const row = await store.findCommonsBySlug(db, space.id, slug);
      if (!row) throw new DomainError("COMMONS_NOT_FOUND");
      await authorise(actor, space, "commons.edit", row);
      const [record] = await records(space, [row], true);
      if (!record) throw new DomainError("COMMONS_NOT_FOUND");
      return { space, record, kinds: await store.listKinds(db, space.id) };
    },

    /** The directory, once the actor may add a record to it (for the creation form). */
    async creating(actor: Actor | undefined, spaceSlug: string) {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.create");
      return space;
    },

    /**
     * Creates a record. Likely duplicates stop a form (`confirmed` false) with the list, so the person
     * can look before going on; the API creates and returns them as a warning.
     */
    async create(
      actor: Actor | undefined,
      spaceSlug: string,
      raw: Partial<CommonsInput>,
      options: { confirmed: boolean },
    ): Promise<{ record: CommonsRecord; duplicates: Duplicate[] }> {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.create");
      const record = checkCommons(raw, await kindSlugs(space.id));
      const duplicates = await duplicatesOf(space, record);
      if (duplicates.length > 0 && !options.confirmed) throw new PossibleDuplicates(duplicates);
      const places = await placesWithProvenance(geocodeOnSave, record.places, [], "manual");
      const row = await guardConstraints(() =>
        db.transaction().execute(async (trx) => {
          const written = await write(trx, space, record, places, undefined, actor?.id ?? null);
          if (actor) await store.declareCommoner(trx, written.id, actor.id, "");
          await commonsEvent(trx, actor?.id ?? null, space.id, written.id, "commons.created", {
            after: snapshot(record),
          });
          return written;
        }),
      );
      const [created] = await records(space, [row], true);
      if (!created) throw new DomainError("COMMONS_NOT_FOUND");
      return { record: created, duplicates };
    },

    async update(actor: Actor | undefined, id: string, raw: Partial<CommonsInput>): Promise<CommonsRecord> {
      const { row, space } = await recordRow(id);
      await authorise(actor, space, "commons.edit", row);
      const record = checkCommons({ slug: row.slug, ...raw }, await kindSlugs(space.id));
      const [before] = await records(space, [row], true);
      const places = await placesWithProvenance(geocodeOnSave, record.places, before?.places ?? [], "manual");
      const written = await guardConstraints(() =>
        db.transaction().execute(async (trx) => {
          await store.lockCommons(trx, dialect, row.id);
          const saved = await write(trx, space, record, places, row, actor?.id ?? null);
          await commonsEvent(trx, actor?.id ?? null, space.id, row.id, "commons.updated", {
            before: before ? snapshot(before) : null,
            after: snapshot(record),
          });
          return saved;
        }),
      );
      const [updated] = await records(space, [written], true);
      if (!updated) throw new DomainError("COMMONS_NOT_FOUND");
      return updated;
    },

    async remove(actor: Actor | undefined, id: string): Promise<{ spaceSlug: string }> {
      const { row, space } = await recordRow(id);
      await authorise(actor, space, "commons.curate");
      await db.transaction().execute(async (trx) => {
        await commonsEvent(trx, actor?.id ?? null, space.id, row.id, "commons.deleted", {
          before: { name: row.name, slug: row.slug },
        });
        await store.deleteCommons(trx, row.id);
      });
      return { spaceSlug: space.slug };
    },

    /** "Va dans le même sens": a symmetric link between two records of the same directory. */
    async relate(actor: Actor | undefined, id: string, otherSlug: string, link: boolean) {
      const { row, space } = await recordRow(id);
      await authorise(actor, space, "commons.edit", row);
      const other = await store.findCommonsBySlug(db, space.id, oneLine(otherSlug));
      if (!other || other.id === row.id) throw validationError({ related: "commons.relatedUnknown" });
      await db.transaction().execute(async (trx) => {
        if (link) await store.relate(trx, row.id, other.id);
        else await store.unrelate(trx, row.id, other.id);
        await commonsEvent(
          trx,
          actor?.id ?? null,
          space.id,
          row.id,
          link ? "commons.related" : "commons.unrelated",
          { after: { other: other.name } },
        );
      });
    },

    /** Anyone signed in may declare they contribute to a commons, with a role in their own words. */
    async declareCommoner(actor: Actor | undefined, id: string, rawRole: unknown, contributes: boolean) {
      if (!actor) throw new DomainError("UNAUTHENTICATED");
      const { row, space } = await recordRow(id);
      const role = oneLine(rawRole);
      if ([...role].length > 80) throw validationError({ role: "field.tooLong.80" });
      await db.transaction().execute(async (trx) => {
        if (contributes) await store.declareCommoner(trx, row.id, actor.id, role);
        else await store.withdrawCommoner(trx, row.id, actor.id);
        await commonsEvent(
          trx,
          actor.id,
          space.id,
          row.id,
          contributes ? "commons.commonerDeclared" : "commons.commonerWithdrew",
          { after: contributes ? { role } : null },
        );
      });
    },

    /** A chamber's facilitators link a commons of its assembly's directory to the chamber. */
    async linkChamber(actor: Actor | undefined, id: string, chamberSlug: string, link: boolean) {
      const { row, space } = await recordRow(id);
      const chamber = await findSpaceBySlug(db, oneLine(chamberSlug));
      if (chamber?.kind !== "chamber") throw validationError({ chamber: "commons.chamberUnknown" });
      await authorise(actor, chamber, "chamber.linkCommons");
      await db.transaction().execute(async (trx) => {
        if (link) await store.linkChamber(trx, chamber.id, row.id);
        else await store.unlinkChamber(trx, chamber.id, row.id);
        await commonsEvent(
          trx,
          actor?.id ?? null,
          chamber.id,
          row.id,
          link ? "commons.chamberLinked" : "commons.chamberUnlinked",
          { after: { commons: row.name, directory: space.name } },
        );
      });
    },

    /** Merges `dropId` into `keepId`: origins, places, links, tags, relations and commoners all move. */
    async merge(actor: Actor | undefined, keepId: string, dropId: string) {
      const { row: keep, space } = await recordRow(keepId);
      const { row: drop } = await recordRow(dropId);
      if (drop.space_id !== keep.space_id || drop.id === keep.id)
        throw validationError({ merge: "commons.mergeInvalid" });
      await authorise(actor, space, "commons.curate");
      await db.transaction().execute(async (trx) => {
        await store.lockCommons(trx, dialect, keep.id);
        await store.mergeInto(trx, keep.id, drop.id);
        await store.refreshSearch(trx, keep.id);
        await commonsEvent(trx, actor?.id ?? null, space.id, keep.id, "commons.merged", {
          before: { merged: drop.name, mergedId: drop.id },
          after: { name: keep.name },
        });
      });
    },
  };
}

export class PossibleDuplicates extends DomainError {
  constructor(readonly duplicates: Duplicate[]) {
    super("POSSIBLE_DUPLICATE");
  }
}

export type Commons = ReturnType<typeof createCommons>;
