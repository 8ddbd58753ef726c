/**
 * Writing the directory: creating, replacing and deleting records (with their places geocoded and
 * likely duplicates found), the kinds of resource, and geocoding what has no coordinates yet.
 */
import type { Context } from "../../context.ts";
import {
  type CommonsInput,
  checkCommons,
  emptyPlace,
  likelyDuplicate,
  type PlaceInput,
} from "../../core/commons.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import { oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import { recordEvent } from "../audit/service.ts";
import type { SpaceRow } from "../spaces/service.ts";
import { type GeocodeOnSave, geocodePlace, placesWithProvenance } from "./geocode.ts";
import type { CommonsRecord, Db, Duplicate, Records } from "./service-records.ts";
import * as store from "./store.ts";
import { listKinds, saveKinds, usedKinds } from "./store-kinds.ts";
import { placesToGeocode, setPlaceGeo } from "./store-places.ts";
import { confirmCommoner, declareCommoner } from "./store-relations.ts";
import { duplicateCandidates } from "./store-search.ts";
import { resolveTags } from "./store-tags.ts";

export class PossibleDuplicates extends DomainError {
  constructor(readonly duplicates: Duplicate[]) {
    super("POSSIBLE_DUPLICATE");
  }
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

export function createWriting(ctx: Context, base: Records, geocodeOnSave: GeocodeOnSave) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;
  const { directory, authorise, record, recordRow, commonsEvent } = base;

  async function kindSlugs(spaceId: string) {
    return (await listKinds(db, spaceId)).map((k) => k.slug);
  }

  async function duplicatesOf(space: SpaceRow, input: CommonsInput, exceptId?: string): Promise<Duplicate[]> {
    const candidates = await duplicateCandidates(db, dialect, space.id, input, exceptId);
    return candidates
      .filter((c) => likelyDuplicate(input, c))
      .map(({ id, slug, name }) => ({ id, slug, name }));
  }

  /** The stored row of a checked record, new or replacing `existing`. */
  function rowOf(
    space: SpaceRow,
    input: CommonsInput,
    slug: string,
    actorId: string | null,
    existing?: store.CommonsRow,
  ): store.CommonsRow {
    const now = new Date().toISOString();
    return {
      id: existing?.id ?? newId(),
      space_id: space.id,
      slug,
      name: input.name,
      summary: input.summary,
      description: input.description,
      kind: input.kind,
      status: input.status,
      contact: input.contact,
      created_by: existing ? existing.created_by : actorId,
      created_at: existing?.created_at ?? now,
      updated_at: now,
      ...store.searchColumns(input),
    };
  }

  /** Writes a checked record (new when `existing` is undefined) and everything hanging off it. */
  async function write(
    trx: Db,
    space: SpaceRow,
    input: CommonsInput,
    places: (PlaceInput & { geoFailed?: string | null })[],
    existing: store.CommonsRow | undefined,
    actorId: string | null,
    tagCache?: Map<string, string>,
  ): Promise<store.CommonsRow> {
    const wantedSlug = input.slug || existing?.slug || input.name;
    const slug =
      existing && existing.slug === wantedSlug
        ? existing.slug
        : await store.freeSlug(trx, space.id, wantedSlug, existing?.id);
    const row = rowOf(space, input, slug, actorId, existing);
    const tagIds = await resolveTags(trx, space.id, input.tags, tagCache);
    if (!existing) {
      await store.insertRecords(trx, [
        { row, places, links: input.links, tagIds, origin: input.origin ?? null },
      ]);
      return row;
    }
    await store.updateCommons(trx, row.id, row);
    await store.replaceChildren(trx, row.id, places, input.links, tagIds);
    if (input.origin) await store.addOrigin(trx, space.id, row.id, input.origin);
    return row;
  }

