import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { createMemo } from "../../core/memo.ts";
import {
  type Actor,
  authenticate,
  authorize,
  can,
  MEMBERSHIP_ROLES,
  type SignedInAction,
} from "../../core/policy.ts";
import { checkNewSpace, KIND_DEFAULTS, type SpaceProperties, type SpaceSettings } from "../../core/spaces.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database, MembershipRole } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { recordEvent } from "../audit/service.ts";
import type { Notifications } from "../notifications/service.ts";
import { createAdmissions, type Governance } from "./service-admission.ts";
import { createEditing } from "./service-edit.ts";
import { createLogos } from "./service-logo.ts";
import { createLogs } from "./service-logs.ts";
import * as store from "./store.ts";

export type { Governance } from "./service-admission.ts";

/**
 * What other modules read of spaces and memberships, inside their own transactions too; and what
 * decisions write when a space's governance or a request to join is decided.
 */
export {
  findMembership,
  findMembershipById,
  findSpaceById,
  findSpaceBySlug,
  insertMembership,
  insertSpace,
  lockSpace,
  type SpaceRow,
  updateGovernance,
  updateMembership,
} from "./store.ts";

export interface Space {
  id: string;
  kind: "assembly" | "chamber";
  slug: string;
  name: string;
  summary: string;
  territory: string | null;
  theme: string | null;
  assembly: { slug: string; name: string } | null;
  properties: SpaceProperties;
  /** The logo's address, or null. */
  logo: string | null;
  settings: SpaceSettings;
  createdAt: string;
}

function propertiesOf(row: store.SpaceRow): SpaceProperties {
  return {
    territorial: row.territorial === 1,
    decisionMode: row.decision_mode as SpaceProperties["decisionMode"],
    functions: row.functions as SpaceProperties["functions"],
    access: row.access as SpaceProperties["access"],
    forkPolicy: row.fork_policy as SpaceProperties["forkPolicy"],
    formalisation: row.formalisation as SpaceProperties["formalisation"],
  };
}

