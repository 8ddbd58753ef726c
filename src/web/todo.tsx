import type { PageContext } from "./page.ts";

export type ToDoKind =
  | "joinRequests"
  | "claimsToApprove"
  | "claimsToPay"
  | "unplacedPlaces"
  | "failedJobs"
  | "themesToOrder"
  | "minutesToPublish"
  | "proposalsToAnswer";

/** One thing that needs a person: how many, where to deal with it, and in which space. */
export interface ToDoItem {
  kind: ToDoKind;
  count: number;
  href: string;
  space: { slug: string; name: string } | null;
}

/**
 * « À traiter »: each item as a counted link (its words are the `todo.*` messages of the home module),
 * with its space's name where the list spans several spaces.
 */
export function ToDoList({
  ctx,
  items,
  withSpace,
}: {
  ctx: PageContext;
  items: ToDoItem[];
  withSpace: boolean;
}) {
  return (
    <section class="todo" aria-labelledby="todo">
      <h2 id="todo">{ctx.t("todo.title")}</h2>
      {items.length === 0 ? (
        <p class="empty">{ctx.t("todo.none")}</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={`${item.kind}-${item.space?.slug ?? ""}`}>
              <a href={item.href}>{ctx.t(`todo.${item.kind}`, { count: item.count })}</a>
              {withSpace && item.space && <span class="meta"> · {item.space.name}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
