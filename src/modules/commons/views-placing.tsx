/** The addresses page's status of geocoding: which geocoder, when it answered, the counts, "Placer les adresses". */
import type { placingCounts } from "../../core/commons.ts";
import { Form } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { GeocoderStatus } from "../geocoding/service.ts";
import type { JobView } from "../jobs/service.ts";

type PlacingJobView = Pick<JobView, "status" | "progressDone" | "progressTotal" | "lastError">;

export interface PlacingProps {
  ctx: PageContext;
  spaceSlug: string;
  geocoder: GeocoderStatus;
  counts: ReturnType<typeof placingCounts>;
  job?: PlacingJobView | undefined;
}

function geocoderName(ctx: PageContext, geocoder: GeocoderStatus): string {
  const { t } = ctx;
  if (geocoder.kind === "none") return t("placing.geocoder.none");
  if (geocoder.kind === "api") return t("placing.geocoder.api", { host: geocoder.host });
  return geocoder.indexBuiltAt
    ? t("placing.geocoder.localBuilt", { date: formatDateTime(ctx.lang, geocoder.indexBuiltAt) })
    : t("placing.geocoder.local");
}

/** Whether a placing job is still to follow: the page refreshes itself until it is not. */
export function placingUnderWay(job: PlacingJobView | undefined): boolean {
  return job !== undefined && (job.status === "running" || (job.status === "pending" && !job.lastError));
}

function JobProgress({ ctx, job }: { ctx: PageContext; job: PlacingJobView }) {
  const { t } = ctx;
  const progress = { done: job.progressDone ?? 0, total: job.progressTotal ?? 0 };
  if (job.status === "done") return <p role="status">{t("placing.job.done", progress)}</p>;
  if (job.status === "failed")
    return <p role="alert">{t("placing.job.failed", { error: job.lastError ?? "" })}</p>;
  if (job.status === "pending" && job.lastError)
    return <p role="status">{t("placing.job.retrying", { error: job.lastError })}</p>;
  if (job.progressTotal === null) return <p role="status">{t("placing.job.waiting")}</p>;
  return <p role="status">{t("placing.job.running", progress)}</p>;
}

export function PlacingStatus(props: PlacingProps) {
  const { ctx, geocoder, counts, job } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="placing">
      <h2 id="placing">{t("placing.title")}</h2>
      <dl>
        <dt>{t("placing.geocoder")}</dt>
        <dd>{geocoderName(ctx, geocoder)}</dd>
        {geocoder.kind !== "none" && (
          <>
            <dt>{t("placing.answeredAt")}</dt>
            <dd>
              {geocoder.answeredAt ? (
                <time dateTime={geocoder.answeredAt}>{formatDateTime(ctx.lang, geocoder.answeredAt)}</time>
              ) : (
                t("placing.never")
              )}
            </dd>
          </>
        )}
        {geocoder.failure && (
          <>
            <dt>{t("placing.lastError")}</dt>
            <dd>
              <time dateTime={geocoder.failure.at}>{formatDateTime(ctx.lang, geocoder.failure.at)}</time>
              {" · "}
              {t(geocoder.failure.key, geocoder.failure.params)}
            </dd>
          </>
        )}
      </dl>
      <ul>
        <li>{t("placing.count.placed", { count: counts.placed })}</li>
        <li>{t("placing.count.notFound", { count: counts.notFound })}</li>
        <li>{t("placing.count.unavailable", { count: counts.unavailable })}</li>
        <li>{t("placing.count.neverTried", { count: counts.neverTried })}</li>
      </ul>
      {job && <JobProgress ctx={ctx} job={job} />}
      {geocoder.kind !== "none" && !placingUnderWay(job) && (
        <Form ctx={ctx} action={urls.commonsAddresses(props.spaceSlug)}>
          <p>{t("placing.hint")}</p>
          <button type="submit">{t("placing.submit")}</button>
        </Form>
      )}
    </section>
  );
}
