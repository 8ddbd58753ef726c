import type { ComponentChildren } from "preact";
import { isOverdue } from "../../core/tasks.ts";
import type { TaskState } from "../../db/schema.ts";
import { shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { COLUMN_SIZE, type TaskView } from "./service.ts";

export interface SpaceRef {
  slug: string;
  name: string;
  kind: string;
}

export interface Group {
  id: string;
  name: string;
}

/** The board's filters as the address carries them. */
export interface BoardFilter {
  /** A group's id, `aucun` (without a group), or empty for all. */
  group: string;
  mine: boolean;
  all: boolean;
  /** One state's column alone (`etat`), at this page. */
  state?: TaskState;
  page: number;
}

export const NO_GROUP = "aucun";

/** A state as the board's address names it: `?etat=a-prendre`. */
const STATE_SLUGS: Record<TaskState, string> = {
  open: "a-prendre",
  taken: "en-cours",
  done: "faites",
  dropped: "abandonnees",
};

export function stateOfSlug(slug: string): TaskState | undefined {
  return (Object.keys(STATE_SLUGS) as TaskState[]).find((state) => STATE_SLUGS[state] === slug);
}

/** A state's column: its first tasks (or those of its page) and how many it holds. */
export interface Column {
  state: TaskState;
  total: number;
  tasks: TaskView[];
}

export function Kicker({ ctx, space }: { ctx: PageContext; space: SpaceRef }) {
  return (
    <p class="kicker">
      <a href={urls.space(space.slug)}>{space.name}</a> ·{" "}
      <a href={urls.tasks(space.slug)}>{ctx.t("tasks.title")}</a>
    </p>
  );
}

/** Who holds a task, by name (people without an account are names too). */
export function volunteerNames(ctx: PageContext, task: TaskView): string {
  return task.volunteers.length === 0 ? ctx.t("tasks.nobody") : task.volunteers.map((v) => v.name).join(", ");
}

/** A due date, with « en retard » when it is past and the task still to do. */
export function DueDate(props: { ctx: PageContext; task: TaskView; today: string }) {
  const { ctx, task } = props;
  if (!task.due_date) return null;
  const late = isOverdue({ state: task.state, dueDate: task.due_date }, props.today);
  return (
    <span class={late ? "overdue" : undefined}>
      {ctx.t("tasks.due", { date: shortDate(task.due_date, ctx.lang) })}
      {late && ` — ${ctx.t("tasks.overdue")}`}
    </span>
  );
}

function TaskCard(props: { ctx: PageContext; space: SpaceRef; task: TaskView; today: string }) {
  const { ctx, space, task } = props;
  const { t } = ctx;
  return (
    <li class="card">
      <p class="task-title">
        <a href={urls.task(space.slug, task.id)}>{task.title}</a>
      </p>
      {task.due_date && (
        <p class="meta">
          <DueDate ctx={ctx} task={task} today={props.today} />
        </p>
      )}
      <p class="meta">{t(`tasks.volunteers.${task.state}`, { names: volunteerNames(ctx, task) })}</p>
      {task.meeting_id && (
        <p class="meta">
          <a href={urls.meeting(space.slug, task.meeting_id)}>{t("tasks.fromMeeting")}</a>
        </p>
      )}
      {task.state === "dropped" && task.drop_reason && (
        <p class="meta">{t("tasks.droppedBecause", { reason: task.drop_reason })}</p>
      )}
    </li>
  );
}

/** One state's tasks (« À prendre »…), under their groups in the board's order. */
function StateSection(props: {
  ctx: PageContext;
  space: SpaceRef;
  column: Column;
  today: string;
  footer?: ComponentChildren;
}) {
  const { ctx, column } = props;
  const { state, tasks } = column;
  const { t } = ctx;
  const runs: { name: string; tasks: TaskView[] }[] = [];
  for (const task of tasks) {
    const name = task.groupName ?? t("tasks.noGroup");
    const last = runs[runs.length - 1];
    if (last?.name === name) last.tasks.push(task);
    else runs.push({ name, tasks: [task] });
  }
  return (
    <section aria-labelledby={`etat-${state}`} class="board-column">
      <h2 id={`etat-${state}`}>
        {t(`tasks.state.${state}`)} <span class="badge">{column.total}</span>
      </h2>
      {column.total === 0 && <p class="empty">{t(`tasks.empty.${state}`)}</p>}
      {runs.map((run) => (
        <div key={run.name}>
          <h3>{run.name}</h3>
          <ul class="task-list">
            {run.tasks.map((task) => (
              <TaskCard key={task.id} ctx={ctx} space={props.space} task={task} today={props.today} />
            ))}
          </ul>
        </div>
      ))}
      {props.footer}
    </section>
  );
}

/** Under a column of the whole board that holds more than it shows: how many, and the way to the rest. */
function More(props: { ctx: PageContext; column: Column; href: string }) {
  const { ctx, column } = props;
  if (column.total <= column.tasks.length) return null;
  return (
    <p class="meta">
      {ctx.t("tasks.shownOf", { shown: column.tasks.length, total: column.total })}{" "}
      <a href={props.href}>{ctx.t("tasks.seeMore")}</a>
    </p>
  );
}

/** One state's column alone: its pages, and the way back to the whole board. */
function Pages(props: { ctx: PageContext; column: Column; page: number; href: (page: number) => string }) {
  const { ctx, column, page } = props;
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(column.total / COLUMN_SIZE));
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("tasks.pagination")} class="pagination">
      {page > 1 && (
        <a rel="prev" href={props.href(page - 1)}>
          {t("tasks.previous")}
        </a>
      )}
      <span>{t("tasks.pageOf", { page, pages })}</span>
      {page < pages && (
        <a rel="next" href={props.href(page + 1)}>
          {t("tasks.next")}
        </a>
      )}
    </nav>
  );
}

