import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import type { Language } from "../../core/accounts.ts";
import { type DecisionMode, flatRules, rulesOf } from "../../core/decisions.ts";
import { textDiff } from "../../core/diff.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { formatAmount } from "../../core/ledger.ts";
import { type Actor, authenticate, authorize, can } from "../../core/policy.ts";
import type { SpaceProperties } from "../../core/spaces.ts";
import type { Database, ProposalTable } from "../../db/schema.ts";
import { findMembership, findSpaceBySlug, type SpaceRow } from "../spaces/service.ts";
import { checkProposal } from "./input.ts";
import { checkDeadlineChoice, checkGovernance, flatProperties } from "./input-code.ts";
import { rulesText } from "./rules-text.ts";
import { createForks } from "./service-fork.ts";
import * as codeStore from "./store-code.ts";

type Db = Kysely<Database>;

/** The engine's `openRound`, as service.ts builds it: a round opened inside the caller's transaction. */
export type OpenRound = (
  trx: Db,
  request: {
    space: SpaceRow;
    class: "socialCode" | "settings";
    title: string;
    body: string;
    proposerId: string;
    payload?: unknown;
    mode?: DecisionMode;
    deadline?: Date;
  },
) => Promise<{ proposal: ProposalTable; after: () => Promise<void> }>;

function propertiesOf(row: SpaceRow): SpaceProperties {
  return {
    territorial: row.territorial === 1,
    decisionMode: row.decision_mode as SpaceProperties["decisionMode"],
    functions: row.functions as SpaceProperties["functions"],
    access: row.access as SpaceProperties["access"],
    forkPolicy: row.fork_policy as SpaceProperties["forkPolicy"],
    formalisation: row.formalisation as SpaceProperties["formalisation"],
  };
}

