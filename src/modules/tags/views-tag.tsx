import type { ComponentChildren } from "preact";
import { Form, Select } from "../../web/forms.tsx";
import { fieldMessage } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { SectionTabs } from "../../web/tabs.tsx";
import { Thumbnail } from "../../web/thumbnail.tsx";
import { urls } from "../../web/urls.ts";
import { directoryTabs } from "../commons/service.ts";
import type { TagPage } from "./types.ts";
import { type FailedForm, stateOf, TagFields } from "./views.tsx";

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== "")
        .map((p) => (
          <p key={p}>{p}</p>
        ))}
    </>
  );
}

function CuratorForms({ ctx, page, failed }: { ctx: PageContext; page: TagPage; failed?: FailedForm }) {
  const { t } = ctx;
  const { tag } = page;
  const space = page.space.slug;
  const deleteState = stateOf(failed, "delete");
  const confirmError = deleteState?.errors.confirm;
  return (
    <>
      <section aria-labelledby="edit">
        <h2 id="edit">{tag.governed ? t("tags.edit") : t("tags.integrateTitle")}</h2>
        {!tag.governed && <p class="hint">{t("tags.integrateHint")}</p>}
        <Form ctx={ctx} action={urls.tag(space, tag.slug)} state={stateOf(failed, "edit")}>
          <TagFields
            ctx={ctx}
            state={stateOf(failed, "edit")}
            families={page.families}
            value={{
              label: tag.label,
              family: tag.family?.id ?? "",
              description: tag.description,
              synonyms: tag.synonyms,
            }}
          />
          <button type="submit" class="primary">
            {tag.governed ? t("tags.save") : t("tags.integrate")}
          </button>
        </Form>
      </section>
      {page.others.length > 0 && (
        <section aria-labelledby="merge">
          <h2 id="merge">{t("tags.merge")}</h2>
          <p class="hint">{t("tags.mergeHint", { label: tag.label })}</p>
          <Form ctx={ctx} action={urls.tagMerge(space, tag.slug)} state={stateOf(failed, "merge")}>
            <Select
              ctx={ctx}
              state={stateOf(failed, "merge")}
              name="into"
              label={t("tags.mergeInto")}
              options={[
                { value: "", label: t("tags.chooseTag") },
                ...page.others.map((o) => ({
                  value: o.slug,
                  label: o.governed ? o.label : t("tags.freeOption", { label: o.label }),
                })),
              ]}
            />
            <button type="submit">{t("tags.mergeButton")}</button>
          </Form>
        </section>
      )}
      <section aria-labelledby="delete">
        <h2 id="delete">{t("tags.delete")}</h2>
        <p class="hint">
          {tag.count > 0 ? t("tags.deleteHint", { count: tag.count }) : t("tags.deleteHintUnused")}
        </p>
        <Form ctx={ctx} action={urls.tagDelete(space, tag.slug)} state={deleteState}>
          {tag.count > 0 && (
            <div class={confirmError ? "field checkbox has-error" : "field checkbox"}>
              {confirmError && (
                <p class="error" id="confirm-error">
                  {fieldMessage(ctx.lang, confirmError)}
                </p>
              )}
              <input
                type="checkbox"
                id="confirm"
                name="confirm"
                value="1"
                aria-describedby={confirmError ? "confirm-error" : undefined}
              />
              <label for="confirm">{t("tags.deleteConfirm", { count: tag.count })}</label>
            </div>
          )}
          <button type="submit" class="danger">
            {t("tags.deleteButton")}
          </button>
        </Form>
      </section>
    </>
  );
}

/** What everyone sees of a tag: its meaning, synonyms and the records carrying it. */
export function TagSummary({ ctx, page }: { ctx: PageContext; page: TagPage }) {
  const { t } = ctx;
  const { tag, space } = page;
  const filter = { tag: tag.slug };
  const kicker = !tag.governed
    ? t("tags.freeTag")
    : tag.family
      ? t("tags.inFamily", { name: tag.family.name })
      : t("tags.governedTag");
  return (
    <>
      <SectionTabs {...directoryTabs(t, space, "tags", page.canCurate)} />
      <p class="kicker">{kicker}</p>
      <h1>{tag.label}</h1>
      {tag.description && <Paragraphs text={tag.description} />}
      <p>
        <strong>{t("tags.synonyms")} :</strong>{" "}
        {tag.synonyms.length > 0 ? tag.synonyms.join(", ") : <span class="meta">{t("tags.noSynonyms")}</span>}
      </p>
      <p>
        <a href={urls.commonsList(space.slug, filter)}>{t("tags.seeList")}</a> ·{" "}
        <a href={urls.commonsMap(space.slug, filter)}>{t("tags.seeMap")}</a>
      </p>
      <section aria-labelledby="carriers">
        <h2 id="carriers">{t("tags.carriers", { count: tag.count })}</h2>
        {page.commons.length === 0 ? (
          <p class="empty">{t("tags.noCarriers")}</p>
        ) : (
          <ul class="cards">
            {page.commons.map((c) => (
              <li key={c.slug} class="card">
                <Thumbnail image={c.image} />
                <h3>
                  <a href={urls.commons(space.slug, c.slug)}>{c.name}</a>
                </h3>
                {c.summary && <p>{c.summary}</p>}
              </li>
            ))}
          </ul>
        )}
        {tag.count > page.commons.length && (
          <p>
            <a href={urls.commonsList(space.slug, filter)}>{t("tags.seeAll", { count: tag.count })}</a>
          </p>
        )}
      </section>
    </>
  );
}

/** One tag's page (with its summary when already rendered): curators edit, merge or delete the tag. */
export function TagView(props: {
  ctx: PageContext;
  page: TagPage;
  failed?: FailedForm;
  summary?: ComponentChildren;
}) {
  const { ctx, page } = props;
  return (
    <>
      {props.summary ?? <TagSummary ctx={ctx} page={page} />}
      {page.canCurate && <CuratorForms ctx={ctx} page={page} failed={props.failed} />}
      <p>
        <a href={urls.tags(page.space.slug)}>{ctx.t("tags.back")}</a>
      </p>
    </>
  );
}
