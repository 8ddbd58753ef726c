import { ActionButton, Form, type FormState } from "../../web/forms.tsx";
import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { CHANNELS, type Channel } from "./kinds.ts";

export interface NotificationItem {
  id: string;
  text: string;
  spaceName: string | null;
  createdAt: string;
  unread: boolean;
}

export function NotificationsView(props: {
  ctx: PageContext;
  items: NotificationItem[];
  page: number;
  hasMore: boolean;
}) {
  const { ctx, items, page } = props;
  const { t } = ctx;
  return (
    <section>
      <h1>{t("notifications.title")}</h1>
      <p>
        <a href={urls.notificationSettings()}>{t("notifications.settingsLink")}</a>
      </p>
      {items.some((i) => i.unread) && (
        <ActionButton ctx={ctx} action={urls.notificationsReadAll()} label={t("notifications.markAllRead")} />
      )}
      {items.length === 0 ? (
        <p class="empty">{t("notifications.empty")}</p>
      ) : (
        <ul class="notifications">
          {items.map((item) => (
            <li key={item.id} class={item.unread ? "unread" : undefined}>
              <form method="post" action={urls.notificationOpen(item.id)} class="inline">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <button type="submit" class="link">
                  {item.unread && <strong class="badge">{t("notifications.unread")}</strong>} {item.text}
                </button>
              </form>
              <p class="meta">
                {item.spaceName && `${item.spaceName} · `}
                <time dateTime={item.createdAt}>{formatDateTime(ctx.lang, item.createdAt)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
      <nav class="pager" aria-label={t("notifications.title")}>
        {page > 1 && <a href={urls.notifications(page - 1)}>{t("notifications.newer")}</a>}{" "}
        {props.hasMore && <a href={urls.notifications(page + 1)}>{t("notifications.older")}</a>}
      </nav>
    </section>
  );
}

export interface SettingsSpace {
  id: string;
  name: string;
  kinds: { kind: string; channel: Channel }[];
}

/** One table per space: a row per kind of event with its choice, all saved by one button. */
export function SettingsView(props: {
  ctx: PageContext;
  spaces: SettingsSpace[];
  field: (spaceId: string, kind: string) => string;
  state?: FormState;
}) {
  const { ctx, spaces, state } = props;
  const { t } = ctx;
  return (
    <section>
      <h1>{t("notifications.settings.title")}</h1>
      <p>{t("notifications.settings.intro")}</p>
      {spaces.length === 0 ? (
        <p class="empty">{t("notifications.settings.none")}</p>
      ) : (
        <Form ctx={ctx} action={urls.notificationSettings()} state={state}>
          {spaces.map((space) => (
            <table key={space.id} class="notification-settings">
              <caption>{space.name}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("notifications.settings.event")}</th>
                  <th scope="col">{t("notifications.settings.how")}</th>
                </tr>
              </thead>
              <tbody>
                {space.kinds.map(({ kind, channel }) => {
                  const name = props.field(space.id, kind);
                  const chosen = state?.values[name] ?? channel;
                  return (
                    <tr key={kind}>
                      <th scope="row">
                        <label for={name}>{t(`notification.kind.${kind}`)}</label>
                      </th>
                      <td>
                        <select id={name} name={name}>
                          {CHANNELS.map((c) => (
                            <option key={c} value={c} selected={c === chosen}>
                              {t(`notification.channel.${c}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ))}
          <button type="submit" class="primary">
            {t("notifications.settings.save")}
          </button>
        </Form>
      )}
    </section>
  );
}

/** What a mailed link stops, and a button: following the link changes nothing (mail scanners do). */
export function UnsubscribeView(props: {
  ctx: PageContext;
  secret: string;
  scope: { spaceName: string; kind: string }[];
  done: boolean;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <section class="narrow">
      <h1>{t("notifications.unsubscribe.title")}</h1>
      {props.done ? (
        <p role="status">{t("notifications.unsubscribe.done")}</p>
      ) : (
        <>
          <p>{t("notifications.unsubscribe.confirm")}</p>
          <ul>
            {props.scope.map((s) => (
              <li key={`${s.spaceName} ${s.kind}`}>
                {t(`notification.kind.${s.kind}`)} — {s.spaceName}
              </li>
            ))}
          </ul>
          <form method="post" action={urls.unsubscribe(props.secret)}>
            <button type="submit" class="primary">
              {t("notifications.unsubscribe.button")}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
