import type { SpaceProperties } from "../../core/spaces.ts";
import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { Space } from "./service.ts";
import { SpaceHeader } from "./views.tsx";

/** A chamber as its lineage names it: its address, its name, the version of its parent's code it started from. */
interface Relative {
  slug: string;
  name: string;
  version: number | null;
}

/**
 * How the space decides, as decisions tell it (the route asks them: spaces know nothing of decisions):
 * its rules in words, its social code in force, its lineage, and what the viewer may propose.
 */
export interface AboutGovernance {
  rules: string[];
  code: { version: number; adoptedAt: string; proposalNumber: number | null } | null;
  lineage: { forkedFrom: Relative | null; forks: Relative[] } | null;
  can: { propose: boolean; fork: boolean };
}

const PROPERTY_ORDER: (keyof SpaceProperties)[] = [
  "territorial",
  "decisionMode",
  "functions",
  "access",
  "forkPolicy",
  "formalisation",
];

function propertyValue(ctx: PageContext, value: SpaceProperties[keyof SpaceProperties]): string {
  if (typeof value === "boolean") return ctx.t(value ? "value.yes" : "value.no");
  return ctx.t(`value.${value}`);
}

function Lineage({
  ctx,
  slug,
  lineage,
}: {
  ctx: PageContext;
  slug: string;
  lineage: NonNullable<AboutGovernance["lineage"]>;
}) {
  const { t } = ctx;
  return (
    <section aria-labelledby="lineage">
      <h2 id="lineage">{t("code.aboutLineage")}</h2>
      {lineage.forkedFrom ? (
        <p>
          <a href={urls.space(lineage.forkedFrom.slug)}>
            {t("code.lineageFrom", {
              name: lineage.forkedFrom.name,
              version: lineage.forkedFrom.version ?? "?",
            })}
          </a>
        </p>
      ) : (
        <p>{t("code.lineageNone")}</p>
      )}
      {lineage.forks.length > 0 && (
        <>
          <p>{t("code.lineageForks")}</p>
          <ul>
            {lineage.forks.map((f) => (
              <li key={f.slug}>
                <a href={urls.space(f.slug)}>{f.name}</a> ({t("code.version", { version: f.version ?? "?" })})
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href={urls.spaceFamily(slug)}>{t("code.familyLink")}</a>
      </p>
    </section>
  );
}

export function AboutView({
  ctx,
  space,
  governance,
}: {
  ctx: PageContext;
  space: Space;
  governance: AboutGovernance;
}) {
  const { t } = ctx;
  const { code } = governance;
  return (
    <>
      <SpaceHeader ctx={ctx} space={space} current="about" />
      <table class="properties">
        <caption>{t("space.propertiesCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("space.property")}</th>
            <th scope="col">{t("space.value")}</th>
          </tr>
        </thead>
        <tbody>
          {PROPERTY_ORDER.map((name) => (
            <tr key={name}>
              <th scope="row">{t(`prop.${name}`)}</th>
              <td data-property={name}>{propertyValue(ctx, space.properties[name])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="rules">
        <h2 id="rules">{t("code.aboutRules")}</h2>
        <ul class="rules">
          {governance.rules.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
        {governance.can.propose && (
          <p>
            <a href={urls.rulesPropose(space.slug)}>{t("code.proposeRules")}</a>
          </p>
        )}
      </section>
      <section aria-labelledby="social-code">
        <h2 id="social-code">{t("code.aboutCode")}</h2>
        {code ? (
          <p>
            <a href={urls.socialCode(space.slug)}>{t("code.aboutCodeLink")}</a>
            {" — "}
            {t("code.version", { version: code.version })} ·{" "}
            <time dateTime={code.adoptedAt}>{formatDateTime(ctx.lang, code.adoptedAt)}</time>
            {code.proposalNumber !== null && (
              <>
                {" · "}
                <a href={urls.proposal(space.slug, code.proposalNumber)}>
                  {t("code.adoptedBy", { number: code.proposalNumber })}
                </a>
              </>
            )}
          </p>
        ) : (
          <p class="empty">{t("code.none")}</p>
        )}
        {governance.can.propose && (
          <p>
            <a href={urls.socialCodePropose(space.slug)}>{t("code.propose")}</a>
          </p>
        )}
      </section>
      {governance.lineage && <Lineage ctx={ctx} slug={space.slug} lineage={governance.lineage} />}
      {governance.can.fork && (
        <p>
          <a class="button" href={urls.spaceFork(space.slug)}>
            {t("code.fork")}
          </a>
        </p>
      )}
    </>
  );
}