function Filters(props: { ctx: PageContext; space: SpaceRef; groups: Group[]; filter: BoardFilter }) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <form method="get" action={urls.tasks(props.space.slug)} class="row">
      <div class="field">
        <label for="groupe">{t("tasks.group")}</label>
        <select id="groupe" name="groupe">
          <option value="">{t("tasks.allGroups")}</option>
          {props.groups.map((g) => (
            <option key={g.id} value={g.id} selected={g.id === filter.group}>
              {g.name}
            </option>
          ))}
          <option value={NO_GROUP} selected={filter.group === NO_GROUP}>
            {t("tasks.noGroup")}
          </option>
        </select>
      </div>
      {ctx.person && (
        <div class="field checkbox">
          <input type="checkbox" id="miennes" name="miennes" value="1" checked={filter.mine} />
          <label for="miennes">{t("tasks.mine")}</label>
        </div>
      )}
      {filter.all && <input type="hidden" name="tout" value="1" />}
      {filter.state && <input type="hidden" name="etat" value={STATE_SLUGS[filter.state]} />}
      <button type="submit">{t("tasks.filter")}</button>
    </form>
  );
}

export function BoardView(props: {
  ctx: PageContext;
  space: SpaceRef & { tasks_rule: string };
  groups: Group[];
  columns: Column[];
  today: string;
  filter: BoardFilter;
  can: { create: boolean; manageGroups: boolean };
}) {
  const { ctx, space, columns, filter } = props;
  const { t } = ctx;
  const query = { groupe: filter.group, miennes: filter.mine ? 1 : undefined };
  const board = urls.tasks(space.slug, { ...query, tout: filter.all ? 1 : undefined });
  const pageOf = (state: TaskState, page: number) =>
    urls.tasks(space.slug, { ...query, tout: filter.all ? 1 : undefined, etat: STATE_SLUGS[state], page });
  const rule = space.kind === "chamber" && space.tasks_rule === "facilitators" ? "facilitators" : "members";
  const total = columns.reduce((sum, column) => sum + column.total, 0);
  return (
    <article>
      <p class="kicker">
        <a href={urls.space(space.slug)}>{space.name}</a>
      </p>
      <h1>{t("tasks.title")}</h1>
      <p class="lead">{t(`tasks.intro.${rule}`)}</p>
      {(props.can.create || props.can.manageGroups) && (
        <p>
          {props.can.create && (
            <a class="button primary" href={urls.newTask(space.slug)}>
              {t("tasks.new")}
            </a>
          )}
          {props.can.create && props.can.manageGroups && " "}
          {props.can.manageGroups && <a href={urls.taskGroups(space.slug)}>{t("tasks.manageGroups")}</a>}
        </p>
      )}
      {!ctx.person && (
        <p class="hint">
          <a href={urls.login(urls.tasks(space.slug))}>{t("tasks.loginToHelp")}</a>
        </p>
      )}
      <Filters ctx={ctx} space={space} groups={props.groups} filter={filter} />
      <p role="status">{t("tasks.count", { count: total })}</p>
      {filter.state && (
        <p>
          <a href={board}>{t("tasks.wholeBoard")}</a>
        </p>
      )}
      <div class="board">
        {columns.map((column) => (
          <StateSection
            key={column.state}
            ctx={ctx}
            space={space}
            column={column}
            today={props.today}
            footer={
              <>
                {filter.state ? (
                  <Pages
                    ctx={ctx}
                    column={column}
                    page={filter.page}
                    href={(page) => pageOf(column.state, page)}
                  />
                ) : (
                  <More ctx={ctx} column={column} href={pageOf(column.state, 2)} />
                )}
                {column.state === "done" && !filter.state && (
                  <p>
                    <a href={urls.tasks(space.slug, { ...query, tout: filter.all ? undefined : 1 })}>
                      {t(filter.all ? "tasks.recentOnly" : "tasks.allClosed")}
                    </a>
                  </p>
                )}
              </>
            }
          />
        ))}
      </div>
    </article>
  );
}
