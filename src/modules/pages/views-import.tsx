import { FieldFrame, Form } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { WikiImportReport } from "./import.ts";
import type { WikiDumpPreview, WikiImportCount } from "./import-job.ts";
import { describeWikiReport } from "./import-report.ts";
import { WikiFrame, type WikiRef } from "./views.tsx";

// Spécial:Importer, all plain HTML: the upload form and the choice of the instance's wiki, the
// preview of a dump, the import under way (the page reloads itself), then its report.

/** Where the instance's wiki is, as the import page tells it. */
export type RootPlace = "here" | "elsewhere" | "none";

function RootForm({ ctx, wiki, place }: { ctx: PageContext; wiki: WikiRef; place: RootPlace }) {
  const { t } = ctx;
  const here = place === "here";
  return (
    <section aria-labelledby="wiki-root">
      <h2 id="wiki-root">{t("wikiImport.rootTitle")}</h2>
      <p>
        {t(
          here
            ? "wikiImport.rootHere"
            : place === "elsewhere"
              ? "wikiImport.rootElsewhere"
              : "wikiImport.rootNone",
        )}
      </p>
      <Form ctx={ctx} action={urls.wikiSpecial(wiki.root, "Importer", "racine")} idPrefix="root-">
        <input type="hidden" name="racine" value={here ? "non" : "oui"} />
        <button type="submit">{t(here ? "wikiImport.rootClear" : "wikiImport.rootSet")}</button>
      </Form>
    </section>
  );
}

/** The import page: what an import does, its form (again with what was wrong), the instance's wiki. */
export function ImportFormView(props: { ctx: PageContext; wiki: WikiRef; place: RootPlace; error?: string }) {
  const { ctx, wiki } = props;
  const { t } = ctx;
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={t("wikiImport.title")}>
      <p>{t("wikiImport.intro")}</p>
      <Form
        ctx={ctx}
        action={urls.wikiSpecial(wiki.root, "Importer")}
        encType="multipart/form-data"
        state={{ values: {}, errors: {}, message: props.error }}
      >
        <FieldFrame ctx={ctx} id="file" label={t("wikiImport.file")} hint={t("wikiImport.fileHint")}>
          {(control) => <input {...control} name="file" type="file" accept=".xml,.gz,.bz2" required />}
        </FieldFrame>
        <button type="submit">{t("wikiImport.previewButton")}</button>
      </Form>
      <RootForm ctx={ctx} wiki={wiki} place={props.place} />
    </WikiFrame>
  );
}

function Problems({ ctx, preview }: { ctx: PageContext; preview: WikiDumpPreview }) {
  const { t } = ctx;
  if (preview.problems.length === 0) return null;
  return (
    <>
      <h2>{t("wikiImport.firstProblems")}</h2>
      <ul>
        {preview.problems.map((p) => (
          <li key={`${p.line} ${p.message.key} ${p.revision ?? ""}`}>
            {t("wikiImport.problemAt", { line: p.line, message: t(p.message.key, p.message.params) })}
          </li>
        ))}
      </ul>
      {preview.moreProblems > 0 && <p>{t("wikiImport.moreProblems", { count: preview.moreProblems })}</p>}
    </>
  );
}

/** What a dump holds (nothing written yet), with the button that imports it when there is anything to. */
export function PreviewView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  atRoot: boolean;
  upload: string;
  filename: string;
  preview: WikiDumpPreview;
  kept: boolean;
}) {
  const { ctx, wiki, preview } = props;
  const { t } = ctx;
  const counts = ["pages", "revisions", "redirects", "files", "logEvents"] as const;
  const stopped = preview.stopped;
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={t("wikiImport.previewTitle")}>
      <p>{props.filename}</p>
      {stopped && (
        <div class="form-error" role="alert">
          <p>
            {props.kept
              ? t("wikiImport.stopped", {
                  line: stopped.line,
                  page: stopped.page ? t("wikiImport.stoppedIn", { page: stopped.page }) : "",
                  reason: t(stopped.message.key, stopped.message.params),
                })
              : t("wikiImport.cannotImport", { reason: t(stopped.message.key, stopped.message.params) })}
          </p>
        </div>
      )}
      {preview.schema && (
        <p>{t("wikiImport.site", { name: preview.sitename || "?", schema: preview.schema })}</p>
      )}
      <table>
        <caption>{t("wikiImport.contents")}</caption>
        <tbody>
          {counts.map((c) => (
            <tr key={c}>
              <th scope="row">{t(`wikiImport.count.${c}`)}</th>
              <td>{preview[c]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Problems ctx={ctx} preview={preview} />
      {!props.kept && !stopped && <p>{t("wikiImport.nothing")}</p>}
      {props.kept ? (
        <>
          <Form ctx={ctx} action={urls.wikiSpecial(wiki.root, "Importer", props.upload)}>
            {!props.atRoot && (
              <div class="field checkbox">
                <input id="racine" type="checkbox" name="racine" value="oui" />
                <label for="racine">{t("wikiImport.atRoot")}</label>
              </div>
            )}
            <button type="submit">{t("wikiImport.confirm", { revisions: preview.revisions })}</button>
          </Form>
          <Form
            ctx={ctx}
            action={urls.wikiSpecial(wiki.root, "Importer", `${props.upload}/annuler`)}
            idPrefix="cancel-"
          >
            <button type="submit">{t("wikiImport.cancel")}</button>
          </Form>
        </>
      ) : (
        <p>
          <a href={urls.wikiSpecial(wiki.root, "Importer")}>{t("wikiImport.again")}</a>
        </p>
      )}
    </WikiFrame>
  );
}

/** The final report, as the command line prints it, a line each. */
function ReportLines({ ctx, report }: { ctx: PageContext; report: WikiImportReport }) {
  const [first = "", ...rest] = describeWikiReport(report, ctx.lang).trimEnd().split("\n");
  return (
    <>
      <p>{first}</p>
      <ul>
        {rest.map((line, i) => (
          <li key={i}>{line.trim().replace(/^- /, "")}</li>
        ))}
      </ul>
    </>
  );
}

/** A preview or an import under way (how far the file is read, what is done), then its report. */
export function ProgressView(props: {
  ctx: PageContext;
  wiki: WikiRef;
  title: string;
  filename: string;
  percent: number;
  count: WikiImportCount | null;
  report: WikiImportReport | null;
  failed: boolean;
}) {
  const { ctx, wiki, percent, report, count } = props;
  const { t } = ctx;
  const running = !report && !props.failed;
  return (
    <WikiFrame ctx={ctx} wiki={wiki} heading={t(props.title)}>
      <p>{props.filename}</p>
      {running && (
        <div role="status">
          <p>
            <label for="import-progress">{t("wikiImport.progressBar", { percent })}</label>{" "}
            <progress id="import-progress" max={100} value={percent}>
              {percent} %
            </progress>
          </p>
          {count && <p>{t("wikiImport.progressCount", { ...count })}</p>}
        </div>
      )}
      {props.failed && (
        <div class="form-error" role="alert">
          <p>{t("wikiImport.failed")}</p>
        </div>
      )}
      {report && <ReportLines ctx={ctx} report={report} />}
      {!running && (
        <p>
          <a href={wiki.root}>{t("wikiImport.toWiki")}</a>
        </p>
      )}
    </WikiFrame>
  );
}
