import type { PageContext } from "../../web/page.ts";
import { TextDiff } from "../../web/text-diff.tsx";
import { urls } from "../../web/urls.ts";
import { Kicker, type ProposalPage, When } from "./views.tsx";

/** Two versions of a proposal side by side in time: the choice of versions, then what changed. */
export function ProposalDiff(props: { ctx: PageContext; page: ProposalPage; from: number; to: number }) {
  const { ctx, page, from, to } = props;
  const { t } = ctx;
  const { proposal, space, versions } = page;
  const before = versions.find((v) => v.number === from);
  const after = versions.find((v) => v.number === to);
  return (
    <article>
      <Kicker ctx={ctx} space={space} />
      <h1>{t("decisions.diffTitle", { from, to })}</h1>
      <p class="lead">
        <a href={urls.proposal(space.slug, proposal.number)}>
          {t("decisions.numbered", { number: proposal.number })} — {proposal.title}
        </a>
      </p>
      <form
        method="get"
        action={urls.proposalAction(space.slug, proposal.number, "versions")}
        class="filters"
      >
        {(["de", "a"] as const).map((name) => (
          <div class="field" key={name}>
            <label for={name}>{t(`decisions.diffField.${name}`)}</label>
            <select id={name} name={name}>
              {versions.map((v) => (
                <option key={v.id} value={v.number} selected={v.number === (name === "de" ? from : to)}>
                  {t("decisions.version", { number: v.number })}
                </option>
              ))}
            </select>
          </div>
        ))}
        <button type="submit" class="secondary">
          {t("decisions.compare")}
        </button>
      </form>
      {before && after && (
        <>
          <p class="meta">
            {t("decisions.version", { number: from })} : <When ctx={ctx} at={before.created_at} />
            {" · "}
            {t("decisions.version", { number: to })} : <When ctx={ctx} at={after.created_at} />
            {after.note && ` — ${after.note}`}
          </p>
          <TextDiff ctx={ctx} before={before.body} after={after.body} />
        </>
      )}
    </article>
  );
}
