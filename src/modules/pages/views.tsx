import type { ComponentChildren } from "preact";
import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { TextDiff } from "../../web/text-diff.tsx";
import { urls } from "../../web/urls.ts";
import type { RevisionMeta } from "./store.ts";

// A wiki page as readers see it, its history, an old revision and a diff.

export interface WikiRef {
  root: string;
  space: { slug: string; name: string };
}

/** The wiki's own links and search, above every wiki page. */
export function WikiBar({ ctx, wiki }: { ctx: PageContext; wiki: WikiRef }) {
  const { t } = ctx;
  return (
    <nav class="wiki-bar" aria-label={t("pages.wiki")}>
      <p class="kicker">
        <a href={urls.space(wiki.space.slug)}>{wiki.space.name}</a>
        {" · "}
        <a href={urls.wikiPage(wiki.root, "Accueil")}>{t("pages.wiki")}</a>
        {" · "}
        <a href={urls.wikiSpecial(wiki.root, "Modifications récentes")}>{t("pages.recent")}</a>
        {" · "}
        <a href={urls.wikiSpecial(wiki.root, "Toutes les pages")}>{t("pages.all")}</a>
        {" · "}
        <a href={urls.wikiSpecial(wiki.root, "Catégories")}>{t("pages.categories")}</a>
        {ctx.person?.isAdmin && (
          <>
            {" · "}
            <a href={urls.wikiSpecial(wiki.root, "Importer")}>{t("pages.import")}</a>
          </>
        )}
      </p>
      <form method="get" action={urls.wikiSpecial(wiki.root, "Recherche")} class="row">
        <label for="wiki-q" class="visually-hidden">
          {t("pages.search")}
        </label>
        <input id="wiki-q" type="search" name="q" placeholder={t("pages.search")} />
        <button type="submit">{t("pages.searchButton")}</button>
      </form>
    </nav>
  );
}

/** Read, edit, history, what links here, move: the tabs of a page. */
export function PageTabs(props: { ctx: PageContext; wiki: WikiRef; title: string; exists: boolean }) {
  const { ctx, wiki, title, exists } = props;
  const { t } = ctx;
  const tab = (href: string, label: string) => (
    <li>
      <a href={href}>{label}</a>
    </li>
  );
  return (
    <nav aria-label={t("pages.tabs", { title })} class="tabs">
      <ul>
        {tab(urls.wikiPage(wiki.root, title), t("pages.read"))}
        {tab(urls.wikiSpecial(wiki.root, "Modifier", title), exists ? t("pages.edit") : t("pages.create"))}
        {exists && tab(urls.wikiSpecial(wiki.root, "Historique", title), t("pages.history"))}
        {tab(urls.wikiSpecial(wiki.root, "Pages liées", title), t("pages.backlinks"))}
        {exists && ctx.person && tab(urls.wikiSpecial(wiki.root, "Renommer", title), t("pages.move"))}
      </ul>
    </nav>
  );
}

export function WikiFrame(props: {
  ctx: PageContext;
  wiki: WikiRef;
  heading: string;
  tabsFor?: { title: string; exists: boolean };
  children: ComponentChildren;
}) {
  const { ctx, wiki, tabsFor } = props;
  return (
    <article class="wiki">
      <WikiBar ctx={ctx} wiki={wiki} />
      <h1>{props.heading}</h1>
      {tabsFor && <PageTabs ctx={ctx} wiki={wiki} title={tabsFor.title} exists={tabsFor.exists} />}
      {props.children}
    </article>
  );
}

/** Who made a revision: a person's name, or an IP for an anonymous edit imported from MediaWiki. */
export function Author({
  ctx,
  revision,
}: {
  ctx: PageContext;
  revision: Pick<RevisionMeta, "user_name" | "ip">;
}) {
  if (revision.user_name) return <>{revision.user_name}</>;
  return <>{ctx.t("pages.anonymous", { ip: revision.ip ?? "?" })}</>;
}

export function PageView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  title: string;
  html: string | null;
  redirectTo?: { title: string; fragment: string | null };
  categories: { name: string; exists: boolean }[];
  children?: ComponentChildren;
}) {
  const { ctx, wiki, title, html } = props;
  const { t } = ctx;
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={title} tabsFor={{ title, exists: html !== null }}>
      {props.redirectTo && (
        <p>
          {t("pages.isRedirect")}{" "}
          <a href={urls.wikiPage(wiki.root, props.redirectTo.title, props.redirectTo.fragment)}>
            {props.redirectTo.title}
            {props.redirectTo.fragment ? `#${props.redirectTo.fragment}` : ""}
          </a>
        </p>
      )}
      {html === null ? (
        <div class="empty">
          <p>{t("pages.missing")}</p>
          <p>
            <a href={urls.wikiSpecial(wiki.root, "Modifier", title)}>{t("pages.missingCreate", { title })}</a>
          </p>
        </div>
      ) : (
        // Rendered by the wiki's renderer, which escapes text and keeps only safe markup.
        <div class="prose wiki-content" dangerouslySetInnerHTML={{ __html: html }} />
      )}
      {props.children}
      {props.categories.length > 0 && (
        <p class="wiki-categories">
          {t("pages.categoryLabel")}{" "}
          {props.categories.map((c, i) => (
            <span key={c.name}>
              {i > 0 && " · "}
              <a href={urls.wikiPage(wiki.root, `Catégorie:${c.name}`)} class={c.exists ? undefined : "new"}>
                {c.name}
              </a>
            </span>
          ))}
        </p>
      )}
    </WikiFrame>
  );
}

