import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { fieldMessage } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { SectionTabs } from "../../web/tabs.tsx";
import { urls } from "../../web/urls.ts";
import { directoryTabs } from "../commons/service.ts";
import { TAG_LIMITS, type TagItem, type Vocabulary } from "./types.ts";

/** Which of a page's forms was refused, and what to show in it again. */
export interface FailedForm {
  form: string;
  state: FormState;
}

export function stateOf(failed: FailedForm | undefined, form: string): FormState | undefined {
  return failed?.form === form ? failed.state : undefined;
}

/** The families a governed tag may go in, after a first empty choice. */
function familyOptions(ctx: PageContext, families: { id: string; name: string }[]) {
  return [
    { value: "", label: ctx.t("tags.chooseFamily") },
    ...families.map((f) => ({ value: f.id, label: f.name })),
  ];
}

function TagList({ ctx, space, tags }: { ctx: PageContext; space: string; tags: TagItem[] }) {
  const { t } = ctx;
  return (
    <ul>
      {tags.map((tag) => (
        <li key={tag.slug}>
          <a href={urls.tag(space, tag.slug)}>{tag.label}</a>{" "}
          <span class="meta">({t("tags.count", { count: tag.count })})</span>
          {tag.synonyms.length > 0 && (
            <span class="meta"> · {t("tags.synonymsInline", { list: tag.synonyms.join(", ") })}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Rename or move a family: one small form per family, folded away until opened. */
function FamilyForm(props: {
  ctx: PageContext;
  space: string;
  family: Vocabulary["families"][number];
  count: number;
  state?: FormState;
}) {
  const { ctx, family, state } = props;
  const { t } = ctx;
  const id = (field: string) => `family-${field}-${family.id}`;
  const position = state?.values.position ?? String(family.position + 1);
  return (
    <details open={state !== undefined}>
      <summary>
        {t("tags.familyEdit")}
        <span class="visually-hidden"> — {family.name}</span>
      </summary>
      <form method="post" action={urls.tagFamily(props.space, family.id)} class="stack">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {state?.message && (
          <p class="form-error" role="alert">
            {state.message}
          </p>
        )}
        <FieldFrame ctx={ctx} id={id("name")} label={t("tags.familyName")} error={state?.errors.name}>
          {(control) => (
            <input
              {...control}
              name="name"
              value={state?.values.name ?? family.name}
              maxLength={TAG_LIMITS.family}
              required
            />
          )}
        </FieldFrame>
        <FieldFrame
          ctx={ctx}
          id={id("position")}
          label={t("tags.familyPosition")}
          error={state?.errors.position}
        >
          {(control) => (
            <select {...control} name="position">
              {Array.from({ length: props.count }, (_, i) => String(i + 1)).map((n) => (
                <option key={n} value={n} selected={n === position}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <button type="submit">
          {t("tags.save")}
          <span class="visually-hidden"> — {family.name}</span>
        </button>
      </form>
    </details>
  );
}

/** "Intégrer au vocabulaire": a free tag goes into the family chosen. */
function IntegrateForm(props: {
  ctx: PageContext;
  space: string;
  tag: TagItem;
  families: { id: string; name: string }[];
  state?: FormState;
}) {
  const { ctx, tag, state } = props;
  const { t } = ctx;
  const id = `integrate-${tag.slug}`;
  const error = state?.errors.family;
  return (
    <form method="post" action={urls.tag(props.space, tag.slug)} class="row">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <input type="hidden" name="integrate" value="1" />
      {error && (
        <p class="error" id={`${id}-error`} role="alert">
          {fieldMessage(ctx.lang, error)}
        </p>
      )}
      <label for={id} class="visually-hidden">
        {t("tags.family")} — {tag.label}
      </label>
      <select
        id={id}
        name="family"
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {familyOptions(ctx, props.families).map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (state?.values.family ?? "")}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit">
        {t("tags.integrate")}
        <span class="visually-hidden"> — {tag.label}</span>
      </button>
    </form>
  );
}

function NewFamilyForm({ ctx, space, state }: { ctx: PageContext; space: string; state?: FormState }) {
  return (
    <section aria-labelledby="new-family">
      <h2 id="new-family">{ctx.t("tags.newFamily")}</h2>
      <Form ctx={ctx} action={urls.tagFamilies(space)} state={state}>
        <Field
          ctx={ctx}
          state={state}
          name="name"
          label={ctx.t("tags.familyName")}
          required
          maxLength={TAG_LIMITS.family}
        />
        <button type="submit" class="primary">
          {ctx.t("tags.createFamily")}
        </button>
      </Form>
    </section>
  );
}

/** Label, family, description and synonyms: the new tag form and the edit form alike. */
export function TagFields(props: {
  ctx: PageContext;
  state?: FormState;
  families: { id: string; name: string }[];
  value?: { label: string; family: string; description: string; synonyms: string[] };
}) {
  const { ctx, state, value } = props;
  const { t } = ctx;
  return (
    <>
      <Field
        ctx={ctx}
        state={state}
        name="label"
        label={t("tags.label")}
        hint={t("tags.labelHint")}
        required
        maxLength={TAG_LIMITS.label}
        value={value?.label}
      />
      <Select
        ctx={ctx}
        state={state}
        name="family"
        label={t("tags.family")}
        options={familyOptions(ctx, props.families)}
        value={value?.family}
      />
      <FieldFrame
        ctx={ctx}
        id="description"
        label={t("tags.description")}
        hint={t("tags.descriptionHint")}
        error={state?.errors.description}
      >
        {(control) => (
          <textarea {...control} name="description" rows={4} maxLength={TAG_LIMITS.description}>
            {state?.values.description ?? value?.description ?? ""}
          </textarea>
        )}
      </FieldFrame>
      <Field
        ctx={ctx}
        state={state}
        name="synonyms"
        label={t("tags.synonyms")}
        hint={t("tags.synonymsHint")}
        value={value?.synonyms.join(", ")}
      />
    </>
  );
}

function NewTagForm(props: {
  ctx: PageContext;
  space: string;
  families: { id: string; name: string }[];
  state?: FormState;
}) {
  const { ctx } = props;
  return (
    <section aria-labelledby="nouvelle-etiquette">
      <h2 id="nouvelle-etiquette">{ctx.t("tags.newTag")}</h2>
      {props.families.length === 0 && <p class="hint">{ctx.t("tags.familyFirst")}</p>}
      <Form ctx={ctx} action={urls.tags(props.space)} state={props.state}>
        <TagFields ctx={ctx} state={props.state} families={props.families} />
        <button type="submit" class="primary">
          {ctx.t("tags.createTag")}
        </button>
      </Form>
    </section>
  );
}

function FreeTags(props: { ctx: PageContext; vocabulary: Vocabulary; failed?: FailedForm }) {
  const { ctx, vocabulary } = props;
  const { t } = ctx;
  const space = vocabulary.space.slug;
  const families = vocabulary.families.map((f) => ({ id: f.id, name: f.name }));
  const canIntegrate = vocabulary.canCurate && families.length > 0;
  return (
    <section aria-labelledby="free-tags">
      <h2 id="free-tags">{t("tags.free")}</h2>
      <p class="hint">{t("tags.freeHint")}</p>
      {vocabulary.canCurate && families.length === 0 && <p class="hint">{t("tags.familyFirst")}</p>}
      {vocabulary.free.length === 0 ? (
        <p class="empty">{t("tags.noFree")}</p>
      ) : (
        <ul class="members">
          {vocabulary.free.map((tag) => (
            <li key={tag.slug}>
              <a href={urls.tag(space, tag.slug)}>{tag.label}</a>{" "}
              <span class="meta">({t("tags.count", { count: tag.count })})</span>
              {canIntegrate && (
                <IntegrateForm
                  ctx={ctx}
                  space={space}
                  tag={tag}
                  families={families}
                  state={stateOf(props.failed, `integrate-${tag.slug}`)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The vocabulary of an assembly: families in order with their governed tags, free tags apart. */
export function VocabularyView(props: { ctx: PageContext; vocabulary: Vocabulary; failed?: FailedForm }) {
  const { ctx, vocabulary, failed } = props;
  const { t } = ctx;
  const space = vocabulary.space.slug;
  const families = vocabulary.families.map((f) => ({ id: f.id, name: f.name }));
  return (
    <>
      <SectionTabs {...directoryTabs(t, vocabulary.space, "tags", vocabulary.canCurate)} />
      <h1>{t("tags.title")}</h1>
      <p class="lead">{t("tags.intro")}</p>
      {vocabulary.canCurate && (
        <p>
          <a href="#nouvelle-etiquette">{t("tags.newTag")}</a> ·{" "}
          <a href="#new-family">{t("tags.newFamily")}</a>
        </p>
      )}
      <section aria-labelledby="families">
        <h2 id="families">{t("tags.families")}</h2>
        {vocabulary.families.length === 0 && vocabulary.unfiled.length === 0 && (
          <p class="empty">{t("tags.noFamilies")}</p>
        )}
        {vocabulary.families.map((family) => (
          <section key={family.id} class="panel" aria-labelledby={`family-${family.id}`}>
            <h3 id={`family-${family.id}`}>{family.name}</h3>
            {family.tags.length === 0 ? (
              <p class="empty">{t("tags.familyEmpty")}</p>
            ) : (
              <TagList ctx={ctx} space={space} tags={family.tags} />
            )}
            {vocabulary.canCurate && (
              <FamilyForm
                ctx={ctx}
                space={space}
                family={family}
                count={vocabulary.families.length}
                state={stateOf(failed, `family-${family.id}`)}
              />
            )}
          </section>
        ))}
        {vocabulary.unfiled.length > 0 && (
          <section class="panel" aria-labelledby="unfiled">
            <h3 id="unfiled">{t("tags.unfiled")}</h3>
            <TagList ctx={ctx} space={space} tags={vocabulary.unfiled} />
          </section>
        )}
      </section>
      <FreeTags ctx={ctx} vocabulary={vocabulary} failed={failed} />
      {vocabulary.canCurate && (
        <>
          <NewTagForm ctx={ctx} space={space} families={families} state={stateOf(failed, "tag-new")} />
          <NewFamilyForm ctx={ctx} space={space} state={stateOf(failed, "family-new")} />
        </>
      )}
    </>
  );
}
