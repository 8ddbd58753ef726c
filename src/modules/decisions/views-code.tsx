import type { DiffBlock } from "../../core/diff.ts";
import { formatDateTime } from "../../web/i18n.ts";
import { renderMarkdown } from "../../web/markdown.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { FamilyNode } from "./service-fork.ts";

// The social code's pages: a version with the history, a diff between two versions, a chamber's family.

export interface SpaceRef {
  slug: string;
  name: string;
  kind: "assembly" | "chamber";
}

export interface VersionRef {
  version: number;
  adoptedBy: string | null;
  adoptedAt: string;
  proposalNumber: number | null;
  proposalTitle: string | null;
}

/** The space the page belongs to, and its « À propos » page, above the title. */
export function Kicker({ ctx, space }: { ctx: PageContext; space: SpaceRef }) {
  return (
    <p class="kicker">
      <a href={urls.space(space.slug)}>{space.name}</a>
      {" · "}
      <a href={urls.spaceAbout(space.slug)}>{ctx.t("space.about")}</a>
    </p>
  );
}

/** How a version came to be: the decision that adopted it, or the text the space started from. */
export function Provenance({ ctx, slug, version }: { ctx: PageContext; slug: string; version: VersionRef }) {
  const { t } = ctx;
  const date = <time dateTime={version.adoptedAt}>{formatDateTime(ctx.lang, version.adoptedAt)}</time>;
  if (version.proposalNumber === null)
    return (
      <>
        {t("code.version", { version: version.version })} · {date} · {t("code.startingText")}
      </>
    );
  return (
    <>
      {t("code.version", { version: version.version })} · {date} ·{" "}
      <a href={urls.proposal(slug, version.proposalNumber)}>
        {t("code.adoptedBy", { number: version.proposalNumber })}
      </a>
      {version.proposalTitle && <> « {version.proposalTitle} »</>}
    </>
  );
}

/** Two versions to compare, chosen in a form that works without JavaScript (a GET). */
function CompareForm({
  ctx,
  slug,
  history,
  from,
  to,
}: {
  ctx: PageContext;
  slug: string;
  history: VersionRef[];
  from: number;
  to: number;
}) {
  const { t } = ctx;
  const options = (selected: number) =>
    history.map((v) => (
      <option key={v.version} value={String(v.version)} selected={v.version === selected}>
        {t("code.version", { version: v.version })}
      </option>
    ));
  return (
    <form method="get" action={urls.socialCodeDiff(slug, from, to).split("?")[0]} class="row">
      <div class="field">
        <label for="de">{t("code.compareFrom")}</label>
        <select id="de" name="de">
          {options(from)}
        </select>
      </div>
      <div class="field">
        <label for="a">{t("code.compareTo")}</label>
        <select id="a" name="a">
          {options(to)}
        </select>
      </div>
      <button type="submit">{t("code.compare")}</button>
    </form>
  );
}

