import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { RevisionMeta } from "./store.ts";
import { Author, WikiFrame, type WikiRef } from "./views.tsx";

// The wiki's listings: recent changes, every page, categories and a category's members, search
// results, what links here.

type Listed = { fullTitle: string; redirect_title: string | null };

function TitleList({ wiki, pages }: { wiki: WikiRef; pages: Listed[] }) {
  return (
    <ul class="wiki-list">
      {pages.map((p) => (
        <li key={p.fullTitle}>
          <a href={urls.wikiPage(wiki.root, p.fullTitle)} class={p.redirect_title ? "redirect" : undefined}>
            {p.fullTitle}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function RecentChangesView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  changes: (RevisionMeta & { fullTitle: string })[];
  more?: number;
}) {
  const { ctx, wiki } = props;
  const { t } = ctx;
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={t("pages.recent")}>
      <p>
        <a href={urls.wikiSpecial(wiki.root, "Modifications récentes", "atom")}>{t("pages.feed")}</a>
      </p>
      <ul class="wiki-history">
        {props.changes.map((c) => (
          <li key={c.number}>
            <time dateTime={c.timestamp}>{formatDateTime(ctx.lang, c.timestamp)}</time> ·{" "}
            <a href={urls.wikiPage(wiki.root, c.fullTitle)}>{c.fullTitle}</a>
            {c.parent !== null && (
              <>
                {" ("}
                <a href={urls.wikiSpecial(wiki.root, "Diff", `${c.parent}/${c.number}`)}>
                  {t("pages.diffPrevious")}
                </a>
                {")"}
              </>
            )}
            {" · "}
            <Author ctx={ctx} revision={c} />
            {c.minor === 1 && <abbr title={t("pages.minorLong")}> {t("pages.minor")}</abbr>}
            {c.comment && <em> ({c.comment})</em>}
          </li>
        ))}
      </ul>
      {props.more !== undefined && (
        <p>
          <a href={urls.wikiSpecial(wiki.root, "Modifications récentes", undefined, { avant: props.more })}>
            {t("pages.older")}
          </a>
        </p>
      )}
    </WikiFrame>
  );
}

export function AllPagesView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  ns: number;
  namespaces: { ns: number; name: string }[];
  pages: Listed[];
  next?: string;
}) {
  const { ctx, wiki } = props;
  const { t } = ctx;
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={t("pages.all")}>
      <nav aria-label={t("pages.namespace")} class="tabs">
        <ul>
          {props.namespaces.map((n) => (
            <li key={n.ns}>
              <a
                href={urls.wikiSpecial(wiki.root, "Toutes les pages", undefined, { ns: n.ns || undefined })}
                aria-current={n.ns === props.ns ? "page" : undefined}
              >
                {n.name || t("pages.main")}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <TitleList wiki={wiki} pages={props.pages} />
      {props.next !== undefined && (
        <p>
          <a
            href={urls.wikiSpecial(wiki.root, "Toutes les pages", undefined, {
              ns: props.ns || undefined,
              de: props.next,
            })}
          >
            {t("pages.nextPage")}
          </a>
        </p>
      )}
    </WikiFrame>
  );
}

export function CategoriesView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  categories: { category: string; members: number }[];
}) {
  const { ctx, wiki } = props;
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={ctx.t("pages.categories")}>
      <ul class="wiki-list">
        {props.categories.map((c) => (
          <li key={c.category}>
            <a href={urls.wikiPage(wiki.root, `Catégorie:${c.category}`)}>{c.category}</a> (
            {Number(c.members)})
          </li>
        ))}
      </ul>
    </WikiFrame>
  );
}

/** Below a category's description: its members, 200 a page, every one reachable. */
export function CategoryMembers(props: {
  ctx: PageContext;
  wiki: WikiRef;
  name: string;
  title: string;
  members: Listed[];
  total: number;
  next?: string;
}) {
  const { ctx, wiki } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="members">
      <h2 id="members">{t("pages.categoryMembers", { name: props.name, count: props.total })}</h2>
      {props.members.length === 0 ? (
        <p class="empty">{t("pages.categoryEmpty")}</p>
      ) : (
        <TitleList wiki={wiki} pages={props.members} />
      )}
      {props.next !== undefined && (
        <p>
          <a href={`${urls.wikiPage(wiki.root, props.title)}?apres=${encodeURIComponent(props.next)}`}>
            {t("pages.nextPage")}
          </a>
        </p>
      )}
    </section>
  );
}

export function SearchView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  q: string;
  total: number;
  results: (Listed & { search_text: string })[];
}) {
  const { ctx, wiki, q } = props;
  const { t } = ctx;
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={t("pages.searchTitle", { q })}>
      <p>{props.total === 0 ? t("pages.searchNone") : t("pages.searchCount", { count: props.total })}</p>
      <TitleList wiki={wiki} pages={props.results} />
    </WikiFrame>
  );
}

export function BacklinksView(props: { ctx: PageContext; wiki: WikiRef; title: string; pages: Listed[] }) {
  const { ctx, wiki, title } = props;
  const { t } = ctx;
  return (
    <WikiFrame
      ctx={ctx}
      wiki={wiki}
      heading={t("pages.backlinksTitle", { title })}
      tabsFor={{ title, exists: true }}
    >
      {props.pages.length === 0 ? (
        <p class="empty">{t("pages.backlinksNone")}</p>
      ) : (
        <TitleList wiki={wiki} pages={props.pages} />
      )}
    </WikiFrame>
  );
}
