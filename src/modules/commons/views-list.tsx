import { COMMONS_STATUSES } from "../../core/commons.ts";
import type { PageContext } from "../../web/page.ts";
import { SectionTabs } from "../../web/tabs.tsx";
import { Thumbnail } from "../../web/thumbnail.tsx";
import { urls } from "../../web/urls.ts";
import { type ListQuery, listParams } from "./query.ts";
import type { CommonsSummary } from "./service-records.ts";
import { directoryTabs } from "./tabs.ts";

export interface DirectoryRef {
  slug: string;
  name: string;
}

type Kind = { slug: string; label: string };

/** The filters of the list, the map and the exports: a GET form, so every filter is in the URL. */
export function FilterForm(props: {
  ctx: PageContext;
  action: string;
  query: ListQuery;
  kinds: Kind[];
  tags: { slug: string; label: string }[];
  withSort: boolean;
}) {
  const { t } = props.ctx;
  const { query } = props;
  const refined = query.tag !== "" || query.kind !== "" || query.commune !== "" || query.status !== "";
  // The search comes first; the other filters fold away on a phone until someone wants them.
  return (
    <form method="get" action={props.action} class="filters">
      <div class="field">
        <label for="q">{t("commons.search")}</label>
        <input id="q" name="q" type="search" value={query.q} />
      </div>
      <details class="more-filters" open={refined || undefined}>
        <summary>{t("commons.moreFilters")}</summary>
        <div class="field">
          <label for="tag">{t("commons.tag")}</label>
          <select id="tag" name="tag">
            <option value="">{t("commons.anyTag")}</option>
            {props.tags.map((tag) => (
              <option key={tag.slug} value={tag.slug} selected={tag.slug === query.tag}>
                {tag.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="kind">{t("commons.kind")}</label>
          <select id="kind" name="kind">
            <option value="">{t("commons.anyKind")}</option>
            {props.kinds.map((kind) => (
              <option key={kind.slug} value={kind.slug} selected={kind.slug === query.kind}>
                {kind.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="commune">{t("commons.commune")}</label>
          <input id="commune" name="commune" type="text" value={query.commune} />
        </div>
        <div class="field">
          <label for="status">{t("commons.status")}</label>
          <select id="status" name="status">
            <option value="">{t("commons.anyStatus")}</option>
            {COMMONS_STATUSES.map((status) => (
              <option key={status} value={status} selected={status === query.status}>
                {t(`commons.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        {props.withSort && (
          <div class="field">
            <label for="sort">{t("commons.sort")}</label>
            <select id="sort" name="sort">
              {["relevance", "name", "recent"].map((sort) => (
                <option key={sort} value={sort} selected={sort === query.sort}>
                  {t(`commons.sort.${sort}`)}
                </option>
              ))}
            </select>
          </div>
        )}
      </details>
      <button type="submit" class="button">
        {t("commons.filter")}
      </button>
    </form>
  );
}

export function ListView(props: {
  ctx: PageContext;
  space: DirectoryRef;
  query: ListQuery;
  items: CommonsSummary[];
  total: number;
  kinds: Kind[];
  tags: { slug: string; label: string }[];
  canCreate: boolean;
  canCurate: boolean;
}) {
  const { ctx, space, query, items, total } = props;
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(total / query.size));
  const filters = listParams(query, { page: 1 });
  const listUrl = (changes: Partial<ListQuery>) => urls.commonsList(space.slug, listParams(query, changes));
  const kindLabel = new Map(props.kinds.map((k) => [k.slug, k.label]));
  return (
    <>
      <SectionTabs {...directoryTabs(t, space, "list", props.canCurate, filters)} />
      <h1>{t("commons.directoryTitle", { name: space.name })}</h1>
      {props.canCreate && (
        <p>
          <a class="button" href={urls.newCommons(space.slug)}>
            {t("commons.new")}
          </a>
        </p>
      )}
      <FilterForm
        ctx={ctx}
        action={urls.commonsList(space.slug)}
        query={query}
        kinds={props.kinds}
        tags={props.tags}
        withSort
      />
      <p role="status" class="result-count">
        {t("commons.count", { count: total })}
      </p>
      {items.length === 0 ? (
        <p class="empty">{t("commons.none")}</p>
      ) : (
        <ul class="cards commons-list">
          {items.map((item) => (
            <li key={item.id} class="card">
              <Thumbnail image={item.image} />
              <h2>
                <a href={urls.commons(space.slug, item.slug)}>{item.name}</a>
              </h2>
              <p class="meta">
                {kindLabel.get(item.kind) ?? item.kind}
                {item.status !== "active" && ` · ${t(`commons.status.${item.status}`)}`}
                {item.communes.length > 0 && ` · ${item.communes.join(", ")}`}
              </p>
              {item.summary && <p>{item.summary}</p>}
              {item.tags.length > 0 && (
                <ul class="tags" aria-label={t("commons.tags")}>
                  {item.tags.map((tag) => (
                    <li key={tag.slug}>
                      <a href={listUrl({ tag: tag.slug, page: 1 })}>{tag.label}</a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {pages > 1 && (
        <nav aria-label={t("commons.pagination")} class="pagination">
          {query.page > 1 && (
            <a rel="prev" href={listUrl({ page: query.page - 1 })}>
              {t("commons.previous")}
            </a>
          )}
          <span>{t("commons.pageOf", { page: query.page, pages })}</span>
          {query.page < pages && (
            <a rel="next" href={listUrl({ page: query.page + 1 })}>
              {t("commons.next")}
            </a>
          )}
        </nav>
      )}
      <section class="exports">
        <h2>{t("commons.exports")}</h2>
        <ul>
          {(["csv", "geojson", "jsonld", "gogocarto"] as const).map((format) => (
            <li key={format}>
              <a href={urls.commonsExport(space.slug, format, filters)}>{t(`commons.format.${format}`)}</a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
