import { Form } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls } from "../../web/urls.ts";
import type { JobView } from "./service.ts";

/** A kind as people say it (`mail.send` → "Envoi d’un e-mail"); an unknown kind as it is. */
function kindLabel(t: PageContext["t"], kind: string): string {
  const key = `jobs.kind.${kind}`;
  const label = t(key);
  return label === key ? kind : label;
}

/** A job's last error in plain words: a remote service away, a worker stopped, or its own message. */
export function errorInWords(t: PageContext["t"], error: string | null): string {
  const detail = error ?? "";
  if (/ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ECONNRESET|timeout/i.test(detail))
    return t("jobs.error.unreachable", { detail });
  if (detail.includes("processus arrêté")) return t("jobs.error.interrupted");
  return t("jobs.error.other", { detail });
}

export function FailedJobsView(props: { ctx: PageContext; jobs: JobView[]; total: number }) {
  const { ctx, jobs, total } = props;
  const { t } = ctx;
  return (
    <>
      <h1>{t("jobs.failedTitle")}</h1>
      <p>{t("jobs.failedIntro")}</p>
      {jobs.length === 0 ? (
        <p class="empty">{t("jobs.none")}</p>
      ) : (
        <>
          <p role="status">
            {t("jobs.count", { count: total })}
            {total > jobs.length && ` ${t("jobs.shown", { shown: jobs.length })}`}
          </p>
          <TableScroll>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("jobs.kind")}</th>
                  <th scope="col">{t("jobs.error")}</th>
                  <th scope="col">{t("jobs.attempts")}</th>
                  <th scope="col">{t("jobs.when")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t("jobs.retry")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr key={job.id}>
                    <th scope="row">{kindLabel(t, job.kind)}</th>
                    <td>{errorInWords(t, job.lastError)}</td>
                    <td>{job.attempts}</td>
                    <td>{job.finishedAt && formatDateTime(ctx.lang, job.finishedAt)}</td>
                    <td>
                      <Form ctx={ctx} action={urls.jobRetry(job.id)} class="inline">
                        <button type="submit">{t("jobs.retry")}</button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </>
  );
}
