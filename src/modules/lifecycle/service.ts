/**
 * The instance's lifecycle: the stages administrators schedule (notice, read-only, archived), each
 * from a day, and the stage in force, read from the clock so that it changes at its date without
 * anyone acting. The schedule is kept in memory for a few seconds: every request asks for the stage,
 * and a change made here is seen at once (one made by another process, within `CACHE_MS`).
 */
import type { Context } from "../../context.ts";
import type { Language } from "../../core/accounts.ts";
import {
  checkStageRequest,
  type LifecycleStage,
  type Notice,
  noticeOn,
  ordered,
  type Schedule,
  type ScheduledStage,
  type ScheduledStep,
  stageOn,
} from "../../core/lifecycle.ts";
import { utcToParis } from "../../core/paris-time.ts";
import { type Actor, authorize } from "../../core/policy.ts";
import { translate } from "../../web/i18n.ts";
import { shortDate } from "../../web/money.ts";
import { recordEvent } from "../audit/service.ts";
import * as store from "./store.ts";

export const CACHE_MS = 5000;

/** A scheduled stage as the administrators' page shows it. */
export interface StepView extends ScheduledStep {
  setByName: string | null;
  setAt: string;
}

/** The stage in force now, its banner (null while active), and today's day in Paris. */
export interface LifecycleState {
  stage: LifecycleStage;
  notice: Notice | null;
  today: string;
}

export function createLifecycle(ctx: Context) {
  const db = ctx.db.kysely;
  const clock = ctx.clock ?? (() => new Date());
  let cache: { steps: StepView[]; at: number } | undefined;

  async function steps(): Promise<StepView[]> {
    if (cache && Date.now() - cache.at < CACHE_MS) return cache.steps;
    const rows = await store.listStages(db);
    const loaded = ordered(
      rows.map((row) => ({
        stage: row.stage,
        startsOn: row.starts_on,
        message: row.message,
        nextUrl: row.next_url,
        setByName: row.set_by_name,
        setAt: String(row.set_at),
      })),
    ) as StepView[];
    cache = { steps: loaded, at: Date.now() };
    return loaded;
  }

  async function state(): Promise<LifecycleState> {
    const schedule = await steps();
    const today = utcToParis(clock()).date;
    return { stage: stageOn(schedule, today), notice: noticeOn(schedule, today), today };
  }

  /** Checks and applies a request, and records it in the log, in one transaction. */
  async function apply(actorId: string | null, input: Record<string, unknown>): Promise<void> {
    try {
      await db.transaction().execute(async (trx) => {
        const schedule: Schedule = (await store.listStages(trx)).map((row) => ({
          stage: row.stage,
          startsOn: row.starts_on,
          message: row.message,
          nextUrl: row.next_url,
        }));
        const request = checkStageRequest(schedule, input);
        if (request.stage === "active") {
          await store.deleteStages(trx);
          await recordEvent(trx, {
            actorId,
            action: "lifecycle.cleared",
            subjectType: "instance",
            subjectId: "lifecycle",
            before: Object.fromEntries(schedule.map((s) => [s.stage, s.startsOn])),
          });
          return;
        }
        const previous = schedule.find((s) => s.stage === request.stage);
        await store.replaceStage(trx, {
          stage: request.stage,
          starts_on: request.startsOn,
          message: request.message,
          next_url: request.nextUrl,
          set_by: actorId,
          set_at: new Date().toISOString(),
        });
        const action = SCHEDULED_ACTIONS[request.stage];
        await recordEvent(trx, {
          actorId,
          action,
          subjectType: "instance",
          subjectId: "lifecycle",
          before: previous ? { startsOn: previous.startsOn } : null,
          after: { startsOn: request.startsOn, message: request.message, nextUrl: request.nextUrl },
        });
      });
    } finally {
      cache = undefined;
    }
  }

  return {
    state,

    /** The schedule and the stage in force, for the administrators' page. */
    async overview(actor: Actor | undefined): Promise<{ steps: StepView[]; state: LifecycleState }> {
      authorize(actor, "instance.manageLifecycle");
      return { steps: await steps(), state: await state() };
    },

    /** An administrator schedules a stage (or, with `active`, takes the whole schedule away). */
    async set(actor: Actor | undefined, input: Record<string, unknown>): Promise<void> {
      authorize(actor, "instance.manageLifecycle");
      await apply(actor.id, input);
    },

    /** The operator does the same from the command line (which has the server's files anyway). */
    operatorSet: (input: Record<string, unknown>) => apply(null, input),

    /** The schedule and the stage in force, for the command line. */
    async operatorShow(): Promise<{ steps: StepView[]; state: LifecycleState }> {
      return { steps: await steps(), state: await state() };
    },

    /** The banner as plain text, for the top of every e-mail; empty while the instance is active. */
    async mailNotice(language: Language = "fr"): Promise<string> {
      const { notice } = await state();
      return notice ? noticeText(language, notice) : "";
    },
  };
}

/** The log's kind of event for each stage scheduled. */
const SCHEDULED_ACTIONS: Record<ScheduledStage, string> = {
  notice: "lifecycle.noticeScheduled",
  readOnly: "lifecycle.readOnlyScheduled",
  archived: "lifecycle.archivedScheduled",
};

/** The banner's lines in a language: its title, the reason, the dates, where to go next. */
export function noticeLines(language: Language, notice: Notice): string[] {
  const t = (key: string, params?: Record<string, string>) => translate(language, key, params);
  const day = (value: string) => shortDate(value, language);
  return [
    t(`lifecycle.banner.title.${notice.stage}`),
    ...(notice.message ? [notice.message] : []),
    ...(notice.readOnlyFrom ? [t("lifecycle.banner.readOnlyFrom", { date: day(notice.readOnlyFrom) })] : []),
    ...(notice.archivedFrom ? [t("lifecycle.banner.archivedFrom", { date: day(notice.archivedFrom) })] : []),
    ...(notice.nextUrl ? [t("lifecycle.banner.next", { url: notice.nextUrl })] : []),
  ];
}

export function noticeText(language: Language, notice: Notice): string {
  const rule = "-".repeat(40);
  return [rule, ...noticeLines(language, notice), rule, ""].join("\n");
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
