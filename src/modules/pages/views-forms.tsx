import { Field, FieldFrame, Form, type FormState } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { TextDiff } from "../../web/text-diff.tsx";
import { urls } from "../../web/urls.ts";
import { WikiFrame, type WikiRef } from "./views.tsx";

// The wiki's forms, all plain HTML: editing (and an edit conflict), moving a page, uploading a file.

export function EditView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  title: string;
  exists: boolean;
  /** The page's language: Markdown written here, or wikitext imported from MediaWiki. */
  format?: "markdown" | "wikitext";
  state: FormState;
  /** When someone saved since the editor opened the page: their text, to bring into mine. */
  conflict?: { theirs: string };
}) {
  const { ctx, wiki, title, state, conflict } = props;
  const { t } = ctx;
  const heading = conflict
    ? t("pages.conflictTitle", { title })
    : t(props.exists ? "pages.editTitle" : "pages.createTitle", { title });
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={heading} tabsFor={{ title, exists: props.exists }}>
      {conflict && (
        <p class="notice" role="alert">
          {t("pages.conflictText")}
        </p>
      )}
      <Form ctx={ctx} action={urls.wikiSpecial(wiki.root, "Modifier", title)} state={state}>
        <input type="hidden" name="base" value={state.values.base ?? ""} />
        <FieldFrame
          ctx={ctx}
          id="text"
          label={t(props.format === "wikitext" ? "pages.textWikitext" : "pages.text")}
          error={state.errors.text}
        >
          {(control) => (
            <textarea {...control} name="text" rows={20} class="wiki-source">
              {state.values.text ?? ""}
            </textarea>
          )}
        </FieldFrame>
        <Field ctx={ctx} name="comment" label={t("pages.comment")} state={state} maxLength={500} />
        <div class="field checkbox">
          <input id="minor" type="checkbox" name="minor" checked={state.values.minor === "on"} />
          <label for="minor">{t("pages.minorField")}</label>
        </div>
        <button type="submit">{t("pages.save")}</button>
      </Form>
      {conflict && (
        <>
          <h2>{t("pages.conflictDiff")}</h2>
          <TextDiff ctx={ctx} before={conflict.theirs} after={state.values.text ?? ""} />
          <h2>
            <label for="theirs">{t("pages.conflictTheirs")}</label>
          </h2>
          <textarea id="theirs" rows={12} readOnly class="wiki-source">
            {conflict.theirs}
          </textarea>
        </>
      )}
    </WikiFrame>
  );
}

export function MoveView(props: { ctx: PageContext; wiki: WikiRef; title: string; state: FormState }) {
  const { ctx, wiki, title, state } = props;
  const { t } = ctx;
  return (
    <WikiFrame
      ctx={ctx}
      wiki={wiki}
      heading={t("pages.moveTitle", { title })}
      tabsFor={{ title, exists: true }}
    >
      <Form ctx={ctx} action={urls.wikiSpecial(wiki.root, "Renommer", title)} state={state}>
        <Field
          ctx={ctx}
          name="to"
          label={t("pages.moveTo")}
          state={state}
          value={title}
          required
          maxLength={255}
        />
        <Field ctx={ctx} name="reason" label={t("pages.moveReason")} state={state} maxLength={500} />
        <div class="field checkbox">
          <input id="redirect" type="checkbox" name="redirect" checked={state.values.redirect !== "off"} />
          <label for="redirect">{t("pages.moveRedirect")}</label>
        </div>
        <button type="submit">{t("pages.move")}</button>
      </Form>
    </WikiFrame>
  );
}

export function UploadView(props: { ctx: PageContext; wiki: WikiRef; state: FormState }) {
  const { ctx, wiki, state } = props;
  const { t } = ctx;
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={t("pages.uploadTitle")}>
      <Form
        ctx={ctx}
        action={urls.wikiSpecial(wiki.root, "Téléverser")}
        state={state}
        encType="multipart/form-data"
      >
        <Field ctx={ctx} name="file" type="file" label={t("pages.uploadFile")} state={state} required />
        <FieldFrame
          ctx={ctx}
          id="description"
          label={t("pages.uploadDescription")}
          error={state.errors.description}
        >
          {(control) => (
            <textarea {...control} name="description" rows={5}>
              {state.values.description ?? ""}
            </textarea>
          )}
        </FieldFrame>
        <Field ctx={ctx} name="comment" label={t("pages.comment")} state={state} maxLength={500} />
        <button type="submit">{t("pages.upload")}</button>
      </Form>
    </WikiFrame>
  );
}
