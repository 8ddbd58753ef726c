/**
 * Choosing another record by its name (to link it or merge it), and merging a duplicate: a page shows
 * both records and what the merged one will hold before anything changes; places the duplicate repeats
 * are not copied.
 */
import type { Context } from "../../context.ts";
import { fold, repeatedPlaces } from "../../core/commons.ts";
import { validationError } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { stemmed } from "../../core/search.ts";
import { oneLine } from "../../core/text.ts";
import type { CommonsRecord, Records } from "./service-records.ts";
import * as store from "./store.ts";
import { commonsNamed } from "./store-pick.ts";
import { placeRowsOf } from "./store-places.ts";
import { mergeInto } from "./store-relations.ts";
import { summariesOf } from "./store-search.ts";

const SUGGESTIONS = 10;
const CANDIDATES = 30;
/** Suggestions start from this many letters: one matches half the directory. */
const SUGGEST_FROM = 2;

export interface Candidate {
  slug: string;
  name: string;
  summary: string;
  communes: string[];
}

/** What merging `drop` into `keep` leaves: keep's own fields, and what drop brings that keep lacks. */
export function mergedRecord(keep: CommonsRecord, drop: CommonsRecord) {
  const repeated = repeatedPlaces(keep.places, drop.places);
  return {
    places: [...keep.places, ...drop.places.filter((_, i) => !repeated[i])],
    links: [...keep.links, ...drop.links.filter((l) => !keep.links.some((k) => k.url === l.url))],
    tags: [...new Set([...keep.tags, ...drop.tags])],
    origins: [...keep.origins, ...drop.origins],
  };
}

export function createMerging(ctx: Context, base: Records) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;

  /** Records of a directory named like what was typed; `chosen` when it names one (short address or exact name). */
  async function search(spaceId: string, raw: unknown, except: string | null, limit: number) {
    const query = oneLine(raw).slice(0, 100);
    const folded = fold(query);
    if (folded === "") return { query, folded, chosen: undefined, candidates: [] as Candidate[] };
    // The stored names are stems (core/search.ts): the typed name is compared as one too.
    const named = stemmed(query);
    const rows = await commonsNamed(db, spaceId, { named, slug: query }, except, limit);
    const { communes } = await summariesOf(
      db,
      rows.map((r) => r.id),
    );
    const exact = rows.filter((r) => r.search_name === named);
    const chosen = rows.find((r) => r.slug === query) ?? (exact.length === 1 ? exact[0] : undefined);
    const candidates = rows.map((r) => ({
      slug: r.slug,
      name: r.name,
      summary: r.summary,
      communes: communes.get(r.id) ?? [],
    }));
    return { query, folded, chosen, candidates };
  }

  /** Another record of the directory, chosen by an editor (to link) or a facilitator (to merge). */
  async function choose(
    actor: Actor | undefined,
    spaceSlug: string,
    slug: string,
    raw: unknown,
    purpose: "relate" | "merge",
  ) {
    const { row, space } = await base.recordBySlug(spaceSlug, slug);
    if (purpose === "relate") await base.authorise(actor, space, "commons.edit", row);
    else await base.authorise(actor, space, "commons.curate");
    return { space, row, ...(await search(space.id, raw, row.id, CANDIDATES)) };
  }

  return {
    /** Names for a field that chooses a record, as someone types. */
    async suggest(spaceSlug: string, raw: unknown) {
      const space = await base.directory(spaceSlug);
      const found = await search(space.id, raw, null, SUGGESTIONS);
      if (found.folded.length < SUGGEST_FROM) return [];
      return found.candidates.map((c) => ({ name: c.name, slug: c.slug, commune: c.communes[0] ?? "" }));
    },

    /** The record to link this one to, from what an editor typed: chosen, or the candidates to pick from. */
    async chooseRelated(actor: Actor | undefined, spaceSlug: string, slug: string, raw: unknown) {
      const { row, query, chosen, candidates } = await choose(actor, spaceSlug, slug, raw, "relate");
      return { record: { slug: row.slug, name: row.name }, query, chosen: chosen?.slug, candidates };
    },

    /** Before a merge: both records and what the merged one will hold, or the candidates to pick from. */
    async mergeChoice(actor: Actor | undefined, spaceSlug: string, slug: string, raw: unknown) {
      const { space, row, query, chosen, candidates } = await choose(actor, spaceSlug, slug, raw, "merge");
      const keep = await base.record(space, row);
      if (!chosen) return { keep, query, candidates };
      const drop = await base.record(space, chosen);
      return { keep, drop, merged: mergedRecord(keep, drop), query, candidates };
    },

    /**
     * Merges `dropId` into `keepId`: origins, places (but those it repeats), links, tags, relations,
     * commoners, chambers and images all move.
     */
    async merge(actor: Actor | undefined, keepId: string, dropId: string) {
      const { row: keep, space } = await base.recordRow(keepId);
      const { row: drop } = await base.recordRow(dropId);
      if (drop.space_id !== keep.space_id || drop.id === keep.id)
        throw validationError({ merge: "commons.mergeInvalid" });
      await base.authorise(actor, space, "commons.curate");
      await db.transaction().execute(async (trx) => {
        await store.lockCommons(trx, dialect, keep.id);
        const [kept, dropped] = [await placeRowsOf(trx, keep.id), await placeRowsOf(trx, drop.id)];
        const repeated = repeatedPlaces(kept, dropped);
        await mergeInto(
          trx,
          keep.id,
          drop.id,
          dropped.filter((_, i) => repeated[i]).map((p) => p.id),
        );
        await store.refreshSearch(trx, keep.id);
        await base.commonsEvent(trx, actor?.id ?? null, space.id, keep.id, "commons.merged", {
          before: { merged: drop.name, mergedId: drop.id },
          after: { name: keep.name },
        });
      });
    },
  };
}
