import { POSITIONS } from "../../core/decisions.ts";
import { ActionButton, FieldFrame, Form, type FormState } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { LIMITS } from "./input.ts";
import { type ProposalPage, type Refused, stateFor, When } from "./views.tsx";
import { TextArea } from "./views-forms.tsx";

// The round itself: questions, answers and reactions; objections (consent); positions (consensus).

type Comment = ProposalPage["comments"][number];

export function Discussion({
  ctx,
  page,
  refused,
}: {
  ctx: PageContext;
  page: ProposalPage;
  refused?: Refused;
}) {
  const { t } = ctx;
  const { proposal, space, comments, can, phase } = page;
  const state = stateFor(refused, "comment");
  const kinds = can.amend ? ["answer", "question", "reaction"] : ["question", "reaction"];
  const preferred =
    state?.values.kind ?? (can.amend ? "answer" : phase === "questions" ? "question" : "reaction");
  return (
    <section aria-labelledby="discussion">
      <h2 id="discussion">{t("decisions.discussion")}</h2>
      {comments.length === 0 ? (
        <p class="empty">{t("decisions.noComment")}</p>
      ) : (
        <ol class="members">
          {comments.map((c: Comment) => (
            <li key={c.id} id={`commentaire-${c.id}`}>
              <p class="meta">
                <strong>{t(`decisions.comment.${c.kind}`)}</strong> —{" "}
                {c.author_name || t("decisions.someone")}, <When ctx={ctx} at={c.created_at} />
              </p>
              <p class="report">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      {can.discuss && (
        <Form
          ctx={ctx}
          action={urls.proposalAction(space.slug, proposal.number, "questions")}
          state={state}
          idPrefix="comment-"
        >
          <FieldFrame
            ctx={ctx}
            id="comment-kind"
            label={t("decisions.commentKind")}
            error={state?.errors.kind}
          >
            {(control) => (
              <select {...control} name="kind">
                {kinds.map((k) => (
                  <option key={k} value={k} selected={k === preferred}>
                    {t(`decisions.comment.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
          <TextArea
            ctx={ctx}
            id="comment-text"
            name="text"
            label={t("field.text")}
            state={state}
            maxLength={LIMITS.comment}
            required
          />
          <button type="submit" class="secondary">
            {t("decisions.send")}
          </button>
        </Form>
      )}
    </section>
  );
}

export function Objections({
  ctx,
  page,
  refused,
}: {
  ctx: PageContext;
  page: ProposalPage;
  refused?: Refused;
}) {
  const { t } = ctx;
  const { proposal, space, objections, can } = page;
  const state = stateFor(refused, "objection");
  const open = proposal.outcome === null;
  return (
    <section aria-labelledby="objections">
      <h2 id="objections">{t("decisions.objections")}</h2>
      {objections.length === 0 ? (
        <p class="empty">{t(open ? "decisions.noObjection" : "decisions.noObjectionClosed")}</p>
      ) : (
        <ol class="members">
          {objections.map((o) => (
            <li key={o.id} id={`objection-${o.id}`}>
              <p class="meta">
                <strong>{t(`decisions.objectionStatus.${o.status}`)}</strong> —{" "}
                {o.author_name || t("decisions.someone")}, <When ctx={ctx} at={o.created_at} />
              </p>
              <p>
                <strong>{t("decisions.reasonIs")}</strong> <span class="report">{o.reason}</span>
              </p>
              {o.harm && (
                <p>
                  <strong>{t("decisions.harmIs")}</strong> <span class="report">{o.harm}</span>
                </p>
              )}
              {o.status === "invalid" && (
                <p>
                  <strong>{t("decisions.invalidBecause")}</strong>{" "}
                  <span class="report">{o.invalid_reason}</span>
                </p>
              )}
              {o.status === "open" && o.integrating_version !== null && (
                <p class="notice">{t("decisions.integrationOffered", { version: o.integrating_version })}</p>
              )}
              <ObjectionActions ctx={ctx} page={page} objection={o} refused={refused} />
            </li>
          ))}
        </ol>
      )}
      {can.answer && (
        <Form
          ctx={ctx}
          action={urls.proposalAction(space.slug, proposal.number, "objections")}
          state={state}
          idPrefix="objection-"
        >
          <p class="hint">{t("decisions.objectHint")}</p>
          <TextArea
            ctx={ctx}
            id="objection-reason"
            name="reason"
            label={t("field.reason")}
            state={state}
            maxLength={LIMITS.reason}
            required
          />
          <TextArea
            ctx={ctx}
            id="objection-harm"
            name="harm"
            label={t("field.harm")}
            hint={t("decisions.harmHint")}
            state={state}
            maxLength={LIMITS.reason}
          />
          <button type="submit" class="secondary">
            {t("decisions.object")}
          </button>
        </Form>
      )}
    </section>
  );
}

function ObjectionActions(props: {
  ctx: PageContext;
  page: ProposalPage;
  objection: ProposalPage["objections"][number];
  refused?: Refused;
}) {
  const { ctx, page, objection: o } = props;
  const { t } = ctx;
  const slug = page.space.slug;
  const n = page.proposal.number;
  const invalidState = stateFor(props.refused, `invalid:${o.id}`);
  const facilitate = page.can.facilitate && o.status === "open";
  if (!o.canResolve && !facilitate) return null;
  return (
    <>
      {o.canResolve && (
        <p>
          <ActionButton
            ctx={ctx}
            action={urls.objectionAction(slug, n, o.id, "retirer")}
            label={t("decisions.withdrawObjection")}
          />{" "}
          {o.integrating_version !== null && (
            <ActionButton
              ctx={ctx}
              action={urls.objectionAction(slug, n, o.id, "integrer")}
              label={t("decisions.acceptIntegration")}
              kind="primary"
            />
          )}
        </p>
      )}
      {facilitate && (
        <details open={invalidState !== undefined || undefined}>
          <summary>{t("decisions.markInvalid")}</summary>
          <Form
            ctx={ctx}
            action={urls.objectionAction(slug, n, o.id, "invalider")}
            state={invalidState}
            idPrefix={`invalid-${o.id}-`}
          >
            <TextArea
              ctx={ctx}
              id={`invalid-${o.id}-reason`}
              name="reason"
              label={t("decisions.invalidReason")}
              state={invalidState}
              maxLength={LIMITS.reason}
              rows={2}
              required
            />
            <button type="submit" class="danger">
              {t("decisions.markInvalid")}
            </button>
          </Form>
        </details>
      )}
    </>
  );
}

export function Positions({
  ctx,
  page,
  refused,
}: {
  ctx: PageContext;
  page: ProposalPage;
  refused?: Refused;
}) {
  const { t } = ctx;
  const { proposal, space, positions, tally, can } = page;
  const state: FormState | undefined = stateFor(refused, "position");
  const mine = positions.find((p) => p.person_id !== null && p.person_id === ctx.person?.id);
  const chosen = state?.values.position ?? mine?.position ?? "";
  return (
    <section aria-labelledby="positions">
      <h2 id="positions">{t("decisions.positions")}</h2>
      <p>
        {POSITIONS.map((p) =>
          t("decisions.tallyItem", { position: t(`decisions.position.${p}`), count: tally[p] }),
        ).join(" · ")}{" "}
        — {t("decisions.participantCount", { count: page.participantCount })}
      </p>
      {positions.length > 0 && (
        <ul class="members">
          {positions.map((p) => (
            <li key={p.id}>
              {t("decisions.positionOf", {
                name: p.name || t("decisions.someone"),
                position: t(`decisions.position.${p.position}`),
              })}
              {p.reason && (
                <>
                  {" — "}
                  <span class="report">{p.reason}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {can.answer && (
        <Form
          ctx={ctx}
          action={urls.proposalAction(space.slug, proposal.number, "position")}
          state={state}
          idPrefix="position-"
        >
          <fieldset class="field" id="position-position">
            <legend>{t("field.position")}</legend>
            {state?.errors.position && <p class="error">{t(`msg.${state.errors.position}`)}</p>}
            {POSITIONS.map((p) => (
              <div class="field checkbox" key={p}>
                <input type="radio" id={`position-${p}`} name="position" value={p} checked={p === chosen} />
                <label for={`position-${p}`}>{t(`decisions.position.${p}`)}</label>
              </div>
            ))}
          </fieldset>
          <TextArea
            ctx={ctx}
            id="position-reason"
            name="reason"
            label={t("field.reason")}
            hint={t("decisions.blockHint")}
            state={state}
            value={mine?.reason}
            maxLength={LIMITS.reason}
            rows={2}
          />
          <button type="submit" class="secondary">
            {t(mine ? "decisions.changePosition" : "decisions.takePosition")}
          </button>
        </Form>
      )}
    </section>
  );
}
