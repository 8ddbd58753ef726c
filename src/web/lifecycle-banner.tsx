import type { Notice } from "../core/lifecycle.ts";
import { shortDate } from "./money.ts";
import type { PageContext } from "./page.ts";

/**
 * The instance's closing banner, on every page while a lifecycle stage is in force (MediaWiki's
 * `#siteNotice`): why, the days of read-only and archive, where to go next. A landmark with its
 * heading, so that a screen reader lists it among the page's regions.
 */
export function LifecycleBanner({ ctx, notice }: { ctx: PageContext; notice: Notice }) {
  const { t } = ctx;
  const day = (value: string) => shortDate(value, ctx.lang);
  return (
    <aside class={`site-notice site-notice-${notice.stage}`} aria-labelledby="avis-site">
      <h2 id="avis-site">{t(`lifecycle.banner.title.${notice.stage}`)}</h2>
      {notice.message
        .split("\n")
        .filter((line) => line !== "")
        .map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      <ul>
        {notice.stage !== "notice" && <li>{t("lifecycle.banner.loginsClosed")}</li>}
        {notice.readOnlyFrom && (
          <li>{t("lifecycle.banner.readOnlyFrom", { date: day(notice.readOnlyFrom) })}</li>
        )}
        {notice.archivedFrom && (
          <li>{t("lifecycle.banner.archivedFrom", { date: day(notice.archivedFrom) })}</li>
        )}
      </ul>
      {notice.nextUrl && (
        <p>
          {t("lifecycle.banner.nextLink")} <a href={notice.nextUrl}>{notice.nextUrl}</a>
        </p>
      )}
    </aside>
  );
}
