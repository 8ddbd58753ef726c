import type { ComponentChildren } from "preact";
import { render } from "preact-render-to-string";
import { LifecycleBanner } from "./lifecycle-banner.tsx";
import type { PageContext } from "./page.ts";
import { urls } from "./urls.ts";

/** The link to one's notifications, with how many are unread (a badge, and in words for screen readers). */
function NotificationsLink({ ctx }: { ctx: PageContext }) {
  const count = ctx.unreadNotifications ?? 0;
  if (count === 0) return <a href={urls.notifications()}>{ctx.t("nav.notifications")}</a>;
  return (
    <a href={urls.notifications()} aria-label={ctx.t("nav.notifications.unread", { count })}>
      {ctx.t("nav.notifications")} <span class="badge unread-count">{count}</span>
    </a>
  );
}

function Header({ ctx }: { ctx: PageContext }) {
  const { t, person } = ctx;
  return (
    <header class="site-header">
      <a class="brand" href={urls.home()}>
        {ctx.instanceName}
      </a>
      <nav aria-label={t("nav.main")}>
        <ul>
          <li>
            <a href={urls.home()}>{t("nav.home")}</a>
          </li>
          {person?.isAdmin && (
            <>
              <li>
                <a href={urls.newSpace()}>{t("nav.newSpace")}</a>
              </li>
              <li>
                <a href={urls.instanceAudit()}>{t("nav.audit")}</a>
              </li>
              <li>
                <a href={urls.failedJobs()}>{t("nav.jobs")}</a>
              </li>
              <li>
                <a href={urls.lifecycle()}>{t("nav.lifecycle")}</a>
              </li>
            </>
          )}
          {person ? (
            <>
              <li>
                <NotificationsLink ctx={ctx} />
              </li>
              <li>
                <a href={urls.profile()}>{t("nav.profile")}</a>
              </li>
              <li>
                <form method="post" action={urls.logout()} class="inline">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="link">
                    {t("nav.logout")}
                  </button>
                </form>
              </li>
            </>
          ) : (
            <>
              <li>
                <a href={urls.login()}>{t("nav.login")}</a>
              </li>
              <li>
                <a href={urls.register()}>{t("nav.register")}</a>
              </li>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}

/** The header's green (`--accent` in style.css): the phone's toolbar and the web manifest use it too. */
export const THEME_COLOR = "#1f6b3a";

function Layout({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const { t } = ctx;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {ctx.refreshSeconds !== undefined && (
          <meta http-equiv="refresh" content={String(ctx.refreshSeconds)} />
        )}
        <title>{`${title} · ${ctx.instanceName}`}</title>
        <link rel="stylesheet" href={urls.asset("style.css")} />
        <link rel="icon" href={urls.favicon()} sizes="32x32" />
        <link rel="icon" href={urls.asset("icon.svg")} type="image/svg+xml" />
        <link rel="apple-touch-icon" href={urls.asset("apple-touch-icon.png")} />
        <link rel="manifest" href={urls.manifest()} />
        <meta name="theme-color" content={THEME_COLOR} />
        {ctx.alternates?.map((feed) => (
          <link key={feed.href} rel="alternate" type={feed.type} href={feed.href} title={feed.title} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          {t("nav.skip")}
        </a>
        <Header ctx={ctx} />
        <main id="contenu" tabIndex={-1}>
          {ctx.notice && <LifecycleBanner ctx={ctx} notice={ctx.notice} />}
          {ctx.flash && (
            <p class="flash" role="status">
              {ctx.flash}
            </p>
          )}
          {children}
        </main>
        <footer class="site-footer">
          <p>
            {t("footer.licence")} <a href={urls.openapi()}>API</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/** A whole HTML document; preact-render-to-string escapes every text and attribute. */
export function renderPage(ctx: PageContext, title: string, body: ComponentChildren): string {
  return `<!doctype html>${render(
    <Layout ctx={ctx} title={title}>
      {body}
    </Layout>,
  )}`;
}
