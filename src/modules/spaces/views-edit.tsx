import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { euros } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { Space } from "./service.ts";
import { SpaceHeader } from "./views.tsx";

/** The form's first values: what the space says of itself today. */
export function spaceValues(space: Space): FormState {
  return {
    values: {
      name: space.name,
      summary: space.summary,
      territory: space.territory ?? "",
      theme: space.theme ?? "",
      assembly: space.assembly?.slug ?? "",
      correctionsDays: String(space.settings.correctionsDays),
      tasksRule: space.settings.tasksRule,
    },
    errors: {},
  };
}

function LogoForm({ ctx, space, state }: { ctx: PageContext; space: Space; state: FormState | undefined }) {
  const { t } = ctx;
  return (
    <form method="post" action={urls.spaceLogo(space.slug)} encType="multipart/form-data">
      <h3>{t("space.logo")}</h3>
      {space.logo && (
        <img class="space-logo" src={space.logo} alt={t("space.logoOf", { name: space.name })} />
      )}
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <FieldFrame ctx={ctx} id="logo" label={t("space.logoFile")} error={state?.errors.logo}>
        {(control) => (
          <input {...control} name="logo" type="file" accept="image/jpeg,image/png,image/webp,image/gif" />
        )}
      </FieldFrame>
      <button type="submit">{t("space.logoSend")}</button>
    </form>
  );
}

/** Editing a space: an assembly's territory, a chamber's theme and linked assembly; never its slug. */
export function EditSpaceView({
  ctx,
  space,
  assemblies,
  state,
  logoState,
}: {
  ctx: PageContext;
  space: Space;
  assemblies: { slug: string; name: string }[];
  state: FormState;
  /** The logo's form, when it was refused. */
  logoState?: FormState;
}) {
  const { t } = ctx;
  return (
    <>
      <SpaceHeader ctx={ctx} space={space} current="home" />
      <section class="narrow">
        <h2>{t("space.edit")}</h2>
        <Form ctx={ctx} action={urls.spaceEdit(space.slug)} state={state}>
          <Field ctx={ctx} state={state} name="name" label={t("field.name")} required maxLength={120} />
          <Field ctx={ctx} state={state} name="summary" label={t("field.summary")} maxLength={300} />
          {space.kind === "assembly" ? (
            <Field
              ctx={ctx}
              state={state}
              name="territory"
              label={t("field.territory")}
              hint={t("field.territoryHint")}
              required
              maxLength={120}
            />
          ) : (
            <>
              <Field
                ctx={ctx}
                state={state}
                name="theme"
                label={t("field.theme")}
                hint={t("field.themeHint")}
                required
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
            </>
          )}
          <SettingsFields ctx={ctx} space={space} state={state} />
          <p class="hint">{t("space.slugStays", { slug: space.slug })}</p>
          <button type="submit" class="primary">
            {t("space.save")}
          </button>
        </Form>
        <LogoForm ctx={ctx} space={space} state={logoState} />
      </section>
    </>
  );
}

/**
 * How the space runs its meetings and tasks; a chamber's task rule is its own. Its do-ocracy cap is
 * shown, not edited: it changes only by an adopted decision, proposed from the rules' page.
 */
function SettingsFields({ ctx, space, state }: { ctx: PageContext; space: Space; state: FormState }) {
  const { t } = ctx;
  const kind = space.kind;
  return (
    <fieldset>
      <legend>{t("space.settings")}</legend>
      <Field
        ctx={ctx}
        state={state}
        name="correctionsDays"
        type="number"
        label={t("field.correctionsDays")}
        hint={t("field.correctionsDaysHint")}
      />
      {kind === "chamber" && (
        <>
          <p class="hint">
            {t("space.capByDecision", { cap: euros(space.settings.doocracyCap) })}{" "}
            <a href={urls.rulesPropose(space.slug)}>{t("space.capPropose")}</a>
          </p>
          <Select
            ctx={ctx}
            state={state}
            name="tasksRule"
            label={t("field.tasksRule")}
            options={[
              { value: "members", label: t("space.tasksRule.members") },
              { value: "facilitators", label: t("space.tasksRule.facilitators") },
            ]}
          />
        </>
      )}
    </fieldset>
  );
}
