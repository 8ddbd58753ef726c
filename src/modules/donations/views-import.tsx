import type { FieldErrors } from "../../core/errors.ts";
import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { type BankMapping, DONATION_PARSERS } from "./formats/index.ts";
import type { DonationImportReport } from "./imports.ts";
import { type Chamber, ChamberKicker } from "./views.tsx";

export const DATE_FORMATS: readonly BankMapping["dateFormat"][] = ["DD/MM/YYYY", "YYYY-MM-DD"];
export const MAPPING_FIELDS = ["date", "amount", "label", "id", "donor"] as const;
/** Columns a bank statement may lack. */
export const OPTIONAL_MAPPING: readonly string[] = ["id", "donor"];

/** What the upload form was sent with, shown again when it is refused. */
interface UploadState {
  values: Record<string, string>;
  errors: FieldErrors;
  message?: string;
}

export function ImportFormView({
  ctx,
  space,
  state,
}: {
  ctx: PageContext;
  space: Chamber;
  state?: UploadState;
}) {
  const { t } = ctx;
  const errors = state?.errors ?? {};
  const values = state?.values ?? {};
  const formState: FormState = { values, errors };
  const mappingField = (name: (typeof MAPPING_FIELDS)[number], fallback: string) => (
    <Field
      ctx={ctx}
      name={`mapping.${name}`}
      label={t(`donations.mapping.${name}`)}
      state={formState}
      value={fallback}
      autocomplete="off"
      maxLength={200}
    />
  );
  return (
    <>
      <ChamberKicker ctx={ctx} space={space} />
      <h1>{t("donations.importTitle")}</h1>
      <p>{t("donations.importIntro")}</p>
      <Form
        ctx={ctx}
        action={urls.donationImport(space.slug)}
        state={state?.message ? { values, errors, message: state.message } : undefined}
        encType="multipart/form-data"
        class="stack narrow"
      >
        <Select
          ctx={ctx}
          name="source"
          label={t("donations.importSource")}
          state={formState}
          options={Object.keys(DONATION_PARSERS).map((s) => ({
            value: s,
            label: t(`donations.importSource.${s}`),
          }))}
        />
        <fieldset class="link">
          <legend>{t("donations.mapping")}</legend>
          <p class="hint">{t("donations.mappingHint")}</p>
          {mappingField("date", "Date")}
          {mappingField("amount", "Montant")}
          {mappingField("label", "Libellé")}
          {mappingField("id", "")}
          {mappingField("donor", "")}
          <Select
            ctx={ctx}
            name="mapping.dateFormat"
            label={t("donations.mapping.dateFormat")}
            state={formState}
            options={DATE_FORMATS.map((f) => ({
              value: f,
              label: t(`donations.dateFormat.${f === "DD/MM/YYYY" ? "dmy" : "ymd"}`),
            }))}
          />
        </fieldset>
        <FieldFrame ctx={ctx} id="file" label={t("donations.file")} error={errors.file}>
          {(control) => (
            <input {...control} name="file" type="file" accept=".csv,.txt,text/csv,text/plain" required />
          )}
        </FieldFrame>
        <p>
          <button type="submit" class="primary">
            {t("donations.preview")}
          </button>
        </p>
      </Form>
    </>
  );
}

const COUNTS = ["read", "booked", "known", "skipped", "invalid"] as const;

export function ImportReportView({ ctx, report }: { ctx: PageContext; report: DonationImportReport }) {
  const { t } = ctx;
  return (
    <>
      {report.failure && (
        <div class="form-error" role="alert">
          <p>{t("donations.importFailed", { reason: t(report.failure.key, report.failure.params) })}</p>
        </div>
      )}
      <table class="import-report">
        <caption>{t(report.dryRun ? "donations.wouldDo" : "donations.done")}</caption>
        <tbody>
          {COUNTS.map((c) => (
            <tr key={c} data-count={c}>
              <th scope="row">{t(`donations.count.${c}`)}</th>
              <td>{report[c]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.rows.length > 0 && <ImportRowsView ctx={ctx} rows={report.rows} />}
      {report.problems.length > 0 && (
        <section aria-labelledby="problemes">
          <h2 id="problemes">{t("donations.problems")}</h2>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>
                {p.at} : {t(p.reason.key, p.reason.params)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The donations a file holds, one a row, with the donor the mapped column gave. */
function ImportRowsView({ ctx, rows }: { ctx: PageContext; rows: DonationImportReport["rows"] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="dons-lus">
      <h2 id="dons-lus">{t("donations.rows")}</h2>
      <div class="table-scroll">
        <table class="import-rows">
          <thead>
            <tr>
              <th scope="col">{t("donations.rows.at")}</th>
              <th scope="col">{t("donations.rows.date")}</th>
              <th scope="col">{t("donations.rows.donor")}</th>
              <th scope="col" class="amount">
                {t("donations.rows.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.at}>
                <td>{row.at}</td>
                <td>
                  <time datetime={row.date}>{shortDate(row.date, ctx.lang)}</time>
                </td>
                <td class="donor">{row.donor ?? t("donations.rows.noDonor")}</td>
                <td class="amount">{euros(row.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The dry run of an uploaded file, and the button that books it when there is something to book. */
export function ImportPreviewView(props: {
  ctx: PageContext;
  space: Chamber;
  preview: { id: string; filename: string; report: DonationImportReport; bookable: boolean };
}) {
  const { ctx, space, preview } = props;
  const { report, bookable } = preview;
  return (
    <>
      <ChamberKicker ctx={ctx} space={space} />
      <h1>{ctx.t("donations.previewTitle")}</h1>
      <p>{preview.filename}</p>
      {bookable && <p>{ctx.t("donations.previewIntro")}</p>}
      <ImportReportView ctx={ctx} report={report} />
      {bookable ? (
        <>
          <Form ctx={ctx} action={urls.donationImportPreview(space.slug, preview.id)}>
            <p>
              <button type="submit" class="primary">
                {ctx.t("donations.confirm")}
              </button>
            </p>
          </Form>
          <Form ctx={ctx} action={urls.donationImportCancel(space.slug, preview.id)}>
            <p>
              <button type="submit">{ctx.t("donations.cancelImport")}</button>
            </p>
          </Form>
        </>
      ) : (
        !report.failure && <p>{ctx.t("donations.nothingToBook")}</p>
      )}
      <p>
        <a href={urls.donationImport(space.slug)}>{ctx.t("donations.importAgain")}</a>
      </p>
    </>
  );
}

/** What a confirmed import did. */
export function ImportDoneView(props: {
  ctx: PageContext;
  space: Chamber;
  filename: string;
  report: DonationImportReport;
}) {
  const { ctx, space } = props;
  return (
    <>
      <ChamberKicker ctx={ctx} space={space} />
      <h1>{ctx.t("donations.reportTitle")}</h1>
      <p>{props.filename}</p>
      <ImportReportView ctx={ctx} report={props.report} />
      <ul>
        <li>
          <a href={urls.donations(space.slug)}>{ctx.t("donations.back")}</a>
        </li>
        <li>
          <a href={urls.donationImport(space.slug)}>{ctx.t("donations.importAgain")}</a>
        </li>
      </ul>
    </>
  );
}

/** A file still read for its preview, or still booking: the page reloads itself (its Refresh header). */
export function ImportRunningView({
  ctx,
  space,
  title,
}: {
  ctx: PageContext;
  space: Chamber;
  title: string;
}) {
  return (
    <>
      <ChamberKicker ctx={ctx} space={space} />
      <h1>{ctx.t(title)}</h1>
    </>
  );
}