export function createSpaces(ctx: Context, notifications: Notifications, governance: Governance) {
  const db = ctx.db.kysely;
  // The instance's spaces with their member counts, on everyone's home page, until the next write.
  const listed = createMemo(1, 60_000, ctx.db.writes);

  async function present(row: store.SpaceRow): Promise<Space> {
    const assembly = row.assembly_id ? await store.findSpaceById(db, row.assembly_id) : undefined;
    return {
      id: row.id,
      kind: row.kind,
      slug: row.slug,
      name: row.name,
      summary: row.summary,
      territory: row.territory,
      theme: row.theme,
      assembly: assembly ? { slug: assembly.slug, name: assembly.name } : null,
      properties: propertiesOf(row),
      logo: row.logo ? urls.logo(row.logo) : null,
      settings: {
        correctionsDays: row.corrections_days,
        doocracyCap: Number(row.doocracy_cap),
        tasksRule: row.tasks_rule,
      },
      createdAt: row.created_at,
    };
  }

  async function spaceRow(slug: string): Promise<store.SpaceRow> {
    const row = await store.findSpaceBySlug(db, slug);
    if (!row) throw new DomainError("SPACE_NOT_FOUND");
    return row;
  }

  /** Loads the space and the actor's membership, and checks the action is allowed. */
  async function authorise(actor: Actor | undefined, slug: string, action: SignedInAction) {
    authenticate(actor);
    const space = await spaceRow(slug);
    const membership = await store.findMembership(db, space.id, actor.id);
    authorize(actor, action, { space, membership });
    return space;
  }

  async function membershipIn(trx: Kysely<Database>, spaceId: string, id: string) {
    const membership = await store.findMembershipById(trx, spaceId, id);
    if (!membership) throw new DomainError("MEMBERSHIP_NOT_FOUND");
    return membership;
  }

  return {
    ...createLogos(ctx),
    ...createEditing(db, authorise, present),
    ...createLogs(db, authorise, present, spaceRow),
    list: () => listed.remember("spaces", () => store.listSpaces(db)),

    async get(slug: string): Promise<Space> {
      return present(await spaceRow(slug));
    },

    /** The assemblies a new chamber may be linked to, for those who may create spaces. */
    async assemblyChoices(actor: Actor | undefined): Promise<{ slug: string; name: string }[]> {
      authorize(actor, "instance.createSpace");
      return (await store.listSpaces(db))
        .filter((s) => s.kind === "assembly")
        .map((s) => ({ slug: s.slug, name: s.name }));
    },

    /** Instance administrators create spaces; the creator becomes the first facilitator. */
    async create(actor: Actor | undefined, input: Record<string, unknown>): Promise<Space> {
      authorize(actor, "instance.createSpace");
      const fields = checkNewSpace(input);
      let assemblyId: string | null = null;
      if (fields.assemblySlug) {
        const assembly = await store.findSpaceBySlug(db, fields.assemblySlug);
        if (assembly?.kind !== "assembly") throw validationError({ assembly: "space.assemblyUnknown" });
        assemblyId = assembly.id;
      }
      if (await store.findSpaceBySlug(db, fields.slug))
        throw new DomainError("SLUG_TAKEN", { slug: "slug.taken" });
      const defaults = KIND_DEFAULTS[fields.kind];
      const now = new Date().toISOString();
      const row: store.SpaceRow = {
        id: newId(),
        kind: fields.kind,
        slug: fields.slug,
        name: fields.name,
        summary: fields.summary,
        territory: fields.territory,
        theme: fields.theme,
        assembly_id: assemblyId,
        territorial: defaults.territorial ? 1 : 0,
        decision_mode: defaults.decisionMode,
        functions: defaults.functions,
        access: defaults.access,
        fork_policy: defaults.forkPolicy,
        formalisation: defaults.formalisation,
        logo: null,
        ...store.SETTING_DEFAULTS,
        decision_rules: null,
        forked_from: null,
        forked_at_version: null,
        created_at: now,
        updated_at: now,
      };
      await guardConstraints(
        () =>
          db.transaction().execute(async (trx) => {
            await store.insertSpace(trx, row);
            await store.insertMembership(trx, {
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
            await governance.founded(trx, row);
            await recordEvent(trx, {
              actorId: actor.id,
              spaceId: row.id,
              action: "space.created",
              subjectType: "space",
              subjectId: row.id,
              after: { kind: row.kind, slug: row.slug, name: row.name },
            });
          }),
        "SLUG_TAKEN",
      );
      return present(row);
    },

    /** A space as one person sees it: their membership and whether they may manage its members. */
    async forViewer(actor: Actor | undefined, slug: string) {
      const row = await spaceRow(slug);
      const membership = actor ? await store.findMembership(db, row.id, actor.id) : undefined;
      return {
        space: await present(row),
        membership,
        canManage: can(actor, "space.manageMembers", { membership }),
        canEdit: can(actor, "space.edit", { membership }),
      };
    },

    /** The chambers linked to an assembly, by name. */
    async chambersOf(assemblySlug: string) {
      return (await store.listSpaces(db)).filter((s) => s.assemblySlug === assemblySlug);
    },

    ...createAdmissions(ctx, notifications, governance, authorise, spaceRow, membershipIn),

    async leave(actor: Actor | undefined, slug: string) {
      authorize(actor, "space.leave");
      const space = await spaceRow(slug);
      await db.transaction().execute(async (trx) => {
        await store.lockSpace(trx, ctx.db.dialect, space.id);
        const membership = await store.findMembership(trx, space.id, actor.id);
        if (!membership || (membership.status !== "active" && membership.status !== "pending")) {
          throw new DomainError("NOT_A_MEMBER");
        }
        if (
          membership.status === "active" &&
          membership.role === "facilitator" &&
          (await store.countActiveWithRole(trx, space.id, "facilitator")) === 1
        ) {
          throw new DomainError("LAST_FACILITATOR");
        }
        await store.updateMembership(trx, membership.id, { status: "left" });
        await recordEvent(trx, {
          actorId: actor.id,
          spaceId: space.id,
          action: "membership.left",
          subjectType: "person",
          subjectId: actor.id,
          before: { status: membership.status, role: membership.role },
          after: { status: "left" },
        });
      });
    },

    async setRole(actor: Actor | undefined, slug: string, membershipId: string, role: unknown) {
      const space = await authorise(actor, slug, "space.manageMembers");
      if (typeof role !== "string" || !(MEMBERSHIP_ROLES as readonly string[]).includes(role)) {
        throw validationError({ role: "membership.role" });
      }
      const changed = await db.transaction().execute(async (trx) => {
        await store.lockSpace(trx, ctx.db.dialect, space.id);
        const membership = await membershipIn(trx, space.id, membershipId);
        if (membership.status !== "active") throw new DomainError("MEMBER_NOT_ACTIVE");
        if (
          membership.role === "facilitator" &&
          role !== "facilitator" &&
          (await store.countActiveWithRole(trx, space.id, "facilitator")) === 1
        ) {
          throw new DomainError("LAST_FACILITATOR");
        }
        await store.updateMembership(trx, membership.id, { role: role as MembershipRole });
        await recordEvent(trx, {
          actorId: actor?.id ?? null,
          spaceId: space.id,
          action: "membership.roleChanged",
          subjectType: "person",
          subjectId: membership.person_id,
          before: { role: membership.role },
          after: { role },
        });
        return membership.role === role ? null : membership.person_id;
      });
      if (changed)
        await notifications.notify({
          kind: "membership.roleChanged",
          spaceId: space.id,
          recipients: [changed],
          link: urls.space(space.slug),
          params: { space: space.name, role },
          actorId: actor?.id,
        });
    },

    /** Active members for anyone signed in; pending requests only for those who decide them. */
    async members(actor: Actor | undefined, slug: string) {
      const space = await spaceRow(slug);
      const mine = actor ? await store.findMembership(db, space.id, actor.id) : undefined;
      const canManage = can(actor, "space.manageMembers", { membership: mine });
      return {
        space: await present(space),
        active: actor ? await store.listMemberships(db, space.id, ["active"]) : [],
        pending: canManage ? await store.listMemberships(db, space.id, ["pending"]) : [],
        canManage,
      };
    },

    membershipsOf: (personId: string) => store.listMembershipsOfPerson(db, personId),

    /** For "à traiter": pending requests to join these spaces, counted per space. */
    pendingRequests: (spaceIds: string[]) =>
      spaceIds.length === 0 ? Promise.resolve([]) : store.pendingRequestsBySpace(db, spaceIds),
  };
}

export type Spaces = ReturnType<typeof createSpaces>;
