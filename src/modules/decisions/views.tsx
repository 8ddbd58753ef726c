import { type DecisionMode, phaseOf } from "../../core/decisions.ts";
import type { ProposalTable } from "../../db/schema.ts";
import type { FormState } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import { shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { Decisions } from "./service.ts";
import { REGISTER_PAGE } from "./service-register.ts";

// The register of a space's decisions, and what every decisions page shares.

export type RegisterPage = Awaited<ReturnType<Decisions["register"]>>;
export type ProposalPage = Awaited<ReturnType<Decisions["view"]>>;

/**
 * Which of the page's forms a refusal is about, to show its message beside it: `comment`, `objection`,
 * `invalid:<objection id>`, `amend`, `position`, `review`, or `other` (said at the top).
 */
export type Refused = { form: string; state: FormState };

/** The refused form's state when it is this one. */
export function stateFor(refused: Refused | undefined, form: string): FormState | undefined {
  return refused?.form === form ? refused.state : undefined;
}

export interface SpaceRef {
  slug: string;
  name: string;
  kind: string;
}

export function Kicker({ ctx, space }: { ctx: PageContext; space: SpaceRef }) {
  return (
    <p class="kicker">
      <a href={urls.space(space.slug)}>{space.name}</a> ·{" "}
      <a href={urls.decisions(space.slug)}>{ctx.t("decisions.register")}</a>
    </p>
  );
}

/** A date and time, as a `<time>` its readers and machines both read. */
export function When({ ctx, at }: { ctx: PageContext; at: string }) {
  return <time dateTime={at}>{formatDateTime(ctx.lang, at)}</time>;
}

/** A day (a review date), as a `<time>`. */
export function Day({ ctx, day }: { ctx: PageContext; day: string }) {
  return <time dateTime={day}>{shortDate(day, ctx.lang)}</time>;
}

/** What a mode means, in words: how the proposal is decided and what silence counts as. */
export function modeMeaning(ctx: PageContext, mode: DecisionMode, threshold: number): string {
  return ctx.t(`decisions.modeMeaning.${mode}`, { threshold });
}

/** Where a proposal is: its phase while it is open (by its dates), its outcome once decided. */
function stateOf(ctx: PageContext, p: ProposalTable): string {
  if (p.outcome) {
    if (p.outcome === "adopted" && p.retired_at) return ctx.t("decisions.retired");
    if (p.outcome === "adopted" && p.replaced_by) return ctx.t("decisions.replaced");
    return ctx.t(`decisions.outcome.${p.outcome}`);
  }
  const phase = phaseOf(
    {
      mode: p.mode,
      outcome: null,
      reactionsAt: p.reactions_at,
      objectionsAt: p.objections_at,
      deadline: p.deadline,
      extensions: p.extensions,
    },
    [],
    new Date(),
  );
  return `${ctx.t("decisions.open")} — ${phaseLabel(ctx, phase, p.mode)}`;
}

/** A phase's name; in consensus the round after reactions is for positions, not objections. */
export function phaseLabel(ctx: PageContext, phase: string, mode: DecisionMode): string {
  if (phase === "objections" && mode !== "consent") return ctx.t("decisions.phase.positions");
  return ctx.t(`decisions.phase.${phase}`);
}

const STATUSES = ["en-vigueur", "en-cours", "toutes"] as const;

export function RegisterView({ ctx, page }: { ctx: PageContext; page: RegisterPage }) {
  const { t } = ctx;
  const { space, status, words } = page;
  const slug = space.slug;
  const pages = Math.max(1, Math.ceil(page.count / REGISTER_PAGE));
  const at = (changes: { statut?: string; page?: number }) =>
    urls.decisions(slug, {
      statut: (changes.statut ?? status) === "en-vigueur" ? undefined : (changes.statut ?? status),
      q: words || undefined,
      page: changes.page && changes.page > 1 ? changes.page : undefined,
    });
  return (
    <>
      <p class="kicker">
        <a href={urls.space(slug)}>{space.name}</a>
      </p>
      <h1>{t("decisions.registerTitle")}</h1>
      <p class="lead">{t(`decisions.registerIntro.${space.kind}`)}</p>
      {page.canPropose && (
        <p>
          <a class="button primary" href={urls.newProposal(slug)}>
            {t("decisions.new")}
          </a>
        </p>
      )}
      <nav aria-label={t("decisions.statuses")} class="tabs">
        <ul>
          {STATUSES.map((s) => (
            <li key={s}>
              <a href={at({ statut: s })} aria-current={s === status ? "page" : undefined}>
                {t(`decisions.status.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={urls.decisions(slug)} class="filters">
        {status !== "en-vigueur" && <input type="hidden" name="statut" value={status} />}
        <div class="field">
          <label for="q">{t("decisions.search")}</label>
          <input id="q" name="q" type="search" value={words} maxLength={200} />
        </div>
        <button type="submit" class="secondary">
          {t("decisions.searchButton")}
        </button>
      </form>
      <p role="status" class="result-count">
        {t("decisions.count", { count: page.count })}
      </p>
      {page.rows.length === 0 ? (
        <p class="empty">{t(words ? "decisions.noneFound" : `decisions.none.${status}`)}</p>
      ) : (
        <ol class="members register">
          {page.rows.map((p) => (
            <RegisterRow key={p.id} ctx={ctx} slug={slug} p={p} />
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav aria-label={t("decisions.pagination")} class="pagination">
          {page.page > 1 && (
            <a rel="prev" href={at({ page: page.page - 1 })}>
              {t("commons.previous")}
            </a>
          )}
          <span>{t("commons.pageOf", { page: page.page, pages })}</span>
          {page.page < pages && (
            <a rel="next" href={at({ page: page.page + 1 })}>
              {t("commons.next")}
            </a>
          )}
        </nav>
      )}
    </>
  );
}

function RegisterRow({ ctx, slug, p }: { ctx: PageContext; slug: string; p: ProposalTable }) {
  const { t } = ctx;
  return (
    <li>
      <p class="task-title">
        <a href={urls.proposal(slug, p.number)}>
          {t("decisions.numbered", { number: p.number })} — {p.title}
        </a>
      </p>
      <p class="meta">
        {t(`decisions.class.${p.class}`)} · {t(`decisions.mode.${p.mode}`)} ·{" "}
        <strong>{stateOf(ctx, p)}</strong>
      </p>
      <p class="meta">
        {p.outcome && p.decided_at ? (
          <>
            {t("decisions.decidedOn")} <When ctx={ctx} at={p.decided_at} />
          </>
        ) : (
          <>
            {t("decisions.deadline")} <When ctx={ctx} at={p.deadline} />
          </>
        )}
        {p.review_date && !p.retired_at && !p.replaced_by && (
          <>
            {" · "}
            {t("decisions.reviewOn")} <Day ctx={ctx} day={p.review_date} />
          </>
        )}
      </p>
    </li>
  );
}