/** An object's entries in one order, to compare two whose keys were set in different orders. */
function canonical(value: object): string {
  return JSON.stringify(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

function presentVersion(row: Awaited<ReturnType<typeof codeStore.socialCodeHistory>>[number]) {
  return {
    version: row.number,
    adoptedBy: row.proposal_id,
    adoptedAt: row.adopted_at,
    proposalNumber: row.proposal_number ?? null,
    proposalTitle: row.proposal_title ?? null,
  };
}

/**
 * A space's social code (its versions, each published by an adopted decision, and the diff between any
 * two), the proposals that change it or the space's rules, and forks (see service-fork.ts). Spread into
 * the decisions service: `socialCode` and `forks`.
 */
export function createSocialCode(
  ctx: Context,
  openRound: OpenRound,
  settleDue: (limit: number, spaceId: string) => Promise<number>,
) {
  const db = ctx.db.kysely;
  const forks = createForks(ctx);

  async function spaceOf(slug: string): Promise<SpaceRow> {
    const space = await findSpaceBySlug(db, slug);
    if (!space) throw new DomainError("SPACE_NOT_FOUND");
    return space;
  }

  async function version(slug: string, number?: number) {
    const space = await spaceOf(slug);
    authorize(undefined, "socialCode.read", { space });
    // A change adopted at a deadline nobody has read since is published before the code is shown.
    await settleDue(100, space.id);
    const row =
      number === undefined || Number.isSafeInteger(number)
        ? await codeStore.socialCodeWithDecision(db, space.id, number)
        : undefined;
    if (!row && number !== undefined) throw new DomainError("SOCIAL_CODE_NOT_FOUND");
    return {
      space,
      code: row ? { ...presentVersion(row), text: row.text } : null,
    };
  }

  /** Opens a round of the space's mode for the class, as `propose` does for any member. */
  async function open(
    actor: Actor | undefined,
    slug: string,
    klass: "socialCode" | "settings",
    raw: Record<string, unknown>,
    build: (space: SpaceRow, errors: Record<string, string>) => Promise<{ body: string; payload?: unknown }>,
  ) {
    authenticate(actor);
    const space = await spaceOf(slug);
    const membership = await findMembership(db, space.id, actor.id);
    authorize(actor, "proposal.create", { space, membership });
    const errors: Record<string, string> = {};
    const deadline = checkDeadlineChoice(errors, raw.deadline);
    const note = typeof raw.note === "string" ? raw.note.trim() : "";
    if ([...note].length > 300) errors.note = "field.tooLong.300";
    // Refused rules still have their reason checked, so that every field's message shows at once.
    let built: { body: string; payload?: unknown } = { body: typeof raw.body === "string" ? raw.body : "" };
    try {
      built = await build(space, errors);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      Object.assign(errors, error.fields);
    }
    let input: ReturnType<typeof checkProposal> | undefined;
    try {
      input = checkProposal({ title: raw.title, body: built.body, class: klass, deadline }, new Date());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      Object.assign(errors, error.fields);
    }
    if (Object.keys(errors).length > 0 || !input) throw validationError(errors);
    const checked = input;
    const { proposal, after } = await db.transaction().execute(async (trx) => {
      const opened = await openRound(trx, {
        space,
        class: klass,
        title: checked.title,
        body: checked.body,
        deadline: checked.deadline,
        proposerId: actor.id,
        payload: built.payload,
      });
      if (note !== "") await codeStore.setFirstVersionNote(trx, opened.proposal.id, note);
      return opened;
    });
    await after();
    return proposal;
  }

  return {
    socialCode: {
      /** The version in force: its number, text, date and the decision that adopted it (null: none yet). */
      async current(slug: string) {
        return (await version(slug)).code;
      },

      /** One version, or SOCIAL_CODE_NOT_FOUND. */
      async version(slug: string, number: number) {
        const found = await version(slug, number);
        if (!found.code) throw new DomainError("SOCIAL_CODE_NOT_FOUND");
        return found.code;
      },

      /** The space, a version (the current one by default) and every version, newest first, for its page. */
      async page(actor: Actor | undefined, slug: string, number?: number) {
        const found = await version(slug, number);
        const membership = actor ? await findMembership(db, found.space.id, actor.id) : undefined;
        return {
          ...found,
          history: (await codeStore.socialCodeHistory(db, found.space.id)).map(presentVersion),
          canPropose: can(actor, "proposal.create", { space: found.space, membership }),
        };
      },

      async history(slug: string) {
        const space = await spaceOf(slug);
        authorize(undefined, "socialCode.read", { space });
        return (await codeStore.socialCodeHistory(db, space.id)).map(presentVersion);
      },

      /** What changed from one version to another (either way round). */
      async diff(slug: string, from: number, to: number) {
        const space = await spaceOf(slug);
        authorize(undefined, "socialCode.read", { space });
        const [before, after] = await Promise.all(
          [from, to].map((n) =>
            Number.isSafeInteger(n) ? codeStore.socialCodeWithDecision(db, space.id, n) : undefined,
          ),
        );
        if (!before || !after) throw new DomainError("SOCIAL_CODE_NOT_FOUND");
        return {
          space,
          from: { ...presentVersion(before), text: before.text },
          to: { ...presentVersion(after), text: after.text },
          blocks: textDiff(before.text, after.text),
        };
      },

      /** What the form starts from: the current text, and the space. */
      async proposing(actor: Actor | undefined, slug: string) {
        authenticate(actor);
        const space = await spaceOf(slug);
        authorize(actor, "proposal.create", {
          space,
          membership: await findMembership(db, space.id, actor.id),
        });
        const current = await codeStore.socialCodeWithDecision(db, space.id);
        return { space, text: current?.text ?? "", version: current?.number ?? 0 };
      },

      /**
       * A new version proposed: a proposal of class `socialCode` whose text is the whole new version. It
       * is published (numbered, dated, linked to its decision) only when the proposal is adopted.
       */
      async proposeVersion(actor: Actor | undefined, slug: string, raw: Record<string, unknown>) {
        return open(actor, slug, "socialCode", raw, async (space, errors) => {
          const current = await codeStore.socialCodeWithDecision(db, space.id);
          const body = typeof raw.body === "string" ? raw.body : "";
          if (current && body.replace(/\r\n?/g, "\n").trim() === current.text.trim())
            errors.body = "code.unchanged";
          return { body };
        });
      },

      /** The rules, properties and cap as a form shows them, for those who may propose a change. */
      async rulesForm(actor: Actor | undefined, slug: string) {
        authenticate(actor);
        const space = await spaceOf(slug);
        authorize(actor, "proposal.create", {
          space,
          membership: await findMembership(db, space.id, actor.id),
        });
        return {
          space,
          values: {
            ...flatRules(rulesOf(space.kind, space.decision_rules)),
            ...flatProperties(propertiesOf(space)),
            doocracyCap: formatAmount(space.doocracy_cap).replace(/\u202f/g, ""),
          },
        };
      },

      /**
       * New rules, properties and cap proposed: a proposal of class `settings`, whose payload the engine
       * applies when it is adopted (and only then). Its text is the reason given, then the rules it would
       * set, in words.
       */
      async proposeRules(actor: Actor | undefined, slug: string, raw: Record<string, unknown>) {
        return open(actor, slug, "settings", raw, async (space) => {
          const change = checkGovernance(space.kind, raw, space.doocracy_cap);
          const same =
            canonical(flatRules(change.rules)) ===
              canonical(flatRules(rulesOf(space.kind, space.decision_rules))) &&
            canonical(change.properties) === canonical(propertiesOf(space)) &&
            change.doocracyCap === space.doocracy_cap;
          if (same) throw validationError({ rules: "code.rulesUnchanged" });
          const why = typeof raw.body === "string" ? raw.body.trim() : "";
          const sentences = rulesText(
            { kind: space.kind, access: change.properties.access, doocracyCap: change.doocracyCap },
            change.rules,
          );
          const body =
            why === ""
              ? ""
              : `${why}\n\n## Règles proposées\n\n${sentences.map((s) => `- ${s}`).join("\n")}\n`;
          return { body, payload: change };
        });
      },

      /** A space's rules in plain words, for its « À propos » page. */
      rulesText(space: SpaceRow, lang: Language = "fr"): string[] {
        return rulesText(
          { kind: space.kind, access: space.access, doocracyCap: space.doocracy_cap },
          rulesOf(space.kind, space.decision_rules),
          lang,
        );
      },

      /** What the « À propos » page shows of how the space decides, and what the viewer may do about it. */
      async about(actor: Actor | undefined, slug: string, lang: Language = "fr") {
        const space = await spaceOf(slug);
        const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
        const current = await codeStore.socialCodeWithDecision(db, space.id);
        return {
          rules: rulesText(
            { kind: space.kind, access: space.access, doocracyCap: space.doocracy_cap },
            rulesOf(space.kind, space.decision_rules),
            lang,
          ),
          code: current ? presentVersion(current) : null,
          lineage: space.kind === "chamber" ? await forks.lineage(slug) : null,
          can: {
            propose: can(actor, "proposal.create", { space, membership }),
            fork: space.kind === "chamber" && can(actor, "space.fork", { space, membership }),
          },
        };
      },
    },
    forks,
  };
}
