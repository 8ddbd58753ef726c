import { formatDateTime } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { type ToDoItem, ToDoList } from "../../web/todo.tsx";
import { urls } from "../../web/urls.ts";
import type { Home, MySpace } from "./service.ts";

type ActivityEntry = Awaited<ReturnType<Home["dashboard"]>>["activity"][number];

function MySpaces({ ctx, spaces }: { ctx: PageContext; spaces: MySpace[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="my-spaces">
      <h2 id="my-spaces">{t("home.mySpaces")}</h2>
      {spaces.length === 0 ? (
        <p class="empty">{t("home.noSpace")}</p>
      ) : (
        <ul>
          {spaces.map((space) => (
            <li key={space.slug}>
              <a href={urls.space(space.slug)}>{space.name}</a>{" "}
              <span class="meta">
                {t(`kind.${space.kind}`)} ·{" "}
                {space.status === "pending" ? t("home.pending") : t(`role.${space.role}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The name a created commons was given, from its audit event's "after". */
function createdName(entry: ActivityEntry): string {
  try {
    const after = JSON.parse(entry.after ?? "{}") as { name?: unknown };
    return typeof after.name === "string" ? after.name : "";
  } catch {
    return "";
  }
}

function Activity({ ctx, entries }: { ctx: PageContext; entries: ActivityEntry[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="activity">
      <h2 id="activity">{t("home.activity")}</h2>
      {entries.length === 0 ? (
        <p class="empty">{t("home.noActivity")}</p>
      ) : (
        <ul>
          {entries.map((entry) => (
            <li key={entry.id}>
              {t(`activity.${entry.action}`, {
                actor: entry.actorName ?? t("activity.someone"),
                person: entry.subjectName ?? "",
                space: entry.spaceName ?? "",
                name: createdName(entry),
              })}{" "}
              <span class="meta">
                {entry.spaceSlug && <a href={urls.space(entry.spaceSlug)}>{entry.spaceName}</a>} ·{" "}
                <time datetime={entry.at}>{formatDateTime(ctx.lang, entry.at)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What a signed-in person sees first: what needs them, their spaces, what happened lately. */
export function DashboardView({
  ctx,
  toDo,
  spaces,
  activity,
}: {
  ctx: PageContext;
  toDo: ToDoItem[];
  spaces: MySpace[];
  activity: ActivityEntry[];
}) {
  return (
    <>
      <h1>{ctx.t("home.hello", { name: ctx.person?.displayName ?? "" })}</h1>
      <ToDoList ctx={ctx} items={toDo} withSpace />
      <MySpaces ctx={ctx} spaces={spaces} />
      <Activity ctx={ctx} entries={activity} />
    </>
  );
}
