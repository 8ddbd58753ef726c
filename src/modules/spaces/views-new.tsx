import { emptyForm, Field, Form, type FormState, Select } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";

export function NewSpaceView({
  ctx,
  assemblies,
  state = emptyForm,
}: {
  ctx: PageContext;
  assemblies: { slug: string; name: string }[];
  state?: FormState;
}) {
  const { t } = ctx;
  return (
    <section class="narrow">
      <h1>{t("space.new")}</h1>
      <Form ctx={ctx} action={urls.spaces()} state={state}>
        <Select
          ctx={ctx}
          state={state}
          name="kind"
          label={t("field.kind")}
          options={[
            { value: "assembly", label: t("kind.assembly") },
            { value: "chamber", label: t("kind.chamber") },
          ]}
        />
        <Field ctx={ctx} state={state} name="name" label={t("field.name")} required maxLength={120} />
        <Field
          ctx={ctx}
          state={state}
          name="slug"
          label={t("field.slug")}
          hint={t("field.slugHint")}
          maxLength={60}
        />
        <Field ctx={ctx} state={state} name="summary" label={t("field.summary")} maxLength={300} />
        <Field
          ctx={ctx}
          state={state}
          name="territory"
          label={t("field.territory")}
          hint={t("field.territoryHint")}
          maxLength={120}
        />
        <Field
          ctx={ctx}
          state={state}
          name="theme"
          label={t("field.theme")}
          hint={t("field.themeHint")}
          maxLength={120}
        />
        <Select
          ctx={ctx}
          state={state}
          name="assembly"
          label={t("field.assembly")}
          options={[
            { value: "", label: t("field.noAssembly") },
            ...assemblies.map((a) => ({ value: a.slug, label: a.name })),
          ]}
        />
        <button type="submit" class="primary">
          {t("space.create")}
        </button>
      </Form>
    </section>
  );
}
