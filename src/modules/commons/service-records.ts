/**
 * What every use case of the directory starts from: the assembly whose directory it is, what the policy
 * looks at for an action, full records from stored rows, and the record's history in the audit log.
 */
import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { type CommonsInput, publicPlace } from "../../core/commons.ts";
import { DomainError } from "../../core/errors.ts";
import { createMemo } from "../../core/memo.ts";
import { type Action, type Actor, authorize, can, type Resource } from "../../core/policy.ts";
import type { Database } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import { findMembership, findSpaceBySlug, type SpaceRow } from "../spaces/service.ts";
import type { ExportRecord } from "./formats/types.ts";
import { createMapIndex } from "./map-index.ts";
import * as store from "./store.ts";
import { listKinds } from "./store-kinds.ts";
import { isConfirmedCommoner } from "./store-relations.ts";

export type Db = Kysely<Database>;

export interface CommonsSummary {
  id: string;
  slug: string;
  name: string;
  summary: string;
  kind: string;
  status: CommonsInput["status"];
  tags: { slug: string; label: string }[];
  communes: string[];
  /** The first image, which the card shows. */
  image: { id: string; alt: string } | null;
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

/** The actions of the directory the services ask the policy about. */
type DirectoryAction =
  | "commons.create"
  | "commons.edit"
  | "commons.curate"
  | "commons.declareCommoner"
  | "chamber.linkCommons";

export function createRecords(ctx: Context) {
  const db = ctx.db.kysely;
  const baseUrl = ctx.config.publicUrl;
  // A few hundred pages of the list and map indexes (a few dozen kilobytes each), for a minute at most.
  const cache = createMemo(300, 60_000, ctx.db.writes);
  const mapIndex = createMapIndex(cache);

  /** The assembly whose directory this is; chambers have none of their own. */
  async function directory(slug: string): Promise<SpaceRow> {
    const space = await findSpaceBySlug(db, slug);
    if (space?.kind !== "assembly") throw new DomainError("SPACE_NOT_FOUND");
    return space;
  }

  function membershipOf(actor: Actor, space: SpaceRow, kept: boolean) {
    const read = () => findMembership(db, space.id, actor.id);
    return kept ? cache.remember(JSON.stringify(["membership", space.id, actor.id]), read) : read();
  }

  /**
   * What the policy looks at for an action in this space, on this record if there is one. Only a
   * declaration an editor confirmed makes a commoner of the record: a declaration alone gives no right.
   * For what a page offers, the membership may be the one kept until the next write (`kept`).
   */
  async function resource(
    actor: Actor | undefined,
    space: SpaceRow,
    record?: store.CommonsRow,
    { knownCommoner, kept = false }: { knownCommoner?: boolean; kept?: boolean } = {},
  ): Promise<Resource> {
    const membership = actor ? await membershipOf(actor, space, kept) : undefined;
    const confirmedCommoner =
      actor && record ? (knownCommoner ?? (await isConfirmedCommoner(db, record.id, actor.id))) : false;
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

  /**
   * What a page offers the actor, several actions at once, from one reading of what the policy looks at
   * (whether they are a confirmed commoner of the record: read here unless the caller knows). Their
   * membership is the one kept until the next write: a change is always authorised afresh (authorise).
   */
  async function permissions<A extends Action>(
    actor: Actor | undefined,
    space: SpaceRow,
    actions: A[],
    record?: store.CommonsRow,
    knownCommoner?: boolean,
  ): Promise<Record<A, boolean>> {
    const loaded = await resource(actor, space, record, { knownCommoner, kept: true });
    return Object.fromEntries(actions.map((action) => [action, can(actor, action, loaded)])) as Record<
      A,
      boolean
    >;
  }

  async function authorise(
    actor: Actor | undefined,
    space: SpaceRow,
    action: DirectoryAction,
    record?: store.CommonsRow,
  ): Promise<Actor> {
    authorize(actor, action, await resource(actor, space, record));
    return actor;
  }

  /** Full records for the given rows, in their order; coarse places hidden unless `exact`. */
  async function records(space: SpaceRow, rows: store.CommonsRow[], exact = false): Promise<CommonsRecord[]> {
    const children = await store.childrenOf(
      db,
      rows.map((r) => r.id),
    );
    const kinds = new Map((await listKinds(db, space.id)).map((k) => [k.slug, k.label]));
    return rows.map((row) => {
      const c = children.get(row.id) ?? { places: [], links: [], tags: [], origins: [] };
      const places = c.places.map(({ id: _id, geoFailed: _f, ...p }) => (exact ? p : publicPlace(p)));
      return {
        id: row.id,
        slug: row.slug,
        url: `${baseUrl}${urls.commons(space.slug, row.slug)}`,
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

  /** One full record, exact places included. */
  async function record(space: SpaceRow, row: store.CommonsRow, exact = true): Promise<CommonsRecord> {
    const [full] = await records(space, [row], exact);
    if (!full) throw new DomainError("COMMONS_NOT_FOUND");
    return full;
  }

  async function recordRow(id: string) {
    const row = await store.findCommonsById(db, id);
    if (!row) throw new DomainError("COMMONS_NOT_FOUND");
    const space = await store.spaceOf(db, row.space_id);
    return { row, space };
  }

  /** A record of the directory by its slug. */
  async function recordBySlug(spaceSlug: string, slug: string) {
    const space = await directory(spaceSlug);
    const row = await store.findCommonsBySlug(db, space.id, slug);
    if (!row) throw new DomainError("COMMONS_NOT_FOUND");
    return { row, space };
  }

  /** Appends one event about a record to the audit log, which is also the record's history. */
  function commonsEvent(
    trx: Db,
    actorId: string | null,
    spaceId: string,
    commonsId: string,
    action: string,
    change: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } = {},
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

  return {
    directory,
    allowed,
    permissions,
    authorise,
    records,
    record,
    recordRow,
    recordBySlug,
    commonsEvent,
    cache,
    mapIndex,
  };
}

export type Records = ReturnType<typeof createRecords>;
