import { Field, FieldFrame, Form, type FormState } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";

// The treasurer's page of expense categories: rename each, archive or restore it, delete an unused one,
// add one from the associations' chart of accounts.

export interface CategoriesData {
  space: { slug: string; name: string };
  categories: { code: string; label: string; archived: boolean; used: boolean }[];
}

/** A refused form, and which category it was about (none for the add form). */
export interface CategoryRefusal {
  code?: string;
  state: FormState;
}

function CategoryRow(props: {
  ctx: PageContext;
  slug: string;
  category: CategoriesData["categories"][number];
  refused?: FormState;
}) {
  const { ctx, slug, category: c, refused } = props;
  const { t } = ctx;
  const action = urls.treasuryCategory(slug, c.code);
  const id = `label-${c.code}`;
  return (
    <li data-category={c.code} class={c.archived ? "archived" : undefined}>
      <p>
        <strong>{c.code}</strong> {c.label}
        {c.archived && <span class="meta"> · {t("treasury.categories.archived")}</span>}
        {c.used && <span class="meta"> · {t("treasury.categories.used")}</span>}
      </p>
      <Form ctx={ctx} action={action} state={refused} class="row">
        <input type="hidden" name="change" value="rename" />
        <FieldFrame
          ctx={ctx}
          id={id}
          label={t("treasury.categories.newLabel", { code: c.code })}
          error={refused?.errors.categoryLabel}
        >
          {(control) => (
            <input
              {...control}
              name="categoryLabel"
              value={refused?.values.categoryLabel ?? c.label}
              maxLength={120}
              required
            />
          )}
        </FieldFrame>
        <button type="submit">{t("treasury.categories.rename")}</button>
      </Form>
      <div class="row">
        <ChangeButton ctx={ctx} action={action} change={c.archived ? "restore" : "archive"} about={c.label} />
        {!c.used && <ChangeButton ctx={ctx} action={action} change="delete" about={c.label} />}
      </div>
    </li>
  );
}

function ChangeButton(props: { ctx: PageContext; action: string; change: string; about: string }) {
  const { ctx } = props;
  return (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <input type="hidden" name="change" value={props.change} />
      <button type="submit" class={props.change === "delete" ? "danger" : "secondary"}>
        {ctx.t(`treasury.categories.${props.change}`)}
        <span class="visually-hidden"> — {props.about}</span>
      </button>
    </form>
  );
}

export function CategoriesView({
  ctx,
  data,
  refused,
}: {
  ctx: PageContext;
  data: CategoriesData;
  refused?: CategoryRefusal;
}) {
  const { t } = ctx;
  const { slug } = data.space;
  const adding = refused && !refused.code ? refused.state : undefined;
  return (
    <article class="categories">
      <header>
        <p class="kicker">
          <a href={urls.treasury(slug)}>{t("treasury.title")}</a> · {data.space.name}
        </p>
        <h1>{t("treasury.categories.title")}</h1>
        <p>{t("treasury.categories.intro")}</p>
      </header>
      {refused?.code && refused.state.message && (
        <div class="form-error" role="alert">
          <p>{refused.state.message}</p>
        </div>
      )}
      <ul class="members">
        {data.categories.map((c) => (
          <CategoryRow
            key={c.code}
            ctx={ctx}
            slug={slug}
            category={c}
            refused={refused?.code === c.code ? refused.state : undefined}
          />
        ))}
      </ul>
      <section aria-labelledby="ajouter" class="panel">
        <h2 id="ajouter">{t("treasury.categories.add")}</h2>
        <Form ctx={ctx} action={urls.treasuryCategories(slug)} state={adding}>
          <Field
            ctx={ctx}
            name="categoryCode"
            label={t("field.categoryCode")}
            hint={t("treasury.categories.codeHint")}
            state={adding}
            maxLength={8}
            required
          />
          <Field
            ctx={ctx}
            name="categoryLabel"
            label={t("field.categoryLabel")}
            state={adding}
            maxLength={120}
            required
          />
          <div>
            <button type="submit" class="primary">
              {t("treasury.categories.addSubmit")}
            </button>
          </div>
        </Form>
      </section>
    </article>
  );
}