  return {
    write,
    rowOf,

    /**
     * Creates a record; its creator is its first commoner, confirmed at once. Likely duplicates stop a
     * form (`confirmed` false) with the list, so the person can look before going on; the API creates
     * and returns them as a warning.
     */
    async create(
      actor: Actor | undefined,
      spaceSlug: string,
      raw: Partial<CommonsInput>,
      options: { confirmed: boolean },
    ): Promise<{ record: CommonsRecord; duplicates: Duplicate[] }> {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.create");
      const input = checkCommons(raw, await kindSlugs(space.id));
      const duplicates = await duplicatesOf(space, input);
      if (duplicates.length > 0 && !options.confirmed) throw new PossibleDuplicates(duplicates);
      const places = await placesWithProvenance(geocodeOnSave, input.places, [], "manual");
      const row = await guardConstraints(() =>
        db.transaction().execute(async (trx) => {
          const written = await write(trx, space, input, places, undefined, actor?.id ?? null);
          if (actor) {
            await declareCommoner(trx, written.id, actor.id, "");
            await confirmCommoner(trx, written.id, actor.id, actor.id);
          }
          await commonsEvent(trx, actor?.id ?? null, space.id, written.id, "commons.created", {
            after: snapshot(input),
          });
          return written;
        }),
      );
      return { record: await record(space, row), duplicates };
    },

    async update(actor: Actor | undefined, id: string, raw: Partial<CommonsInput>): Promise<CommonsRecord> {
      const { row, space } = await recordRow(id);
      await authorise(actor, space, "commons.edit", row);
      const input = checkCommons({ slug: row.slug, ...raw }, await kindSlugs(space.id));
      const before = await record(space, row);
      const places = await placesWithProvenance(geocodeOnSave, input.places, before.places, "manual");
      const written = await guardConstraints(() =>
        db.transaction().execute(async (trx) => {
          await store.lockCommons(trx, dialect, row.id);
          const saved = await write(trx, space, input, places, row, actor?.id ?? null);
          await commonsEvent(trx, actor?.id ?? null, space.id, row.id, "commons.updated", {
            before: snapshot(before),
            after: snapshot(input),
          });
          return saved;
        }),
      );
      return record(space, written);
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

    async saveKinds(actor: Actor | undefined, spaceSlug: string, raw: { slug: string; label: string }[]) {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.curate");
      const kinds = raw
        .map((k) => ({ slug: oneLine(k.slug), label: oneLine(k.label) }))
        .filter((k) => k.label !== "");
      if (kinds.length === 0) throw validationError({ kinds: "commons.kindsRequired" });
      const used = await usedKinds(db, space.id);
      const missing = used.filter((u) => !kinds.some((k) => k.slug === u));
      if (missing.length > 0) throw validationError({ kinds: "commons.kindInUse" });
      await db.transaction().execute(async (trx) => {
        await saveKinds(trx, space.id, kinds);
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

    /**
     * Geocodes every place of the directory that has an address but no coordinates (never tried, or
     * tried while the geocoder was unavailable), one at a time (geocoders ask for a gentle pace); a
     * failure is stored on the place, the others go on.
     */
    async geocodeMissing(
      spaceSlug: string,
      options: {
        retryNotFound: boolean;
        onProgress?: (done: number, total: number) => Promise<void> | void;
      },
    ) {
      const space = await directory(spaceSlug);
      // Without a geocoder nothing is tried: the places stay as they are, to be tried later.
      if (!geocodeOnSave) return { total: 0, found: 0, failed: 0, unavailable: 0 };
      const places = await placesToGeocode(db, space.id, options.retryNotFound);
      await options.onProgress?.(0, places.length);
      let found = 0;
      let unavailable = 0;
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
          await setPlaceGeo(db, place.id, {
            latitude: result.latitude,
            longitude: result.longitude,
            source: result.geo.source,
            score: result.geo.score,
            inseeCode: result.inseeCode,
          });
        } else {
          if (result.geoFailed === "geocode.unavailable") unavailable++;
          await setPlaceGeo(db, place.id, { failed: result.geoFailed ?? "geocode.notFound" });
        }
        await options.onProgress?.(i + 1, places.length);
      }
      await recordEvent(db, {
        actorId: null,
        spaceId: space.id,
        action: "commons.geocoded",
        subjectType: "space",
        subjectId: space.id,
        after: { total: places.length, found },
      });
      return { total: places.length, found, failed: places.length - found, unavailable };
    },
  };
}
