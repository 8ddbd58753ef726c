import {
  COMMONS_STATUSES,
  emptyPlace,
  LINK_TYPES,
  type LinkInput,
  type PlaceInput,
} from "../../core/commons.ts";
import { ActionButton, Field, Form, type FormState, Select } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import { renderMarkdown } from "../../web/markdown.ts";
import type { PageContext } from "../../web/page.ts";
import type { CommonsRecord, CommonsSummary, Duplicate } from "./service.ts";

export interface DirectoryRef {
  slug: string;
  name: string;
}

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

type Kind = { slug: string; label: string };

/** The list's URL with some filters changed; empty values are left out, so URLs stay short. */
export function listUrl(base: string, query: ListQuery, changes: Partial<ListQuery> = {}): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    const text = String(value);
    if (text === "" || (key === "page" && text === "1") || (key === "size" && text === "50")) continue;
    if (key === "sort" && text === (merged.q ? "relevance" : "name")) continue;
    params.set(key, text);
  }
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

export function DirectoryNav(props: {
  ctx: PageContext;
  space: DirectoryRef;
  current: "list" | "map" | "tags" | "addresses" | "kinds" | "import" | "none";
  canCurate: boolean;
  query?: string;
}) {
  const { t } = props.ctx;
  const base = `/espaces/${props.space.slug}`;
  const suffix = props.query ? `?${props.query}` : "";
  const tabs = [
    { id: "list", href: `${base}/communs${suffix}`, label: t("commons.list") },
    { id: "map", href: `${base}/carte${suffix}`, label: t("commons.map") },
    { id: "tags", href: `${base}/etiquettes`, label: t("commons.tags") },
    ...(props.canCurate
      ? [
          { id: "addresses", href: `${base}/communs/adresses`, label: t("commons.addresses") },
          { id: "kinds", href: `${base}/communs/types`, label: t("commons.kinds") },
          { id: "import", href: `${base}/communs/import`, label: t("commons.import") },
        ]
      : []),
  ];
  return (
    <header class="space-header">
      <p class="kicker">
        <a href={base}>{props.space.name}</a>
      </p>
      <nav aria-label={t("commons.sections")} class="tabs">
        <ul>
          {tabs.map((tab) => (
            <li key={tab.id}>
              <a href={tab.href} aria-current={tab.id === props.current ? "page" : undefined}>
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

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
  const base = `/espaces/${space.slug}/communs`;
  const pages = Math.max(1, Math.ceil(total / query.size));
  const filters = new URL(listUrl(base, query, { page: 1 }), "http://x").search.slice(1);
  const kindLabel = new Map(props.kinds.map((k) => [k.slug, k.label]));
  return (
    <>
      <DirectoryNav ctx={ctx} space={space} current="list" canCurate={props.canCurate} query={filters} />
      <h1>{t("commons.directoryTitle", { name: space.name })}</h1>
      {props.canCreate && (
        <p>
          <a class="button" href={`${base}/nouveau`}>
            {t("commons.new")}
          </a>
        </p>
      )}
      <FilterForm ctx={ctx} action={base} query={query} kinds={props.kinds} tags={props.tags} withSort />
      <p role="status" class="result-count">
        {t("commons.count", { count: total })}
      </p>
      {items.length === 0 ? (
        <p class="empty">{t("commons.none")}</p>
      ) : (
        <ul class="cards commons-list">
          {items.map((item) => (
            <li key={item.id} class="card">
              <h2>
                <a href={`${base}/${item.slug}`}>{item.name}</a>
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
                      <a href={listUrl(base, query, { tag: tag.slug, page: 1 })}>{tag.label}</a>
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
            <a rel="prev" href={listUrl(base, query, { page: query.page - 1 })}>
              {t("commons.previous")}
            </a>
          )}
          <span>{t("commons.pageOf", { page: query.page, pages })}</span>
          {query.page < pages && (
            <a rel="next" href={listUrl(base, query, { page: query.page + 1 })}>
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
              <a href={`${base}/export/${format}${filters ? `?${filters}` : ""}`}>
                {t(`commons.format.${format}`)}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function PlaceText({ ctx, place }: { ctx: PageContext; place: PlaceInput }) {
  const line = [place.street, [place.postcode, place.commune].filter(Boolean).join(" ")].filter(Boolean);
  return (
    <>
      {place.label && <strong>{place.label} · </strong>}
      {line.join(", ") || ctx.t("commons.noAddress")}
      {place.coarse && ` (${ctx.t("commons.coarseShown")})`}
    </>
  );
}

function Images(props: {
  ctx: PageContext;
  base: string;
  images: { id: string; alt: string }[];
  canEdit: boolean;
}) {
  const { ctx, base, images } = props;
  const { t } = ctx;
  return (
    <section>
      {images.length > 0 && (
        <ul class="images">
          {images.map((image) => (
            <li key={image.id}>
              <a href={`/images/${image.id}/full`}>
                <img
                  src={`/images/${image.id}/thumb`}
                  alt={image.alt}
                  width={200}
                  height={200}
                  loading="lazy"
                />
              </a>
              {props.canEdit && (
                <ActionButton
                  ctx={ctx}
                  action={`${base}/images/${image.id}/supprimer`}
                  label={t("commons.imageDelete")}
                  about={image.alt}
                  kind="secondary"
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {props.canEdit && (
        <form method="post" action={`${base}/images`} encType="multipart/form-data" class="row">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <div class="field">
            <label for="image">{t("commons.image")}</label>
            <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp,image/gif" />
          </div>
          <div class="field">
            <label for="alt">{t("commons.imageAlt")}</label>
            <input id="alt" name="alt" type="text" maxLength={200} />
          </div>
          <button type="submit" class="button">
            {t("commons.imageAdd")}
          </button>
        </form>
      )}
    </section>
  );
}

export function DetailView(props: {
  ctx: PageContext;
  record: CommonsRecord;
  images: { id: string; alt: string }[];
  related: { slug: string; name: string; summary: string }[];
  commoners: { personId: string; displayName: string; role: string }[];
  chambers: { slug: string; name: string }[];
  linkableChambers: { slug: string; name: string }[];
  history: { id: string; at: string; action: string; actorName: string | null }[];
  canEdit: boolean;
  canCurate: boolean;
  isCommoner: boolean;
}) {
  const { ctx, record } = props;
  const { t } = ctx;
  const base = `/espaces/${record.space.slug}/communs/${record.slug}`;
  return (
    <>
      <DirectoryNav ctx={ctx} space={record.space} current="none" canCurate={props.canCurate} />
      <article class="commons">
        <p class="kicker">
          {record.kindLabel} · {t(`commons.status.${record.status}`)}
        </p>
        <h1>{record.name}</h1>
        {record.summary && <p class="lead">{record.summary}</p>}
        {props.canEdit && (
          <p>
            <a class="button" href={`${base}/modifier`}>
              {t("commons.edit")}
            </a>
          </p>
        )}
        {record.tagRefs.length > 0 && (
          <ul class="tags" aria-label={t("commons.tags")}>
            {record.tagRefs.map((tag) => (
              <li key={tag.slug}>
                <a href={`/espaces/${record.space.slug}/etiquettes/${tag.slug}`}>{tag.label}</a>
              </li>
            ))}
          </ul>
        )}
        <Images ctx={ctx} base={base} images={props.images} canEdit={props.canEdit} />
        {record.description && (
          <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(record.description) }} />
        )}
        <h2>{t("commons.places")}</h2>
        {record.places.length === 0 ? (
          <p class="empty">{t("commons.noPlace")}</p>
        ) : (
          <ul class="places">
            {record.places.map((place, i) => (
              <li key={record.placeIds[i]}>
                <PlaceText ctx={ctx} place={place} />
                {place.latitude !== null && place.geo && (
                  <span class="hint">
                    {" "}
                    {t("commons.provenance", {
                      source: t(`commons.geo.${place.geo.source}`),
                      date: formatDateTime(ctx.lang, place.geo.at),
                    })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {record.contact && (
          <p>
            {t("commons.contact")} : {record.contact}
          </p>
        )}
        {record.links.length > 0 && (
          <>
            <h2>{t("commons.links")}</h2>
            <ul>
              {record.links.map((link) => (
                <li key={link.url}>
                  {t(`commons.link.${link.type}`)} :{" "}
                  <a href={link.url} rel="nofollow ugc">
                    {link.label || link.url}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        <h2>{t("commons.related")}</h2>
        {props.related.length === 0 ? (
          <p class="empty">{t("commons.noRelated")}</p>
        ) : (
          <ul>
            {props.related.map((r) => (
              <li key={r.slug}>
                <a href={`/espaces/${record.space.slug}/communs/${r.slug}`}>{r.name}</a>
                {props.canEdit && (
                  <ActionButton
                    ctx={ctx}
                    action={`${base}/lies/retirer?autre=${encodeURIComponent(r.slug)}`}
                    label={t("commons.unrelate")}
                    about={r.name}
                    kind="secondary"
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        {props.canEdit && (
          <Form ctx={ctx} action={`${base}/lies`} class="row">
            <Field ctx={ctx} name="other" label={t("commons.relateTo")} hint={t("commons.relateHint")} />
            <button type="submit" class="button">
              {t("commons.relate")}
            </button>
          </Form>
        )}
        <h2>{t("commons.commoners")}</h2>
        {props.commoners.length === 0 ? (
          <p class="empty">{t("commons.noCommoner")}</p>
        ) : (
          <ul>
            {props.commoners.map((c) => (
              <li key={c.personId}>
                {c.displayName}
                {c.role && ` · ${c.role}`}
              </li>
            ))}
          </ul>
        )}
        {ctx.person &&
          (props.isCommoner ? (
            <ActionButton
              ctx={ctx}
              action={`${base}/commoners/retirer`}
              label={t("commons.withdraw")}
              kind="secondary"
            />
          ) : (
            <Form ctx={ctx} action={`${base}/commoners`} class="row">
              <Field ctx={ctx} name="role" label={t("commons.myRole")} maxLength={80} />
              <button type="submit" class="button">
                {t("commons.declare")}
              </button>
            </Form>
          ))}
        {(props.chambers.length > 0 || props.linkableChambers.length > 0) && (
          <>
            <h2>{t("commons.chambers")}</h2>
            <ul>
              {props.chambers.map((c) => (
                <li key={c.slug}>
                  <a href={`/espaces/${c.slug}`}>{c.name}</a>
                  {props.linkableChambers.some((l) => l.slug === c.slug) && (
                    <ActionButton
                      ctx={ctx}
                      action={`${base}/chambres/retirer?chambre=${encodeURIComponent(c.slug)}`}
                      label={t("commons.unlinkChamber")}
                      about={c.name}
                      kind="secondary"
                    />
                  )}
                </li>
              ))}
            </ul>
            {props.linkableChambers.some((l) => !props.chambers.some((c) => c.slug === l.slug)) && (
              <Form ctx={ctx} action={`${base}/chambres`} class="row">
                <Select
                  ctx={ctx}
                  name="chamber"
                  label={t("commons.linkChamber")}
                  options={props.linkableChambers
                    .filter((l) => !props.chambers.some((c) => c.slug === l.slug))
                    .map((l) => ({ value: l.slug, label: l.name }))}
                />
                <button type="submit" class="button">
                  {t("commons.link")}
                </button>
              </Form>
            )}
          </>
        )}
        {record.origins.length > 0 && (
          <>
            <h2>{t("commons.origins")}</h2>
            <ul>
              {record.origins.map((o) => (
                <li key={`${o.source} ${o.id}`}>
                  {o.source} · {o.id}
                  {o.revision && ` · ${t("commons.revision", { revision: o.revision })}`}
                </li>
              ))}
            </ul>
          </>
        )}
        <h2>{t("commons.history")}</h2>
        <ul class="history">
          {props.history.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{formatDateTime(ctx.lang, e.at)}</time> · {t(`audit.action.${e.action}`)}
              {e.actorName && ` · ${e.actorName}`}
            </li>
          ))}
        </ul>
        {props.canCurate && (
          <section class="panel">
            <h2>{t("commons.curation")}</h2>
            <Form ctx={ctx} action={`${base}/fusionner`} class="row">
              <Field ctx={ctx} name="other" label={t("commons.mergeFrom")} hint={t("commons.mergeHint")} />
              <button type="submit" class="button">
                {t("commons.merge")}
              </button>
            </Form>
            <ActionButton ctx={ctx} action={`${base}/supprimer`} label={t("commons.delete")} kind="danger" />
          </section>
        )}
      </article>
    </>
  );
}

function PlaceFields(props: {
  ctx: PageContext;
  i: number;
  place: PlaceInput;
  state?: FormState;
  geocoding: boolean;
}) {
  const { ctx, i, place, state, geocoding } = props;
  const { t } = ctx;
  const name = (field: string) => `places.${i}.${field}`;
  const value = (field: string, fallback: string) => state?.values[name(field)] ?? fallback;
  const coord = (n: number | null) => (n === null ? "" : String(n));
  return (
    <fieldset class="place" data-place={i}>
      <legend>{t("commons.placeN", { n: i + 1 })}</legend>
      <Field
        ctx={ctx}
        state={state}
        name={name("label")}
        label={t("commons.placeLabel")}
        value={value("label", place.label)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("street")}
        label={t("commons.street")}
        autocomplete="street-address"
        value={value("street", place.street)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("postcode")}
        label={t("commons.postcode")}
        autocomplete="postal-code"
        value={value("postcode", place.postcode)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("commune")}
        label={t("commons.commune")}
        value={value("commune", place.commune)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("inseeCode")}
        label={t("commons.insee")}
        value={value("inseeCode", place.inseeCode)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("country")}
        label={t("commons.country")}
        value={value("country", place.country)}
      />
      <div class="coordinates">
        <Field
          ctx={ctx}
          state={state}
          name={name("latitude")}
          label={t("commons.latitude")}
          hint={t(geocoding ? "commons.coordinatesHint" : "commons.coordinatesHintManual")}
          value={value("latitude", coord(place.latitude))}
        />
        <Field
          ctx={ctx}
          state={state}
          name={name("longitude")}
          label={t("commons.longitude")}
          value={value("longitude", coord(place.longitude))}
        />
      </div>
      <div class="field checkbox">
        <input
          type="checkbox"
          id={name("coarse")}
          name={name("coarse")}
          value="1"
          checked={state ? state.values[name("coarse")] === "1" : place.coarse}
        />
        <label for={name("coarse")}>{t("commons.coarse")}</label>
      </div>
    </fieldset>
  );
}

function LinkFields(props: { ctx: PageContext; i: number; link: LinkInput; state?: FormState }) {
  const { ctx, i, link, state } = props;
  const { t } = ctx;
  const name = (field: string) => `links.${i}.${field}`;
  return (
    <fieldset class="link">
      <legend>{t("commons.linkN", { n: i + 1 })}</legend>
      <Select
        ctx={ctx}
        state={state}
        name={name("type")}
        label={t("commons.linkType")}
        value={link.type}
        options={LINK_TYPES.map((type) => ({ value: type, label: t(`commons.link.${type}`) }))}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("url")}
        label={t("commons.url")}
        type="url"
        value={state?.values[name("url")] ?? link.url}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("label")}
        label={t("commons.linkLabel")}
        value={state?.values[name("label")] ?? link.label}
      />
    </fieldset>
  );
}

export interface FormRecord {
  name: string;
  summary: string;
  description: string;
  kind: string;
  status: string;
  contact: string;
  tags: string[];
  places: PlaceInput[];
  links: LinkInput[];
}

export function blankRecord(): FormRecord {
  return {
    name: "",
    summary: "",
    description: "",
    kind: "",
    status: "active",
    contact: "",
    tags: [],
    places: [],
    links: [],
  };
}

export function FormView(props: {
  ctx: PageContext;
  space: DirectoryRef;
  action: string;
  title: string;
  record: FormRecord;
  kinds: Kind[];
  tagSuggestions: string[];
  state?: FormState;
  duplicates?: Duplicate[];
  extraPlaces?: number;
  tiles: string;
  attribution: string;
  /** Whether addresses get coordinates by themselves (a geocoder is set). */
  geocoding: boolean;
}) {
  const { ctx, record, state } = props;
  const { t } = ctx;
  const places = [...record.places, ...Array.from({ length: 1 + (props.extraPlaces ?? 0) }, emptyPlace)];
  const links = [...record.links, { type: "website" as const, url: "", label: "" }];
  return (
    <>
      <DirectoryNav ctx={ctx} space={props.space} current="none" canCurate={false} />
      <h1>{props.title}</h1>
      {props.duplicates && props.duplicates.length > 0 && (
        <div class="notice" role="alert">
          <p>{t("commons.duplicatesFound")}</p>
          <ul>
            {props.duplicates.map((d) => (
              <li key={d.id}>
                <a href={`/espaces/${props.space.slug}/communs/${d.slug}`}>{d.name}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Form ctx={ctx} action={props.action} state={state} class="stack commons-form">
        <Field
          ctx={ctx}
          state={state}
          name="name"
          label={t("commons.name")}
          required
          maxLength={160}
          value={record.name}
        />
        <Field
          ctx={ctx}
          state={state}
          name="summary"
          label={t("commons.summary")}
          maxLength={400}
          value={record.summary}
        />
        <div class="field">
          <label for="description">{t("commons.description")}</label>
          <p class="hint" id="description-hint">
            {t("commons.descriptionHint")}
          </p>
          <textarea id="description" name="description" rows={8} aria-describedby="description-hint">
            {state?.values.description ?? record.description}
          </textarea>
        </div>
        <Select
          ctx={ctx}
          state={state}
          name="kind"
          label={t("commons.kind")}
          value={record.kind}
          options={props.kinds.map((k) => ({ value: k.slug, label: k.label }))}
        />
        <Select
          ctx={ctx}
          state={state}
          name="status"
          label={t("commons.status")}
          value={record.status}
          options={COMMONS_STATUSES.map((s) => ({ value: s, label: t(`commons.status.${s}`) }))}
        />
        <div class="field">
          <label for="tags">{t("commons.tags")}</label>
          <p class="hint" id="tags-hint">
            {t("commons.tagsHint")}
          </p>
          <input
            id="tags"
            name="tags"
            type="text"
            list="tag-suggestions"
            aria-describedby="tags-hint"
            value={state?.values.tags ?? record.tags.join(", ")}
          />
          <datalist id="tag-suggestions">
            {props.tagSuggestions.map((label) => (
              <option key={label} value={label} />
            ))}
          </datalist>
        </div>
        <Field
          ctx={ctx}
          state={state}
          name="contact"
          label={t("commons.contact")}
          hint={t("commons.contactHint")}
          value={record.contact}
        />
        <h2>{t("commons.places")}</h2>
        {places.map((place, i) => (
          <PlaceFields key={i} ctx={ctx} i={i} place={place} state={state} geocoding={props.geocoding} />
        ))}
        <button type="submit" name="_action" value="addPlace" class="secondary">
          {t("commons.addPlace")}
        </button>
        <h2>{t("commons.links")}</h2>
        {links.map((link, i) => (
          <LinkFields key={i} ctx={ctx} i={i} link={link} state={state} />
        ))}
        <input type="hidden" name="extraPlaces" value={String(props.extraPlaces ?? 0)} />
        {props.duplicates && props.duplicates.length > 0 && (
          <div class="field checkbox">
            <input type="checkbox" id="confirmDuplicate" name="confirmDuplicate" value="1" />
            <label for="confirmDuplicate">{t("commons.notADuplicate")}</label>
          </div>
        )}
        <button type="submit" class="button">
          {t("commons.save")}
        </button>
      </Form>
      <link rel="stylesheet" href="/assets/vendor/leaflet/leaflet.css" />
      <link rel="stylesheet" href="/assets/map.css" />
      <script src="/assets/vendor/leaflet/leaflet.js" defer />
      <script
        src="/assets/map.js"
        defer
        data-tiles={props.tiles}
        data-attribution={props.attribution}
        data-pin-hint={t("commons.pinHint")}
      />
    </>
  );
}
