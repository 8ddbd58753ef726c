import type { Context } from "../../context.ts";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { type Actor, authenticate, authorize } from "../../core/policy.ts";
import { checkNewSpace } from "../../core/spaces.ts";
import { oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import { recordEvent } from "../audit/service.ts";
import {
  findMembership,
  findSpaceBySlug,
  insertMembership,
  insertSpace,
  type SpaceRow,
} from "../spaces/service.ts";
import { socialCodeTemplate } from "./social-code-template.ts";
import * as store from "./store.ts";
import * as codeStore from "./store-code.ts";

/** A chamber in a family tree: where it came from, at which version of its parent's code, and its forks. */
export interface FamilyNode {
  slug: string;
  name: string;
  /** The version of its parent's social code it started from (null for the root). */
  version: number | null;
  parent: { slug: string; name: string } | null;
  current: boolean;
  forks: FamilyNode[];
}

type Node = NonNullable<Awaited<ReturnType<typeof codeStore.spaceNode>>>;

/** How far up a lineage is followed: far beyond any real family, short of a loop made by hand. */
const MAX_GENERATIONS = 1000;

/**
 * « Fork encouragé »: any member of a chamber starts a new chamber from it, with a copy of its social code
 * (at the current version), decision rules, settings and tag vocabulary, and records where it came from.
 * The new chamber has its forker as only member and facilitator: no other member, no money, no
 * proposals, meetings, tasks or commons, nothing personal.
 */
export function createForks(ctx: Context) {
  const db = ctx.db.kysely;

  async function spaceOf(slug: string): Promise<SpaceRow> {
    const space = await findSpaceBySlug(db, slug);
    if (!space) throw new DomainError("SPACE_NOT_FOUND");
    return space;
  }

  /** The chamber to fork, if the actor may: an assembly is not forked (404, whoever asks). */
  async function forkable(actor: Actor | undefined, slug: string): Promise<SpaceRow> {
    const space = await spaceOf(slug);
    const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
    authorize(actor, "space.fork", { space, membership });
    return space;
  }

  const brief = (node: Node) => ({ slug: node.slug, name: node.name, version: node.forked_at_version });

  return {
    /** What the fork form shows: the chamber forked, for those who may fork it. */
    async forking(actor: Actor | undefined, slug: string) {
      const parent = await forkable(actor, slug);
      const current = await store.socialCodeVersion(db, parent.id);
      return { space: parent, version: current?.number ?? null };
    },

    async fork(actor: Actor | undefined, slug: string, raw: Record<string, unknown>) {
      const parent = await forkable(actor, slug);
      authenticate(actor);
      const fields = checkNewSpace({
        kind: "chamber",
        name: raw.name,
        slug: raw.slug,
        theme: parent.theme || oneLine(raw.name),
        summary: parent.summary,
      });
      if (await findSpaceBySlug(db, fields.slug)) throw new DomainError("SLUG_TAKEN", { slug: "slug.taken" });
      const now = new Date().toISOString();
      const row = await guardConstraints(
        () =>
          db.transaction().execute(async (trx) => {
            const code = await store.socialCodeVersion(trx, parent.id);
            const row: SpaceRow = {
              ...parent,
              id: newId(),
              kind: "chamber",
              slug: fields.slug,
              name: fields.name,
              territory: null,
              logo: null,
              forked_from: parent.id,
              forked_at_version: code?.number ?? null,
              created_at: now,
              updated_at: now,
            };
            await insertSpace(trx, row);
            await insertMembership(trx, {
              id: newId(),
              space_id: row.id,
              person_id: actor.id,
              role: "facilitator",
              status: "active",
              introduction: "",
              created_at: now,
              updated_at: now,
              decided_by: actor.id,
              decided_at: now,
            });
            await store.insertSocialCodeVersion(trx, {
              id: newId(),
              space_id: row.id,
              number: 1,
              text: code?.text ?? socialCodeTemplate(row.name),
              proposal_id: null,
              adopted_at: now,
            });
            const tags = await codeStore.copyTagVocabulary(trx, parent.id, row.id);
            const lineage = { from: parent.slug, to: row.slug, version: row.forked_at_version };
            for (const space of [row, parent])
              await recordEvent(trx, {
                actorId: actor.id,
                spaceId: space.id,
                action: "space.forked",
                subjectType: "space",
                subjectId: row.id,
                after: { ...lineage, name: row.name, ...(space === row ? { tags } : {}) },
              });
            return row;
          }),
        "SLUG_TAKEN",
      ).catch((error: unknown) => {
        // Two forks racing for one slug: the second is told like the first would have been.
        if (error instanceof DomainError && error.code === "SLUG_TAKEN" && !error.fields.slug)
          throw new DomainError("SLUG_TAKEN", { slug: "slug.taken" });
        throw error;
      });
      return { slug: row.slug, name: row.name };
    },

    /** Where a chamber came from and the chambers forked from it. */
    async lineage(slug: string) {
      const space = await spaceOf(slug);
      const parent = space.forked_from ? await codeStore.spaceNode(db, space.forked_from) : undefined;
      const forks = await codeStore.forksOf(db, [space.id]);
      return {
        forkedFrom: parent
          ? { slug: parent.slug, name: parent.name, version: space.forked_at_version }
          : null,
        forks: forks.map(brief),
      };
    },

    /** The whole family of a chamber, from the ancestor that was forked from nothing, as a nested tree. */
    async family(slug: string): Promise<{ space: SpaceRow; root: FamilyNode }> {
      const space = await spaceOf(slug);
      if (space.kind !== "chamber") throw new DomainError("SPACE_NOT_FOUND");
      let root: Node | undefined = await codeStore.spaceNode(db, space.id);
      const seen = new Set<string>();
      while (root?.forked_from && !seen.has(root.forked_from) && seen.size < MAX_GENERATIONS) {
        seen.add(root.id);
        const up: Node | undefined = await codeStore.spaceNode(db, root.forked_from);
        if (!up) break;
        root = up;
      }
      if (!root) throw new DomainError("SPACE_NOT_FOUND");
      const nodes = new Map<string, FamilyNode>();
      const make = (n: Node, parent: FamilyNode | null): FamilyNode => {
        const node: FamilyNode = {
          slug: n.slug,
          name: n.name,
          version: parent ? n.forked_at_version : null,
          parent: parent ? { slug: parent.slug, name: parent.name } : null,
          current: n.id === space.id,
          forks: [],
        };
        nodes.set(n.id, node);
        parent?.forks.push(node);
        return node;
      };
      const top = make(root, null);
      let level = [root.id];
      for (let depth = 0; level.length > 0 && depth < MAX_GENERATIONS; depth += 1) {
        const children = (await codeStore.forksOf(db, level)).filter((c) => !nodes.has(c.id));
        for (const child of children) make(child, nodes.get(child.forked_from ?? "") ?? null);
        level = children.map((c) => c.id);
      }
      return { space, root: top };
    },
  };
}

export type Forks = ReturnType<typeof createForks>;
