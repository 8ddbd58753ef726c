import { Form } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { SectionTabs } from "../../web/tabs.tsx";
import { urls } from "../../web/urls.ts";
import { IMPORTERS } from "./formats/index.ts";
import type { ImportReport } from "./import.ts";
import { directoryTabs } from "./tabs.ts";
import type { DirectoryRef } from "./views-list.tsx";

function ImportForm({ ctx, space, error }: { ctx: PageContext; space: DirectoryRef; error?: string }) {
  const { t } = ctx;
  return (
    <form method="post" action={urls.commonsImport(space.slug)} encType="multipart/form-data" class="stack">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {error && (
        <div class="form-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <div class="field">
        <label for="format">{t("import.format")}</label>
        <select id="format" name="format">
          {Object.keys(IMPORTERS).map((format) => (
            <option key={format} value={format}>
              {t(`import.format.${format}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="template">{t("import.template")}</label>
        <p class="hint" id="template-hint">
          {t("import.templateHint")}
        </p>
        <input id="template" name="template" type="text" aria-describedby="template-hint" />
      </div>
      <div class="field">
        <label for="fields">{t("import.fields")}</label>
        <p class="hint" id="fields-hint">
          {t("import.fieldsHint")}
        </p>
        <textarea id="fields" name="fields" rows={3} aria-describedby="fields-hint" />
      </div>
      <div class="field">
        <label for="file">{t("import.file")}</label>
        <input id="file" name="file" type="file" required />
      </div>
      <button type="submit" class="button">
        {t("import.preview")}
      </button>
    </form>
  );
}

function ReportView(props: { ctx: PageContext; report: ImportReport }) {
  const { ctx, report } = props;
  const { t } = ctx;
  const counts = ["read", "created", "updated", "unchanged", "skipped", "invalid"] as const;
  return (
    <>
      {report.failure && (
        <div class="form-error" role="alert">
          <p>{t("import.failed", { reason: t(report.failure.key, report.failure.params) })}</p>
        </div>
      )}
      <table>
        <caption>{t(report.dryRun ? "import.wouldDo" : "import.done")}</caption>
        <tbody>
          {counts.map((c) => (
            <tr key={c}>
              <th scope="row">{t(`import.count.${c}`)}</th>
              <td>{report[c]}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t("import.count.noCoordinates")}</th>
            <td>{report.placesWithoutCoordinates}</td>
          </tr>
        </tbody>
      </table>
      {report.samples.length > 0 && (
        <TableScroll>
          <table>
            <caption>{t("import.samples")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("import.at")}</th>
                <th scope="col">{t("commons.name")}</th>
                <th scope="col">{t("commons.commune")}</th>
                <th scope="col">{t("commons.tags")}</th>
                <th scope="col">{t("import.action")}</th>
              </tr>
            </thead>
            <tbody>
              {report.samples.map((s) => (
                <tr key={s.at}>
                  <td>{s.at}</td>
                  <td>{s.name}</td>
                  <td>{s.commune}</td>
                  <td>{s.tags.join(", ")}</td>
                  <td>{t(`import.action.${s.action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {report.problems.length > 0 && (
        <>
          <h2>{t("import.problems")}</h2>
          <ul>
            {report.problems.map((p) => (
              <li key={`${p.at} ${p.reason.key}`}>
                {p.at} : {t(p.reason.key, p.reason.params)}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.duplicates.length > 0 && (
        <>
          <h2>{t("import.duplicates")}</h2>
          <ul>
            {report.duplicates.map((d) => (
              <li key={d.at}>
                {d.at} : {d.name} ≈ {d.of.map((o) => o.name).join(", ")}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The import page: what an import does, then its form (again with what was wrong, when refused). */
export function ImportView(props: { ctx: PageContext; space: DirectoryRef; error?: string }) {
  const { ctx, space } = props;
  return (
    <>
      <SectionTabs {...directoryTabs(ctx.t, space, "import", true)} />
      <h1>{ctx.t("import.title")}</h1>
      {!props.error && <p>{ctx.t("import.intro")}</p>}
      <ImportForm ctx={ctx} space={space} error={props.error} />
    </>
  );
}

/** What a file would do (a dry run), with the button that imports it for real when there is something to. */
export function PreviewView(props: {
  ctx: PageContext;
  space: DirectoryRef;
  filename: string;
  report: ImportReport;
  upload: string;
  /** The file is kept for a confirmation: there is something to import. */
  kept: boolean;
}) {
  const { ctx, space, report } = props;
  return (
    <>
      <SectionTabs {...directoryTabs(ctx.t, space, "import", true)} />
      <h1>{ctx.t("import.previewTitle")}</h1>
      <p>{props.filename}</p>
      <ReportView ctx={ctx} report={report} />
      {props.kept && (
        <>
          <Form ctx={ctx} action={urls.commonsImportPreview(space.slug, props.upload)}>
            <button type="submit" class="button">
              {ctx.t("import.confirm", { count: report.created + report.updated })}
            </button>
          </Form>
          <Form ctx={ctx} action={urls.commonsImportCancel(space.slug, props.upload)}>
            <button type="submit">{ctx.t("import.cancel")}</button>
          </Form>
        </>
      )}
    </>
  );
}

/** A preview or an import under way (how far the file has been read), then its report. */
export function ProgressView(props: {
  ctx: PageContext;
  space: DirectoryRef;
  /** The page's heading: the preview or the import under way, or the report. */
  title: string;
  filename: string;
  percent: number;
  report: ImportReport | null;
  failed: boolean;
}) {
  const { ctx, space, percent, report } = props;
  const running = !report && !props.failed;
  return (
    <>
      <SectionTabs {...directoryTabs(ctx.t, space, "import", true)} />
      <h1>{ctx.t(props.title)}</h1>
      <p>{props.filename}</p>
      {running && (
        <p role="status">
          <label for="import-progress">{ctx.t("import.progress", { percent })}</label>{" "}
          <progress id="import-progress" max={100} value={percent}>
            {percent} %
          </progress>
        </p>
      )}
      {props.failed && (
        <div class="form-error" role="alert">
          <p>{ctx.t("error.INTERNAL")}</p>
        </div>
      )}
      {report && <ReportView ctx={ctx} report={report} />}
      {!running && (
        <p>
          <a href={urls.commonsList(space.slug)}>{ctx.t("import.backToList")}</a>
        </p>
      )}
    </>
  );
}
