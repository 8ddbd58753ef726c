import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls } from "../../web/urls.ts";
import { activityLink } from "./activity.ts";
import { auditSentence } from "./sentences.ts";
import type { AuditEntry } from "./store.ts";

export function AuditView({
  ctx,
  title,
  entries,
  olderHref,
}: {
  ctx: PageContext;
  title: string;
  entries: AuditEntry[];
  olderHref: string | undefined;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{title}</h1>
      {entries.length === 0 ? (
        <p class="empty">{t("audit.empty")}</p>
      ) : (
        <TableScroll>
          <table class="audit">
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.what")}</th>
                <th scope="col">{t("audit.space")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(ctx.lang, entry.at, "seconds")}</time>
                  </td>
                  <td>{auditSentence(ctx.lang, entry)}</td>
                  <td>
                    {entry.spaceSlug ? <a href={urls.space(entry.spaceSlug)}>{entry.spaceName}</a> : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {olderHref && (
        <p>
          <a href={olderHref}>{t("audit.older")}</a>
        </p>
      )}
    </>
  );
}

/** A space's activity: what happened, newest first, each event a sentence with its time. */
export function ActivityView(props: {
  ctx: PageContext;
  space: { slug: string; name: string };
  title: string;
  entries: AuditEntry[];
  olderHref: string | undefined;
}) {
  const { ctx, space, entries } = props;
  const { t } = ctx;
  return (
    <article>
      <p class="kicker">
        <a href={urls.space(space.slug)}>{space.name}</a>
      </p>
      <h1>{props.title}</h1>
      <p>
        <a href={urls.spaceActivityFeed(space.slug)}>{t("activity.subscribe")}</a>
      </p>
      {entries.length === 0 ? (
        <p class="empty">{t("audit.empty")}</p>
      ) : (
        <ol class="activity">
          {entries.map((entry) => (
            <li key={entry.id} id={`e-${entry.id}`}>
              <time dateTime={entry.at}>{formatDateTime(ctx.lang, entry.at)}</time>{" "}
              {entry.subjectType === "meeting" || entry.subjectType === "task" ? (
                <a href={activityLink(space.slug, entry)}>{auditSentence(ctx.lang, entry)}</a>
              ) : (
                auditSentence(ctx.lang, entry)
              )}
            </li>
          ))}
        </ol>
      )}
      {props.olderHref && (
        <p>
          <a href={props.olderHref}>{t("audit.older")}</a>
        </p>
      )}
    </article>
  );
}
