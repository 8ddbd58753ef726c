import { euros } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";

/** What an assembly's home shows of its directory and its chambers. */
export interface AssemblyOverview {
  kind: "assembly";
  commonsCount: number;
  latestCommons: { slug: string; name: string; summary: string }[];
  chambers: { slug: string; name: string; theme: string | null }[];
}

/** What a chamber's home shows of its money and of the commons it is linked to. */
export interface ChamberOverview {
  kind: "chamber";
  envelopes: { code: string; label: string; balance: number }[];
  /** The bank and cash balance, as the transparency page opens with. */
  balance: number;
  received: number;
  spent: number;
  linkedCommons: { url: string; name: string; summary: string }[];
}

export type Overview = AssemblyOverview | ChamberOverview;

function SmallMap({ ctx, slug, count }: { ctx: PageContext; slug: string; count: number }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="space-commons">
      <h2 id="space-commons">{t("space.commonsCount", { count })}</h2>
      {count > 0 && (
        <iframe
          class="space-map"
          title={t("space.smallMap")}
          src={urls.embedMap({ espace: slug })}
          loading="lazy"
        />
      )}
      <p>
        <a href={urls.commonsMap(slug)}>{t("space.fullMap")}</a>
        {" · "}
        <a href={urls.commonsList(slug)}>{t("space.fullDirectory")}</a>
      </p>
    </section>
  );
}

function AssemblySections({ ctx, slug, data }: { ctx: PageContext; slug: string; data: AssemblyOverview }) {
  const { t } = ctx;
  return (
    <>
      <SmallMap ctx={ctx} slug={slug} count={data.commonsCount} />
      {data.latestCommons.length > 0 && (
        <section aria-labelledby="latest-commons">
          <h2 id="latest-commons">{t("space.latestCommons")}</h2>
          <ul>
            {data.latestCommons.map((c) => (
              <li key={c.slug}>
                <a href={urls.commons(slug, c.slug)}>{c.name}</a>
                {c.summary && ` — ${c.summary}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="space-chambers">
        <h2 id="space-chambers">{t("space.chambers")}</h2>
        {data.chambers.length === 0 ? (
          <p class="empty">{t("space.noChambers")}</p>
        ) : (
          <ul>
            {data.chambers.map((c) => (
              <li key={c.slug}>
                <a href={urls.space(c.slug)}>{c.name}</a>
                {c.theme && <span class="meta"> · {c.theme}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function ChamberSections({ ctx, slug, data }: { ctx: PageContext; slug: string; data: ChamberOverview }) {
  const { t } = ctx;
  return (
    <>
      <section aria-labelledby="space-money">
        <h2 id="space-money">{t("space.money")}</h2>
        <dl class="figures">
          <div>
            <dt>{t("space.balance")}</dt>
            <dd>{euros(data.balance)}</dd>
          </div>
          <div>
            <dt>{t("space.received")}</dt>
            <dd>{euros(data.received)}</dd>
          </div>
          <div>
            <dt>{t("space.spent")}</dt>
            <dd>{euros(data.spent)}</dd>
          </div>
        </dl>
        {data.envelopes.length > 0 && (
          <table class="envelopes">
            <caption>{t("space.envelopes")}</caption>
            <tbody>
              {data.envelopes.map((e) => (
                <tr key={e.code}>
                  <th scope="row">{e.label}</th>
                  <td class="amount">{euros(e.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <a href={urls.transparency(slug)}>{t("space.seeAccounts")}</a>
        </p>
      </section>
      {data.linkedCommons.length > 0 && (
        <section aria-labelledby="linked-commons">
          <h2 id="linked-commons">{t("space.linkedCommons")}</h2>
          <ul>
            {data.linkedCommons.map((c) => (
              <li key={c.url}>
                <a href={c.url}>{c.name}</a>
                {c.summary && ` — ${c.summary}`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** Every space has its do-ocracy task board. */
function TasksSection({ ctx, slug }: { ctx: PageContext; slug: string }) {
  return (
    <section aria-labelledby="space-tasks">
      <h2 id="space-tasks">{ctx.t("tasks.title")}</h2>
      <p>
        <a href={urls.tasks(slug)}>{ctx.t("tasks.boardLink")}</a>
        <span class="meta"> — {ctx.t("tasks.boardHint")}</span>
      </p>
    </section>
  );
}

/** Every space has its documentation, a wiki its members write. */
function WikiSection({ ctx, slug }: { ctx: PageContext; slug: string }) {
  return (
    <section aria-labelledby="space-wiki">
      <h2 id="space-wiki">{ctx.t("pages.wiki")}</h2>
      <p>
        <a href={urls.wikiRoot(slug)}>{ctx.t("pages.wikiLink")}</a>
        <span class="meta"> — {ctx.t("pages.wikiHint")}</span>
      </p>
    </section>
  );
}

/** The space's own sections: an assembly's directory and chambers, a chamber's money, the task board. */
export function OverviewSections({ ctx, slug, data }: { ctx: PageContext; slug: string; data: Overview }) {
  return (
    <>
      {data.kind === "assembly" ? (
        <AssemblySections ctx={ctx} slug={slug} data={data} />
      ) : (
        <ChamberSections ctx={ctx} slug={slug} data={data} />
      )}
      <MeetingsSection ctx={ctx} slug={slug} />
      <TasksSection ctx={ctx} slug={slug} />
      <WikiSection ctx={ctx} slug={slug} />
    </>
  );
}

/** Every space meets: its meetings and their calendar. */
function MeetingsSection({ ctx, slug }: { ctx: PageContext; slug: string }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="space-meetings">
      <h2 id="space-meetings">{t("meetings.title")}</h2>
      <p>
        <a href={urls.meetings(slug)}>{t("space.meetingsLink")}</a> ·{" "}
        <a href={urls.meetingsCalendar(slug)}>{t("meetings.subscribe")}</a> ·{" "}
        <a href={urls.spaceActivity(slug)}>{t("space.activityLink")}</a>
      </p>
    </section>
  );
}

/** For visitors: what joining means and the two ways in, as a clear call to action. */
export function VisitorCallToAction({ ctx, slug, kind }: { ctx: PageContext; slug: string; kind: string }) {
  const { t } = ctx;
  return (
    <div class="panel">
      <h2>{t(kind === "assembly" ? "space.join" : "space.requestJoin")}</h2>
      <p>{t(`space.joinHint.${kind}`)}</p>
      <p>
        <a class="button primary" href={urls.register()}>
          {t("nav.register")}
        </a>{" "}
        <a href={urls.login(urls.space(slug))}>{t("space.loginToJoin")}</a>
      </p>
    </div>
  );
}
