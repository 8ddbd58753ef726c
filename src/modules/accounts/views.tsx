import { LANGUAGES } from "../../core/accounts.ts";
import { ActionButton, emptyForm, Field, Form, type FormState, Select } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { PrivacySection } from "./views-privacy.tsx";

export function RegisterView({ ctx, state = emptyForm }: { ctx: PageContext; state?: FormState }) {
  const { t } = ctx;
  return (
    <section class="narrow">
      <h1>{t("register.title")}</h1>
      <Form ctx={ctx} action={urls.register()} state={state}>
        <Field
          ctx={ctx}
          state={state}
          name="email"
          type="email"
          label={t("field.email")}
          autocomplete="email"
          required
        />
        <NewPasswordField ctx={ctx} state={state} label={t("field.password")} />
        <ProfileFields ctx={ctx} state={state} />
        <button type="submit" class="primary">
          {t("register.submit")}
        </button>
      </Form>
      <p>
        <a href={urls.login()}>{t("register.haveAccount")}</a>
      </p>
    </section>
  );
}

/** A password being chosen: the browser may suggest one, the hint says the rule. */
function NewPasswordField({ ctx, state, label }: { ctx: PageContext; state?: FormState; label: string }) {
  return (
    <Field
      ctx={ctx}
      state={state}
      name="password"
      type="password"
      label={label}
      hint={ctx.t("field.passwordHint")}
      autocomplete="new-password"
      required
    />
  );
}

/** Who one is, as others see it: name, one-line introduction, language. */
function ProfileFields({ ctx, state }: { ctx: PageContext; state: FormState }) {
  const { t } = ctx;
  return (
    <>
      <Field
        ctx={ctx}
        state={state}
        name="displayName"
        label={t("field.displayName")}
        autocomplete="name"
        required
        maxLength={80}
      />
      <Field
        ctx={ctx}
        state={state}
        name="introduction"
        label={t("field.introduction")}
        hint={t("field.introductionHint")}
        maxLength={200}
      />
      <Select
        ctx={ctx}
        state={state}
        name="language"
        label={t("field.language")}
        value={ctx.lang}
        options={LANGUAGES.map((lang) => ({ value: lang, label: t(`lang.${lang}`), lang }))}
      />
    </>
  );
}

export function CheckMailView({ ctx }: { ctx: PageContext }) {
  return (
    <section class="narrow">
      <h1>{ctx.t("register.checkMail.title")}</h1>
      <p>{ctx.t("register.checkMail.body")}</p>
      <p>
        <a href={urls.login()}>{ctx.t("nav.login")}</a>
      </p>
    </section>
  );
}