export function HistoryView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  title: string;
  revisions: RevisionMeta[];
  more?: number;
}) {
  const { ctx, wiki, title, revisions } = props;
  const { t } = ctx;
  const newest = revisions[0]?.number ?? 0;
  return (
    <WikiFrame
      ctx={ctx}
      wiki={wiki}
      heading={t("pages.historyTitle", { title })}
      tabsFor={{ title, exists: true }}
    >
      <form method="get" action={urls.wikiSpecial(wiki.root, "Diff")} class="row">
        <div class="field">
          <label for="de">{t("pages.compareFrom")}</label>
          <input id="de" name="de" inputMode="numeric" value={String(revisions[1]?.number ?? newest)} />
        </div>
        <div class="field">
          <label for="a">{t("pages.compareTo")}</label>
          <input id="a" name="a" inputMode="numeric" value={String(newest)} />
        </div>
        <button type="submit">{t("pages.compare")}</button>
      </form>
      <ul class="wiki-history">
        {revisions.map((r) => (
          <li key={r.number}>
            <a href={urls.wikiSpecial(wiki.root, "Version", r.number)}>
              <time dateTime={r.timestamp}>{formatDateTime(ctx.lang, r.timestamp)}</time>
            </a>
            {r.parent !== null && (
              <>
                {" ("}
                <a href={urls.wikiSpecial(wiki.root, "Diff", `${r.parent}/${r.number}`)}>
                  {t("pages.diffPrevious")}
                </a>
                {")"}
              </>
            )}
            {" · "}
            <Author ctx={ctx} revision={r} />
            {r.minor === 1 && (
              <abbr class="minor" title={t("pages.minorLong")}>
                {" "}
                {t("pages.minor")}
              </abbr>
            )}
            {" · "}
            {t("pages.bytes", { size: r.size })}
            {r.comment && <em> ({r.comment})</em>}
          </li>
        ))}
      </ul>
      {props.more !== undefined && (
        <p>
          <a href={urls.wikiSpecial(wiki.root, "Historique", title, { avant: props.more })}>
            {t("pages.older")}
          </a>
        </p>
      )}
    </WikiFrame>
  );
}

export function VersionView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  title: string;
  revision: RevisionMeta;
  current: boolean;
  html: string;
}) {
  const { ctx, wiki, title, revision } = props;
  const { t } = ctx;
  return (
    <WikiFrame
      ctx={ctx}
      wiki={wiki}
      heading={t("pages.revisionTitle", { title, number: revision.number })}
      tabsFor={{ title, exists: true }}
    >
      {!props.current && (
        <p class="notice">
          {t("pages.oldRevision", {
            date: formatDateTime(ctx.lang, revision.timestamp),
            user: revision.user_name ?? revision.ip ?? "?",
          })}{" "}
          <a href={urls.wikiPage(wiki.root, title)}>{t("pages.currentVersion")}</a>
        </p>
      )}
      <div class="prose wiki-content" dangerouslySetInnerHTML={{ __html: props.html }} />
    </WikiFrame>
  );
}

export function DiffView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  title: string;
  from: RevisionMeta & { text: string };
  to: RevisionMeta & { text: string };
}) {
  const { ctx, wiki, title, from, to } = props;
  const { t } = ctx;
  const side = (r: RevisionMeta) => (
    <li>
      <a href={urls.wikiSpecial(wiki.root, "Version", r.number)}>
        {t("pages.revisionTitle", { title, number: r.number })}
      </a>{" "}
      · <time dateTime={r.timestamp}>{formatDateTime(ctx.lang, r.timestamp)}</time> ·{" "}
      <Author ctx={ctx} revision={r} />
      {r.comment && <em> ({r.comment})</em>}
    </li>
  );
  return (
    <WikiFrame
      ctx={ctx}
      wiki={wiki}
      heading={t("pages.diffTitle", { title, from: from.number, to: to.number })}
      tabsFor={{ title, exists: true }}
    >
      <ul class="meta">
        {side(from)}
        {side(to)}
      </ul>
      <TextDiff ctx={ctx} before={from.text} after={to.text} />
    </WikiFrame>
  );
}
