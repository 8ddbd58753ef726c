/**
 * The directory's filters as its addresses carry them (`?q=…&tag=…`), read leniently from a query
 * string (pages, the API, the command line's options) and written back for links.
 */
import { COMMONS_STATUSES, type CommonsStatus } from "../../core/commons.ts";
import type { Query } from "../../web/urls.ts";
import type { CommonsFilter } from "./store-search.ts";

export interface ListQuery {
  q: string;
  tag: string;
  kind: string;
  commune: string;
  status: string;
  sort: string;
  page: number;
  size: number;
}

export function text(value: unknown, max = 200): string {
  return typeof value === "string" ? value.slice(0, max) : "";
}

/** The list's query string, read leniently: anything unknown falls back to its default. */
export function parseListQuery(raw: unknown): ListQuery {
  const q = (raw ?? {}) as Record<string, unknown>;
  const int = (value: unknown, fallback: number, max: number) => {
    const n = Number(text(value));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
  };
  const search = text(q.q);
  const sort = ["relevance", "name", "recent"].includes(text(q.sort)) ? text(q.sort) : "";
  return {
    q: search,
    tag: text(q.tag, 80),
    kind: text(q.kind, 80),
    commune: text(q.commune, 100),
    status: COMMONS_STATUSES.includes(text(q.status) as CommonsStatus) ? text(q.status) : "",
    sort: sort || (search ? "relevance" : "name"),
    page: int(q.page, 1, 100_000),
    size: [20, 50, 100].includes(Number(text(q.size))) ? Number(text(q.size)) : 50,
  };
}

export function filterOf(query: ListQuery): CommonsFilter {
  return {
    text: query.q || undefined,
    tag: query.tag || undefined,
    kind: query.kind || undefined,
    commune: query.commune || undefined,
    status: (query.status || undefined) as CommonsStatus | undefined,
  };
}

/** The list's parameters with some changed; defaults are left out, so that addresses stay short. */
export function listParams(query: ListQuery, changes: Partial<ListQuery> = {}): Query {
  const merged = { ...query, ...changes };
  return {
    q: merged.q,
    tag: merged.tag,
    kind: merged.kind,
    commune: merged.commune,
    status: merged.status,
    sort: merged.sort === (merged.q ? "relevance" : "name") ? undefined : merged.sort,
    page: merged.page === 1 ? undefined : merged.page,
    size: merged.size === 50 ? undefined : merged.size,
  };
}

/** The filters alone (no sort nor page): the map and the embed show every match. */
export function mapParams(query: ListQuery): Query {
  return { q: query.q, tag: query.tag, kind: query.kind, commune: query.commune, status: query.status };
}