export function ConfirmView({ ctx, secret, valid }: { ctx: PageContext; secret: string; valid: boolean }) {
  const { t } = ctx;
  return (
    <section class="narrow">
      <h1>{t("confirm.title")}</h1>
      {valid ? (
        <>
          <p>{t("confirm.intro")}</p>
          <Form ctx={ctx} action={urls.confirmation(secret)}>
            <button type="submit" class="primary">
              {t("confirm.submit")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p class="form-error">{t("confirm.invalid")}</p>
          <p>
            <a href={urls.login()}>{t("nav.login")}</a>
          </p>
        </>
      )}
    </section>
  );
}

export function LoginView({
  ctx,
  state = emptyForm,
  next,
}: {
  ctx: PageContext;
  state?: FormState;
  next: string;
}) {
  const { t } = ctx;
  return (
    <section class="narrow">
      <h1>{t("login.title")}</h1>
      <Form ctx={ctx} action={urls.login(next)} state={state}>
        <Field
          ctx={ctx}
          state={state}
          name="email"
          type="email"
          label={t("field.email")}
          autocomplete="username"
          required
        />
        <Field
          ctx={ctx}
          state={state}
          name="password"
          type="password"
          label={t("field.password")}
          autocomplete="current-password"
          required
        />
        <button type="submit" class="primary">
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <a href={urls.forgotPassword()}>{t("login.forgot")}</a>
      </p>
      <p>
        <a href={urls.register()}>{t("login.noAccount")}</a>
      </p>
    </section>
  );
}

export function ForgotView({ ctx, state = emptyForm }: { ctx: PageContext; state?: FormState }) {
  const { t } = ctx;
  return (
    <section class="narrow">
      <h1>{t("forgot.title")}</h1>
      <p>{t("forgot.intro")}</p>
      <Form ctx={ctx} action={urls.forgotPassword()} state={state}>
        <Field
          ctx={ctx}
          state={state}
          name="email"
          type="email"
          label={t("field.email")}
          autocomplete="email"
          required
        />
        <button type="submit" class="primary">
          {t("forgot.submit")}
        </button>
      </Form>
    </section>
  );
}

export function ResetView({
  ctx,
  state = emptyForm,
  secret,
  valid,
}: {
  ctx: PageContext;
  state?: FormState;
  secret: string;
  valid: boolean;
}) {
  const { t } = ctx;
  if (!valid) {
    return (
      <section class="narrow">
        <h1>{t("reset.title")}</h1>
        <p class="form-error">{t("reset.invalid")}</p>
        <p>
          <a href={urls.forgotPassword()}>{t("forgot.submit")}</a>
        </p>
      </section>
    );
  }
  return (
    <section class="narrow">
      <h1>{t("reset.title")}</h1>
      <Form ctx={ctx} action={urls.passwordReset(secret)} state={state}>
        <NewPasswordField ctx={ctx} state={state} label={t("field.newPassword")} />
        <button type="submit" class="primary">
          {t("reset.submit")}
        </button>
      </Form>
    </section>
  );
}

export interface TokenSummary {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ProfileData {
  tokens: TokenSummary[];
  newToken?: string;
  spaces: { slug: string; name: string; role: string; status: string }[];
  profileState?: FormState;
  passwordState?: FormState;
  tokenState?: FormState;
}

export function ProfileView({ ctx, data }: { ctx: PageContext; data: ProfileData }) {
  const { t } = ctx;
  const person = ctx.person;
  if (!person) return null;
  const profileState = data.profileState ?? {
    values: { displayName: person.displayName, introduction: person.introduction, language: person.language },
    errors: {},
  };
  return (
    <>
      <h1>{t("profile.title")}</h1>
      <section aria-labelledby="profile-spaces">
        <h2 id="profile-spaces">{t("profile.spaces")}</h2>
        {data.spaces.length === 0 ? (
          <p class="empty">{t("profile.noSpaces")}</p>
        ) : (
          <ul>
            {data.spaces.map((space) => (
              <li key={space.slug}>
                <a href={urls.space(space.slug)}>{space.name}</a> —{" "}
                {space.status === "pending" ? t("space.youArePending") : t(`role.${space.role}`)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="profile-edit" class="narrow">
        <h2 id="profile-edit">{t("profile.edit")}</h2>
        <p class="meta">{person.email}</p>
        <Form ctx={ctx} action={urls.profile()} state={profileState}>
          <ProfileFields ctx={ctx} state={profileState} />
          <button type="submit" class="primary">
            {t("profile.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="profile-password" class="narrow">
        <h2 id="profile-password">{t("profile.password")}</h2>
        <Form ctx={ctx} action={urls.profilePassword()} state={data.passwordState}>
          <Field
            ctx={ctx}
            state={data.passwordState}
            name="current"
            type="password"
            label={t("field.currentPassword")}
            autocomplete="current-password"
            required
          />
          <NewPasswordField ctx={ctx} state={data.passwordState} label={t("field.newPassword")} />
          <button type="submit">{t("profile.passwordSave")}</button>
        </Form>
      </section>
      <section aria-labelledby="profile-tokens">
        <h2 id="profile-tokens">{t("profile.tokens")}</h2>
        <p>{t("profile.tokensIntro")}</p>
        {data.newToken && (
          <div class="notice" role="status">
            <p>{t("profile.tokenCreated")}</p>
            <p>
              <code class="token">{data.newToken}</code>
            </p>
          </div>
        )}
        {data.tokens.length === 0 ? (
          <p class="empty">{t("profile.noTokens")}</p>
        ) : (
          <ul class="tokens">
            {data.tokens.map((token) => (
              <li key={token.id}>
                <strong>{token.name}</strong> — {formatDateTime(ctx.lang, token.created_at)} —{" "}
                {token.revoked_at
                  ? t("profile.tokenStatusRevoked")
                  : token.last_used_at
                    ? t("profile.tokenLastUsed", { when: formatDateTime(ctx.lang, token.last_used_at) })
                    : t("profile.tokenNeverUsed")}{" "}
                {!token.revoked_at && (
                  <ActionButton
                    ctx={ctx}
                    action={urls.profileTokenRevoke(token.id)}
                    label={t("profile.tokenRevoke")}
                    about={token.name}
                    kind="danger"
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        <Form ctx={ctx} action={urls.profileTokens()} state={data.tokenState} class="row">
          <Field ctx={ctx} state={data.tokenState} name="name" label={t("field.tokenName")} maxLength={80} />
          <button type="submit">{t("profile.tokenCreate")}</button>
        </Form>
      </section>
      <PrivacySection ctx={ctx} />
    </>
  );
}