export function SocialCodeView(props: {
  ctx: PageContext;
  space: SpaceRef;
  code: (VersionRef & { text: string }) | null;
  history: VersionRef[];
  canPropose: boolean;
}) {
  const { ctx, space, code, history } = props;
  const { t } = ctx;
  const latest = history[0];
  const old = code !== null && latest !== undefined && code.version !== latest.version;
  return (
    <article>
      <Kicker ctx={ctx} space={space} />
      <h1>{t("code.title")}</h1>
      {!code && <p class="empty">{t("code.none")}</p>}
      {code && (
        <>
          <p class="meta">
            <Provenance ctx={ctx} slug={space.slug} version={code} />
          </p>
          {old && (
            <p class="notice" role="status">
              {t("code.oldVersion")} <a href={urls.socialCode(space.slug)}>{t("code.readCurrent")}</a>
            </p>
          )}
          <div class="prose social-code" dangerouslySetInnerHTML={{ __html: renderMarkdown(code.text) }} />
        </>
      )}
      {props.canPropose && (
        <p>
          <a class="button" href={urls.socialCodePropose(space.slug)}>
            {t("code.propose")}
          </a>
        </p>
      )}
      {history.length > 0 && (
        <section aria-labelledby="history">
          <h2 id="history">{t("code.history")}</h2>
          <ol class="code-history" reversed>
            {history.map((v) => (
              <li key={v.version}>
                <a
                  href={urls.socialCode(space.slug, v.version)}
                  aria-current={code?.version === v.version ? "page" : undefined}
                >
                  {t("code.version", { version: v.version })}
                </a>
                {" — "}
                <Provenance ctx={ctx} slug={space.slug} version={{ ...v, version: v.version }} />
                {v.version > 1 && (
                  <>
                    {" · "}
                    <a href={urls.socialCodeDiff(space.slug, v.version - 1, v.version)}>
                      {t("code.changesOf", { version: v.version })}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ol>
          {history.length > 1 && (
            <CompareForm
              ctx={ctx}
              slug={space.slug}
              history={history}
              from={history[1]?.version ?? 1}
              to={latest?.version ?? 1}
            />
          )}
        </section>
      )}
    </article>
  );
}

export function SocialCodeDiffView(props: {
  ctx: PageContext;
  space: SpaceRef;
  from: VersionRef;
  to: VersionRef;
  blocks: DiffBlock[];
  history: VersionRef[];
}) {
  const { ctx, space, from, to, blocks } = props;
  const { t } = ctx;
  const same = blocks.every((b) => b.kind === "same");
  return (
    <article>
      <Kicker ctx={ctx} space={space} />
      <h1>{t("code.diffTitle", { from: from.version, to: to.version })}</h1>
      <ul class="meta">
        <li>
          <Provenance ctx={ctx} slug={space.slug} version={from} />
        </li>
        <li>
          <Provenance ctx={ctx} slug={space.slug} version={to} />
        </li>
      </ul>
      <p class="hint">{t("code.diffLegend")}</p>
      {same ? (
        <p class="empty">{t("code.diffSame")}</p>
      ) : (
        <div class="code-diff">
          {blocks.map((block, i) =>
            block.kind === "same" ? (
              <span key={i}>{block.text}</span>
            ) : (
              block.parts.map((part, j) =>
                part.kind === "added" ? (
                  <ins key={`${i}-${j}`}>
                    <span class="visually-hidden">{t("code.added")} </span>
                    {part.text}
                  </ins>
                ) : part.kind === "removed" ? (
                  <del key={`${i}-${j}`}>
                    <span class="visually-hidden">{t("code.removed")} </span>
                    {part.text}
                  </del>
                ) : (
                  <span key={`${i}-${j}`}>{part.text}</span>
                ),
              )
            ),
          )}
        </div>
      )}
      <CompareForm ctx={ctx} slug={space.slug} history={props.history} from={from.version} to={to.version} />
      <p>
        <a href={urls.socialCode(space.slug)}>{t("code.readCurrent")}</a>
      </p>
    </article>
  );
}

function FamilyBranch({ ctx, node }: { ctx: PageContext; node: FamilyNode }) {
  const { t } = ctx;
  return (
    <li>
      {node.current ? (
        <strong aria-current="page">
          {node.name} <span class="meta">({t("code.thisChamber")})</span>
        </strong>
      ) : (
        <a href={urls.space(node.slug)}>{node.name}</a>
      )}
      {node.parent && (
        <span class="meta">
          {" — "}
          {t("code.forkedFrom", { name: node.parent.name, version: node.version ?? "?" })}
        </span>
      )}
      {node.forks.length > 0 && (
        <ul>
          {node.forks.map((child) => (
            <FamilyBranch key={child.slug} ctx={ctx} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function FamilyView({ ctx, space, root }: { ctx: PageContext; space: SpaceRef; root: FamilyNode }) {
  const { t } = ctx;
  return (
    <article>
      <Kicker ctx={ctx} space={space} />
      <h1>{t("code.familyTitle", { name: space.name })}</h1>
      <p class="hint">{t("code.familyHint")}</p>
      <ul class="family">
        <FamilyBranch ctx={ctx} node={root} />
      </ul>
    </article>
  );
}
