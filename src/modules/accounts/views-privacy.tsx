import { Field, Form, type FormState, Select } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";

const GOES = [1, 2, 3, 4, 5];
const STAYS = [1, 2, 3, 4, 5];

/** On the profile page: the person's data to download, and the way to delete the account. */
export function PrivacySection({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="profile-privacy">
      <h2 id="profile-privacy">{t("privacy.title")}</h2>
      <p>{t("privacy.intro")}</p>
      <ul>
        <li>
          <a href={urls.profileData()} download>
            {t("privacy.download")}
          </a>
        </li>
        <li>
          <a href={urls.profileDelete()}>{t("privacy.deleteLink")}</a>
        </li>
      </ul>
    </section>
  );
}

export interface DeletionFacts {
  displayName: string;
  lastAdmin: boolean;
}

/** What goes and what stays, said before the password that confirms it. */
export function DeleteAccountView({
  ctx,
  facts,
  state,
}: {
  ctx: PageContext;
  facts: DeletionFacts;
  state?: FormState;
}) {
  const { t } = ctx;
  return (
    <section class="narrow">
      <h1>{t("delete.title")}</h1>
      <h2>{t("delete.goes")}</h2>
      <ul>
        {GOES.map((n) => (
          <li key={n}>{t(`delete.goes.${n}`)}</li>
        ))}
      </ul>
      <h2>{t("delete.stays")}</h2>
      <ul>
        {STAYS.map((n) => (
          <li key={n}>{t(`delete.stays.${n}`)}</li>
        ))}
      </ul>
      <Form ctx={ctx} action={urls.profileDelete()} state={state}>
        <Select
          ctx={ctx}
          state={state}
          name="shownAs"
          label={t("delete.shownAs")}
          value="anonymous"
          options={[
            { value: "anonymous", label: t("delete.shownAs.anonymous") },
            { value: "name", label: t("delete.shownAs.name", { name: facts.displayName }) },
          ]}
        />
        {facts.lastAdmin && (
          <Field
            ctx={ctx}
            state={state}
            name="successor"
            type="email"
            label={t("delete.successor")}
            hint={t("delete.successorHint")}
            required
          />
        )}
        <Field
          ctx={ctx}
          state={state}
          name="current"
          type="password"
          label={t("field.currentPassword")}
          autocomplete="current-password"
          required
        />
        <button type="submit" class="danger">
          {t("delete.confirm")}
        </button>
      </Form>
    </section>
  );
}
