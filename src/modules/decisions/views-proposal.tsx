import { type Phase, rulesOf } from "../../core/decisions.ts";
import { ActionButton } from "../../web/forms.tsx";
import { renderMarkdown } from "../../web/markdown.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import {
  Day,
  Kicker,
  modeMeaning,
  type ProposalPage,
  phaseLabel,
  type Refused,
  stateFor,
  When,
} from "./views.tsx";
import { Discussion, Objections, Positions } from "./views-discussion.tsx";
import { AmendForm, ReviewForm } from "./views-proposal-forms.tsx";

// A proposal's page: what it is, where its round is, its text and versions, then the round itself.

export function ProposalView({
  ctx,
  page,
  refused,
}: {
  ctx: PageContext;
  page: ProposalPage;
  refused?: Refused;
}) {
  const { t } = ctx;
  const { proposal, space } = page;
  const current = page.versions.find((v) => v.number === proposal.version) ?? page.versions.at(-1);
  return (
    <article>
      <Kicker ctx={ctx} space={space} />
      <h1>
        <span class="meta">{t("decisions.numbered", { number: proposal.number })}</span> {proposal.title}
      </h1>
      {refused?.form === "other" && refused.state.message && (
        <div class="form-error" role="alert">
          <p>{refused.state.message}</p>
        </div>
      )}
      <Facts ctx={ctx} page={page} />
      {proposal.outcome ? <Outcome ctx={ctx} page={page} /> : <Timeline ctx={ctx} page={page} />}
      <section aria-labelledby="texte">
        <h2 id="texte">{t("decisions.text", { version: proposal.version })}</h2>
        {current && (
          // Markdown rendered by markdown-it with raw HTML disabled (web/markdown.ts).
          <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(current.body) }} />
        )}
      </section>
      <Versions ctx={ctx} page={page} />
      <Discussion ctx={ctx} page={page} refused={refused} />
      {proposal.mode === "consent" && <Objections ctx={ctx} page={page} refused={refused} />}
      {proposal.mode === "consensus" && <Positions ctx={ctx} page={page} refused={refused} />}
      {page.can.amend && <AmendForm ctx={ctx} page={page} state={stateFor(refused, "amend")} />}
      <Actions ctx={ctx} page={page} />
      {page.can.review && <ReviewForm ctx={ctx} page={page} state={stateFor(refused, "review")} />}
    </article>
  );
}

function Facts({ ctx, page }: { ctx: PageContext; page: ProposalPage }) {
  const { t } = ctx;
  const { proposal, space } = page;
  const rules = rulesOf(space.kind, space.decision_rules);
  const asked =
    proposal.participants === "facilitators"
      ? t(space.kind === "chamber" ? "decisions.askedSmallChamber" : "decisions.askedFacilitators")
      : t("decisions.askedMembers");
  return (
    <dl class="panel">
      <dt>{t("decisions.classLabel")}</dt>
      <dd>{t(`decisions.class.${proposal.class}`)}</dd>
      <dt>{t("decisions.modeLabel")}</dt>
      <dd>
        <strong>{t(`decisions.mode.${proposal.mode}`)}</strong> —{" "}
        {modeMeaning(ctx, proposal.mode, rules.threshold)}
      </dd>
      <dt>{t(proposal.class === "cooptation" ? "decisions.candidate" : "decisions.proposer")}</dt>
      <dd>{proposal.proposer_name || t("decisions.someone")}</dd>
      <dt>{t("decisions.asked")}</dt>
      <dd>
        {asked} ({t("decisions.participantCount", { count: page.participantCount })})
      </dd>
      {proposal.subject_type === "expenseClaim" && proposal.subject_id && (
        <>
          <dt>{t("decisions.subject")}</dt>
          <dd>
            <a href={urls.claim(space.slug, proposal.subject_id)}>{t("decisions.subjectClaim")}</a>
          </dd>
        </>
      )}
      {proposal.subject_type === "membership" && (
        <>
          <dt>{t("decisions.subject")}</dt>
          <dd>{t("decisions.subjectMembership", { name: proposal.proposer_name })}</dd>
        </>
      )}
      <dt>{t("decisions.openedOn")}</dt>
      <dd>
        <When ctx={ctx} at={proposal.created_at} />
      </dd>
      {!proposal.outcome && (
        <>
          <dt>{t("decisions.deadline")}</dt>
          <dd>
            <When ctx={ctx} at={proposal.deadline} />
            {proposal.extensions > 0 && ` (${t("decisions.extended")})`}
          </dd>
        </>
      )}
    </dl>
  );
}

const STEPS: Phase[] = ["questions", "reactions", "objections", "integration"];

