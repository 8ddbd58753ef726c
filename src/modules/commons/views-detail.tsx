import { ActionButton, Field, Form, Select } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import { renderMarkdown } from "../../web/markdown.ts";
import type { PageContext } from "../../web/page.ts";
import { SectionTabs } from "../../web/tabs.tsx";
import { urls } from "../../web/urls.ts";
import type { CommonsRecord } from "./service-records.ts";
import { directoryTabs } from "./tabs.ts";
import { ChoiceScript, CommonsChoice } from "./views-choice.tsx";
import { type PlaceMap, RecordPlaces } from "./views-place.tsx";

interface Image {
  id: string;
  alt: string;
  width: number;
  height: number;
}

interface Commoner {
  personId: string;
  displayName: string;
  role: string;
}

function Images(props: { ctx: PageContext; record: CommonsRecord; images: Image[]; canEdit: boolean }) {
  const { ctx, record } = props;
  // The first image is shown large; the others (and the first, for editors to remove it) as thumbnails.
  const [cover, ...rest] = props.images;
  const images = props.canEdit ? props.images : rest;
  const { t } = ctx;
  return (
    <section>
      {cover && (
        <a href={urls.image(cover.id, "full")} class="cover">
          <img
            src={urls.image(cover.id, "full")}
            alt={cover.alt || record.name}
            width={cover.width}
            height={cover.height}
          />
        </a>
      )}
      {images.length > 0 && (
        <ul class="images">
          {images.map((image) => (
            <li key={image.id}>
              <a href={urls.image(image.id, "full")}>
                <img
                  src={urls.image(image.id, "thumb")}
                  alt={image.alt}
                  width={200}
                  height={200}
                  loading="lazy"
                />
              </a>
              {props.canEdit && (
                <ActionButton
                  ctx={ctx}
                  action={urls.commonsImageDelete(record.space.slug, record.slug, image.id)}
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
        <form
          method="post"
          action={urls.commonsImages(record.space.slug, record.slug)}
          encType="multipart/form-data"
          class="row"
        >
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

/**
 * Who contributes: the commoners an editor confirmed; for editors, the declarations waiting for them;
 * for the viewer, their own declaration (waiting or not) or the form to make one.
 */
function Commoners(props: {
  ctx: PageContext;
  record: CommonsRecord;
  commoners: Commoner[];
  pending: Commoner[];
  canDeclare: boolean;
  declaration: "confirmed" | "pending" | null;
}) {
  const { ctx, record } = props;
  const { t } = ctx;
  const { slug } = record.space;
  return (
    <>
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
      {props.pending.length > 0 && (
        <section class="panel" aria-labelledby="pending-commoners">
          <h3 id="pending-commoners">{t("commons.pendingCommoners")}</h3>
          <p class="hint">{t("commons.pendingHint")}</p>
          <ul>
            {props.pending.map((c) => (
              <li key={c.personId}>
                {c.displayName}
                {c.role && ` · ${c.role}`}{" "}
                <ActionButton
                  ctx={ctx}
                  action={urls.commonsCommonerConfirm(slug, record.slug, c.personId)}
                  label={t("commons.confirmCommoner")}
                  about={c.displayName}
                  kind="primary"
                />
                <ActionButton
                  ctx={ctx}
                  action={urls.commonsCommonerRefuse(slug, record.slug, c.personId)}
                  label={t("commons.refuseCommoner")}
                  about={c.displayName}
                  kind="secondary"
                />
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.declaration === "pending" && <p role="status">{t("commons.declarationPending")}</p>}
      {props.declaration ? (
        <ActionButton
          ctx={ctx}
          action={urls.commonsCommonerWithdraw(slug, record.slug)}
          label={t("commons.withdraw")}
          kind="secondary"
        />
      ) : props.canDeclare ? (
        <Form ctx={ctx} action={urls.commonsCommoners(slug, record.slug)} class="row">
          <Field ctx={ctx} name="role" label={t("commons.myRole")} maxLength={80} />
          <button type="submit" class="button">
            {t("commons.declare")}
          </button>
        </Form>
      ) : (
        ctx.person && <p class="hint">{t("commons.declareMembersOnly")}</p>
      )}
    </>
  );
}

function Chambers(props: {
  ctx: PageContext;
  record: CommonsRecord;
  chambers: { slug: string; name: string }[];
  linkable: { slug: string; name: string }[];
}) {
  const { ctx, record, chambers, linkable } = props;
  const { t } = ctx;
  const { slug } = record.space;
  const unlinked = linkable.filter((l) => !chambers.some((c) => c.slug === l.slug));
  return (
    <>
      <h2>{t("commons.chambers")}</h2>
      <ul>
        {chambers.map((c) => (
          <li key={c.slug}>
            <a href={urls.space(c.slug)}>{c.name}</a>
            {linkable.some((l) => l.slug === c.slug) && (
              <ActionButton
                ctx={ctx}
                action={urls.commonsChamberUnlink(slug, record.slug, c.slug)}
                label={t("commons.unlinkChamber")}
                about={c.name}
                kind="secondary"
              />
            )}
          </li>
        ))}
      </ul>
      {unlinked.length > 0 && (
        <Form ctx={ctx} action={urls.commonsChambers(slug, record.slug)} class="row">
          <Select
            ctx={ctx}
            name="chamber"
            label={t("commons.linkChamber")}
            options={unlinked.map((l) => ({ value: l.slug, label: l.name }))}
          />
          <button type="submit" class="button">
            {t("commons.link")}
          </button>
        </Form>
      )}
    </>
  );
}

export function DetailView(props: {
  ctx: PageContext;
  record: CommonsRecord;
  images: Image[];
  related: { slug: string; name: string; summary: string }[];
  commoners: Commoner[];
  pending: Commoner[];
  chambers: { slug: string; name: string }[];
  linkableChambers: { slug: string; name: string }[];
  history: { id: string; at: string; action: string; actorName: string | null }[];
  canEdit: boolean;
  canCurate: boolean;
  canDeclare: boolean;
  map: PlaceMap;
  declaration: "confirmed" | "pending" | null;
}) {
  const { ctx, record } = props;
  const { t } = ctx;
  const { slug } = record.space;
  return (
    <>
      <SectionTabs {...directoryTabs(t, record.space, "none", props.canCurate)} />
      <article class="commons">
        <p class="kicker">
          {record.kindLabel} · {t(`commons.status.${record.status}`)}
        </p>
        <h1>{record.name}</h1>
        {record.summary && <p class="lead">{record.summary}</p>}
        {props.canEdit && (
          <p>
            <a class="button" href={urls.commonsEdit(slug, record.slug)}>
              {t("commons.edit")}
            </a>
          </p>
        )}
        {record.tagRefs.length > 0 && (
          <ul class="tags" aria-label={t("commons.tags")}>
            {record.tagRefs.map((tag) => (
              <li key={tag.slug}>
                <a href={urls.tag(slug, tag.slug)}>{tag.label}</a>
              </li>
            ))}
          </ul>
        )}
        <Images ctx={ctx} record={record} images={props.images} canEdit={props.canEdit} />
        {record.description && (
          <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(record.description) }} />
        )}
        <RecordPlaces ctx={ctx} record={record} canEdit={props.canEdit} map={props.map} />
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
                <a href={urls.commons(slug, r.slug)}>{r.name}</a>
                {props.canEdit && (
                  <ActionButton
                    ctx={ctx}
                    action={urls.commonsUnrelate(slug, record.slug, r.slug)}
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
          <Form ctx={ctx} action={urls.commonsRelate(slug, record.slug)} class="row">
            <CommonsChoice
              ctx={ctx}
              space={slug}
              id="other"
              name="other"
              label={t("commons.relateTo")}
              hint={t("commons.relateHint")}
            />
            <button type="submit" class="button">
              {t("commons.relate")}
            </button>
          </Form>
        )}
        <Commoners
          ctx={ctx}
          record={record}
          commoners={props.commoners}
          pending={props.pending}
          canDeclare={props.canDeclare}
          declaration={props.declaration}
        />
        {(props.chambers.length > 0 || props.linkableChambers.length > 0) && (
          <Chambers ctx={ctx} record={record} chambers={props.chambers} linkable={props.linkableChambers} />
        )}
        {props.canEdit && record.origins.length > 0 && (
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
            <form method="get" action={urls.commonsMerge(slug, record.slug)} class="row">
              <CommonsChoice
                ctx={ctx}
                space={slug}
                id="merge-other"
                name="autre"
                label={t("commons.mergeFrom")}
                hint={t("commons.mergeHint")}
              />
              <button type="submit" class="button">
                {t("commons.merge")}
              </button>
            </form>
            <ActionButton
              ctx={ctx}
              action={urls.commonsDelete(slug, record.slug)}
              label={t("commons.delete")}
              kind="danger"
            />
          </section>
        )}
      </article>
      {props.canEdit && <ChoiceScript />}
    </>
  );
}