/** The round's steps with their dates, the current one marked. */
function Timeline({ ctx, page }: { ctx: PageContext; page: ProposalPage }) {
  const { t } = ctx;
  const { proposal, phase } = page;
  if (proposal.mode === "notice") return null;
  const steps = proposal.mode === "consent" ? STEPS : STEPS.slice(0, 3);
  const starts: Record<string, string> = {
    questions: proposal.created_at,
    reactions: proposal.reactions_at,
    objections: proposal.objections_at,
  };
  const index = steps.indexOf(phase);
  return (
    <section aria-labelledby="etapes">
      <h2 id="etapes">{t("decisions.steps")}</h2>
      <ol class="timeline">
        {steps.map((step, i) => (
          <li key={step} aria-current={step === phase ? "step" : undefined}>
            <strong>{phaseLabel(ctx, step, proposal.mode)}</strong>
            {starts[step] && (
              <>
                {" — "}
                {t("decisions.from")} <When ctx={ctx} at={starts[step]} />
              </>
            )}
            {step === "integration" && ` — ${t("decisions.integrationWhen")}`}
            {step === phase && ` (${t("decisions.now")})`}
            {index >= 0 && i < index && step !== "integration" && ` (${t("decisions.past")})`}
          </li>
        ))}
        <li>
          <strong>{t("decisions.outcomeStep")}</strong> — <When ctx={ctx} at={proposal.deadline} />
        </li>
      </ol>
      <p class="hint">{t(`decisions.silence.${proposal.mode}`)}</p>
    </section>
  );
}

/** After the outcome: when, why not, in which meeting, until when it holds. */
function Outcome({ ctx, page }: { ctx: PageContext; page: ProposalPage }) {
  const { t } = ctx;
  const { proposal, space } = page;
  return (
    <section aria-labelledby="issue" class="panel">
      <h2 id="issue">{t("decisions.outcomeIs", { outcome: t(`decisions.outcome.${proposal.outcome}`) })}</h2>
      <dl>
        {proposal.decided_at && (
          <>
            <dt>{t("decisions.decidedOn")}</dt>
            <dd>
              <When ctx={ctx} at={proposal.decided_at} />
            </dd>
          </>
        )}
        {proposal.outcome_note && (
          <>
            <dt>{t("decisions.whyNot")}</dt>
            <dd class="report">{proposal.outcome_note}</dd>
          </>
        )}
        {proposal.meeting_id && (
          <>
            <dt>{t("decisions.decidedInMeeting")}</dt>
            <dd>
              <a href={urls.meeting(space.slug, proposal.meeting_id)}>{t("decisions.seeMeeting")}</a>
            </dd>
          </>
        )}
        {proposal.review_date && (
          <>
            <dt>{t("decisions.reviewOn")}</dt>
            <dd>
              <Day ctx={ctx} day={proposal.review_date} />
              {proposal.retired_at && ` — ${t("decisions.retired")}`}
              {proposal.replaced_by && ` — ${t("decisions.replaced")}`}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Versions({ ctx, page }: { ctx: PageContext; page: ProposalPage }) {
  const { t } = ctx;
  const { proposal, space, versions } = page;
  if (versions.length < 2) return null;
  return (
    <section aria-labelledby="versions">
      <h2 id="versions">{t("decisions.versions")}</h2>
      <ol>
        {versions.map((v) => (
          <li key={v.id}>
            {t("decisions.version", { number: v.number })} — <When ctx={ctx} at={v.created_at} />
            {v.note && ` — ${v.note}`}
            {v.number > 1 && (
              <>
                {" · "}
                <a href={urls.proposalDiff(space.slug, proposal.number, v.number - 1, v.number)}>
                  {t("decisions.diffWithPrevious")}
                </a>
              </>
            )}
          </li>
        ))}
      </ol>
      <p>
        <a href={urls.proposalDiff(space.slug, proposal.number, 1, proposal.version)}>
          {t("decisions.diffFromFirst")}
        </a>
      </p>
    </section>
  );
}

/** What the proposer and the facilitators do to the round. */
function Actions({ ctx, page }: { ctx: PageContext; page: ProposalPage }) {
  const { t } = ctx;
  const { proposal, space, can, phase } = page;
  const slug = space.slug;
  const n = proposal.number;
  const advance = can.facilitate && (phase === "questions" || phase === "reactions");
  if (!can.amend && !can.facilitate) return null;
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">{t("decisions.actions")}</h2>
      <p>
        {advance && (
          <ActionButton
            ctx={ctx}
            action={urls.proposalAction(slug, n, "avancer")}
            label={t("decisions.advance")}
          />
        )}{" "}
        {can.facilitate && (
          <a href={urls.proposalAction(slug, n, "reunion")}>{t("decisions.decideInMeeting")}</a>
        )}
      </p>
      {can.amend && (
        <p>
          <ActionButton
            ctx={ctx}
            action={urls.proposalAction(slug, n, "retirer")}
            label={t("decisions.withdraw")}
            kind="danger"
          />
        </p>
      )}
    </section>
  );
}
